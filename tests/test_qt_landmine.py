"""PySide6 6.12.0 on Python 3.11 drops a reference to True on every Signal(object).emit()
and the process aborts with bool_dealloc after about a thousand emits (DESIGN.md).

These tests fail on that combination, so an upgrade that brings it back is caught.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    value = Signal(object)


def test_signal_object_emit_keeps_refcount_of_true() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.value.connect(received.append)
    gc.collect()
    # A collection in the loop may free objects holding True: not the bug. The test session
    # keeps automatic collection off (tests/conftest.py), and so must this test after it:
    # re-enabled, the collector ran on service threads and freed widgets there (a crash).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        before = sys.getrefcount(True)
        for i in range(2000):
            emitter.value.emit({"i": i})
        after = sys.getrefcount(True)
    finally:
        if was_enabled:
            gc.enable()
    assert len(received) == 2000
    # Immortal on Python >= 3.12 (huge constant count); on 3.11 it must not fall. The bug
    # loses one per emit (2000); other threads of a full run may move it by a few hundred.
    assert after >= before - 1000, f"refcount of True fell from {before} to {after}"


def test_many_signal_emits_do_not_abort_the_process() -> None:
    script = textwrap.dedent("""
        from PySide6.QtCore import QCoreApplication, QObject, Signal
        class E(QObject):
            s = Signal(object)
        app = QCoreApplication([])
        e = E()
        got = []
        e.s.connect(got.append)
        for i in range(20000):
            e.s.emit(i)
        print(len(got))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "20000"
