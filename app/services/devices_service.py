"""Feeds the devices page: the ECHONET Lite devices found, live or stale, and their names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject

from app.domain.devices import DeviceEntry
from app.services.polling_service import REFRESH_MS, PollingService


class DevicesSource(Protocol):
    """`DevicesQuery` (the store) or `MemoryDevices`; called on the worker thread."""

    def __call__(self) -> tuple[DeviceEntry, ...]: ...

    def rename(self, class_code: int, instance: int, name: str, location: str) -> None: ...

    def close(self) -> None: ...


class DevicesService(PollingService):
    """Emits ``snapshot_changed(tuple[DeviceEntry, ...])`` while active; renames on request."""

    def __init__(self, query: DevicesSource, refresh_ms: int = REFRESH_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(query, "devices-service", refresh_ms, parent)
        self._devices = query

    def rename(self, class_code: int, instance: int, name: str, location: str,
               done: Callable[[bool], None] | None = None) -> None:
        """Store the name and place; ``done(saved)`` follows, then a fresh list."""
        self.run_then_refresh(
            lambda: self._devices.rename(class_code, instance, name, location), done)
