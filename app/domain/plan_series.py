"""A plan as the series its chart draws: per 30-minute slot, power in W (the slot's mean),
levels in %, the buy price; and the price as bands of equal price.

Pure (numpy, no Qt): the AI Solar Charge page's chart only draws these. The forecasts
(solar, the house's own use) come from the inputs the plan was made from; the battery,
the car and the EcoCute from the plan. Slots past `end` (the chart shows today and
tomorrow) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from app.domain.charge_plan import SLOT_HOURS, Plan, PlanInputs


@dataclass(frozen=True, slots=True)
class PriceBand:
    first_slot: int
    end_slot: int  # exclusive
    start: datetime
    end: datetime
    price_yen: float  # 円/kWh bought
    level: float  # 0: the cheapest of the series, 1: the dearest (0 when all are equal)


@dataclass(frozen=True, eq=False)
class PlanSeries:
    starts: tuple[datetime, ...]  # slot starts (aware)
    end: datetime  # the last slot's end
    pv_w: np.ndarray  # forecast
    load_w: np.ndarray  # forecast: the house, without the battery, the car and the EcoCute
    charge_w: np.ndarray  # the battery, AC side
    discharge_w: np.ndarray  # >= 0
    ev_charge_w: np.ndarray
    ev_discharge_w: np.ndarray  # >= 0 (V2H)
    ecocute_w: np.ndarray
    soc_pct: np.ndarray  # at each slot's end; NaN without a battery
    ev_level_pct: np.ndarray  # NaN while no car is planned
    buy_yen: np.ndarray
    bands: tuple[PriceBand, ...]

    @property
    def n(self) -> int:
        return len(self.starts)

    @property
    def has_battery(self) -> bool:
        return bool(np.isfinite(self.soc_pct).any())

    @property
    def has_ev(self) -> bool:
        return bool(np.isfinite(self.ev_level_pct).any() or self.ev_charge_w.any())

    @property
    def has_ecocute(self) -> bool:
        return bool(self.ecocute_w.any())


def price_bands(starts: tuple[datetime, ...], end: datetime, prices: np.ndarray
                ) -> tuple[PriceBand, ...]:
    """Runs of equal price (to the sen), each with its place between the cheapest and
    the dearest."""
    if not len(prices):
        return ()
    cents = np.round(prices, 2)
    low, high = float(cents.min()), float(cents.max())
    bands = []
    first = 0
    for i in range(1, len(cents) + 1):
        if i == len(cents) or cents[i] != cents[first]:
            price = float(cents[first])
            level = (price - low) / (high - low) if high > low else 0.0
            bands.append(PriceBand(first, i, starts[first], starts[i] if i < len(starts)
                                   else end, price, level))
            first = i
    return tuple(bands)


def plan_series(plan: Plan, inputs: PlanInputs, end: datetime | None = None) -> PlanSeries:
    """The plan's slots that start before `end` (None: all of them)."""
    count = min(len(plan.slots), inputs.n)
    if end is not None:
        count = sum(1 for s in plan.slots[:count] if s.start < end)
    slots = plan.slots[:count]
    starts = tuple(s.start for s in slots)
    last = inputs.slot_start(count) if count else inputs.start

    def per_slot(values) -> np.ndarray:
        return np.asarray(values[:count], dtype=float) / SLOT_HOURS

    def level(values) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in values], dtype=float)

    ev = np.array([s.ev_w for s in slots], dtype=float)
    prices = np.asarray(inputs.buy_yen_per_kwh[:count], dtype=float)
    return PlanSeries(
        starts=starts, end=last, pv_w=per_slot(inputs.pv_wh), load_w=per_slot(inputs.load_wh),
        charge_w=np.array([s.battery_charge_w for s in slots], dtype=float),
        discharge_w=np.array([s.battery_discharge_w for s in slots], dtype=float),
        ev_charge_w=np.maximum(ev, 0.0), ev_discharge_w=np.maximum(-ev, 0.0),
        ecocute_w=np.array([s.ecocute_w for s in slots], dtype=float),
        soc_pct=level([s.soc_pct for s in slots]),
        ev_level_pct=level([s.ev_level_pct for s in slots]),
        buy_yen=prices, bands=price_bands(starts, last, prices))
