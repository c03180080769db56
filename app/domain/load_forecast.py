"""Expected household consumption per 30-minute slot, learned from the home's own days.

Weekdays and holidays (Sat, Sun, 祝日) are learned apart. The seed's rule: a day of a type
is forecast only with at least ``MIN_DAYS`` days of that type among the recent history
(``LOOKBACK_DAYS``); otherwise there is no forecast, and the outlook says which type lacks
how many days (学習データ不足), so the planner can fall back and the panel can say so.

The method, per slot: a recency-weighted mean of the same day type's recent days (weight
halves every ``HALF_LIFE_DAYS``; the same weekday counts ``SAME_WEEKDAY_WEIGHT`` times).
A mean, not a median: the plan buys and stores energy, so the forecast must hold the
energy the house will use. Half-hours are spiky (a bath being heated, a dryer, a car
charging) and fall in a different slot each day; a per-slot median drops those peaks and
came out 12-30 % low per day on the simulated home. Only days before the forecast's first
local date are used.

The parts the plan schedules itself (the EcoCute's heating, the car's charging) or that
supply the house (the fuel cell) are learned apart from their own series with the same
function; being a mean, the house's forecast less theirs is what the days less those parts
would have given (``control_inputs.net_load``).

With outdoor temperatures (past hours as they were, the hours ahead as forecast), each
slot's mean is moved by the load's fitted sensitivity to them (``load_temperature``);
without, or with too few days that have them, the forecast is the mean.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo

import numpy as np

from app.domain.energy_forecast import (
    SLOT,
    SLOTS_PER_DAY,
    DayType,
    LearningShortage,
    LoadOutlook,
    SlotForecast,
)
from app.domain.load_temperature import HourlyTemperatures, adjusted_profile
from app.domain.tariff import is_holiday

MIN_DAYS = 5
LOOKBACK_DAYS = 56  # learn from the last 8 weeks: habits and seasons move
HALF_LIFE_DAYS = 14.0
SAME_WEEKDAY_WEIGHT = 2.0


def day_type(day: date) -> DayType:
    """Weekday, or holiday: Saturday, Sunday or a Japanese national holiday."""
    return DayType.HOLIDAY if is_holiday(day) else DayType.WEEKDAY


def load_forecast(history: Mapping[date, Sequence[float]], start: datetime,
                  slots: int = 96,
                  temperatures: Mapping[datetime, float] | HourlyTemperatures | None = None,
                  ) -> LoadOutlook:
    """Wh per 30-minute slot from ``start`` (aware, in the home's time zone, on a half hour).

    ``history``: local date -> the 48 slots' Wh of a complete past day.
    ``temperatures``: outdoor °C per hour, keyed by the hour's start (aware): the past
    days' as they were, the days ahead as forecast (None: the load's mean alone).
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware (the home's time zone)")
    if start.second or start.microsecond or start.minute % 30:
        raise ValueError(f"start {start.isoformat()} is not on a half-hour boundary")
    first_day = start.date()
    learned = _recent_days(history, first_day)
    targets = [_local_slot(start + i * SLOT, start) for i in range(slots)]

    shortages = []
    for kind in dict.fromkeys(day_type(day) for day, _ in targets):
        days = sum(1 for day in learned if day_type(day) == kind)
        if days < MIN_DAYS:
            shortages.append(LearningShortage(kind, days, MIN_DAYS))
    if shortages:
        return LoadOutlook(None, tuple(shortages))

    weather = temperatures if isinstance(temperatures, HourlyTemperatures | None) else \
        HourlyTemperatures.of(temperatures)
    profiles: dict[date, np.ndarray] = {}
    wh = []
    for day, slot in targets:
        if day not in profiles:
            profiles[day] = _profile(learned, day, first_day, weather, start.tzinfo)
        wh.append(float(round(profiles[day][slot], 1)))
    return LoadOutlook(SlotForecast(start, tuple(wh)))


def _recent_days(history: Mapping[date, Sequence[float]], first_day: date,
                 ) -> dict[date, np.ndarray]:
    """The complete days of the lookback window before ``first_day`` (no peeking ahead)."""
    oldest = first_day - timedelta(days=LOOKBACK_DAYS)
    recent = {}
    for day, values in history.items():
        if not oldest <= day < first_day:
            continue
        if len(values) != SLOTS_PER_DAY:
            raise ValueError(f"{day}: {len(values)} slots, a complete day has {SLOTS_PER_DAY}")
        recent[day] = np.asarray(values, dtype=np.float64)
    return recent


def _local_slot(moment: datetime, start: datetime) -> tuple[date, int]:
    local = moment.astimezone(start.tzinfo)
    return local.date(), local.hour * 2 + local.minute // 30


def _profile(learned: Mapping[date, np.ndarray], target: date, first_day: date,
             weather: HourlyTemperatures | None, zone: tzinfo) -> np.ndarray:
    """The target day's 48 slots: weighted mean over the same type's learned days (moved
    by the temperatures, when there are any)."""
    kind = day_type(target)
    days = sorted(day for day in learned if day_type(day) == kind)
    values = np.stack([learned[day] for day in days])  # (days, 48)
    age = np.array([(first_day - day).days for day in days], dtype=np.float64)
    weights = 0.5 ** (age / HALF_LIFE_DAYS)
    weights *= np.where([day.weekday() == target.weekday() for day in days],
                        SAME_WEEKDAY_WEIGHT, 1.0)
    if weather is None:
        return adjusted_profile(values, weights, None, None)
    temps = np.stack([weather.day(day, zone) for day in days])
    return adjusted_profile(values, weights, temps, weather.day(target, zone))
