"""A day-ahead forecast against what then happened."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.energy_forecast import ForecastKind
from app.domain.forecast_accuracy import day_accuracy

DAY = date(2026, 11, 13)


def test_mae_and_a_forecast_too_high() -> None:
    accuracy = day_accuracy(ForecastKind.SOLAR, DAY, [0.0, 500.0, 1000.0, 0.0],
                            [0.0, 300.0, 1100.0, 0.0])
    assert accuracy.kind is ForecastKind.SOLAR and accuracy.day == DAY
    assert accuracy.mae_wh == pytest.approx((200.0 + 100.0) / 4)
    assert accuracy.bias_wh == pytest.approx((200.0 - 100.0) / 4)  # > 0: forecast too high
    assert accuracy.forecast_kwh == pytest.approx(1.5)
    assert accuracy.actual_kwh == pytest.approx(1.4)


def test_a_forecast_too_low_has_a_negative_bias() -> None:
    accuracy = day_accuracy(ForecastKind.LOAD, DAY, [100.0] * 48, [150.0] * 48)
    assert accuracy.bias_wh == pytest.approx(-50.0)
    assert accuracy.mae_wh == pytest.approx(50.0)


def test_slots_must_pair_up() -> None:
    with pytest.raises(ValueError):
        day_accuracy(ForecastKind.LOAD, DAY, [1.0] * 48, [1.0] * 47)
    with pytest.raises(ValueError):
        day_accuracy(ForecastKind.LOAD, DAY, [], [])
