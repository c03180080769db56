"""The AiSEG2 mirror's status for the devices page, as the collector stored it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from app.domain.aiseg2_status import MirrorStatus
from app.services.polling_service import REFRESH_MS, PollingService
from app.services.store_query import StoreQuery
from app.sources.collector_settings import MIRROR_STATUS_SETTING
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


LoginSaver = Callable[[str, str, str], None]  # (host, user, password), on the worker


class MirrorStatusService(PollingService):
    """Emits ``snapshot_changed(tuple[MirrorStatus, ...])`` while the devices page shows;
    saves a new AiSEG2 login (the running mirror takes it up within half a minute)."""

    def __init__(self, query: Callable[[], tuple[MirrorStatus, ...]],
                 save: LoginSaver | None = None, refresh_ms: int = REFRESH_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(query, "mirror-status-service", refresh_ms, parent)
        self._save = save

    @property
    def can_save_login(self) -> bool:
        return self._save is not None

    def save_login(self, host: str, user: str, password: str,
                   done: Callable[[bool], None] | None = None) -> None:
        save = self._save
        if save is None:
            raise RuntimeError("this panel has no AiSEG2 login to change")
        self.run_then_refresh(lambda: save(host, user, password), done)


def open_mirror_status(open_store: Callable[[], Store], data_dir: Path) -> MirrorStatusService:
    from app.sources.aiseg2.login import Aiseg2Login, save_login

    return MirrorStatusService(
        MirrorStatusQuery(open_store),
        lambda host, user, password: save_login(data_dir, Aiseg2Login(host, user, password)))
