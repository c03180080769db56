"""The control bench's oracle (`day_scaled`): each local day of the horizon carries the
energy that day actually brought, in the forecast's own shape."""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np

from tests.bench.bench_control import ZONE, day_scaled

START = datetime.combine(date(2025, 6, 1), time(20), tzinfo=ZONE)  # 8 slots left today


def days_of(values: np.ndarray) -> list[np.ndarray]:
    return [values[:8], values[8:56], values[56:]]


def test_each_day_takes_its_actual_energy_in_the_forecasts_shape() -> None:
    rng = np.random.default_rng(7)
    forecast = rng.uniform(50.0, 900.0, 96)
    kept = forecast.copy()
    actual = rng.uniform(0.0, 1200.0, 96)
    out = day_scaled(forecast, actual, START)
    for got, fc, act in zip(days_of(out), days_of(forecast), days_of(actual), strict=True):
        assert abs(got.sum() - act.sum()) < 1e-6
        ratio = got / fc
        assert np.allclose(ratio, ratio[0])  # the forecast's shape, one factor a day
        assert not np.isclose(ratio[0], 1.0)
    assert np.array_equal(forecast, kept)  # the forecast itself left alone


def test_a_day_forecast_at_nothing_takes_the_actual() -> None:
    forecast = np.zeros(96)
    forecast[8:56] = 100.0
    actual = np.full(96, 30.0)
    out = day_scaled(forecast, actual, START)
    assert np.array_equal(out[:8], actual[:8])  # tonight: nothing forecast, the actual
    assert np.allclose(out[8:56], 30.0)  # tomorrow: flat forecast, its actual energy
    assert np.array_equal(out[56:], actual[56:])


def test_a_horizon_from_midnight_is_whole_days() -> None:
    midnight = datetime.combine(date(2025, 6, 1), time(0), tzinfo=ZONE)
    forecast = np.arange(1.0, 97.0)
    actual = np.concatenate([np.full(48, 2.0), np.full(48, 3.0)])
    out = day_scaled(forecast, actual, midnight)
    assert abs(out[:48].sum() - 96.0) < 1e-9
    assert abs(out[48:].sum() - 144.0) < 1e-9
