"""The shape of a plan's prices over the day: the single-peak rule and the price range.

AI Solar Charge Plus needs prices that, starting from the cheapest slot and going
round the day, never fall until the most expensive slot and never rise after it
(SPEC §8): one peak, ties and plateaus allowed. Every season's weekday and holiday
schedule is checked, as 48 half-hour prices. A flat or tiered plan has one price
all day (a tier depends on the month's kWh, not the hour), so it has one peak.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from app.domain.tariff import (
    SLOTS_PER_DAY,
    Energy,
    FlatEnergy,
    PlanVersion,
    Text,
    TieredEnergy,
    slot_start,
)

FALLS_BEFORE_PEAK = "falls_before_peak"
RISES_AFTER_PEAK = "rises_after_peak"


@dataclass(frozen=True)
class DayProfile:
    """The 48 prices of one kind of day: a season's weekday or holiday, or every day."""

    season: Text | None  # None: the plan has no seasons
    day_kind: str  # "weekday", "holiday" or "every day"
    prices: tuple[float, ...]

    @property
    def label(self) -> str:
        return self.day_kind if self.season is None else f"{self.season.en} {self.day_kind}"


def day_profiles(energy: Energy) -> list[DayProfile]:
    if isinstance(energy, FlatEnergy):
        return [DayProfile(None, "every day", (energy.yen_per_kwh,) * SLOTS_PER_DAY)]
    if isinstance(energy, TieredEnergy):  # the first tier stands for all: same at every hour
        return [DayProfile(None, "every day", (energy.tiers[0].yen_per_kwh,) * SLOTS_PER_DAY)]
    return [DayProfile(season.name, kind, getattr(season, kind).prices())
            for season in energy.seasons for kind in ("weekday", "holiday")]


@dataclass(frozen=True)
class ShapeFault:
    """Where a day's prices break the single-peak rule."""

    kind: str  # FALLS_BEFORE_PEAK or RISES_AFTER_PEAK
    slot: int  # the slot whose price falls or rises
    peak_slot: int  # the first most expensive slot, counted from the cheapest

    def describe(self) -> str:
        at, peak = slot_start(self.slot), slot_start(self.peak_slot)
        if self.kind == FALLS_BEFORE_PEAK:
            return f"the price falls at {at} before the peak at {peak}"
        return f"the price rises again at {at} after the peak at {peak}"


def single_peak_fault(prices: tuple[float, ...] | list[float]) -> ShapeFault | None:
    """None when the prices, read round the day from the cheapest slot, rise then fall."""
    count = len(prices)
    start = min(range(count), key=prices.__getitem__)  # the first cheapest slot
    top = max(prices)
    order = [(start + i) % count for i in range(count)]
    peak = next(slot for slot in order if prices[slot] == top)
    reached = prices[start] == top
    for before, slot in pairwise(order):
        if prices[slot] < prices[before] and not reached:
            return ShapeFault(FALLS_BEFORE_PEAK, slot, peak)
        if prices[slot] > prices[before] and reached:
            return ShapeFault(RISES_AFTER_PEAK, slot, peak)
        reached = reached or prices[slot] == top
    return None  # back at the start, the cheapest: the last step cannot rise


@dataclass(frozen=True)
class ProfileFault:
    profile: DayProfile
    fault: ShapeFault

    @property
    def message(self) -> str:
        return f"{self.profile.label}: {self.fault.describe()}"


def shape_faults(energy: Energy) -> list[ProfileFault]:
    """The first fault of every day profile that has more than one peak."""
    faults = []
    for profile in day_profiles(energy):
        fault = single_peak_fault(profile.prices)
        if fault is not None:
            faults.append(ProfileFault(profile, fault))
    return faults


@dataclass(frozen=True)
class PriceRange:
    """Cheapest and dearest buy price of a version, over every slot of every profile."""

    minimum: float
    maximum: float
    cheapest: str  # where: "Summer holiday 02:00"
    dearest: str


def price_range(version: PlanVersion) -> PriceRange:
    """Bought kWh prices including the fuel adjustment and the renewable surcharge.

    Those add the same to every slot, so they matter only against the sell price;
    with them the comparison is what a kWh really costs against what it earns.
    """
    extra = version.adjustments_yen_per_kwh
    points = [(price + extra, profile, slot)
              for profile in day_profiles(version.energy)
              for slot, price in enumerate(profile.prices)]
    low = min(points, key=lambda point: point[0])
    high = max(points, key=lambda point: point[0])
    return PriceRange(low[0], high[0], _where(low[1], low[2]), _where(high[1], high[2]))


def _where(profile: DayProfile, slot: int) -> str:
    if profile.season is None:
        return "all day"
    return f"{profile.label} {slot_start(slot)}"
