"""Days to plan: a time-of-use price day (night 26.74, day 35.00, evening 43.61 円/kWh),
a PV bell and a household's load, with the simulated home's battery (9.8 kWh, 3 kW, 90 %
round trip, 30 % reserve)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime

from app.domain.charge_plan import SLOT, BatterySpec, PlanInputs

NIGHT, DAY, EVENING = 26.74, 35.00, 43.61
START = datetime.fromisoformat("2026-05-12T23:00:00+09:00")  # a Tuesday night
HOME_BATTERY = BatterySpec(capacity_wh=9800.0, max_charge_w=3000.0, max_discharge_w=3000.0,
                           round_trip_efficiency=0.9, reserve_pct=30.0)


def hour_of(i: int, start: datetime = START) -> float:
    moment = start + i * SLOT
    return moment.hour + moment.minute / 60


def price_at(hour: float) -> float:
    return NIGHT if hour >= 23 or hour < 7 else EVENING if hour >= 17 else DAY


def pv_at(hour: float, peak_w: float) -> float:
    """Wh in the slot that starts at `hour`: a sine from 06:00 to 18:00."""
    middle = hour + 0.25
    return max(0.0, math.sin(math.pi * (middle - 6) / 12)) * peak_w * 0.5 if 6 < middle < 18 \
        else 0.0


def load_at(hour: float) -> float:
    """Wh: 300 W all day, more in the morning and much more in the evening."""
    watts = 300.0 + (500.0 if 6 <= hour < 8 else 0.0) + (1200.0 if 17 <= hour < 22 else 0.0)
    return watts * 0.5


def day(n: int = 48, peak_w: float = 4000.0, sell: float | None = 16.0,
        start: datetime = START, **changes) -> PlanInputs:
    hours = [hour_of(i, start) for i in range(n)]
    inputs = PlanInputs(
        start=start, buy_yen_per_kwh=tuple(price_at(h) for h in hours),
        sell_yen_per_kwh=(sell,) * n, pv_wh=tuple(pv_at(h, peak_w) for h in hours),
        load_wh=tuple(load_at(h) for h in hours), battery=HOME_BATTERY, soc_pct=40.0)
    return replace(inputs, **changes)
