"""The control loop's owner: Sets to devices, and the weather-warning linkage.

    control = ControlService(open_store, collector, clock.now)
    control.command_finished.connect(...)     # CommandResult: accepted / refused / unreachable
    control.send(DeviceCommand("127.0.0.5/027D01", 0xDA, "charging"))
    weather.warnings_changed.connect(control.on_warnings)   # the active warnings
    control.linkage_changed.connect(page.show_linkage)      # LinkageStatus
    control.set_linkage_enabled(True)                       # the household's setting
    control.start()                                         # checks now and every minute

Everything that waits for a device or the store runs on the service's worker; the
GUI thread only queues work and gets immutable results through signals. The
linkage runs a round when the warnings or the setting change and every
``check_ms`` (a device found later, a refused Set asked again, a mode changed by
hand while a warning is in force). Until the first warnings arrive it holds what it
has (a restart mid-warning keeps the charge and restores it at lift).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.domain.device_command import CommandResult, DeviceCommand
from app.domain.warning_linkage import LinkageStatus
from app.domain.weather import WeatherWarning
from app.services.background import BackgroundRunner
from app.services.control_query import ControlQuery
from app.sources.device_link import DeviceLink
from app.store import Store

CHECK_MS = 60_000


class ControlService(QObject):
    """Signals: ``command_finished(CommandResult)``, ``linkage_changed(LinkageStatus)``,
    ``error(str)``."""

    command_finished = Signal(object)
    linkage_changed = Signal(object)
    error = Signal(str)

    def __init__(self, open_store: Callable[[], Store], link: DeviceLink,
                 now: Callable[[], float], *, check_ms: int = CHECK_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ControlQuery(open_store, link, now)  # used on the worker only
        self._runner = BackgroundRunner("control-service", self)
        self._warnings: tuple[WeatherWarning, ...] | None = None
        self._checking = self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        self.last_status: LinkageStatus | None = None

    def start(self) -> None:
        """Idempotent: the panel starts it after the first frame or a fallback delay."""
        if not self._timer.isActive():
            self._timer.start()
            self.check()

    # --- any Set -----------------------------------------------------------------------

    def send(self, command: DeviceCommand) -> None:
        """Set, read back, record; ``command_finished`` (or ``error``) follows."""
        self._runner.submit(lambda: self._query.send(command), self._on_command)

    def _on_command(self, result: CommandResult | None, error: BaseException | None) -> None:
        if error is not None or result is None:
            self.error.emit(str(error))
        else:
            self.command_finished.emit(result)

    # --- the weather-warning linkage ------------------------------------------------------

    @Slot(object)
    def on_warnings(self, warnings: Iterable[WeatherWarning]) -> None:
        """The warnings in force for the household's area (WeatherService.warnings_changed)."""
        self._warnings = tuple(w for w in warnings if w.active)
        self.check()

    def set_linkage_enabled(self, on: bool) -> None:
        self._runner.submit(lambda: self._query.set_linkage_enabled(on), self._on_saved)
        self.check()

    def _on_saved(self, _result: object, error: BaseException | None) -> None:
        if error is not None:
            self.error.emit(str(error))

    def refresh(self) -> None:
        """A page that shows the linkage was opened: a round, and its status."""
        self.check()

    def check(self) -> None:
        """One linkage round on the worker (a round already running is followed by one)."""
        if self._checking:
            self._again = True
            return
        self._checking = True
        warnings = self._warnings
        self._runner.submit(lambda: self._query.linkage(warnings), self._on_round)

    def _on_round(self, status: LinkageStatus | None, error: BaseException | None) -> None:
        self._checking = False
        self._on_status(status, error)
        if self._again:
            self._again = False
            self.check()

    def _on_status(self, status: LinkageStatus | None, error: BaseException | None) -> None:
        if error is not None or status is None:
            self.error.emit(str(error))
            return
        self.last_status = status
        self.linkage_changed.emit(status)

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.shutdown()
        self._query.close()
