"""How a day-ahead forecast of one day compared with what then happened."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from app.domain.energy_forecast import DayAccuracy, ForecastKind


def day_accuracy(kind: ForecastKind, day: date, forecast_wh: Sequence[float],
                 actual_wh: Sequence[float]) -> DayAccuracy:
    """MAE and bias (forecast - actual) per 30-minute slot, and the day's totals.

    ``forecast_wh`` and ``actual_wh`` are the same slots of ``day`` (48 for a whole day).
    """
    if len(forecast_wh) != len(actual_wh):
        raise ValueError(f"{len(forecast_wh)} forecast slots against {len(actual_wh)} actual")
    if not forecast_wh:
        raise ValueError("no slots to compare")
    forecast = np.asarray(forecast_wh, dtype=np.float64)
    actual = np.asarray(actual_wh, dtype=np.float64)
    error = forecast - actual
    return DayAccuracy(kind=kind, day=day, mae_wh=float(np.abs(error).mean()),
                       bias_wh=float(error.mean()), forecast_kwh=float(forecast.sum()) / 1000,
                       actual_kwh=float(actual.sum()) / 1000)
