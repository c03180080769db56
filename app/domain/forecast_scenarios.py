"""A few forecast-error scenarios, learnt from how the panel's own day-ahead forecasts
compared with the measured days (`DayAccuracy`, both kinds of one day paired).

Each past day gives a pair of ratios (measured / forecast) for PV and for the load. The
days are ranked by what their errors did to the home's net need (more load and less PV:
a short day), cut into `count` groups of about equal size, and each group becomes one
scenario: its measured over its forecast energy, for PV and for the load, with its share
of the days as probability. Keeping a day's two
ratios together keeps their correlation (a cloudy day is often a day at home).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.domain.energy_forecast import DayAccuracy, ForecastKind

MIN_DAYS = 7  # fewer judged days: no scenarios (the point forecast is planned)
LEARN_DAYS = 28  # the judged days learnt from (the bench: 28 hedged better than 14)
SCENARIOS = 7  # the bench: 5-7 hedged best; 7 is about 4 days each, ~30 ms a plan
MAX_RATIO = 3.0  # a day's ratio is clipped here (a forecast of almost nothing)
MIN_FORECAST_KWH = 0.5  # a day forecast below this gives no ratio (1.0 is taken)


@dataclass(frozen=True, slots=True)
class Scenario:
    """The forecasts times these factors, with this probability."""

    probability: float
    pv_factor: float = 1.0
    load_factor: float = 1.0

    def __post_init__(self) -> None:
        for name in ("probability", "pv_factor", "load_factor"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"scenario {name} must be a number >= 0, not {value!r}")
        if self.probability <= 0 or self.probability > 1:
            raise ValueError(f"scenario probability must be in (0, 1], not {self.probability}")


def _ratio(row: DayAccuracy) -> float:
    if row.forecast_kwh < MIN_FORECAST_KWH:
        return 1.0
    return min(max(row.actual_kwh / row.forecast_kwh, 0.0), MAX_RATIO)


def learnt_scenarios(accuracy: Sequence[DayAccuracy], count: int = SCENARIOS,
                     min_days: int = MIN_DAYS) -> tuple[Scenario, ...]:
    """`count` scenarios from the judged days (any order), or () with too few days."""
    pv = {a.day: a for a in accuracy if a.kind is ForecastKind.SOLAR}
    load = {a.day: a for a in accuracy if a.kind is ForecastKind.LOAD}
    days = sorted(pv.keys() & load.keys())
    if len(days) < max(min_days, count, 1):
        return ()
    pv_ratio = np.array([_ratio(pv[d]) for d in days])
    load_ratio = np.array([_ratio(load[d]) for d in days])
    # What each day's errors added to the net need (kWh): the ranking of the days.
    extra = np.array([load[d].forecast_kwh * (r_l - 1.0) - pv[d].forecast_kwh * (r_p - 1.0)
                      for d, r_p, r_l in zip(days, pv_ratio, load_ratio, strict=True)])
    order = np.argsort(-extra, kind="stable")  # the shortest days first
    groups = [g for g in np.array_split(order, count) if len(g)]
    pv_fc, pv_act = _totals(pv, days)
    load_fc, load_act = _totals(load, days)
    return tuple(Scenario(len(g) / len(days), _group_ratio(pv_fc[g], pv_act[g]),
                          _group_ratio(load_fc[g], load_act[g])) for g in groups)


def _totals(rows: dict, days: list) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([rows[d].forecast_kwh for d in days]),
            np.array([rows[d].actual_kwh for d in days]))


def _group_ratio(forecast: np.ndarray, actual: np.ndarray) -> float:
    """Measured over forecast energy of the group's days: a mean of the days' ratios
    would weigh a dull day's forecast of almost nothing like a sunny one's."""
    total = float(forecast.sum())
    if total < MIN_FORECAST_KWH * len(forecast):
        return 1.0
    return min(max(float(actual.sum()) / total, 0.0), MAX_RATIO)
