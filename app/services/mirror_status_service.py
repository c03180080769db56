"""The AiSEG2 mirror's status for the devices page, as the collector stored it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from app.domain.aiseg2_status import MirrorStatus
from app.services.polling_service import REFRESH_MS, PollingService
from app.services.store_query import StoreQuery
from app.sources.collector import MIRROR_STATUS_SETTING
from app.store import Store


class MirrorStatusQuery(StoreQuery):
    """() when no mirror has reported yet, else (its status,): a snapshot is never None."""

    def __call__(self) -> tuple[MirrorStatus, ...]:
        status = MirrorStatus.from_json(self.store.get_setting(MIRROR_STATUS_SETTING))
        return () if status is None else (status,)


class MemoryMirrorStatus:
    """The same interface over a fixed status (screenshots and UI tests; no database)."""

    def __init__(self, status: MirrorStatus | None = None) -> None:
        self.status = status

    def __call__(self) -> tuple[MirrorStatus, ...]:
        return () if self.status is None else (self.status,)

    def close(self) -> None:
        pass


class MirrorStatusService(PollingService):
    """Emits ``snapshot_changed(tuple[MirrorStatus, ...])`` while the devices page shows."""

    def __init__(self, query: Callable[[], tuple[MirrorStatus, ...]],
                 refresh_ms: int = REFRESH_MS, parent: QObject | None = None) -> None:
        super().__init__(query, "mirror-status-service", refresh_ms, parent)


def open_mirror_status(open_store: Callable[[], Store]) -> MirrorStatusService:
    return MirrorStatusService(MirrorStatusQuery(open_store))
