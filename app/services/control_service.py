"""The control loop's owner: Sets to devices, the weather-warning linkage, and the AI
control of the battery, the V2H stand and the EcoCute (AIソーラーチャージ).

    control = ControlService(open_store, collector, clock.now, zone=zone,
                             registered=lambda: cloud.state.registered, notices=notices,
                             speed=clock.speed)
    control.command_finished.connect(...)     # CommandResult: accepted / refused / unreachable
    control.send(DeviceCommand("127.0.0.5/027D01", 0xDA, "charging"))
    weather.warnings_changed.connect(control.on_warnings)   # the active warnings
    weather.view_changed.connect(control.on_weather)        # forecasts: a new plan
    control.linkage_changed.connect(page.show_linkage)      # LinkageStatus
    control.view_changed.connect(page.show_control)         # ControlView, every round
    control.set_linkage_enabled(True)                       # the household's setting
    control.set_settings(ControlSettings(...))              # saved, then a new round
    control.start()                                         # checks now and every minute

Everything that waits for a device or the store runs on the service's worker; the
GUI thread only queues work and gets immutable results through signals. The
linkage runs a round when the warnings or the setting change and every
``check_ms`` (a device found later, a refused Set asked again, a mode changed by
hand while a warning is in force). Until the first warnings arrive it holds what it
has (a restart mid-warning keeps the charge and restores it at lift).

The AI control (app/services/control_loop.py) is watched every minute of the home's
clock and at each half hour (timers scaled by the clock's speed), and runs a round on
any change: a new weather view, the settings, a manual Set, the linkage beginning or
ending, a page shown, the start. The last round is kept in the store: `start()` shows
it at once, then plans again from the devices' real state.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.domain.device_command import CommandResult, DeviceCommand
from app.domain.warning_linkage import LinkageStatus
from app.domain.weather import WeatherView, WeatherWarning
from app.services.background import BackgroundRunner
from app.services.control_query import ControlQuery
from app.services.notice_service import NoticeService
from app.sources.device_link import DeviceLink
from app.store import Store

if TYPE_CHECKING:  # the loop, the planner (HiGHS, numpy) load on the worker, after start
    from app.domain.charge_plan import Plan, PlanInputs
    from app.domain.control_view import ControlSettings, ControlView
    from app.services.control_loop import ControlLoop

CHECK_MS = 60_000
WATCH_S = 60.0  # the AI control's watch, in the home's seconds
HALF_HOUR_S = 1800.0
MIN_WAKE_MS = 250  # an accelerated clock: not more often than this


class ControlService(QObject):
    """Signals: ``command_finished(CommandResult)``, ``linkage_changed(LinkageStatus)``,
    ``view_changed(ControlView)`` (after every AI round), ``error(str)``."""

    command_finished = Signal(object)
    linkage_changed = Signal(object)
    view_changed = Signal(object)
    error = Signal(str)

    def __init__(self, open_store: Callable[[], Store], link: DeviceLink,
                 now: Callable[[], float], *, check_ms: int = CHECK_MS,
                 zone: ZoneInfo | str = "Asia/Tokyo",
                 registered: Callable[[], bool] = lambda: False,
                 notices: NoticeService | None = None, speed: float = 1.0,
                 planner: Callable[[PlanInputs], Plan] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self._speed = speed
        self._zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
        self._query = ControlQuery(open_store, link, now)  # used on the worker only

        def make_loop() -> ControlLoop:
            from app.services.control_loop import ControlLoop

            options = {} if planner is None else {"planner": planner}
            return ControlLoop(self._query, link, now, self._zone, registered=registered,
                               post=None if notices is None else notices.post, **options)

        self._make_loop = make_loop
        self._loop_w: ControlLoop | None = None  # the worker's, made there at first use
        self._runner = BackgroundRunner("control-service", self)
        self._warnings: tuple[WeatherWarning, ...] | None = None
        self._checking = self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        self.last_status: LinkageStatus | None = None
        self.view: ControlView | None = None
        self._weather: WeatherView | None = None
        self._ticking = False
        self._why: set[str] = set()  # reasons waiting for the next tick
        self._wake = QTimer(self)
        self._wake.setSingleShot(True)
        self._wake.timeout.connect(lambda: self._tick("watch"))
        self._started = False

    def start(self) -> None:
        """Idempotent: the panel starts it after the first frame or a fallback delay.
        The last round kept is shown at once; a new one follows from the devices."""
        if not self._timer.isActive():
            self._timer.start()
            self.check()
        if not self._started:
            self._started = True
            self._runner.submit(lambda: self._loop().kept(), self._on_kept)
            self._tick("start")

    # --- any Set -----------------------------------------------------------------------

    def send(self, command: DeviceCommand) -> None:
        """Set, read back, record; ``command_finished`` (or ``error``) follows."""
        self._runner.submit(lambda: self._query.send(command), self._on_command)

    def _on_command(self, result: CommandResult | None, error: BaseException | None) -> None:
        if error is not None or result is None:
            self.error.emit(str(error))
        else:
            self.command_finished.emit(result)
            if result.accepted and self._started:
                self._tick("manual")  # a device changed by hand: the plan starts from it

    # --- the AI control ------------------------------------------------------------------

    @Slot(object)
    def on_weather(self, view: WeatherView) -> None:
        """A new weather view (WeatherService.view_changed): new forecasts, a new plan."""
        from app.domain.control_inputs import new_forecast
        from app.services.energy_outlook import slot_start

        before, self._weather = self._weather, view
        start = slot_start(self._now(), self._zone)
        if before is not None and not new_forecast(before.solar, view.solar, start) \
                and not new_forecast(_load(before), _load(view), start) \
                and _shortages(before) == _shortages(view):
            return  # the same forecasts made again for the new half hour
        if self._started:
            self._tick("weather")

    def _loop(self) -> ControlLoop:
        """The AI loop (worker thread only)."""
        if self._loop_w is None:
            self._loop_w = self._make_loop()
        return self._loop_w

    def set_settings(self, settings: ControlSettings) -> None:
        """The household's control settings: saved, then a new round."""
        def save() -> None:
            from app.store.control_settings import save_control_settings

            save_control_settings(self._query.store, settings)

        self._runner.submit(save, self._on_saved)
        self._tick("settings")

    def _tick(self, why: str) -> None:
        """A watch (and a round if one is due) on the worker; one at a time."""
        self._why.add(why)
        if self._ticking:
            return
        self._ticking = True
        self._wake.stop()
        reasons, self._why = frozenset(self._why - {"watch"}), set()
        weather = self._weather
        self._runner.submit(lambda: self._loop().tick(weather, reasons), self._on_tick)

    def _on_tick(self, view: ControlView | None, error: BaseException | None) -> None:
        self._ticking = False
        if error is not None:
            self.error.emit(str(error))
        elif view is not None:
            self.view = view
            self.view_changed.emit(view)
        if self._why:
            self._tick(next(iter(self._why)))
        elif self._started:
            self._wake.start(self._wake_ms())

    def _wake_ms(self) -> int:
        """Until the next watch: a minute of the home's clock, or the next half hour."""
        now = self._now()
        boundary = (math.floor(now / HALF_HOUR_S) + 1) * HALF_HOUR_S
        wait_s = min(WATCH_S, boundary - now + 0.5)
        return max(MIN_WAKE_MS, int(wait_s / self._speed * 1000))

    def _on_kept(self, view: ControlView | None, error: BaseException | None) -> None:
        if error is not None:
            self.error.emit(str(error))
        elif view is not None and self.view is None:
            self.view = view
            self.view_changed.emit(view)

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
        """A page that shows the linkage or the AI control was opened: a linkage round,
        an AI round, and their results."""
        self.check()
        self._tick("page")

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
        before, self.last_status = self.last_status, status
        self.linkage_changed.emit(status)
        if self._started and before is not None \
                and before.state.in_force != status.state.in_force:
            self._tick("linkage")  # the battery is the linkage's, or ours again

    def shutdown(self) -> None:
        self._started = False
        self._wake.stop()
        self._timer.stop()
        self._runner.shutdown()
        self._query.close()


def _load(view: WeatherView):
    return None if view.load is None else view.load.forecast


def _shortages(view: WeatherView) -> tuple:
    return () if view.load is None else view.load.shortages
