"""EcoCute (エコキュート): heat-pump water heater that refills its tank at night.

The night's heating replaces the hot water the family used during the day (bath
and showers) plus the tank's standing losses; it runs at 1.2–1.5 kW (more in
winter, when the COP is lower and the tap water colder) and finishes at about
07:00. A run that starts before midnight continues into the next local day, so
a day's profile includes the tail of the previous evening's run.
"""

from __future__ import annotations

from dataclasses import dataclass
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
TANK_L = 370.0  # 0xE2: the tank's volume
_STORE_C = 65.0  # the tank's water when full
SOFT_START_MIN = 10.0  # the compressor starts at 60 % power


@dataclass(frozen=True, slots=True)
class RefillRun:
    """The night run that refills what a day used; minutes relative to that day's midnight
    (it ends the next morning, so ``end_min`` > 1440). A soft start at 60 % of the power
    for ``SOFT_START_MIN`` minutes, then ``power_w``."""

    start_min: float
    minutes: float
    power_w: float

    @property
    def end_min(self) -> float:
        return self.start_min + self.minutes

    @property
    def energy_wh(self) -> float:
        minutes = self.minutes
        soft = min(SOFT_START_MIN, minutes)
        return (0.6 * soft + (minutes - soft)) * self.power_w / 60.0

    def heated_wh(self, minute: float) -> float:
        """Energy heated from the run's start to ``minute`` (same reference as start/end)."""
        t = min(max(minute, self.start_min), self.end_min) - self.start_min
        soft = min(t, SOFT_START_MIN)
        return (0.6 * soft + (t - soft)) * self.power_w / 60.0

    def power_at(self, minute: float) -> float:
        if not self.start_min <= minute < self.end_min:
            return 0.0
        return self.power_w * (0.6 if minute < self.start_min + SOFT_START_MIN else 1.0)

    def sessions(self) -> list[Session]:
        soft = SOFT_START_MIN
        return [(self.start_min, soft, 0.6 * self.power_w),
                (self.start_min + soft, self.minutes - soft, self.power_w)]


def heat_pump_w(weather: DailyWeather) -> float:
    """The heat pump's electric power on a day: more in winter, when the COP is lower."""
    return 1500.0 - 300.0 * min(max((weather.mean_c - 5.0) / 20.0, 0.0), 1.0)


def cop(weather: DailyWeather) -> float:
    """Heat delivered per unit of electricity: lower on cold days."""
    return min(max(2.3 + 0.055 * (weather.mean_c - 2.0), 2.2), 3.9)


def tank_wh(weather: DailyWeather, day: date) -> float:
    """The electricity that heats the whole tank from tap water (its room when empty)."""
    heat_kwh = TANK_L * WATER_KJ_PER_L_K * (_STORE_C - cold_water_c(day)) / 3600.0
    return heat_kwh / cop(weather) * 1000.0


def refill_run(plan: DayPlan, weather: DailyWeather, day: date) -> RefillRun:
    """The run that refills what ``day`` used (heat for the day's hot water and losses)."""
    delta_t = _HOT_C - cold_water_c(day)
    heat_kwh = hot_water_litres(plan) * WATER_KJ_PER_L_K * delta_t / 3600.0 + _TANK_LOSS_KWH
    power_w = heat_pump_w(weather)
    minutes = heat_kwh / cop(weather) * 1000.0 / power_w * 60.0
    end = 1440.0 + NIGHT_END_MIN - (plan.bath % 20)  # the unit's learned finish time
    minutes = min(max(minutes, 45.0), end - NIGHT_START_MIN)
    return RefillRun(end - minutes, minutes, power_w)


def ecocute_sessions(plan: DayPlan, weather: DailyWeather, day: date) -> list[Session]:
    """The run that refills what ``day`` used; minutes relative to that day's midnight."""
    return refill_run(plan, weather, day).sessions()


def ecocute(ctx: DayContext, prev_weather: DailyWeather) -> np.ndarray:
    power = np.full(ctx.n, 8.0)  # controls and freeze protection standby
    add_sessions(power, ecocute_sessions(ctx.plan, ctx.weather, ctx.day))
    yesterday = ctx.day - timedelta(days=1)
    add_sessions(power, ecocute_sessions(ctx.prev_plan, prev_weather, yesterday),
                 shift=-ctx.prev_n)
    add_pulse(power, ctx.plan.bath + 15.0, 120.0, 40.0)  # keeps the bath warm (保温)
    return power
