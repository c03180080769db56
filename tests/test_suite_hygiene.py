"""The suite's own rules, checked: a test that leaves Qt timers or threads running, or the
cycle collector on, fails."""

from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).with_name("conftest.py")

LEAVERS = '''
from PySide6.QtCore import QThread, QTimer

kept = []


def test_leaves_a_timer(qapp):
    timer = QTimer()
    timer.start(60_000)
    kept.append(timer)


def test_leaves_a_qthread(qapp):
    thread = QThread()
    thread.setObjectName("forgotten")
    thread.start()
    kept.append(thread)


def test_switches_the_collector_on(qapp):
    import gc

    gc.enable()


def test_stops_what_it_started(qapp):
    timer = QTimer()
    timer.start(60_000)
    timer.stop()
    kept[1].quit()
    kept[1].wait()
    kept[0].stop()
'''


def test_leftover_timers_and_qthreads_fail_the_test_that_left_them(pytester):
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_leavers=LEAVERS)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=4, errors=3)
    output = result.stdout.str()
    assert "QTimers left active: ['QTimer(60000 ms) of no parent']" in output
    assert "QThreads left running: ['forgotten']" in output
    assert "switched automatic garbage collection back on" in output
