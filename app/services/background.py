"""One worker thread per service: run blocking calls (database, network) off the UI thread.

Results come back to the owner's thread through a queued signal, so callbacks
run on the thread that owns the BackgroundRunner (normally the UI thread).

The callables themselves never cross into the worker's event queue: the runner
keeps each job (its function and callback) in a table on the owner's side and
sends the worker only the job's number. The worker borrows the function, runs
it and lets go; the owner drops the job after its callback. So the last
reference to a job's closures, and to whatever they hold (a service, a page, a
dialog), is always released on the owner's thread: Qt objects must be destroyed
on the thread they live in, and a closure freed on the worker could otherwise
delete a widget there.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any, BaseException | None], None]


class _Jobs:
    """The runner's jobs by number; the owner adds and removes, the worker only reads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[int, tuple[Callable[[], Any], Callback]] = {}
        self._numbers = itertools.count()

    def add(self, fn: Callable[[], Any], callback: Callback) -> int:
        number = next(self._numbers)
        with self._lock:
            self._jobs[number] = (fn, callback)
        return number

    def function(self, number: int) -> Callable[[], Any] | None:
        with self._lock:
            job = self._jobs.get(number)
        return None if job is None else job[0]

    def pop(self, number: int) -> tuple[Callable[[], Any], Callback] | None:
        with self._lock:
            return self._jobs.pop(number, None)

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()


class _Worker(QObject):
    finished = Signal(int, object, object)  # job number, result, error

    def __init__(self, jobs: _Jobs) -> None:
        super().__init__()
        self._jobs = jobs

    @Slot(int)
    def run(self, number: int) -> None:
        fn = self._jobs.function(number)
        if fn is None:  # dropped by a shutdown meanwhile
            return
        try:
            result, error = fn(), None
        except Exception as exc:  # handed to the callback; the thread must survive
            log.exception("background call failed")
            result, error = None, exc
        del fn  # the owner's table holds it: its last reference goes on the owner's thread
        self.finished.emit(number, result, error)


class BackgroundRunner(QObject):
    _submit = Signal(int)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = _Jobs()
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = _Worker(self._jobs)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._deliver)
        self._busy = 0
        self._closed = False  # the thread starts with the first call: none before the first frame

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def submit(self, fn: Callable[[], Any], callback: Callback) -> None:
        if not self._closed and not self._thread.isRunning():
            self._thread.start()
        self._busy += 1
        self._submit.emit(self._jobs.add(fn, callback))

    @Slot(int, object, object)
    def _deliver(self, number: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs.pop(number)
        if job is None:  # the runner was shut down meanwhile: nobody waits for it
            return
        self._busy -= 1
        job[1](result, error)

    def shutdown(self) -> None:
        """Finish the running call, then stop the thread; pending calls and undelivered
        results are dropped (on this thread)."""
        self._closed = True  # a late call must not start the thread again
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
        self._jobs.clear()
        self._busy = 0
