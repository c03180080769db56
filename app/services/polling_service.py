"""A service that re-runs a blocking query every few seconds while a page shows its data.

The query (it reads the store) runs on the service's worker thread; each result is
handed to the UI as an immutable value through ``snapshot_changed``. Hidden pages
call ``set_active(False)`` and cost nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.background import BackgroundRunner

log = logging.getLogger(__name__)

REFRESH_MS = 3000


class PollingService(QObject):
    snapshot_changed = Signal(object)
    error = Signal(str)

    def __init__(self, query: Callable[[], Any], name: str, refresh_ms: int = REFRESH_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = query
        self._runner = BackgroundRunner(name, self)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self.last_snapshot: Any = None
        self._owners: set[int] = set()

    def set_active(self, active: bool, owner: object = None) -> None:
        """Pages call this when shown/hidden: invisible pages cost nothing.

        Several pages may use one service (the circuits page and a circuit's graph);
        it runs while any of them is shown, whatever order show and hide come in.
        """
        if active:
            self._owners.add(id(owner))
        else:
            self._owners.discard(id(owner))
        if self._owners and not self._timer.isActive():
            self._timer.start()
            QTimer.singleShot(0, self.refresh)  # let the page paint before the query starts
        elif not self._owners:
            self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def refresh(self) -> None:
        if self._runner.busy:  # a slow disk must not pile up queries
            return
        self._runner.submit(self._query, self._on_result)

    def run_then_refresh(self, work: Callable[[], Any],
                         done: Callable[[bool], None] | None = None) -> None:
        """Run ``work`` on the worker (a write), then refresh; ``done(ok)`` on the UI thread."""

        def finished(_result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.error.emit(str(error))
            if done is not None:
                done(error is None)
            self.refresh()

        self._runner.submit(work, finished)

    def _on_result(self, snapshot: Any, error: BaseException | None) -> None:
        if error is not None or snapshot is None:
            self.error.emit(str(error))
            return
        self.last_snapshot = snapshot
        self.snapshot_changed.emit(snapshot)

    def shutdown(self) -> None:
        self._owners.clear()
        self._timer.stop()
        self._runner.shutdown()
        close = getattr(self._query, "close", None)
        if close is not None:
            close()
