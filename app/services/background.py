"""One worker thread per service: run blocking calls (database, network) off the UI thread.

Results come back to the owner's thread through a queued signal, so callbacks
run on the thread that owns the BackgroundRunner (normally the UI thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


class _Worker(QObject):
    finished = Signal(object, object, object)  # callback, result, error

    @Slot(object, object)
    def run(self, fn: Callable[[], Any],
            callback: Callable[[Any, BaseException | None], None]) -> None:
        try:
            result, error = fn(), None
        except Exception as exc:  # handed to the callback; the thread must survive
            log.exception("background call failed")
            result, error = None, exc
        self.finished.emit(callback, result, error)


class BackgroundRunner(QObject):
    _submit = Signal(object, object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._deliver)
        self._busy = 0
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def submit(self, fn: Callable[[], Any],
               callback: Callable[[Any, BaseException | None], None]) -> None:
        self._busy += 1
        self._submit.emit(fn, callback)

    @Slot(object, object, object)
    def _deliver(self, callback: Callable[[Any, BaseException | None], None],
                 result: Any, error: BaseException | None) -> None:
        self._busy -= 1
        callback(result, error)

    def shutdown(self) -> None:
        """Finish the running call, then stop the thread (pending calls are dropped)."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
