"""Editing a rate plan by touch: small, always-valid steps on immutable values.

The editor works on one PlanVersion (the prices from a date on). A day's
time-of-use schedule is edited as ``DayBands``: the start slot and price of each
band in clock order, each band running to the next one's start, the last one
round midnight to the first. In that form a gap or an overlap cannot be made, so
the editor's steps are: move a band's start by 30 minutes, set its price, split
it, remove it. What the steps cannot rule out (a price out of range, seasons
that leave days uncovered) is reported by ``validate_plan``, by field.

Saving a version from a date keeps every other version: usage before the date
keeps the prices it had (the plan's history).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from enum import Enum

from app.domain.tariff import (
    SLOT_MINUTES,
    SLOTS_PER_DAY,
    Band,
    Co2Factor,
    DaySchedule,
    Energy,
    FlatEnergy,
    GasPrice,
    MonthDay,
    PlanVersion,
    RatePlan,
    Season,
    Text,
    Tier,
    TieredEnergy,
    TimeOfUseEnergy,
    WaterPrice,
    slot_of,
)
from app.domain.tariff_checks import validate_plan

MAX_BANDS = 12


def _time_of(slot: int) -> time:
    minutes = (slot % SLOTS_PER_DAY) * SLOT_MINUTES
    return time(minutes // 60, minutes % 60)


@dataclass(frozen=True)
class DayBands:
    """Bands as (start slot, price) in clock order; band i ends where band i+1 starts."""

    starts: tuple[int, ...]
    prices: tuple[float, ...]

    @classmethod
    def of(cls, schedule: DaySchedule) -> DayBands:
        """From a schedule that covers the day once (a valid one); runs of one price merge."""
        prices = schedule.prices()
        starts = [s for s in range(SLOTS_PER_DAY) if prices[s] != prices[s - 1]]
        if not starts:  # one price all day
            first = slot_of(schedule.bands[0].start) if schedule.bands else 0
            return cls((first,), (prices[0],))
        return cls(tuple(starts), tuple(prices[s] for s in starts))

    def schedule(self) -> DaySchedule:
        count = len(self.starts)
        return DaySchedule(tuple(
            Band(_time_of(self.starts[i]), _time_of(self.starts[(i + 1) % count]), price)
            for i, price in enumerate(self.prices)))

    def end(self, index: int) -> int:
        return self.starts[(index + 1) % len(self.starts)]

    def length(self, index: int) -> int:
        """Slots in band ``index`` (a lone band has the whole day)."""
        if len(self.starts) == 1:
            return SLOTS_PER_DAY
        return (self.end(index) - self.starts[index]) % SLOTS_PER_DAY

    def can_move(self, index: int, delta: int) -> bool:
        """A start moves while both bands it divides keep at least one slot."""
        if len(self.starts) == 1:
            return True  # a lone band's start is only where its day is drawn from
        before = (index - 1) % len(self.starts)
        return self.length(before) + delta >= 1 and self.length(index) - delta >= 1

    def move_start(self, index: int, delta: int) -> DayBands:
        if not self.can_move(index, delta):
            return self
        starts = list(self.starts)
        starts[index] = (starts[index] + delta) % SLOTS_PER_DAY
        return self._sorted(starts, list(self.prices))

    def set_price(self, index: int, price: float) -> DayBands:
        prices = list(self.prices)
        prices[index] = price
        return DayBands(self.starts, tuple(prices))

    def can_split(self, index: int) -> bool:
        return len(self.starts) < MAX_BANDS and self.length(index) >= 2

    def split(self, index: int) -> DayBands:
        """Band ``index`` becomes two of its price, divided at its middle (a whole hour
        when it can be), for one of them to get another price."""
        if not self.can_split(index):
            return self
        start = self.starts[index]
        half = self.length(index) // 2
        if (start + half) % 2 and half > 1:
            half -= 1  # on the hour rather than at half past
        middle = (start + half) % SLOTS_PER_DAY
        return self._sorted([*self.starts, middle], [*self.prices, self.prices[index]])

    def remove(self, index: int) -> DayBands:
        """The band before takes over band ``index``'s hours."""
        if len(self.starts) == 1:
            return self
        starts = [s for i, s in enumerate(self.starts) if i != index]
        prices = [p for i, p in enumerate(self.prices) if i != index]
        return DayBands(tuple(starts), tuple(prices))

    @staticmethod
    def _sorted(starts: list[int], prices: list[float]) -> DayBands:
        pairs = sorted(zip(starts, prices, strict=True))
        return DayBands(tuple(s for s, _ in pairs), tuple(p for _, p in pairs))


# --- steps on a version ---------------------------------------------------------------


def replace_schedule(version: PlanVersion, season: int, holiday: bool,
                     bands: DayBands) -> PlanVersion:
    energy = version.energy
    assert isinstance(energy, TimeOfUseEnergy)
    seasons = list(energy.seasons)
    key = "holiday" if holiday else "weekday"
    seasons[season] = replace(seasons[season], **{key: bands.schedule()})
    return replace(version, energy=TimeOfUseEnergy(tuple(seasons)))


def replace_season(version: PlanVersion, index: int, season: Season) -> PlanVersion:
    energy = version.energy
    assert isinstance(energy, TimeOfUseEnergy)
    seasons = list(energy.seasons)
    seasons[index] = season
    return replace(version, energy=TimeOfUseEnergy(tuple(seasons)))


_LEAP = 2024  # month-days are counted on a leap year, so 02-29 is a day like any other


def _ordinal(day: MonthDay) -> int:
    return date(_LEAP, day.month, day.day).toordinal()


def _span_days(first: MonthDay, last: MonthDay) -> int:
    return (_ordinal(last) - _ordinal(first)) % 366 + 1


def _month_end(month: int) -> MonthDay:
    following = date(_LEAP + month // 12, month % 12 + 1, 1)
    return MonthDay.of(following - timedelta(days=1))


def season_after(version: PlanVersion, index: int) -> int | None:
    """The season that starts the day after season ``index`` ends (None: no such one)."""
    energy = version.energy
    assert isinstance(energy, TimeOfUseEnergy)
    end = energy.seasons[index].end
    following = MonthDay.of(date(_LEAP, end.month, end.day) + timedelta(days=1))
    return next((k for k, s in enumerate(energy.seasons)
                 if k != index and s.start == following), None)


def move_season_end(version: PlanVersion, index: int, months: int) -> PlanVersion:
    """Season ``index`` ends ``months`` month-ends later (earlier when negative) and the
    season after it starts the next day, so every day still has one season. Unchanged
    when either season would be left without a day."""
    energy = version.energy
    assert isinstance(energy, TimeOfUseEnergy)
    after = season_after(version, index)
    if after is None or months == 0:
        return version
    season, neighbour = energy.seasons[index], energy.seasons[after]
    new_end = _month_end((season.end.month - 1 + months) % 12 + 1)
    together = _span_days(season.start, neighbour.end)
    if not 1 <= _span_days(season.start, new_end) <= together - 1 \
            or abs(months) >= 12:
        return version
    new_start = MonthDay.of(date(_LEAP, new_end.month, new_end.day) + timedelta(days=1))
    seasons = list(energy.seasons)
    seasons[index] = replace(season, end=new_end)
    seasons[after] = replace(neighbour, start=new_start)
    return replace(version, energy=TimeOfUseEnergy(tuple(seasons)))


def _day(ordinal: int) -> MonthDay:
    first = date(_LEAP, 1, 1).toordinal()
    return MonthDay.of(date.fromordinal(first + (ordinal - first) % 366))


def split_season(version: PlanVersion, index: int, name: Text) -> PlanVersion:
    """Season ``index`` becomes two with its prices, divided on the first of the month
    nearest its middle; the second (called ``name``) follows it. Unchanged when the
    season has no first of a month to divide on."""
    energy = version.energy
    assert isinstance(energy, TimeOfUseEnergy)
    season = energy.seasons[index]
    start = _ordinal(season.start)
    length = _span_days(season.start, season.end)
    firsts = [i for i in range(1, length) if _day(start + i).day == 1]
    if not firsts:
        return version
    cut = min(firsts, key=lambda i: abs(i - length / 2))
    first = replace(season, end=_day(start + cut - 1))
    second = replace(season, name=name, start=_day(start + cut))
    seasons = list(energy.seasons)
    seasons[index:index + 1] = [first, second]
    return replace(version, energy=TimeOfUseEnergy(tuple(seasons)))


def remove_season(version: PlanVersion, index: int) -> PlanVersion:
    """The season before season ``index`` takes over its days (unchanged when it is the
    only one)."""
    energy = version.energy
    assert isinstance(energy, TimeOfUseEnergy)
    before = next((k for k in range(len(energy.seasons)) if k != index
                   and season_after(version, k) == index), None)
    if before is None:
        return version
    seasons = list(energy.seasons)
    seasons[before] = replace(seasons[before], end=seasons[index].end)
    del seasons[index]
    return replace(version, energy=TimeOfUseEnergy(tuple(seasons)))


def copy_weekday_to_holiday(version: PlanVersion, season: int) -> PlanVersion:
    energy = version.energy
    assert isinstance(energy, TimeOfUseEnergy)
    chosen = energy.seasons[season]
    return replace_season(version, season, replace(chosen, holiday=chosen.weekday))


def set_flat_price(version: PlanVersion, price: float) -> PlanVersion:
    return replace(version, energy=FlatEnergy(price))


def set_tier(version: PlanVersion, index: int, *, price: float | None = None,
             up_to_kwh: float | None = None) -> PlanVersion:
    energy = version.energy
    assert isinstance(energy, TieredEnergy)
    tiers = list(energy.tiers)
    tier = tiers[index]
    tiers[index] = Tier(tier.up_to_kwh if up_to_kwh is None else up_to_kwh,
                        tier.yen_per_kwh if price is None else price)
    return replace(version, energy=TieredEnergy(tuple(tiers)))


# --- the kind of energy price ---------------------------------------------------------


class EnergyKind(Enum):
    FLAT = "flat"  # one price at every hour
    TIERED = "tiered"  # 段階制: by the month's kWh
    TIME_OF_USE = "time_of_use"  # 時間帯別: by the time of day


USUAL_TIER_LIMITS = (120.0, 300.0)  # kWh a month: the three steps of Japan's 従量電灯
ALL_YEAR = Text("通年", "All year")


def kind_of(energy: Energy) -> EnergyKind:
    if isinstance(energy, FlatEnergy):
        return EnergyKind.FLAT
    if isinstance(energy, TieredEnergy):
        return EnergyKind.TIERED
    return EnergyKind.TIME_OF_USE


def day_mean_price(schedule: DaySchedule) -> float:
    """The mean of a day's 48 slot prices, to the sen (what one price for it would be)."""
    prices = schedule.prices()
    return round(sum(prices) / len(prices), 2)


def one_price(energy: Energy, season: int = 0, holiday: bool = False) -> float:
    """The price a one-price plan would take over from ``energy``: a flat price itself, a
    tiered plan's first tier, a time-of-use plan's mean over the shown day."""
    if isinstance(energy, FlatEnergy):
        return energy.yen_per_kwh
    if isinstance(energy, TieredEnergy):
        return energy.tiers[0].yen_per_kwh
    chosen = energy.seasons[min(season, len(energy.seasons) - 1)]
    return day_mean_price(chosen.holiday if holiday else chosen.weekday)


def whole_day(price: float) -> DaySchedule:
    """One band at ``price`` from 00:00 round to 00:00: every slot once."""
    return DaySchedule((Band(time(0), time(0), price),))


def change_kind(version: PlanVersion, kind: EnergyKind,
                price: float | None = None) -> PlanVersion:
    """The version with its energy price of ``kind``, carried over at one price: ``price``
    when given, else ``one_price`` of the old energy. To time-of-use: one season all year,
    one band all day, weekdays and holidays alike; to tiered: the usual 120 and 300 kWh
    steps, each at that price, for the household to tell apart. The other charges stay."""
    if kind is kind_of(version.energy):
        return version
    yen = one_price(version.energy) if price is None else price
    energy: Energy
    if kind is EnergyKind.FLAT:
        energy = FlatEnergy(yen)
    elif kind is EnergyKind.TIERED:
        energy = TieredEnergy((*(Tier(limit, yen) for limit in USUAL_TIER_LIMITS),
                               Tier(None, yen)))
    else:
        day = whole_day(yen)
        energy = TimeOfUseEnergy((Season(ALL_YEAR, MonthDay(1, 1), MonthDay(12, 31), day, day),))
    return replace(version, energy=energy)


def with_version(plan: RatePlan, version: PlanVersion) -> RatePlan:
    """The plan with ``version`` in force from its date: a version of the same date is
    replaced, every other one is kept (earlier usage keeps earlier prices)."""
    kept = [v for v in plan.versions if v.valid_from != version.valid_from]
    versions = tuple(sorted([*kept, version], key=lambda v: v.valid_from))
    return replace(plan, versions=versions)


Dated = Co2Factor | GasPrice | WaterPrice
_DATED_KEYS = {Co2Factor: "co2", GasPrice: "gas", WaterPrice: "water"}


def with_dated(plan: RatePlan, item: Dated) -> RatePlan:
    """The plan with ``item`` (a CO2 factor, gas or water price) in force from its date: one
    of the same kind and date is replaced, every other one kept (as ``with_version``)."""
    key = _DATED_KEYS[type(item)]
    kept = [i for i in getattr(plan, key) if i.valid_from != item.valid_from]
    return replace(plan, **{key: tuple(sorted([*kept, item], key=lambda i: i.valid_from))})


def version_index(plan: RatePlan, valid_from: date) -> int:
    return next(i for i, v in enumerate(plan.versions) if v.valid_from == valid_from)


def version_problems(plan: RatePlan, valid_from: date) -> list[str]:
    """The plan's problems that concern the version from ``valid_from`` (paths from
    ``energy``/``basic``/…), then the plan-wide ones; an empty list: it can be saved."""
    prefix = f"versions[{version_index(plan, valid_from)}]."
    own, other = [], []
    for problem in validate_plan(plan):
        if problem.startswith(prefix):
            own.append(problem[len(prefix):])
        else:
            other.append(problem)
    return own + other
