"""Configuration of the simulated home: one frozen value, every field defaulted.

The defaults describe a 4-person detached house in Tokyo with rooftop PV, a
storage battery, an ENE-FARM fuel cell, an EcoCute heat-pump water heater and
an EV charger. Two homes with equal configs produce identical numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.circuits import MAX_BRANCH

BATTERY_MODES = ("economy", "green", "standby")


@dataclass(frozen=True, slots=True)
class HomeConfig:
    seed: int = 0
    latitude: float = 35.68
    longitude: float = 139.77
    timezone: str = "Asia/Tokyo"
    pv_capacity_w: float = 5500.0
    pv_tilt_deg: float = 30.0
    pv_azimuth_deg: float = 180.0  # clockwise from north: 180 = facing south
    battery_capacity_wh: float = 9800.0
    # "economy": charge from the grid at night, discharge in the evening;
    # "green": self-consumption (charge from surplus PV, discharge any time);
    # "standby": idle.
    battery_mode: str = "economy"
    battery_reserve_pct: float = 30.0  # outage care (停電ケア): never discharge below
    has_fuel_cell: bool = True
    has_ev: bool = True
    branch_count: int = 32
    battery_power_w: float = 3000.0  # charge and discharge limit
    battery_efficiency: float = 0.9  # round trip
    ev_charger_w: float = 3000.0  # 200 V, 15 A

    def __post_init__(self) -> None:
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative int, not {self.seed!r}")
        if not -90.0 <= self.latitude <= 90.0:
            raise ValueError(f"latitude {self.latitude} outside -90..90")
        if not -180.0 <= self.longitude <= 180.0:
            raise ValueError(f"longitude {self.longitude} outside -180..180")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {self.timezone!r}") from exc
        if self.pv_capacity_w < 0 or self.battery_capacity_wh < 0:
            raise ValueError("capacities must not be negative")
        if not 0.0 <= self.pv_tilt_deg <= 90.0:
            raise ValueError(f"pv_tilt_deg {self.pv_tilt_deg} outside 0..90")
        if not 0.0 <= self.pv_azimuth_deg <= 360.0:
            raise ValueError(f"pv_azimuth_deg {self.pv_azimuth_deg} outside 0..360")
        if self.battery_mode not in BATTERY_MODES:
            raise ValueError(f"battery_mode {self.battery_mode!r} not one of {BATTERY_MODES}")
        if not 0.0 <= self.battery_reserve_pct <= 100.0:
            raise ValueError(f"battery_reserve_pct {self.battery_reserve_pct} outside 0..100")
        if not 0 <= self.branch_count <= MAX_BRANCH:
            raise ValueError(f"branch_count {self.branch_count} outside 0..{MAX_BRANCH}")
        if self.battery_power_w <= 0 or self.ev_charger_w <= 0:
            raise ValueError("power limits must be positive")
        if not 0.0 < self.battery_efficiency <= 1.0:
            raise ValueError(f"battery_efficiency {self.battery_efficiency} outside (0, 1]")

    @property
    def has_battery(self) -> bool:
        return self.battery_capacity_wh > 0

    @property
    def has_pv(self) -> bool:
        return self.pv_capacity_w > 0
