"""What the control loop reads of the measured data (on the control worker).

* learned profiles of single series (the EcoCute's circuit, the car's charging, the fuel
  cell): the household's load forecast counts them inside "consumption", so where the plan
  schedules them itself (or they supply the house) their own forecast is taken off;
* the EcoCute's recent heating (what a refill needs, how fast it heats, what the refill
  in progress has done);
* the current slot's purchase so far (the 30-minute target) and the battery's live level;
* the days' 30-minute data the savings are computed from.

Power buckets missing a few minutes are scaled to the whole half hour, as the forecasts
do; a level bucket is its mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np

from app.domain import series as s
from app.domain.charge_plan import SLOT
from app.domain.circuits import CircuitRole
from app.domain.control_inputs import EcoCuteHistory
from app.domain.energy_forecast import SLOTS_PER_DAY
from app.services.energy_outlook import measured_days, midnight
from app.store import Interval, Store

if TYPE_CHECKING:
    from app.domain.load_temperature import HourlyTemperatures

ECOCUTE_DAYS = 7  # the heating a refill needs: the mean of the last week's days
LIVE_MAX_AGE_S = 180.0  # a live level older than this is not the level now
MINUTES = SLOT.total_seconds() / 60


def role_series(store: Store, role: CircuitRole) -> str | None:
    """The series of the measured circuit with that role (the installer's), or None."""
    for c in store.circuits():
        if c.role is role and c.measured and c.channel is not None:
            return f"circuit.{c.key}"
    return None


def defined(store: Store, key: str | None) -> bool:
    return key is not None and key in {spec.key for spec in store.series()}


def profile(store: Store, key: str | None, start: datetime, n: int,
            temperatures: HourlyTemperatures | None = None) -> tuple[float, ...] | None:
    """The series' forecast from `start` learned like the household's load, with the same
    temperatures (`energy_outlook.temperatures`), so that it comes off the household's
    exactly (None: no such series, or too few days)."""
    from app.domain.load_forecast import LOOKBACK_DAYS, load_forecast

    if not defined(store, key):
        return None
    assert key is not None
    today = start.date()
    days = measured_days(store, key, today - timedelta(days=LOOKBACK_DAYS),
                         today - timedelta(days=1), start.tzinfo)  # type: ignore[arg-type]
    whole = {d: wh for d, wh in days.items() if len(wh) == SLOTS_PER_DAY}
    outlook = load_forecast(whole, start, slots=n, temperatures=temperatures)
    return None if outlook.forecast is None else outlook.forecast.wh


def ecocute_history(store: Store, key: str | None, today: date, zone: ZoneInfo,
                    began: datetime | None, until: float) -> EcoCuteHistory | None:
    """The EcoCute circuit's last whole days, and its use from `began` (None: not yet)
    to `until` (now: the plan's first slot is the rest of its half hour)."""
    if not defined(store, key):
        return None
    assert key is not None
    days = measured_days(store, key, today - timedelta(days=ECOCUTE_DAYS),
                         today - timedelta(days=1), zone)
    whole = [wh for wh in days.values() if len(wh) == SLOTS_PER_DAY]
    if not whole:
        return None
    since = 0.0
    if began is not None:
        since = energy_wh(store, key, began.timestamp(), until)
    return EcoCuteHistory(tuple(sum(wh) for wh in whole), max(max(wh) for wh in whole), since)


def energy_wh(store: Store, key: str, start: float, end: float) -> float:
    """Wh of a power series between two moments, from its minutes."""
    if end <= start:
        return 0.0
    frame = store.raw([key], int(start // 60), math.ceil(end / 60))
    values = frame.values[key]
    return float(np.nansum(values) / 60.0)


def bought_in_slot(store: Store, slot_start: datetime, now: float) -> float | None:
    """Wh bought from the grid in the current slot until now (None: no reading at all)."""
    if not defined(store, s.GRID_BUY):
        return None
    frame = store.raw([s.GRID_BUY], int(slot_start.timestamp() // 60), int(now // 60) + 1)
    values = frame.values[s.GRID_BUY]
    if not np.isfinite(values).any():
        return None
    return float(np.nansum(values) / 60.0)


def live_soc(store: Store, now: float) -> float | None:
    live = store.live([s.BATTERY_SOC]).get(s.BATTERY_SOC)
    if live is None or abs(now - live[0]) > LIVE_MAX_AGE_S:
        return None
    return live[1]


def live_shortfall(store: Store, now: float) -> float | None:
    """W the house lacks now: consumption less PV and the fuel cell (negative: a surplus);
    None without a recent consumption reading (a source not read lately counts 0)."""
    live = store.live([s.CONSUMPTION, s.PV, s.FUEL_CELL])

    def recent(key: str) -> float | None:
        got = live.get(key)
        return None if got is None or abs(now - got[0]) > LIVE_MAX_AGE_S else got[1]

    use = recent(s.CONSUMPTION)
    if use is None:
        return None
    return use - (recent(s.PV) or 0.0) - (recent(s.FUEL_CELL) or 0.0)


@dataclass(frozen=True)
class MeasuredDay:
    """One local day's 48 slots (NaN: not measured) of the series the savings need."""

    day: date
    slots: dict[str, np.ndarray]

    def complete(self, key: str, until: int = SLOTS_PER_DAY) -> bool:
        return bool(np.isfinite(self.slots[key][:until]).all())


def measured(store: Store, keys: list[str], first: date, last: date,
             zone: ZoneInfo) -> dict[date, MeasuredDay]:
    """Each day first..last with its slots of `keys` (those defined); power in Wh per slot
    scaled to the whole half hour, levels as their mean."""
    known = {spec.key: spec for spec in store.series()}
    keys = [k for k in keys if k in known]
    if not keys or last < first:
        return {}
    frame = store.rollup(keys, Interval.MIN30, midnight(first, zone),
                         midnight(last + timedelta(days=1), zone))
    out: dict[date, MeasuredDay] = {}
    for row, start in enumerate(frame.starts.tolist()):
        local = datetime.fromtimestamp(start, zone)
        day = out.get(local.date())
        if day is None:
            day = out[local.date()] = MeasuredDay(
                local.date(), {k: np.full(SLOTS_PER_DAY, np.nan) for k in keys})
        slot = local.hour * 2 + local.minute // 30
        for key in keys:
            value, count = frame.values[key][row], frame.counts[key][row]
            if count <= 0 or not math.isfinite(value):
                continue
            scale = MINUTES / count if known[key].unit == "W" else 1.0
            day.slots[key][slot] = value * scale
    return out
