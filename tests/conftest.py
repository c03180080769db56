"""Test session set-up: offscreen Qt, one QApplication (pytest-qt), fonts."""

from __future__ import annotations

import gc
import os
import threading

import pytest

from app.ui.main_thread_gc import collect_due

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "Asia/Tokyo")


@pytest.fixture(scope="session", autouse=True)
def cycles_collected_on_the_main_thread():
    """As in the panel (app/ui/main_thread_gc.py): a worker thread that collected a closed
    page's cycle would run Qt destructors off the GUI thread and deadlock."""
    thresholds = gc.get_threshold()
    gc.disable()
    yield thresholds
    gc.enable()


@pytest.fixture(autouse=True)
def collect_between_tests(cycles_collected_on_the_main_thread):
    yield
    collect_due(cycles_collected_on_the_main_thread)


@pytest.fixture(autouse=True)
def no_threads_left_running():
    """A test must stop the Python threads it starts (collectors, workers)."""
    before = set(threading.enumerate())
    yield
    left = [t for t in threading.enumerate()
            if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)]
    for thread in left:
        thread.join(timeout=5)  # a thread that is finishing gets a moment
    still = [t.name for t in left if t.is_alive()]
    assert not still, f"threads left running: {still}"
