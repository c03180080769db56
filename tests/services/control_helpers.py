"""A home for the control loop's tests: devices that answer as the class tables say (and
refuse when told to), a rate plan, a commissioned board, forecasts built from values.

`FakeDevices` is a DeviceLink without sockets: each device is a dict of decoded values
and a Set map; a Set of a settable EPC changes the value (read back as Set), unless the
test made that EPC refuse. The ECHONET Lite path itself is tested against the simulated
nodes (test_control_e2e.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app.domain.commissioning import GridMeter, HomeFacts
from app.domain.control_view import ControlSettings
from app.domain.device_command import CommandOutcome, CommandResult, DeviceCommand
from app.domain.devices import DeviceSeen
from app.domain.energy_forecast import LoadOutlook, SlotForecast
from app.domain.events import eoj_of
from app.domain.weather import WeatherView
from app.echonet import properties
from app.services.cost_query import PLAN_SETTING
from app.sources.device_link import done
from app.store import Store
from app.store.control_settings import save_control_settings
from app.store.home_setup import save_home_setup

PLAN = Path(__file__).parents[1] / "ui" / "test_plan.json"  # night 25, day 40, sell 16 円
BATTERY = "127.0.0.5/027D01"
ECOCUTE = "127.0.0.9/026B01"
V2H = "127.0.0.7/027E01"
BOARD = "127.0.0.2/028701"


def battery_values(soc: float = 40.0, mode: str = "auto") -> dict[int, Any]:
    return {0xDA: mode, 0xE4: soc, 0xA0: 9800, 0xC8: (0, 3000), 0xC9: (0, 3000),
            0xEB: 0, 0xEC: 0}


BATTERY_SETS = frozenset({0xDA, 0xEB, 0xEC})


class FakeDevices:
    """A DeviceLink over dicts: what each device answers, and what it takes."""

    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now  # the home's pinned clock: when devices were seen and answered
        self.values: dict[str, dict[int, Any]] = {}
        self.settable: dict[str, frozenset[int]] = {}
        self.refusing: set[tuple[str, int]] = set()
        self.sets: list[DeviceCommand] = []  # every Set asked, in order
        self.board = True  # a distribution board (the measurement unit) is found

    def add(self, device: str, values: dict[int, Any], settable: frozenset[int] = frozenset()
            ) -> None:
        self.values[device] = dict(values)
        self.settable[device] = settable

    def devices(self) -> list[DeviceSeen]:
        found = [BOARD, *self.values] if self.board else list(self.values)
        return [DeviceSeen(d.rpartition("/")[0], eoj_of(d), self.now()) for d in found]

    def query(self, device: str, epcs: Sequence[int]) -> Future[dict[int, Any]]:
        values = self.values.get(device, {})
        out = {epc: values[epc] for epc in epcs if epc in values}
        if 0x9E in epcs and device in self.settable:
            out[0x9E] = set(self.settable[device])
        return done(out)

    def command(self, command: DeviceCommand) -> Future[CommandResult]:
        properties.encode(command.class_code, command.epc, command.value)  # as the source
        self.sets.append(command)
        values = self.values.get(command.device)
        if values is None:
            return done(CommandResult(command, CommandOutcome.UNREACHABLE, self.now()))
        before = values.get(command.epc)
        if (command.device, command.epc) in self.refusing \
                or command.epc not in self.settable.get(command.device, frozenset()):
            return done(CommandResult(command, CommandOutcome.REFUSED, self.now(), before))
        values[command.epc] = command.value
        return done(CommandResult(command, CommandOutcome.ACCEPTED, self.now(), before,
                                  command.value))

    def set_of(self, device: str, epc: int) -> list[Any]:
        return [c.value for c in self.sets if c.device == device and c.epc == epc]


AI_ON = ControlSettings(ai_enabled=True)


def ready_home(store: Store, circuits=()) -> None:
    """A home the seed's conditions accept: a plan with a sell price and one peak, the
    installer's answers (no full feed-in, the EV's solar charging off)."""
    store.set_setting(PLAN_SETTING, PLAN.read_text())
    save_control_settings(store, AI_ON)  # the household switched AI Solar Charge on
    save_home_setup(store, list(circuits), HomeFacts(GridMeter.SMART_METER,
                                                     pv_full_feed_in=False,
                                                     ev_solar_charging=False,
                                                     pv_capacity_w=5500.0))


def view(start: datetime, pv: Sequence[float], load: Sequence[float],
         shortages=()) -> WeatherView:
    """A weather view whose forecasts start at `start` (a half hour)."""
    return WeatherView(None, SlotForecast(start, tuple(pv)),
                       LoadOutlook(None if shortages else SlotForecast(start, tuple(load)),
                                   tuple(shortages)), ())


def sunny(start: datetime, n: int = 96, peak_wh: float = 2000.0) -> tuple[float, ...]:
    """A clear day's PV per slot from `start`: a hump over 7:00-17:00."""
    import math

    out = []
    for i in range(n):
        at = start + timedelta(minutes=30 * i)
        hour = at.hour + at.minute / 60 + 0.25
        out.append(max(0.0, peak_wh * math.sin(math.pi * (hour - 7) / 10))
                   if 7 <= hour <= 17 else 0.0)
    return tuple(out)
