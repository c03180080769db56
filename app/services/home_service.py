"""Feeds the home page: polls a snapshot query off the UI thread while the page is visible."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.home_snapshot import HomeSnapshot
from app.services.background import BackgroundRunner

log = logging.getLogger(__name__)

REFRESH_MS = 3000


class HomeService(QObject):
    """Emits ``snapshot_changed(HomeSnapshot)`` every few seconds while active.

    ``query`` is a blocking callable returning a HomeSnapshot (it reads the
    store); it runs on the service's worker thread.
    """

    snapshot_changed = Signal(object)
    error = Signal(str)

    def __init__(self, query: Callable[[], HomeSnapshot], refresh_ms: int = REFRESH_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = query
        self._runner = BackgroundRunner("home-service", self)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self.last_snapshot: HomeSnapshot | None = None

    def set_active(self, active: bool) -> None:
        """Pages call this when shown/hidden: invisible pages cost nothing."""
        if active and not self._timer.isActive():
            self._timer.start()
            QTimer.singleShot(0, self.refresh)  # let the page paint before the query starts
        elif not active:
            self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def refresh(self) -> None:
        if self._runner.busy:  # a slow disk must not pile up queries
            return
        self._runner.submit(self._query, self._on_result)

    def _on_result(self, snapshot: HomeSnapshot | None, error: BaseException | None) -> None:
        if error is not None or snapshot is None:
            self.error.emit(str(error))
            return
        self.last_snapshot = snapshot
        self.snapshot_changed.emit(snapshot)

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.shutdown()
