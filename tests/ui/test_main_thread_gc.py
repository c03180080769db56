"""The panel collects cycles on the GUI thread only, even if something re-enables gc."""

from __future__ import annotations

import gc

from app.ui.main_thread_gc import MainThreadGarbageCollector


def test_a_re_enabled_collector_is_switched_off_again(qapp, caplog):
    collector = MainThreadGarbageCollector(interval_ms=60_000)
    try:
        assert not gc.isenabled()
        gc.enable()  # as a library (or a test) might
        collector.check()
        assert not gc.isenabled()
        assert "re-enabled" in caplog.text
    finally:
        collector.stop()  # back to automatic collection, as at the panel's exit
        assert gc.isenabled()
        gc.disable()  # the test session keeps it off (tests/conftest.py)
