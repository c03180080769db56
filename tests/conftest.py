"""Test session set-up: offscreen Qt, one QApplication (pytest-qt), fonts, and hygiene.

Every test ends with nothing of its own left behind for the next one (napari's rule):
its widgets deleted (not merely scheduled for deletion), its Python threads and
QThreads stopped, its QTimers stopped. A leftover fails the test that left it.
"""

from __future__ import annotations

import gc
import os
import random
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThread, QTimer

from app.ui.main_thread_gc import collect_due

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "Asia/Tokyo")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--shuffle", type=int, default=None, metavar="SEED",
                     help="run the tests in a random order drawn from SEED (make stress)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    seed = config.getoption("--shuffle")
    if seed is not None:
        random.Random(seed).shuffle(items)


@pytest.fixture(scope="session")
def gc_thresholds() -> Iterator[tuple[int, ...]]:
    """As in the panel (app/ui/main_thread_gc.py): a worker thread that collected a closed
    page's cycle would run Qt destructors off the GUI thread."""
    thresholds = gc.get_threshold()
    gc.disable()
    yield thresholds
    gc.enable()


class _Started:
    """QThreads and QTimers started during one test (weakly held)."""

    def __init__(self) -> None:
        self.threads: list[weakref.ref[QThread]] = []
        self.timers: list[weakref.ref[QTimer]] = []

    def running_threads(self) -> list[str]:
        return [t.objectName() or repr(t) for t in _alive(self.threads) if t.isRunning()]

    def active_timers(self) -> list[str]:
        return [_describe(t) for t in _alive(self.timers) if t.isActive()]


def _alive(refs: list[weakref.ref]) -> list:
    import shiboken6

    return [obj for obj in (ref() for ref in refs)
            if obj is not None and shiboken6.isValid(obj)]


def _describe(timer: QTimer) -> str:
    parent = timer.parent()
    owner = type(parent).__name__ if parent is not None else "no parent"
    return f"QTimer({timer.interval()} ms) of {owner}"


@pytest.fixture(autouse=True)
def nothing_left_behind(gc_thresholds, monkeypatch) -> Iterator[None]:
    """Fails a test that leaves a Python thread, a QThread or an active QTimer behind,
    or that switched the cycle collector back on.

    Widgets that pytest-qt closed are deleted here, at the end of their own test:
    `deleteLater` would otherwise run inside the next test's first event loop.
    """
    started = _Started()
    thread_start, timer_start = QThread.start, QTimer.start

    def start_thread(self, *args):
        started.threads.append(weakref.ref(self))
        return thread_start(self, *args)

    def start_timer(self, *args):
        started.timers.append(weakref.ref(self))
        return timer_start(self, *args)

    monkeypatch.setattr(QThread, "start", start_thread)
    monkeypatch.setattr(QTimer, "start", start_timer)
    before = set(threading.enumerate())
    yield
    collector_on = gc.isenabled()
    gc.disable()  # whatever the verdict, the next test starts with it off again
    assert not collector_on, (
        "the test switched automatic garbage collection back on: collections then run on "
        "service threads and destroy Qt objects there (the suite crashed this way)")
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    collect_due(gc_thresholds)

    left = [t for t in threading.enumerate()
            if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)]
    for thread in left:
        thread.join(timeout=5)  # a thread that is finishing gets a moment
    still = [t.name for t in left if t.is_alive()]
    assert not still, f"threads left running: {still}"
    assert not started.running_threads(), f"QThreads left running: {started.running_threads()}"
    assert not started.active_timers(), f"QTimers left active: {started.active_timers()}"
