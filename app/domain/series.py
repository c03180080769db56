"""Time series identities: what is measured, in which unit, and how it aggregates.

Every series is sampled at 1-minute resolution. A sample is the mean of the
quantity over that minute, so one contract covers all kinds:

- POWER  (W):   energy of a bucket in Wh = sum(samples) / 60
- VOLUME (L/min, i.e. litres in that minute): volume of a bucket = sum(samples)
- LEVEL  (%):   the bucket's value is the mean of its samples
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SeriesKind(StrEnum):
    POWER = "power"
    VOLUME = "volume"
    LEVEL = "level"


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    key: str
    kind: SeriesKind
    unit: str  # unit of a 1-minute sample: "W", "L", "%"

    def bucket_value(self, total: float, count: int) -> float:
        """Value of a rollup bucket from the sum and count of its samples."""
        if count <= 0:
            return float("nan")
        if self.kind is SeriesKind.POWER:
            return total / 60.0
        if self.kind is SeriesKind.VOLUME:
            return total
        return total / count

    @property
    def bucket_unit(self) -> str:
        return {"W": "Wh", "L": "L", "%": "%"}[self.unit]


# Whole-home series (non-negative; directions are separate series so that
# day totals of charge and discharge, buy and sell are both available).
PV = "pv"
FUEL_CELL = "fuelcell"
GRID_BUY = "grid_buy"
GRID_SELL = "grid_sell"
BATTERY_CHARGE = "battery_charge"
BATTERY_DISCHARGE = "battery_discharge"
BATTERY_SOC = "battery_soc"
EV_CHARGE = "ev_charge"
CONSUMPTION = "consumption"
GAS = "gas"
WATER = "water"

HOME_SERIES: tuple[SeriesSpec, ...] = (
    SeriesSpec(PV, SeriesKind.POWER, "W"),
    SeriesSpec(FUEL_CELL, SeriesKind.POWER, "W"),
    SeriesSpec(GRID_BUY, SeriesKind.POWER, "W"),
    SeriesSpec(GRID_SELL, SeriesKind.POWER, "W"),
    SeriesSpec(BATTERY_CHARGE, SeriesKind.POWER, "W"),
    SeriesSpec(BATTERY_DISCHARGE, SeriesKind.POWER, "W"),
    SeriesSpec(BATTERY_SOC, SeriesKind.LEVEL, "%"),
    SeriesSpec(EV_CHARGE, SeriesKind.POWER, "W"),
    SeriesSpec(CONSUMPTION, SeriesKind.POWER, "W"),
    SeriesSpec(GAS, SeriesKind.VOLUME, "L"),
    SeriesSpec(WATER, SeriesKind.VOLUME, "L"),
)


def circuit_series(circuit_key: str) -> SeriesSpec:
    return SeriesSpec(f"circuit.{circuit_key}", SeriesKind.POWER, "W")
