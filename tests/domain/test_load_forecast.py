"""The load forecast: day types, the seed's 5-day learning rule, what it learns."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain.control_inputs import net_load
from app.domain.energy_forecast import DayType, LearningShortage
from app.domain.load_forecast import MIN_DAYS, day_type, load_forecast

TZ = ZoneInfo("Asia/Tokyo")
FRIDAY = date(2026, 11, 13)
WEEKDAY_SHAPE = 200.0 + 150.0 * np.sin(np.linspace(0, 2 * np.pi, 48))  # Wh per slot
HOLIDAY_SHAPE = np.linspace(100.0, 500.0, 48)


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def history_before(first: date, days: int, *, weekday=WEEKDAY_SHAPE, holiday=HOLIDAY_SHAPE,
                   noise: float = 0.0, seed: int = 0) -> dict[date, list[float]]:
    """``days`` complete days before ``first``, each its type's shape (plus noise)."""
    rng = np.random.default_rng(seed)
    out = {}
    for k in range(1, days + 1):
        day = first - timedelta(days=k)
        shape = holiday if day_type(day) is DayType.HOLIDAY else weekday
        out[day] = list(shape + rng.normal(0.0, noise, 48))
    return out


def test_day_types_follow_the_japanese_calendar() -> None:
    assert day_type(date(2026, 11, 13)) is DayType.WEEKDAY  # a Friday
    assert day_type(date(2026, 11, 14)) is DayType.HOLIDAY  # Saturday
    assert day_type(date(2026, 11, 15)) is DayType.HOLIDAY  # Sunday
    assert day_type(date(2026, 11, 3)) is DayType.HOLIDAY  # 文化の日, a Tuesday
    assert day_type(date(2026, 5, 6)) is DayType.HOLIDAY  # 振替休日 (Wednesday)
    assert day_type(date(2026, 11, 4)) is DayType.WEEKDAY


def weekdays_only(days: list[date]) -> dict[date, list[float]]:
    return {d: list(WEEKDAY_SHAPE) for d in days}


def test_four_weekdays_are_not_enough_five_are() -> None:
    # Mon 9 - Thu 12 November: four weekdays before Friday the 13th.
    four = weekdays_only([date(2026, 11, d) for d in (9, 10, 11, 12)])
    outlook = load_forecast(four, at(FRIDAY), slots=48)
    assert outlook.forecast is None
    assert outlook.shortages == (LearningShortage(DayType.WEEKDAY, 4, MIN_DAYS),)

    five = weekdays_only([date(2026, 11, d) for d in (6, 9, 10, 11, 12)])
    outlook = load_forecast(five, at(FRIDAY), slots=48)
    assert outlook.shortages == ()
    assert outlook.forecast is not None and len(outlook.forecast.wh) == 48


def test_a_national_holiday_counts_as_a_holiday() -> None:
    # Four weekend days and 文化の日 (Tue 3 November): five holiday days.
    holiday_days = [date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 3),
                    date(2026, 11, 7), date(2026, 11, 8)]
    history = {d: list(HOLIDAY_SHAPE) for d in holiday_days}
    saturday = date(2026, 11, 14)
    outlook = load_forecast(history, at(saturday), slots=48)
    assert outlook.forecast is not None
    np.testing.assert_allclose(outlook.forecast.wh, HOLIDAY_SHAPE, atol=0.1)
    # Without the holiday only four: 学習データ不足 for holidays.
    del history[date(2026, 11, 3)]
    outlook = load_forecast(history, at(saturday), slots=48)
    assert outlook.shortages == (LearningShortage(DayType.HOLIDAY, 4, MIN_DAYS),)


def test_the_days_pattern_is_learned_through_the_noise() -> None:
    history = history_before(FRIDAY, 42, noise=60.0, seed=7)
    wh = np.array(load_forecast(history, at(FRIDAY), slots=48).forecast.wh)
    assert np.abs(wh - WEEKDAY_SHAPE).mean() < 25.0  # single days are off by ~48 on average
    assert np.corrcoef(wh, WEEKDAY_SHAPE)[0, 1] > 0.95


def test_a_forecast_across_midnight_changes_day_type() -> None:
    history = history_before(FRIDAY, 28)
    outlook = load_forecast(history, at(FRIDAY, 12), slots=48)  # Fri 12:00 - Sat 12:00
    wh = np.array(outlook.forecast.wh)
    np.testing.assert_allclose(wh[:24], WEEKDAY_SHAPE[24:], atol=0.1)  # Friday afternoon
    np.testing.assert_allclose(wh[24:], HOLIDAY_SHAPE[:24], atol=0.1)  # Saturday morning
    assert outlook.forecast.start == at(FRIDAY, 12)


def test_only_the_days_the_forecast_covers_need_data() -> None:
    # Plenty of weekdays, three holidays: Friday alone is fine, Friday into Saturday is not.
    history = {d: v for d, v in history_before(FRIDAY, 28).items()
               if day_type(d) is DayType.WEEKDAY or d > FRIDAY - timedelta(days=8)}
    assert load_forecast(history, at(FRIDAY), slots=48).forecast is not None
    outlook = load_forecast(history, at(FRIDAY), slots=96)
    assert outlook.forecast is None
    assert outlook.shortages == (LearningShortage(DayType.HOLIDAY, 2, MIN_DAYS),)


def test_recent_days_count_more_and_the_future_not_at_all() -> None:
    history = history_before(FRIDAY, 42)
    for day in list(history):
        if day < FRIDAY - timedelta(days=14):
            history[day] = list(np.array(history[day]) + 300.0)  # the household changed
    # A day on or after the start (a clock gone wrong, a re-run) is no evidence.
    for k in range(0, 7):
        history[FRIDAY + timedelta(days=k)] = [5000.0] * 48
    wh = np.array(load_forecast(history, at(FRIDAY), slots=48).forecast.wh)
    # Four weeks of the old habit weigh less than the last two of the new one.
    shift = wh - WEEKDAY_SHAPE
    assert np.ptp(shift) < 0.2 and 0.0 < shift[0] < 150.0  # (rounded to 0.1 Wh)


def test_the_day_keeps_its_energy_when_the_peaks_wander() -> None:
    # Each evening one 2 kWh half hour (a bath, a dryer, a car) at another time: a slot
    # median would see none of them; the plan needs the energy.
    rng = np.random.default_rng(3)
    history = {}
    for k in range(1, 29):
        day = FRIDAY - timedelta(days=k)
        wh = np.full(48, 150.0)
        wh[rng.integers(36, 44)] += 2000.0
        history[day] = list(wh)
    wh = np.array(load_forecast(history, at(FRIDAY), slots=48).forecast.wh)
    assert sum(wh) == pytest.approx(48 * 150.0 + 2000.0, abs=1.0)
    assert wh[36:44].sum() == pytest.approx(8 * 150.0 + 2000.0, abs=1.0)


def test_the_parts_the_plan_schedules_come_off_exactly() -> None:
    # The house learnt whole, less the EcoCute's heating and the car learnt from their own
    # series (as the control loop does it): the house without them, learnt directly.
    rng = np.random.default_rng(5)
    house, heating, car, whole = {}, {}, {}, {}
    for k in range(1, 57):
        day = FRIDAY - timedelta(days=k)
        h = 150.0 + rng.gamma(2.0, 60.0, 48)
        e = np.zeros(48)
        e[46 - rng.integers(0, 10):46] = 750.0  # a night refill of varying length
        c = np.zeros(48)
        if rng.random() < 0.4:
            c[38:38 + rng.integers(2, 8)] = 1500.0  # an evening session
        house[day], heating[day], car[day] = list(h), list(e), list(c)
        whole[day] = list(h + e + c)
    start = at(FRIDAY, 13)

    def learnt(history) -> np.ndarray:
        return np.array(load_forecast(history, start, slots=96).forecast.wh)

    net = net_load(learnt(whole), learnt(heating), learnt(car))
    np.testing.assert_allclose(net, learnt(house), atol=0.2)  # each rounded to 0.1 Wh
    assert learnt(car).sum() > 1000.0 and learnt(heating).sum() > 4000.0


def test_history_days_must_be_complete_and_start_a_half_hour() -> None:
    history = history_before(FRIDAY, 14)
    history[FRIDAY - timedelta(days=1)] = [100.0] * 47
    with pytest.raises(ValueError, match="47 slots"):
        load_forecast(history, at(FRIDAY))
    with pytest.raises(ValueError, match="half-hour"):
        load_forecast(history_before(FRIDAY, 14), at(FRIDAY, 10, 15))
