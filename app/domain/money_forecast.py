"""Money on the home screen: today's electricity cost so far and the month's bill forecast.

Both come from the billing engine (`app.domain.billing`), as AiSEG2 and Home
Assistant's energy dashboard show them:

* today so far: the bought energy of today's slots (energy charge with the fuel
  adjustment, plus the renewable-energy surcharge), unrounded; the basic charge is
  a month's, not a day's.
* the month's forecast: the bill (`billing.bill`: basic charge, tiers, time-of-use,
  rounding) of the month's slots so far plus the rest of the month, each remaining
  slot bought and sold as the same half-hour of the day was on average over the
  days seen so far this month. The bill of what was seen is kept too.

A slot without data (NaN) counts nowhere, as in the engine.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.billing import Contract, SlotUsage, bill, slot_costs
from app.domain.tariff import SLOTS_PER_DAY, RatePlan, SurchargeRate

SLOT_S = 1800


@dataclass(frozen=True)
class HomeMoney:
    today_yen: float  # today's bought energy so far, unrounded (shown in whole yen)
    month_so_far_yen: int | None  # the month's bill for the slots seen
    month_forecast_yen: int | None  # None: the plan needs a contract that is not set
    month: int  # the calendar month (1–12) forecast


def _slot_of_day(starts: np.ndarray, zone: ZoneInfo) -> np.ndarray:
    return np.array([(m.hour * 60 + m.minute) // 30 for m in
                     (datetime.fromtimestamp(float(t), zone) for t in starts)],
                    dtype=np.int64) % SLOTS_PER_DAY


def _profile(starts: np.ndarray, wh: np.ndarray, zone: ZoneInfo) -> np.ndarray:
    """The mean Wh of each half-hour of the day over the slots with data (48 values)."""
    wh = np.asarray(wh, dtype=np.float64)
    known = np.isfinite(wh)
    slots = _slot_of_day(starts, zone)
    sums = np.bincount(slots[known], weights=wh[known], minlength=SLOTS_PER_DAY)
    counts = np.bincount(slots[known], minlength=SLOTS_PER_DAY)
    overall = float(wh[known].mean()) if known.any() else 0.0
    return np.where(counts > 0, sums / np.maximum(counts, 1), overall)


def home_money(plan: RatePlan, contract: Contract, usage: SlotUsage, now: float,
               national: Sequence[SurchargeRate] = ()) -> HomeMoney:
    """``usage``: this calendar month's slots up to ``now`` (starts in unix seconds)."""
    zone = ZoneInfo(usage.timezone)
    moment = datetime.fromtimestamp(now, zone)
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    month_start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    next_month = (month_start.replace(year=month_start.year + 1, month=1)
                  if month_start.month == 12 else month_start.replace(month=month_start.month + 1))
    starts = np.asarray(usage.starts, dtype=np.float64)
    inside = (starts >= month_start.timestamp()) & (starts < now)
    seen = SlotUsage(starts[inside], np.asarray(usage.buy_wh, dtype=np.float64)[inside],
                     np.asarray(usage.sell_wh, dtype=np.float64)[inside], usage.timezone)
    costs = slot_costs(plan, seen, national)
    today_yen = float(costs.bought_yen[seen.starts >= midnight].sum())

    first_left = (math.floor(now / SLOT_S) + 1) * SLOT_S if not len(seen.starts) \
        else float(seen.starts.max()) + SLOT_S
    rest = np.arange(first_left, next_month.timestamp(), SLOT_S, dtype=np.float64)
    zone_slots = _slot_of_day(rest, zone)
    projected = SlotUsage(
        np.concatenate([seen.starts, rest]),
        np.concatenate([seen.buy_wh, _profile(seen.starts, seen.buy_wh, zone)[zone_slots]]),
        np.concatenate([seen.sell_wh, _profile(seen.starts, seen.sell_wh, zone)[zone_slots]]),
        usage.timezone)
    try:
        so_far = _month_total(plan, contract, seen, national)
        # Nothing seen this month: no day to go by (not a month of zero kWh).
        forecast = _month_total(plan, contract, projected, national) \
            if np.isfinite(seen.buy_wh).any() else None
    except ValueError:  # a per-ampere (kVA) basic charge without the contract set
        so_far = forecast = None
    return HomeMoney(today_yen=today_yen, month_so_far_yen=so_far,
                     month_forecast_yen=forecast, month=month_start.month)


def _month_total(plan: RatePlan, contract: Contract, usage: SlotUsage,
                 national: Sequence[SurchargeRate]) -> int | None:
    if not len(usage.starts):
        return None
    bills = bill(plan, contract, usage, national)
    return bills[-1].total_yen if bills else None
