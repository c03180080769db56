"""Seeded weather with Tokyo's climate: daily sky type, temperature and passing clouds.

The climate is always Tokyo's (JMA normals 1991-2020); only the sun follows
the configured location. Daily values come in multi-day spells
(``spell_normal``); temperatures are interpolated between the noons of
neighbouring days so that there is no jump at midnight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from app.sources.simulator.randomness import (
    day_rng,
    normal_cdf,
    smooth_noise,
    spell_normal,
)

CLEAR, PARTLY_CLOUDY, CLOUDY, RAIN = "clear", "partly_cloudy", "cloudy", "rain"
CATEGORIES = (CLEAR, PARTLY_CLOUDY, CLOUDY, RAIN)

# Tokyo monthly normals: daily mean and daily range (max - min), °C.
_MEAN_C = (5.4, 6.1, 9.4, 14.3, 18.8, 21.9, 25.7, 26.9, 23.3, 18.0, 12.5, 7.7)
_RANGE_C = (8.6, 8.4, 8.2, 8.1, 7.7, 6.4, 6.9, 7.4, 6.6, 6.9, 7.7, 8.3)
# Probability of (clear, partly cloudy, cloudy, rain) per month: dry sunny
# winters, the rainy season (梅雨) in June and autumn rains (秋雨) in September.
_SKY_PROBS = (
    (0.55, 0.25, 0.12, 0.08), (0.45, 0.27, 0.15, 0.13), (0.32, 0.28, 0.22, 0.18),
    (0.30, 0.28, 0.22, 0.20), (0.30, 0.30, 0.22, 0.18), (0.12, 0.23, 0.35, 0.30),
    (0.25, 0.30, 0.25, 0.20), (0.35, 0.35, 0.18, 0.12), (0.18, 0.27, 0.30, 0.25),
    (0.25, 0.27, 0.27, 0.21), (0.40, 0.28, 0.18, 0.14), (0.55, 0.25, 0.12, 0.08),
)
_RANGE_FACTOR = {CLEAR: 1.25, PARTLY_CLOUDY: 1.0, CLOUDY: 0.7, RAIN: 0.45}
_MEAN_OFFSET = {CLEAR: 0.3, PARTLY_CLOUDY: 0.0, CLOUDY: -0.4, RAIN: -1.3}
_CLEAR_DIFFUSE_SHARE = 0.12  # about DHI / GHI under a clear sky


@dataclass(frozen=True, slots=True)
class DailyWeather:
    category: str
    mean_c: float  # daily mean temperature
    range_c: float  # daily max - min
    cloud_cover: float  # share of daylight under cloud (partly cloudy days)
    diffuse: float  # light under overcast, as a share of clear-sky GHI

    @property
    def max_c(self) -> float:
        return self.mean_c + self.range_c / 2

    @property
    def min_c(self) -> float:
        return self.mean_c - self.range_c / 2


def _climate(day: date) -> tuple[float, float]:
    """Normal (mean, range) for a date, interpolated between mid-months."""
    doy = day.timetuple().tm_yday
    x = [15.5 + 30.4 * i for i in range(-1, 13)]  # mid-month days, padded both ends
    means = [_MEAN_C[-1], *_MEAN_C, _MEAN_C[0]]
    ranges = [_RANGE_C[-1], *_RANGE_C, _RANGE_C[0]]
    return float(np.interp(doy, x, means)), float(np.interp(doy, x, ranges))


@lru_cache(maxsize=1024)
def daily_weather(seed: int, ordinal: int) -> DailyWeather:
    day = date.fromordinal(ordinal)
    u = normal_cdf(spell_normal(seed, ordinal, "weather.sky"))
    probs = _SKY_PROBS[day.month - 1]
    category = RAIN
    cumulative = 0.0
    for name, p in zip(CATEGORIES, probs, strict=True):
        cumulative += p
        if u < cumulative:
            category = name
            break
    rng = day_rng(seed, ordinal, "weather.day")
    normal_mean, normal_range = _climate(day)
    mean = normal_mean + 2.2 * spell_normal(seed, ordinal, "weather.temp")
    mean += _MEAN_OFFSET[category]
    spread = normal_range * _RANGE_FACTOR[category] * (1.0 + 0.12 * rng.standard_normal())
    cover = float(rng.uniform(0.25, 0.6)) if category == PARTLY_CLOUDY else 0.0
    diffuse = {CLEAR: 1.0, PARTLY_CLOUDY: 1.0, CLOUDY: float(rng.uniform(0.2, 0.4)),
               RAIN: float(rng.uniform(0.07, 0.17))}[category]
    return DailyWeather(category, mean, max(1.5, spread), cover, diffuse)


def _diurnal_shape(hours: np.ndarray) -> np.ndarray:
    """-1 at 05:30 (coldest), +1 at 14:30 (warmest); slow fall through the night."""
    h = np.mod(hours - 5.5, 24.0)
    rising = -np.cos(np.pi * h / 9.0)
    falling = np.cos(np.pi * (h - 9.0) / 15.0)
    return np.where(h < 9.0, rising, falling)


def temperature(seed: int, ordinal: int, tod: np.ndarray) -> np.ndarray:
    """Outdoor temperature (°C) at local minutes-of-day ``tod``."""
    prev, today, nxt = (daily_weather(seed, ordinal + k) for k in (-1, 0, 1))
    hours = tod / 60.0
    morning = hours < 12.0
    # Weight of the later noon: noon(d-1)->noon(d) before 12:00, then noon(d)->noon(d+1).
    w = np.where(morning, (hours + 12.0) / 24.0, (hours - 12.0) / 24.0)
    mean = np.where(morning, prev.mean_c + w * (today.mean_c - prev.mean_c),
                    today.mean_c + w * (nxt.mean_c - today.mean_c))
    spread = np.where(morning, prev.range_c + w * (today.range_c - prev.range_c),
                      today.range_c + w * (nxt.range_c - today.range_c))
    return mean + 0.5 * spread * _diurnal_shape(hours)


def sky_factors(seed: int, ordinal: int, n: int,
                weather: DailyWeather) -> tuple[np.ndarray, np.ndarray]:
    """Per-minute (beam, extra_diffuse) of the sky.

    Direct normal light is ``beam`` × clear-sky DNI; diffuse horizontal light is
    clear-sky DHI + ``extra_diffuse`` × clear-sky GHI (light scattered by clouds).
    """
    rng = day_rng(seed, ordinal, "weather.clouds")
    if weather.category == CLEAR:
        # A few thin high clouds: the beam dips by a few percent now and then.
        beam = 1.0 - 0.06 * np.clip(smooth_noise(rng, n, 20.0), 0.0, None)
        return beam, np.zeros(n)
    if weather.category == PARTLY_CLOUDY:
        # Cumulus passing over: the beam is blocked while a cloud covers the sun,
        # the bright cloud itself adds some diffuse light.
        noise = smooth_noise(rng, n, 6.0)
        threshold = _normal_quantile(1.0 - weather.cloud_cover)
        covered = np.clip((noise - threshold) * 3.0 + 0.5, 0.0, 1.0)
        return 1.0 - 0.88 * covered, 0.22 * covered
    # Overcast or rain: no beam; the grey sky's light drifts slowly.
    drift = 1.0 + 0.25 * smooth_noise(rng, n, 25.0)
    extra = np.clip(weather.diffuse * drift - _CLEAR_DIFFUSE_SHARE, 0.0, 1.0)
    return np.zeros(n), extra


def _normal_quantile(p: float) -> float:
    """Inverse of the standard normal CDF (bisection; called once per day)."""
    lo, hi = -8.0, 8.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if normal_cdf(mid) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def cold_water_c(day: date) -> float:
    """Tap water temperature: ~7 °C in February, ~27 °C in August."""
    doy = day.timetuple().tm_yday
    return 17.0 - 10.0 * math.cos(2.0 * math.pi * (doy - 45) / 365.0)
