"""Everything the load models of one local day read: clock, weather, sun, family plan.

Built once per day by the home and handed to every appliance model; the
appliance models add the water and gas they draw to the day's ``Meters``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from app.sources.simulator.household import DayPlan
from app.sources.simulator.randomness import day_rng
from app.sources.simulator.weather import DailyWeather

GAS_KJ_PER_L = 45.0  # city gas 13A: 45 MJ/m³
WATER_KJ_PER_L_K = 4.186
_BOILER_EFFICIENCY = 0.9  # condensing gas water heater (エコジョーズ)


@dataclass(frozen=True, slots=True)
class DayContext:
    seed: int
    ordinal: int
    day: date
    n: int  # minutes in the local day
    midnight: int  # UTC epoch minute of local midnight
    tod: np.ndarray  # local minutes after midnight at each minute's centre
    abs_minutes: np.ndarray  # UTC epoch minute of each minute's start (float)
    weather: DailyWeather
    temp: np.ndarray  # outdoor °C
    ghi: np.ndarray  # global horizontal irradiance, W/m²
    sun_elevation: np.ndarray  # degrees
    plan: DayPlan
    prev_plan: DayPlan  # yesterday's plan: overnight sessions that began yesterday
    prev_n: int
    cold_water_c: float

    @property
    def day_off(self) -> bool:
        return self.plan.day_off

    @property
    def month(self) -> int:
        return self.day.month

    @property
    def winter(self) -> bool:
        return self.day.month in (12, 1, 2, 3)

    def rng(self, component: str) -> np.random.Generator:
        return day_rng(self.seed, self.ordinal, component)

    def dark(self, threshold_deg: float = 4.0) -> np.ndarray:
        """Too dark indoors without lights (earlier under a grey sky)."""
        if self.weather.category in ("cloudy", "rain"):
            threshold_deg += 6.0
        return self.sun_elevation < threshold_deg


@dataclass(slots=True)
class Meters:
    """Water and gas drawn during the day, litres per minute."""

    n: int
    water: np.ndarray = field(init=False)
    gas: np.ndarray = field(init=False)
    boiler_on: np.ndarray = field(init=False)  # share of the minute the gas boiler burns

    def __post_init__(self) -> None:
        self.water = np.zeros(self.n)
        self.gas = np.zeros(self.n)
        self.boiler_on = np.zeros(self.n)

    def add_gas_heat(self, kw_thermal: np.ndarray, efficiency: float) -> None:
        """Gas burnt to deliver ``kw_thermal`` (per minute, kW) at ``efficiency``."""
        self.gas += kw_thermal * 60.0 / efficiency / GAS_KJ_PER_L

    def draw(self, litres: np.ndarray, hot_share: float, cold_c: float,
             hot_c: float = 40.0) -> None:
        """Tap water; its hot share is heated by the gas water heater (給湯器)."""
        self.water += litres
        heat_kj = litres * hot_share * WATER_KJ_PER_L_K * max(hot_c - cold_c, 0.0)
        self.gas += heat_kj / _BOILER_EFFICIENCY / GAS_KJ_PER_L
        if hot_share > 0:
            self.boiler_on = np.maximum(self.boiler_on, np.minimum(litres, 1.0))
