"""The load forecast with the weather: the mean without it, the house's sensitivity with it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.control_inputs import net_load
from app.domain.energy_forecast import DayType
from app.domain.load_forecast import day_type, load_forecast
from app.domain.load_temperature import (
    COOLING_BASE_C,
    HEATING_BASE_C,
    MIN_FIT_DAYS,
    HourlyTemperatures,
)

TZ = ZoneInfo("Asia/Tokyo")
TARGET = date(2026, 1, 14)  # a Wednesday
SHAPE = 250.0 + 120.0 * np.sin(np.linspace(0, 2 * np.pi, 48))  # Wh per slot
HEAT_WH_PER_C = 40.0  # per slot and heating degree
COOL_WH_PER_C = 70.0


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TZ)


def hourly(day: date, temps: np.ndarray) -> dict[datetime, float]:
    """A local day's 24 hours of °C, keyed by their (UTC) hour starts."""
    return {(midnight(day) + timedelta(hours=h)).astimezone(UTC): float(temps[h])
            for h in range(24)}


def day_temps(mean_c: float) -> np.ndarray:
    return mean_c + 3.0 * np.sin(np.linspace(-np.pi / 2, 3 * np.pi / 2, 24))


def house(temps: np.ndarray) -> np.ndarray:
    """The known law: the shape plus heating and cooling degrees of each slot."""
    slot = np.repeat(temps, 2)
    return SHAPE + HEAT_WH_PER_C * np.maximum(HEATING_BASE_C - slot, 0.0) + \
        COOL_WH_PER_C * np.maximum(slot - COOLING_BASE_C, 0.0)


def learned(days: int, means: np.ndarray, noise: float, seed: int = 1
            ) -> tuple[dict[date, list[float]], dict[datetime, float]]:
    """`days` days before TARGET, each day's load the law of its temperatures plus noise."""
    rng = np.random.default_rng(seed)
    history, temperatures = {}, {}
    for k in range(1, days + 1):
        day = TARGET - timedelta(days=k)
        temps = day_temps(float(means[k - 1]))
        history[day] = list(house(temps) + rng.normal(0.0, noise, 48))
        temperatures |= hourly(day, temps)
    return history, temperatures


def test_without_temperatures_it_is_the_mean_exactly() -> None:
    means = np.random.default_rng(3).uniform(2.0, 14.0, 56)
    history, temperatures = learned(56, means, noise=30.0)
    plain = load_forecast(history, midnight(TARGET), slots=96)
    assert plain.forecast is not None
    # No temperatures at all, none for the days ahead, or the days ahead only.
    for given in (None, {}, temperatures,
                  hourly(TARGET, day_temps(0.0)) | hourly(TARGET + timedelta(days=1),
                                                           day_temps(0.0))):
        assert load_forecast(history, midnight(TARGET), slots=96,
                             temperatures=given) == plain


def test_too_few_days_with_temperatures_keep_the_mean() -> None:
    means = np.random.default_rng(4).uniform(2.0, 14.0, 56)
    history, temperatures = learned(56, means, noise=30.0)
    ahead = hourly(TARGET, day_temps(-2.0))
    few = {h: t for h, t in temperatures.items()
           if h >= midnight(TARGET - timedelta(days=MIN_FIT_DAYS - 1))}
    plain = load_forecast(history, midnight(TARGET), slots=48)
    assert load_forecast(history, midnight(TARGET), slots=48,
                         temperatures=few | ahead) == plain
    enough = {h: t for h, t in temperatures.items()
              if h >= midnight(TARGET - timedelta(days=2 * MIN_FIT_DAYS))}
    assert load_forecast(history, midnight(TARGET), slots=48,
                         temperatures=enough | ahead) != plain


def test_the_fit_recovers_a_known_heating_law_and_beats_the_mean() -> None:
    means = np.random.default_rng(5).uniform(3.0, 13.0, 56)  # a winter of spells
    history, temperatures = learned(56, means, noise=60.0)
    cold = day_temps(0.5)  # colder than most learned days
    truth = house(cold)
    plain = load_forecast(history, midnight(TARGET), slots=48)
    fitted = load_forecast(history, midnight(TARGET), slots=48,
                           temperatures=temperatures | hourly(TARGET, cold))
    assert plain.forecast is not None and fitted.forecast is not None
    mean_wh, fit_wh = np.array(plain.forecast.wh), np.array(fitted.forecast.wh)
    # The day's energy within 3 % (the mean misses by the cold spell's whole extra).
    assert abs(fit_wh.sum() - truth.sum()) < 0.03 * truth.sum()
    assert abs(mean_wh.sum() - truth.sum()) > 0.10 * truth.sum()
    assert np.abs(fit_wh - truth).mean() < 0.5 * np.abs(mean_wh - truth).mean()


def test_heating_and_cooling_are_fitted_apart() -> None:
    """A summer's learned days: the day ahead, hotter than them all, takes the cooling
    law's slope (the ridge shrinks it a little: a few percent short)."""
    means = np.random.default_rng(6).uniform(22.0, 29.0, 56)
    history, temperatures = learned(56, means, noise=40.0)
    hot = day_temps(30.0)
    plain = load_forecast(history, midnight(TARGET), slots=48).forecast
    fitted = load_forecast(history, midnight(TARGET), slots=48,
                           temperatures=temperatures | hourly(TARGET, hot)).forecast
    assert plain is not None and fitted is not None
    truth = house(hot).sum()
    assert abs(sum(fitted.wh) - truth) < 0.08 * truth
    assert abs(sum(fitted.wh) - truth) < 0.2 * abs(sum(plain.wh) - truth)


def test_a_slot_without_a_temperature_keeps_its_mean() -> None:
    means = np.random.default_rng(7).uniform(3.0, 13.0, 56)
    history, temperatures = learned(56, means, noise=30.0)
    ahead = hourly(TARGET, day_temps(0.0))
    morning = {h: t for h, t in ahead.items() if h < midnight(TARGET) + timedelta(hours=6)}
    plain = load_forecast(history, midnight(TARGET), slots=48).forecast
    part = load_forecast(history, midnight(TARGET), slots=48,
                         temperatures=temperatures | morning).forecast
    assert plain is not None and part is not None
    assert part.wh[12:] == plain.wh[12:]
    assert part.wh[:12] != plain.wh[:12]


def test_a_part_learnt_apart_comes_off_exactly_with_the_weather_too() -> None:
    """Linear in the loads: the house's fit less a part's fit is the fit of the house
    less the part (what `net_load` relies on)."""
    means = np.random.default_rng(8).uniform(3.0, 13.0, 56)
    history, temperatures = learned(56, means, noise=30.0)
    rng = np.random.default_rng(9)
    part = {d: list(0.3 * np.array(v) * rng.uniform(0.5, 1.0, 48)) for d, v in history.items()}
    rest = {d: list(np.array(v) - np.array(part[d])) for d, v in history.items()}
    temps = temperatures | hourly(TARGET, day_temps(1.0))

    def fit(h: dict[date, list[float]]) -> tuple[float, ...]:
        f = load_forecast(h, midnight(TARGET), slots=48, temperatures=temps).forecast
        assert f is not None
        return f.wh

    assert np.allclose(net_load(fit(history), fit(part), None, None), fit(rest), atol=0.2)


def test_day_types_fit_apart() -> None:
    """Only the target's type's days are fitted: a holiday's doubled load on the learned
    holidays moves no weekday."""
    means = np.random.default_rng(10).uniform(3.0, 13.0, 56)
    history, temperatures = learned(56, means, noise=30.0)
    busy = {d: list(2 * np.array(v)) if day_type(d) is DayType.HOLIDAY else v
            for d, v in history.items()}
    temps = temperatures | hourly(TARGET, day_temps(1.0))
    one = load_forecast(history, midnight(TARGET), slots=48, temperatures=temps)
    two = load_forecast(busy, midnight(TARGET), slots=48, temperatures=temps)
    assert one == two


def test_slots_take_their_hours_temperature() -> None:
    temps = hourly(TARGET, np.arange(24.0))
    got = HourlyTemperatures.of(temps).day(TARGET, TZ)
    assert list(got[:6]) == [0.0, 0.0, 1.0, 1.0, 2.0, 2.0]
    assert np.isnan(HourlyTemperatures({}).day(TARGET, TZ)).all()


def test_one_set_of_temperatures_serves_several_forecasts() -> None:
    means = np.random.default_rng(11).uniform(3.0, 13.0, 56)
    history, temperatures = learned(56, means, noise=30.0)
    temps = temperatures | hourly(TARGET, day_temps(1.0))
    shared = HourlyTemperatures.of(temps)
    for _ in range(2):
        assert load_forecast(history, midnight(TARGET), slots=48, temperatures=shared) == \
            load_forecast(history, midnight(TARGET), slots=48, temperatures=temps)
