"""EcoCute (エコキュート): heat-pump water heater that refills its tank at night.

The night's heating replaces the hot water the family used during the day (bath
and showers) plus the tank's standing losses; it runs at 1.2–1.5 kW (more in
winter, when the COP is lower and the tap water colder) and finishes at about
07:00. A run that starts before midnight continues into the next local day, so
a day's profile includes the tail of the previous evening's run.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from app.sources.simulator.bathroom import hot_water_litres
from app.sources.simulator.day_context import WATER_KJ_PER_L_K, DayContext
from app.sources.simulator.household import DayPlan
from app.sources.simulator.profiles import Session, add_pulse, add_sessions
from app.sources.simulator.weather import DailyWeather, cold_water_c

NIGHT_START_MIN = 23 * 60
NIGHT_END_MIN = 7 * 60
_TANK_LOSS_KWH = 1.6  # heat lost from the tank and by keeping the bath warm
_HOT_C = 40.0


def ecocute_sessions(plan: DayPlan, weather: DailyWeather, day: date) -> list[Session]:
    """The run that refills what ``day`` used; minutes relative to that day's midnight."""
    delta_t = _HOT_C - cold_water_c(day)
    heat_kwh = hot_water_litres(plan) * WATER_KJ_PER_L_K * delta_t / 3600.0 + _TANK_LOSS_KWH
    cop = min(max(2.3 + 0.055 * (weather.mean_c - 2.0), 2.2), 3.9)
    power_w = 1500.0 - 300.0 * min(max((weather.mean_c - 5.0) / 20.0, 0.0), 1.0)
    minutes = heat_kwh / cop * 1000.0 / power_w * 60.0
    end = 1440.0 + NIGHT_END_MIN - (plan.bath % 20)  # the unit's learned finish time
    minutes = min(max(minutes, 45.0), end - NIGHT_START_MIN)
    start = end - minutes
    return [(start, 10.0, 0.6 * power_w), (start + 10.0, minutes - 10.0, power_w)]


def ecocute(ctx: DayContext, prev_weather: DailyWeather) -> np.ndarray:
    power = np.full(ctx.n, 8.0)  # controls and freeze protection standby
    add_sessions(power, ecocute_sessions(ctx.plan, ctx.weather, ctx.day))
    yesterday = ctx.day - timedelta(days=1)
    add_sessions(power, ecocute_sessions(ctx.prev_plan, prev_weather, yesterday),
                 shift=-ctx.prev_n)
    add_pulse(power, ctx.plan.bath + 15.0, 120.0, 40.0)  # keeps the bath warm (保温)
    return power
