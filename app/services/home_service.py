"""Feeds the home page: the HomeSnapshot query, polled while the page is visible."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.services.polling_service import REFRESH_MS, PollingService

if TYPE_CHECKING:  # the snapshots come from the query's worker, after the first frame
    from app.domain.home_snapshot import HomeSnapshot


class HomeService(PollingService):
    """Emits ``snapshot_changed(HomeSnapshot)`` every few seconds while active."""

    def __init__(self, query: Callable[[], HomeSnapshot], refresh_ms: int = REFRESH_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(query, "home-service", refresh_ms, parent)
