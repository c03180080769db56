"""Feeds the devices page: the ECHONET Lite devices found, live or stale, and their names."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.devices import DeviceEntry
from app.services.background import BackgroundRunner


class DevicesSource(Protocol):
    """`DevicesQuery` (the store) or `MemoryDevices`; called on the worker thread."""

    def __call__(self) -> tuple[DeviceEntry, ...]: ...

    def rename(self, class_code: int, instance: int, name: str, location: str) -> None: ...

    def close(self) -> None: ...


REFRESH_MS = 3000


class DevicesService(QObject):
    """Emits ``devices_changed(tuple[DeviceEntry, ...])`` while active; renames on request.

    ``renamed(bool)`` says whether a rename reached the database.
    """

    devices_changed = Signal(object)
    renamed = Signal(bool)
    error = Signal(str)

    def __init__(self, query: DevicesSource, refresh_ms: int = REFRESH_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = query
        self._runner = BackgroundRunner("devices-service", self)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self.last_devices: tuple[DeviceEntry, ...] | None = None

    def set_active(self, active: bool) -> None:
        """The page calls this when shown/hidden: a hidden page costs nothing."""
        if active and not self._timer.isActive():
            self._timer.start()
            QTimer.singleShot(0, self.refresh)
        elif not active:
            self._timer.stop()

    def refresh(self) -> None:
        if self._runner.busy:  # a slow disk must not pile up queries
            return
        self._runner.submit(self._query, self._on_result)

    def rename(self, class_code: int, instance: int, name: str, location: str) -> None:
        def save() -> tuple[DeviceEntry, ...]:
            self._query.rename(class_code, instance, name, location)
            return self._query()

        self._runner.submit(save, self._on_renamed)

    def _on_renamed(self, devices: tuple[DeviceEntry, ...] | None,
                    error: BaseException | None) -> None:
        self.renamed.emit(error is None)
        self._on_result(devices, error)

    def _on_result(self, devices: tuple[DeviceEntry, ...] | None,
                   error: BaseException | None) -> None:
        if error is not None or devices is None:
            self.error.emit(str(error))
            return
        self.last_devices = devices
        self.devices_changed.emit(devices)

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.shutdown()
        self._query.close()
