"""Rate plans: what a household pays per kWh (and m³), and from which day.

Money is float, not Decimal: the billing engine multiplies arrays of slot
energies by slot prices with numpy, published prices have at most two decimals,
and a bill is rounded to the yen once, at the end, where float error (~1e-9 yen)
is far below the rounding step. JSON stores the same floats, so dump/load is exact.

A plan holds versions, each in force from its `valid_from` until the next one
(old usage keeps old prices). Sell (feed-in), CO2, gas and water prices carry
their own validity because they change on other dates (the FIT contract year).
The types trust their input; `tariff_checks.validate_plan` lists every problem, each
naming its field as the JSON form spells it (`tariff_json` reads and writes that form).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Protocol, TypeVar

import holidays

SLOTS_PER_DAY = 48
SLOT_MINUTES = 30


@dataclass(frozen=True)
class Text:
    """A name in both languages the panel speaks."""

    ja: str
    en: str


@dataclass(frozen=True)
class Source:
    url: str
    retrieved: date
    note: str = ""


# --- basic charge ------------------------------------------------------------------


@dataclass(frozen=True)
class PerAmpereBasic:
    """Yen per month by contract current, e.g. ((30, 935.25), (40, 1247.0))."""

    yen: tuple[tuple[int, float], ...]

    def charge(self, amperes: int) -> float:
        for contract, yen in self.yen:
            if contract == amperes:
                return yen
        raise KeyError(f"no basic charge for a {amperes} A contract")


@dataclass(frozen=True)
class PerKvaBasic:
    yen_per_kva: float

    def charge(self, kva: float) -> float:
        return self.yen_per_kva * kva


@dataclass(frozen=True)
class FixedBasic:
    yen: float


Basic = PerAmpereBasic | PerKvaBasic | FixedBasic


# --- energy charge -----------------------------------------------------------------


@dataclass(frozen=True)
class FlatEnergy:
    yen_per_kwh: float


@dataclass(frozen=True)
class Tier:
    up_to_kwh: float | None  # None: no upper bound (the last tier)
    yen_per_kwh: float


@dataclass(frozen=True)
class TieredEnergy:
    """Price by monthly kWh (従量電灯): the first `up_to_kwh` at the first price, and so on."""

    tiers: tuple[Tier, ...]


def slot_of(moment: time) -> int:
    return (moment.hour * 60 + moment.minute) // SLOT_MINUTES


def slot_start(slot: int) -> str:
    minutes = (slot % SLOTS_PER_DAY) * SLOT_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Band:
    """A price from `start` to `end`; end before start crosses midnight; end == start is 24 h."""

    start: time
    end: time
    yen_per_kwh: float

    def slots(self) -> list[int]:
        first, last = slot_of(self.start), slot_of(self.end)
        count = (last - first) % SLOTS_PER_DAY or SLOTS_PER_DAY
        return [(first + i) % SLOTS_PER_DAY for i in range(count)]


@dataclass(frozen=True)
class DaySchedule:
    bands: tuple[Band, ...]

    def prices(self) -> tuple[float, ...]:
        """The price of each 30-minute slot from 00:00; raises if a slot has no band."""
        prices: list[float | None] = [None] * SLOTS_PER_DAY
        for band in self.bands:
            for slot in band.slots():
                prices[slot] = band.yen_per_kwh
        if any(p is None for p in prices):
            raise ValueError(f"no band covers {slot_start(prices.index(None))}")
        return tuple(p for p in prices if p is not None)


@dataclass(frozen=True, order=True)
class MonthDay:
    month: int
    day: int

    @classmethod
    def of(cls, day: date) -> MonthDay:
        return cls(day.month, day.day)

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Season:
    """From `start` to `end` inclusive, by month-day; end before start wraps the year end."""

    name: Text
    start: MonthDay
    end: MonthDay
    weekday: DaySchedule
    holiday: DaySchedule

    def contains(self, day: MonthDay) -> bool:
        if self.start <= self.end:
            return self.start <= day <= self.end
        return day >= self.start or day <= self.end


@dataclass(frozen=True)
class TimeOfUseEnergy:
    seasons: tuple[Season, ...]

    def season_on(self, day: date) -> Season:
        md = MonthDay.of(day)
        for season in self.seasons:
            if season.contains(md):
                return season
        raise LookupError(f"no season covers {md}")

    def schedule_on(self, day: date) -> DaySchedule:
        season = self.season_on(day)
        return season.holiday if is_holiday(day) else season.weekday


Energy = FlatEnergy | TieredEnergy | TimeOfUseEnergy


def energy_slot_prices(energy: Energy, day: date) -> tuple[float, ...]:
    """Energy unit price of each 30-minute slot of a local day (not tiered: see the tiers)."""
    if isinstance(energy, FlatEnergy):
        return (energy.yen_per_kwh,) * SLOTS_PER_DAY
    if isinstance(energy, TimeOfUseEnergy):
        return energy.schedule_on(day).prices()
    raise ValueError("a tiered price depends on the month's kWh, not the time of day")


# --- holidays ----------------------------------------------------------------------


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Japan(years=year))


def is_holiday(day: date) -> bool:
    """Saturday, Sunday or a Japanese national holiday (振替休日 included)."""
    return day.weekday() >= 5 or day in _national_holidays(day.year)


# --- versions and dated prices -----------------------------------------------------


@dataclass(frozen=True)
class PlanVersion:
    valid_from: date
    basic: Basic
    energy: Energy
    fuel_adjustment_yen_per_kwh: float = 0.0
    # None: the national surcharge in force (it is set for all of Japan each fiscal
    # year; a plan rarely restates it). The billing engine takes that table.
    renewable_surcharge_yen_per_kwh: float | None = 0.0

    @property
    def adjustments_yen_per_kwh(self) -> float:
        """What every bought kWh adds to the energy price (fuel adjustment may be negative);
        a national surcharge counts as 0 here (the rule checks compare plan prices)."""
        return self.fuel_adjustment_yen_per_kwh + (self.renewable_surcharge_yen_per_kwh or 0.0)

    def slot_prices(self, day: date) -> tuple[float, ...]:
        return energy_slot_prices(self.energy, day)


@dataclass(frozen=True)
class SellPrice:
    valid_from: date
    yen_per_kwh: float


@dataclass(frozen=True)
class SurchargeRate:
    """The national renewable-energy surcharge (再エネ賦課金) from a date."""

    valid_from: date
    yen_per_kwh: float


@dataclass(frozen=True)
class Co2Factor:
    valid_from: date
    kg_per_kwh: float


@dataclass(frozen=True)
class GasPrice:
    valid_from: date
    basic_yen: float
    yen_per_m3: float


@dataclass(frozen=True)
class WaterPrice:
    valid_from: date
    yen_per_m3: float


class _Dated(Protocol):
    @property
    def valid_from(self) -> date: ...


D = TypeVar("D", bound=_Dated)


def in_force(items: Sequence[D], day: date) -> D | None:
    """The item whose validity covers `day` (items ascending by valid_from), else None."""
    index = bisect_right([item.valid_from for item in items], day)
    return items[index - 1] if index else None


# The ten supply areas of the former general electric utilities, north to south: the
# order a household looks for its own utility in (a plan's optional `area`).
AREAS = ("hokkaido", "tohoku", "tokyo", "chubu", "hokuriku", "kansai", "chugoku", "shikoku",
         "kyushu", "okinawa")


@dataclass(frozen=True)
class RatePlan:
    id: str
    name: Text
    company: Text
    source: Source | None
    versions: tuple[PlanVersion, ...]
    sell: tuple[SellPrice, ...] = ()
    co2: tuple[Co2Factor, ...] = ()
    gas: tuple[GasPrice, ...] = ()
    water: tuple[WaterPrice, ...] = ()
    area: str | None = None  # one of AREAS: where the plan is sold (None: not said)

    def version_on(self, day: date) -> PlanVersion:
        version = in_force(self.versions, day)
        if version is None:
            raise LookupError(f"plan {self.id} has no prices before "
                              f"{self.versions[0].valid_from if self.versions else 'any day'}")
        return version

    def price_at(self, moment: datetime) -> float:
        """Energy unit price (yen/kWh, without adjustments) at a local date and time."""
        return self.slot_prices(moment.date())[slot_of(moment.time())]

    def slot_prices(self, day: date) -> tuple[float, ...]:
        """The 48 energy unit prices of a local day, from 00:00 (flat and time-of-use)."""
        return self.version_on(day).slot_prices(day)

    def sell_price_on(self, day: date) -> float | None:
        price = in_force(self.sell, day)
        return None if price is None else price.yen_per_kwh

    def co2_on(self, day: date) -> float | None:
        factor = in_force(self.co2, day)
        return None if factor is None else factor.kg_per_kwh

    def gas_on(self, day: date) -> GasPrice | None:
        return in_force(self.gas, day)

    def water_on(self, day: date) -> WaterPrice | None:
        return in_force(self.water, day)
