"""The family's day: when four people (two adults, two school children) do what.

One adult commutes on working days; the other works part time, teleworks or
stays home. Days off start later, often include an outing (less often in the
rain) and have lunch at home. Times are local minutes after midnight; each
day's plan is drawn from the day's own generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.sources.simulator.randomness import day_rng
from app.sources.simulator.weather import RAIN, DailyWeather

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class DayPlan:
    day_off: bool
    wake: int  # first adult up
    kids_wake: int
    kids_bed: int
    bedtime: int  # adults asleep
    away: tuple[Interval, ...]  # the house is empty
    commute: Interval | None  # the commuter is out (working days)
    kids_school: Interval | None
    at_home_daytime: bool  # someone home around midday (telework, stay-home, day off)
    breakfast: int
    lunch: int | None
    dinner: int
    bath: int  # bath fill starts (お湯はり)
    evening_showers: int
    morning_shower: bool
    laundry: int | None  # washing machine start
    laundry_loads: int
    dry_indoors: bool  # laundry dried by the bathroom dryer (rain, winter, or nobody home)
    dishwasher: bool
    toilet_uses: tuple[tuple[int, int], ...]  # (minute, toilet 0 = 1F / 1 = 2F)

    def home_awake(self, tod: np.ndarray) -> np.ndarray:
        """Someone is at home and awake."""
        mask = (tod >= self.wake) & (tod < self.bedtime)
        for start, end in self.away:
            mask &= ~((tod >= start) & (tod < end))
        return mask

    def asleep(self, tod: np.ndarray) -> np.ndarray:
        return (tod < self.wake) | (tod >= self.bedtime)

    def is_away(self, minute: float) -> bool:
        return any(start <= minute < end for start, end in self.away)


def _clock(rng: np.random.Generator, hh: int, mm: int, sd: float) -> int:
    return round(hh * 60 + mm + sd * rng.standard_normal())


def make_plan(seed: int, ordinal: int, day_off: bool, weather: DailyWeather,
              month: int) -> DayPlan:
    rng = day_rng(seed, ordinal, "household.plan")
    rain = weather.category == RAIN
    winter = month in (12, 1, 2)
    away: list[Interval] = []
    commute = kids_school = None
    lunch: int | None = None
    if day_off:
        wake = _clock(rng, 7, 30, 30)
        kids_wake = max(wake, _clock(rng, 7, 50, 30))
        if rng.random() < (0.15 if rain else 0.5):
            out = _clock(rng, 10, 0, 40)
            away.append((out, max(out + 90, _clock(rng, 16, 30, 70))))
        dinner = _clock(rng, 18, 45, 20)
        bath = _clock(rng, 20, 0, 30)
        kids_bed = _clock(rng, 22, 0, 20)
        bedtime = _clock(rng, 23, 30, 25)
        at_home = not away
    else:
        wake = _clock(rng, 6, 0, 12)
        kids_wake = _clock(rng, 6, 40, 8)
        commute = (_clock(rng, 7, 40, 8), _clock(rng, 19, 0, 30))
        kids_school = (_clock(rng, 7, 50, 4), _clock(rng, 16, 0, 30))
        role = rng.random()
        if role < 0.55:  # part-time job: the house is empty late morning to mid afternoon
            away.append((_clock(rng, 9, 0, 10), min(kids_school[1], _clock(rng, 14, 30, 20))))
            at_home = False
        elif role < 0.8:  # telework: home all day
            at_home = True
        else:  # at home, out shopping for a while
            away.append((_clock(rng, 10, 15, 30), _clock(rng, 11, 30, 20)))
            at_home = True
        dinner = _clock(rng, 19, 0, 15)
        bath = _clock(rng, 20, 30, 20)
        kids_bed = _clock(rng, 21, 45, 15)
        bedtime = _clock(rng, 23, 15, 20)
    if at_home and not any(s <= 12 * 60 < e for s, e in away):
        lunch = _clock(rng, 12, 0, 15)
    breakfast = max(wake + 15, kids_wake) + int(rng.integers(5, 20))
    bedtime = min(bedtime, 1439)
    laundry_p = 0.85 if day_off else 0.7
    laundry = None
    if rng.random() < laundry_p:
        laundry = breakfast + int(rng.integers(10, 60)) if day_off else wake + 20
    loads = 2 if (day_off and laundry is not None and rng.random() < 0.4) else 1
    dry_indoors = rain or (winter and rng.random() < 0.3) or (not at_home and rng.random() < 0.3)
    toilets = _toilet_uses(rng, wake, kids_wake, bedtime, away, commute, kids_school)
    return DayPlan(
        day_off=day_off, wake=wake, kids_wake=kids_wake, kids_bed=kids_bed, bedtime=bedtime,
        away=tuple(away), commute=commute, kids_school=kids_school, at_home_daytime=at_home,
        breakfast=breakfast, lunch=lunch, dinner=dinner, bath=bath,
        evening_showers=int(rng.integers(2, 5)), morning_shower=bool(rng.random() < 0.35),
        laundry=laundry, laundry_loads=loads, dry_indoors=bool(dry_indoors),
        dishwasher=bool(rng.random() < 0.8), toilet_uses=toilets,
    )


def _toilet_uses(rng: np.random.Generator, wake: int, kids_wake: int, bedtime: int,
                 away: list[Interval], commute: Interval | None,
                 kids_school: Interval | None) -> tuple[tuple[int, int], ...]:
    """About five visits per person per day, clustered after waking, while at home."""
    uses: list[tuple[int, int]] = []
    people = [(wake, bedtime, commute), (wake + 10, bedtime, None),
              (kids_wake, bedtime - 60, kids_school), (kids_wake, bedtime - 60, kids_school)]
    for up, down, out in people:
        count = int(rng.integers(4, 8))
        times = [up + int(rng.integers(2, 25))]
        times += [int(t) for t in rng.uniform(up, down + 60, count - 1)]
        for t in times:
            t = t % 1440
            if out is not None and out[0] <= t < out[1]:
                continue
            if any(s <= t < e for s, e in away):
                continue
            uses.append((t, int(rng.random() < 0.35)))
    for _ in range(2):  # the adults now and then get up in the night
        night = int(rng.uniform(60, 300))
        if rng.random() < 0.3 and not any(s <= night < e for s, e in away):
            uses.append((night, 1))
    uses.sort()
    return tuple(uses)
