"""The worker runs the calls; the owner's thread keeps (and finally drops) every closure."""

from __future__ import annotations

import threading

import pytest

from app.services.background import BackgroundRunner


class Sentinel:
    """Records the thread its last reference was dropped on."""

    def __init__(self, freed_on: list[str]) -> None:
        self._freed_on = freed_on

    def __del__(self) -> None:
        self._freed_on.append(threading.current_thread().name)


@pytest.fixture
def runner(qapp):
    runner = BackgroundRunner("test-runner")
    yield runner
    runner.shutdown()


def test_calls_run_on_the_worker_and_answers_come_back_in_order(qtbot, runner):
    answers: list[tuple[int, str, str]] = []
    for n in range(20):
        runner.submit(lambda n=n: (n, threading.current_thread().name),
                      lambda result, error: answers.append(
                          (*result, threading.current_thread().name)))
    qtbot.waitUntil(lambda: len(answers) == 20, timeout=5000)
    main = threading.main_thread().name
    assert [a[0] for a in answers] == list(range(20))
    assert {a[1] for a in answers} != {main}  # the call ran elsewhere
    assert {a[2] for a in answers} == {main}  # the answer came home
    assert not runner.busy


def test_an_error_reaches_the_callback_and_the_worker_goes_on(qtbot, runner):
    got: list[tuple[object, BaseException | None]] = []

    def fail() -> None:
        raise ValueError("disk on fire")

    runner.submit(fail, lambda result, error: got.append((result, error)))
    runner.submit(lambda: 7, lambda result, error: got.append((result, error)))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert got[0][0] is None and isinstance(got[0][1], ValueError)
    assert got[1] == (7, None)


def test_what_a_call_and_its_callback_hold_is_freed_on_the_owners_thread(qtbot, runner):
    """A closure freed on the worker would destroy the Qt objects it held (a page, a
    dialog) on the wrong thread; Qt then keeps their timers registered and crashes
    when one fires."""
    freed_on: list[str] = []
    done: list[int] = []
    for _ in range(50):
        held_by_call, held_by_callback = Sentinel(freed_on), Sentinel(freed_on)
        runner.submit(lambda held=held_by_call: held is not None,
                      lambda result, error, held=held_by_callback: done.append(1))
        del held_by_call, held_by_callback
    qtbot.waitUntil(lambda: len(done) == 50 and len(freed_on) == 100, timeout=5000)
    assert set(freed_on) == {threading.main_thread().name}


def test_shutdown_drops_pending_calls_on_the_owners_thread(qtbot, qapp):
    runner = BackgroundRunner("test-shutdown")
    freed_on: list[str] = []
    started, release = threading.Event(), threading.Event()
    runner.submit(lambda: started.set() or release.wait(5), lambda result, error: None)
    assert started.wait(5)
    called: list[int] = []
    for _ in range(5):
        held = Sentinel(freed_on)
        runner.submit(lambda held=held: held, lambda result, error: called.append(1))
        del held
    release.set()
    runner.shutdown()
    qapp.processEvents()
    assert not called and not runner.busy
    assert freed_on == [threading.main_thread().name] * 5
