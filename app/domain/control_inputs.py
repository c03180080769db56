"""From what the devices answered and what the panel knows to the planner's inputs (pure).

The control service reads each device it may command over ECHONET Lite (one Get of the
properties below and its Set map, 0x9E) and hands them here as `DeviceState`s; this
module says what they mean for the plan:

* the battery (0x027D): its usable capacity (0xA0, AC side; else the AC or DC rating,
  0xC7 / 0xD0), its level (0xE4, else 0xE2 over the capacity), and its charge and
  discharge power ranges (0xC8 / 0xC9). Without a capacity, a level or the ranges the
  battery cannot be planned (the service then runs self-consumption and says why). The
  round trip's efficiency is not a property: the usual 90 % is assumed.
* the EcoCute (0x026B): planned only when its heating can be Set (0xB0 in its Set map)
  and its circuit is measured: the heating a day needs is what the circuit used on the
  last days, its power the season's rating (0xDB-0xDD) or else the most it drew in half
  an hour; the night window starts at its standard start hour (0xC8).
* the car at a V2H stand or charger (0x027E): planned only when its mode can be Set, a
  car is connected that can be charged, and the household has said when it leaves.

The forecasts come from the weather service's last view, cut to the plan's start; a
forecast that no longer covers MIN_FORECAST_SLOTS from now is stale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from app.domain.charge_plan import SLOT, SLOT_HOURS, BatterySpec, EcoCuteSpec, EvSpec, slot_start
from app.domain.control_view import ControlSettings
from app.domain.energy_forecast import SlotForecast
from app.domain.tariff import is_holiday, slot_of

HORIZON_SLOTS = 96  # 48 h: tonight's charge needs tomorrow's sun
MIN_FORECAST_SLOTS = 48  # a forecast that reaches less far ahead is stale
EFFICIENCY = 0.9  # a lithium-ion battery's usual round trip (no ECHONET property says it)
BATTERY_CLASS, V2H_CLASS, ECOCUTE_CLASS = 0x027D, 0x027E, 0x026B
MODE_EPC, CHARGE_POWER_EPC, DISCHARGE_POWER_EPC = 0xDA, 0xEB, 0xEC
CHARGE_METHOD_EPC, DISCHARGE_METHOD_EPC = 0xC1, 0xC2  # how "charging"/"discharging" run
RESERVE_EPC = 0xA7  # the battery's own discharge floor (AC discharge lower limit %)
HEATING_EPC = 0xB0  # the EcoCute's automatic heating: auto / manual_heating / manual_stop
SET_MAP_EPC = 0x9E
# What the service asks of each class (0x9E: which of them it may Set).
READ_EPCS = {
    BATTERY_CLASS: (MODE_EPC, 0xE4, 0xE2, 0xA0, 0xC7, 0xD0, 0xC8, 0xC9, CHARGE_POWER_EPC,
                    DISCHARGE_POWER_EPC, CHARGE_METHOD_EPC, DISCHARGE_METHOD_EPC, RESERVE_EPC,
                    SET_MAP_EPC),
    ECOCUTE_CLASS: (HEATING_EPC, 0xB2, 0xC8, 0xDB, 0xDC, 0xDD, SET_MAP_EPC),
    V2H_CLASS: (MODE_EPC, 0xC0, 0xC4, 0xE4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, CHARGE_POWER_EPC,
                DISCHARGE_POWER_EPC, SET_MAP_EPC),
}
CHARGEABLE = frozenset({"connected_chargeable", "connected_chargeable_dischargeable"})
DISCHARGEABLE = frozenset({"connected_dischargeable", "connected_chargeable_dischargeable"})


@dataclass(frozen=True)
class DeviceState:
    """One device as it answered now: decoded values, and its Set map (None: not told)."""

    device: str  # device_key, "192.168.1.20/027D01"
    values: Mapping[int, Any]
    settable: frozenset[int] | None = None

    @property
    def class_code(self) -> int:
        _, _, eoj = self.device.rpartition("/")
        return int(eoj, 16) >> 8 if eoj else 0

    def can_set(self, epc: int, *, unknown: bool = True) -> bool:
        """Its Set map has `epc`; without a map, `unknown` (try the mode, not the rest)."""
        return unknown if self.settable is None else epc in self.settable

    def number(self, epc: int) -> float | None:
        value = self.values.get(epc)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value) if math.isfinite(value) else None

    def text(self, epc: int) -> str | None:
        value = self.values.get(epc)
        return value if isinstance(value, str) else None

    def power_range(self, epc: int) -> tuple[float, float] | None:
        value = self.values.get(epc)
        if not isinstance(value, tuple | list) or len(value) != 2:
            return None
        low, high = (float(v) for v in value)
        return (low, high) if 0.0 <= low <= high and high > 0.0 else None


# --- the battery --------------------------------------------------------------------

class BatteryUnknown(ValueError):
    """The battery did not tell what planning it needs (the message names what)."""


def battery_capacity_wh(state: DeviceState) -> float | None:
    for epc in (0xA0, 0xC7, 0xD0):
        value = state.number(epc)
        if value is not None and value > 0:
            return value
    return None


def battery_soc(state: DeviceState) -> float | None:
    """The level in %, from 0xE4, else the remaining energy over the capacity."""
    percent = state.number(0xE4)
    if percent is not None and 0.0 <= percent <= 100.0:
        return percent
    remaining, capacity = state.number(0xE2), battery_capacity_wh(state)
    if remaining is not None and capacity:
        return min(100.0, max(0.0, remaining / capacity * 100.0))
    return None


def battery_spec(state: DeviceState, reserve_pct: float) -> BatterySpec:
    """The battery as the planner needs it, or BatteryUnknown."""
    capacity = battery_capacity_wh(state)
    if capacity is None:
        raise BatteryUnknown("capacity")
    charge, discharge = state.power_range(0xC8), state.power_range(0xC9)
    if charge is None or discharge is None:
        raise BatteryUnknown("power range")
    return BatterySpec(capacity, charge[1], discharge[1], EFFICIENCY, reserve_pct)


# --- the EcoCute --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EcoCuteHistory:
    """What the EcoCute's circuit measured: Wh per day of the last whole days, the most
    it drew in one half hour, and what it used from when the refill in progress began to
    the plan's start."""

    daily_wh: tuple[float, ...]
    max_slot_wh: float
    since_wh: float = 0.0


def rated_power_w(state: DeviceState, month: int) -> float | None:
    """The season's rated power: winter (Dec-Mar), summer (Jul-Sep), else in between."""
    epc = 0xDB if month in (12, 1, 2, 3) else 0xDD if month in (7, 8, 9) else 0xDC
    value = state.number(epc)
    return value if value is not None and value > 0 else None


def night_start(state: DeviceState) -> time:
    """When its night heating normally starts (0xC8: 1, 20-24 h); else 23:00."""
    hour = state.number(0xC8)
    if hour is None or int(hour) not in (1, 20, 21, 22, 23, 24):
        return time(23, 0)
    return time(int(hour) % 24, 0)


def refill_began(now: datetime, start: time, day_shift: bool, night_end: time = time(7, 0),
                 day_end: time = time(16, 0)) -> datetime | None:
    """When the refill in progress began heating at the earliest (its night window's
    start), or None when its night has not begun: what the EcoCute used since then is
    what that refill has done (`EcoCuteSpec.heated_wh`, as `ecocute_cycles` counts it)."""
    deadline = max(day_end, night_end) if day_shift else night_end
    day = now.date() if now.time() < deadline else now.date() + timedelta(days=1)
    first = day - timedelta(days=1) if start > night_end else day
    began = datetime.combine(first, start, tzinfo=now.tzinfo)
    return began if began <= now else None


def ecocute_spec(state: DeviceState, history: EcoCuteHistory | None, month: int,
                 day_shift: bool) -> EcoCuteSpec | None:
    """The EcoCute the plan may move, or None: it runs its own program (its heating can
    not be Set, or nothing tells what it needs)."""
    if not state.can_set(HEATING_EPC, unknown=False) or history is None \
            or not history.daily_wh:
        return None
    need = sum(history.daily_wh) / len(history.daily_wh)
    power = rated_power_w(state, month) or history.max_slot_wh / SLOT_HOURS
    if need <= 0.0 or power <= 0.0:
        return None
    start = night_start(state)
    end = time(7, 0)
    return EcoCuteSpec(heating_wh=need, power_w=power, night_start=start, night_end=end,
                       day_shift=day_shift, heated_wh=min(history.since_wh, need))


# --- the car ------------------------------------------------------------------------

def departure_slot(start: datetime, departure: time, n: int) -> int | None:
    """The first slot at or after `start` that begins at `departure` (local), or None."""
    for i in range(n):
        moment = slot_start(start, i)
        if moment.time() == departure:
            return i
    return None


def ev_spec(state: DeviceState, settings: ControlSettings, start: datetime,
            n: int) -> EvSpec | None:
    """The car the plan may charge (and, at a V2H stand, discharge), or None."""
    if settings.ev_departure is None or not state.can_set(MODE_EPC, unknown=False):
        return None
    connection = state.text(0xC7)
    capacity = state.number(0xC0)
    level = state.number(0xE4) if state.number(0xE4) is not None else state.number(0xC4)
    charge = state.power_range(0xC8)
    rated = state.number(0xC5)
    top = charge[1] if charge else rated
    if connection not in CHARGEABLE or not capacity or level is None or not top:
        return None
    discharge = state.power_range(0xC9)
    can_discharge = connection in DISCHARGEABLE and discharge is not None
    return EvSpec(capacity_wh=capacity, level_pct=level, target_pct=settings.ev_target_pct,
                  departure_slot=departure_slot(start, settings.ev_departure, n),
                  max_charge_w=top, can_discharge=can_discharge,
                  max_discharge_w=discharge[1] if can_discharge and discharge else 0.0)


# --- forecasts and targets ----------------------------------------------------------

def forecast_from(forecast: SlotForecast | None, start: datetime,
                  n: int = HORIZON_SLOTS) -> tuple[float, ...] | None:
    """The forecast's slots from `start` on (at most n), or None when it is missing or
    stale: it began after `start`, or covers fewer than MIN_FORECAST_SLOTS from it."""
    if forecast is None:
        return None
    offset = (start - forecast.start) / SLOT
    if offset != int(offset) or offset < 0:
        return None
    left = forecast.wh[int(offset):int(offset) + n]
    return tuple(float(v) for v in left) if len(left) >= MIN_FORECAST_SLOTS else None


def new_forecast(before: SlotForecast | None, after: SlotForecast | None,
                 start: datetime) -> bool:
    """Would `after` give a plan from `start` other than `before` does? The weather
    service makes its forecasts again each half hour from the new slot (one slot more at
    the end): that alone is no new forecast; other values, or hours more, are."""
    a, b = forecast_from(before, start), forecast_from(after, start)
    if a is None or b is None:
        return (a is None) != (b is None)
    common = min(len(a), len(b))
    return abs(len(a) - len(b)) > 2 or any(abs(x - y) > 1e-6
                                            for x, y in zip(a[:common], b[:common],
                                                            strict=True))


def targets(settings: ControlSettings, start: datetime, n: int) -> tuple[float | None, ...]:
    """The 30-minute purchase targets (節電設定) of each slot, by its day's type."""
    out = []
    for i in range(n):
        moment = slot_start(start, i)
        table = (settings.holiday_targets_wh if is_holiday(moment.date())
                 else settings.weekday_targets_wh)
        out.append(table[slot_of(moment.time())] if len(table) == 48 else None)
    return tuple(out)


def net_load(load: Sequence[float], *parts: Sequence[float] | None) -> tuple[float, ...]:
    """The house's forecast use less the parts the plan schedules itself (the EcoCute, the
    car) or that supply it (the fuel cell): never below zero."""
    out = [float(v) for v in load]
    for part in parts:
        if part is None:
            continue
        for i in range(min(len(out), len(part))):
            out[i] = max(0.0, out[i] - float(part[i]))
    return tuple(out)


