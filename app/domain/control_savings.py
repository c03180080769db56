"""What control saved on a day, on the MEASURED data (the AI Solar Charge page's savings line).

The actual cost is what the measured purchases and sales cost at the rate plan's prices.
The baseline is what the same day would have cost with no control: the same PV and the
same household use, the battery run by the self-consumption rule (`self_consumption`:
surplus PV in, the house's lack out down to the reserve, never from or to the grid) from
the day's starting level, and - when the EcoCute's measured use is given - its day-time
heating (沸き上げシフト) moved back into the night window that ends that morning, where
the unit heats on its own.

A day is 48 local 30-minute slots from 0:00 (Japan keeps no summer time). Prices are
円/kWh; a sell price of None or 0 sells nothing (the baseline then curtails its surplus).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.charge_plan import SLOT_HOURS, BatterySpec, EcoCuteSpec, PlanInputs
from app.domain.control_view import DaySaving
from app.domain.self_consumption import self_consumption_plan

SLOTS_PER_DAY = 48
_ZONE = ZoneInfo("Asia/Tokyo")  # only labels the baseline plan's slots


def _series(name: str, values: Sequence[float], *, allow_none: bool = False) -> np.ndarray:
    if len(values) != SLOTS_PER_DAY:
        raise ValueError(f"{name} has {len(values)} slots, a day has {SLOTS_PER_DAY}")
    out = np.array([0.0 if (allow_none and v is None) else v for v in values], dtype=float)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must be finite numbers")
    if name != "buy_yen_per_kwh" and np.any(out < 0.0):
        raise ValueError(f"{name} must not be negative")
    return out


def _slot_of(moment: time) -> int:
    return (moment.hour * 60 + moment.minute) // 30


def ecocute_at_night(ecocute_wh: np.ndarray, spec: EcoCuteSpec) -> np.ndarray:
    """The EcoCute's use with its day-window heating moved into the morning's night slots
    (the latest first, at most the heat pump's energy per slot, as the unit finishes at
    the window's end). What finds no room stays where it was."""
    out = ecocute_wh.copy()
    day = range(_slot_of(spec.day_start), _slot_of(spec.day_end))
    first = 0 if spec.night_start > spec.night_end else _slot_of(spec.night_start)
    night = range(_slot_of(spec.night_end) - 1, first - 1, -1)
    room_per_slot = spec.power_w * SLOT_HOURS
    for d in day:
        for n in night:
            move = min(out[d], room_per_slot - out[n])
            if move > 0.0:
                out[n] += move
                out[d] -= move
            if out[d] <= 0.0:
                break
    return out


def day_saving(day: date, buy_yen_per_kwh: Sequence[float],
               sell_yen_per_kwh: Sequence[float | None], pv_wh: Sequence[float],
               load_wh: Sequence[float], bought_wh: Sequence[float],
               sold_wh: Sequence[float], battery: BatterySpec | None, start_soc_pct: float,
               *, end_soc_pct: float | None = None,
               ecocute_wh: Sequence[float] | None = None,
               ecocute: EcoCuteSpec | None = None) -> DaySaving:
    """One day's actual cost against the self-consumption baseline.

    `load_wh` is the house's whole use without the battery (the EcoCute and the car
    included); `bought_wh` / `sold_wh` are the grid meter's. Optional:
    `end_soc_pct`: the battery's level at the day's end, measured. A controlled battery
    may end the day fuller (charged at night for tomorrow) or emptier than the baseline's;
    the difference is counted at what a stored kWh is at least worth, the day's lowest
    buy price times the discharge efficiency (the planner's own end value), so that a
    night charge for tomorrow is not booked as today's loss.
    `ecocute_wh` with its `ecocute` spec: the baseline heats at night (see above).
    """
    buy = _series("buy_yen_per_kwh", buy_yen_per_kwh)
    sell = _series("sell_yen_per_kwh", sell_yen_per_kwh, allow_none=True)
    pv, load = _series("pv_wh", pv_wh), _series("load_wh", load_wh)
    bought, sold = _series("bought_wh", bought_wh), _series("sold_wh", sold_wh)
    if not (isinstance(start_soc_pct, int | float) and 0.0 <= start_soc_pct <= 100.0):
        raise ValueError(f"start_soc_pct must be in 0..100, not {start_soc_pct!r}")
    actual = float(bought @ buy - sold @ sell) / 1000.0

    if ecocute_wh is not None and ecocute is not None:
        measured = _series("ecocute_wh", ecocute_wh)
        if np.any(measured > load + 1e-6):
            raise ValueError("ecocute_wh exceeds load_wh: the load must include the EcoCute")
        load = load - measured + ecocute_at_night(measured, ecocute)
    inputs = PlanInputs(
        start=datetime.combine(day, time(0), tzinfo=_ZONE),
        buy_yen_per_kwh=tuple(buy), sell_yen_per_kwh=tuple(sell_yen_per_kwh),
        pv_wh=tuple(pv), load_wh=tuple(load), battery=battery,
        soc_pct=float(start_soc_pct) if battery is not None else 0.0)
    baseline_plan = self_consumption_plan(inputs)
    baseline = float(baseline_plan.cost_yen or 0.0)

    if battery is not None and end_soc_pct is not None:
        if not (isinstance(end_soc_pct, int | float) and math.isfinite(end_soc_pct)
                and 0.0 <= end_soc_pct <= 100.0):
            raise ValueError(f"end_soc_pct must be in 0..100, not {end_soc_pct!r}")
        extra_wh = end_soc_pct / 100.0 * battery.capacity_wh - baseline_plan.end_stored_wh
        worth = max(0.0, float(buy.min())) * battery.leg_efficiency
        baseline += extra_wh / 1000.0 * worth
    return DaySaving(day=day, actual_yen=actual, baseline_yen=baseline)
