"""Feeds the circuits page: every measured circuit's live power, polled while visible."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from app.domain.circuits import CircuitsSnapshot
from app.services.polling_service import REFRESH_MS, PollingService


class CircuitsService(PollingService):
    """Emits ``snapshot_changed(CircuitsSnapshot)`` every few seconds while active."""

    def __init__(self, query: Callable[[], CircuitsSnapshot], refresh_ms: int = REFRESH_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(query, "circuits-service", refresh_ms, parent)
