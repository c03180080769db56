"""How the household's load follows the outdoor temperature: the load forecast's weather part.

Air conditioners heat and cool, a carpet warms winter evenings, pipes are kept from
freezing: a house uses more the further the day is from mild. A recency-weighted mean of
the last weeks lags a cold spell and misses a warm day in winter (on the simulated home
its day energy was off by 21 % a day; with the temperature forecast, 14 %).

Per slot of the day, the load is fitted as the weighted mean plus a sensitivity to the
slot's heating degrees (``HEATING_BASE_C`` - °C, when colder) and cooling degrees (°C -
``COOLING_BASE_C``, when warmer), apart: a linear ridge regression centred on the
learned days (same weights as the mean), the slot's neighbours (``NEIGHBOUR_SLOTS``)
pooled in, since a half hour alone is too spiky to fit. Ridge (``RIDGE_C2``, in °C²)
pulls the sensitivities to nothing where the days' temperatures hardly varied; with no
temperatures for the day ahead, or fewer than ``MIN_FIT_DAYS`` learned days that have
them, the forecast is the mean, exactly.

Being linear in the loads (the same days, weights and temperatures give the same
coefficients), the fit of the house less a part (the EcoCute's heating, the fuel cell)
is the fit of the house less the fit of the part, as ``control_inputs.net_load`` needs.

Temperatures: °C per hour, keyed by the hour's start (aware); a slot takes its hour's
(the UTC hour it starts in).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo

import numpy as np

from app.domain.energy_forecast import SLOT, SLOTS_PER_DAY

HEATING_BASE_C = 16.0  # the simulated home: 14-18 fitted alike, 16 best
COOLING_BASE_C = 24.0
RIDGE_C2 = 0.3  # °C² of (weighted) degree variance: 0.1-1 fitted alike
NEIGHBOUR_SLOTS = 1  # each side: a slot's sensitivity is learnt over 1.5 h
MIN_FIT_DAYS = 14


class HourlyTemperatures:
    """Outdoor °C per hour, and each local day's 48 slots of them (each slot its hour's,
    NaN where the hour is unknown), looked up once per day: one set of temperatures
    serves the forecasts of several series."""

    def __init__(self, by_epoch_hour: Mapping[int, float]) -> None:
        self._hourly = by_epoch_hour  # hours since 1970 (UTC) -> °C
        self._days: dict[tuple[date, tzinfo], np.ndarray] = {}

    @classmethod
    def of(cls, temperatures: Mapping[datetime, float]) -> HourlyTemperatures:
        """From °C keyed by the hours' starts (aware)."""
        return cls({int(moment.timestamp()) // 3600: value
                    for moment, value in temperatures.items()})

    def day(self, day: date, zone: tzinfo) -> np.ndarray:
        got = self._days.get((day, zone))
        if got is None:
            got = self._days[(day, zone)] = self._slots(day, zone)
            got.flags.writeable = False
        return got

    def _slots(self, day: date, zone: tzinfo) -> np.ndarray:
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone).timestamp()
        out = np.full(SLOTS_PER_DAY, np.nan)
        step = SLOT.total_seconds()
        for k in range(SLOTS_PER_DAY):
            value = self._hourly.get(int(midnight + k * step) // 3600)
            if value is not None:
                out[k] = value
        return out


def degrees(temps: np.ndarray) -> np.ndarray:
    """(..., 2): heating and cooling degrees of each temperature."""
    return np.stack([np.maximum(HEATING_BASE_C - temps, 0.0),
                     np.maximum(temps - COOLING_BASE_C, 0.0)], axis=-1)


def weighted_mean(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The load forecast without weather: (days, 48) and (days,) -> (48,)."""
    return weights @ values / weights.sum()


def adjusted_profile(values: np.ndarray, weights: np.ndarray, temps: np.ndarray | None,
                     target: np.ndarray | None) -> np.ndarray:
    """The target day's 48 slots: the weighted mean of `values` (days, 48), moved by the
    fitted sensitivity to the target's temperatures.

    `temps`: (days, 48) °C of the learned days (a day with any NaN is not fitted on);
    `target`: (48,) °C of the day forecast (a NaN slot keeps the mean)."""
    mean = weighted_mean(values, weights)
    if temps is None or target is None or not np.isfinite(target).any():
        return mean
    whole = np.isfinite(temps).all(axis=1)
    if int(whole.sum()) < MIN_FIT_DAYS:
        return mean
    y, w = values[whole], weights[whole] / weights[whole].sum()
    x = degrees(temps[whole])  # (n, 48, 2)
    xc = x - np.einsum("n,nsk->sk", w, x)
    yc = y - w @ y
    # Per slot, its neighbours pooled: the normal equations summed over the window.
    xx = np.einsum("n,nsk,nsl->skl", w, xc, xc)
    xy = np.einsum("n,nsk,ns->sk", w, xc, yc)
    pooled_xx, pooled_xy, width = _pooled(xx), _pooled(xy), _pooled(np.ones(SLOTS_PER_DAY))
    a = pooled_xx / width[:, None, None] + RIDGE_C2 * np.eye(2)
    b = np.linalg.solve(a, (pooled_xy / width[:, None])[..., None])[..., 0]  # (48, 2)
    shift = np.einsum("sk,sk->s", degrees(target) - np.einsum("n,nsk->sk", w, x), b)
    moved = np.maximum(mean + np.nan_to_num(shift, nan=0.0), 0.0)
    return np.where(np.isfinite(target), moved, mean)


def _pooled(a: np.ndarray) -> np.ndarray:
    """Each slot's sum with its `NEIGHBOUR_SLOTS` neighbours each side (within the day)."""
    out = a.copy()
    for k in range(1, NEIGHBOUR_SLOTS + 1):
        out[k:] += a[:-k]
        out[:-k] += a[k:]
    return out
