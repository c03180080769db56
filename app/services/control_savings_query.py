"""What control saved, day by day, on the measured data (on the control worker).

Each day's measured 30-minute purchases, sales, PV, the fuel cell's output, the house's
use, the battery's level and the EcoCute's use go to `control_savings.day_saving`, which
prices them at the household's plan and compares them with the same day run by the
self-consumption rule. The fuel cell counts with PV as what the house makes itself (the
baseline cannot move it either). Whole days only, computed once and kept in the store:
a day in progress would show the night's charge as a loss until the evening uses it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from app.domain import series as s
from app.domain.charge_plan import BatterySpec, EcoCuteSpec
from app.domain.charge_plan_prices import horizon_prices
from app.domain.circuits import CircuitRole
from app.domain.control_savings import SLOTS_PER_DAY, day_saving
from app.domain.control_view import DaySaving
from app.domain.tariff import RatePlan
from app.services.control_measured import MeasuredDay, measured, role_series
from app.services.cost_query import national_surcharge
from app.store import Store
from app.store.control_settings import kept_savings, save_savings

log = logging.getLogger(__name__)

RECENT_DAYS = 7  # the page lists the last week
NEEDED = (s.GRID_BUY, s.GRID_SELL, s.PV, s.CONSUMPTION)


def savings(store: Store, plan: RatePlan | None, today: date, zone: ZoneInfo,
            battery: BatterySpec | None, ecocute: EcoCuteSpec | None,
            ai_days: Collection[date]) -> tuple[tuple[DaySaving, ...], float | None]:
    """(the recent days' savings, newest first; this month's total so far). Only days on
    which AI control was in charge: on others the comparison measures the model's
    error, not a saving."""
    if plan is None:
        return (), None
    kept = kept_savings(store)
    first = min(today.replace(day=1), today - timedelta(days=RECENT_DAYS))
    wanted = [first + timedelta(days=i) for i in range((today - first).days)  # to yesterday
              if first + timedelta(days=i) in ai_days]
    if not wanted:
        return (), None
    todo = [d for d in wanted if d not in kept]
    heater = role_series(store, CircuitRole.WATER_HEATER)
    keys = [*NEEDED, s.FUEL_CELL, s.BATTERY_SOC, *([heater] if heater else [])]
    days = measured(store, keys, min(todo), today, zone) if todo else {}
    new = {}
    for day in todo:
        data = days.get(day)
        if data is None:
            continue
        result = _day(data, plan, zone, battery, ecocute, heater)
        if result is not None:
            kept[day] = new[day] = result
    if new:
        save_savings(store, {d: v for d, v in kept.items() if d < today})
    recent = tuple(kept[d] for d in sorted(wanted, reverse=True)[:RECENT_DAYS] if d in kept)
    month = [kept[d] for d in wanted if d.month == today.month and d.year == today.year
             and d in kept]
    return recent, (sum(d.saved_yen for d in month) if month else None)


def _day(data: MeasuredDay, plan: RatePlan, zone: ZoneInfo, battery: BatterySpec | None,
         ecocute: EcoCuteSpec | None, heater: str | None) -> DaySaving | None:
    """The whole day, or None when a series the saving needs was not measured in one of
    its half hours."""
    if not all(k in data.slots and data.complete(k, SLOTS_PER_DAY) for k in NEEDED):
        return None

    def part(key: str) -> np.ndarray:
        values = data.slots.get(key)
        if values is None:
            return np.zeros(SLOTS_PER_DAY)
        return np.maximum(np.nan_to_num(np.asarray(values, dtype=float), nan=0.0), 0.0)

    start = datetime(data.day.year, data.day.month, data.day.day, tzinfo=zone)
    try:
        buy, sell = horizon_prices(plan, start, SLOTS_PER_DAY, national_surcharge())
    except (ValueError, LookupError):
        return None
    soc = data.slots.get(s.BATTERY_SOC)
    levels = [] if soc is None else [v for v in soc if np.isfinite(v)]
    spec = battery if battery is not None and levels else None
    load = part(s.CONSUMPTION)
    use = part(heater) if heater and ecocute is not None else None
    if use is not None:
        use = np.minimum(use, load)
    try:
        result = day_saving(data.day, buy, sell, part(s.PV) + part(s.FUEL_CELL), load,
                            part(s.GRID_BUY), part(s.GRID_SELL), spec,
                            levels[0] if levels else 0.0,
                            end_soc_pct=levels[-1] if levels else None,
                            ecocute_wh=None if use is None else tuple(use), ecocute=ecocute)
    except ValueError as exc:  # measured data that cannot be a day (logged, skipped)
        log.warning("savings of %s not computed: %s", data.day, exc)
        return None
    return DaySaving(result.day, float(result.actual_yen), float(result.baseline_yen))
