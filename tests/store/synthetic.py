"""Realistic-looking 1-minute data for store tests and measurements (numpy only).

Circuits: a slowly wandering standby/base load, a few watts of noise, and
appliances switching on and off (plateaus of hundreds of watts). PV follows
the sun with passing clouds; the battery level drifts; gas and water come in
bursts. Values are rounded to 0.1 like a real minute mean of integer watts.
"""

from __future__ import annotations

import numpy as np

from app.domain.series import HOME_SERIES, SeriesKind, SeriesSpec, circuit_series

CIRCUIT_KEYS = [f"main{i}" for i in (1, 2)] + [f"sp{i}" for i in range(1, 7)] + [
    f"br{i}" for i in range(1, 33)]
SPECS: list[SeriesSpec] = list(HOME_SERIES) + [circuit_series(k) for k in CIRCUIT_KEYS] + [
    SeriesSpec(f"extra.{i}", SeriesKind.POWER, "W") for i in range(4)]


def _circuit(rng: np.random.Generator, n: int) -> np.ndarray:
    base = rng.uniform(5, 150)
    walk = np.cumsum(rng.normal(0, 0.3, n))
    walk -= np.linspace(0, walk[-1], n)  # stays near the base over the day
    load = np.zeros(n)
    for _ in range(rng.poisson(4)):
        on = rng.integers(0, n)
        load[on:on + rng.integers(3, 120)] += rng.uniform(200, 1400)
    return np.maximum(base + walk + load + rng.normal(0, 2.0, n), 0.0)


def _pv(rng: np.random.Generator, n: int, start_minute: int) -> np.ndarray:
    local = (start_minute + np.arange(n) + 540) % 1440  # Japan time of day
    sun = np.clip(np.sin((local - 360) / 720 * np.pi), 0, None) ** 1.5
    clouds = np.clip(1 - np.abs(np.cumsum(rng.normal(0, 0.02, n))), 0.2, 1)
    return np.where(sun > 0, 4500 * sun * clouds + rng.normal(0, 5, n) * (sun > 0), 0.0)


def _bursts(rng: np.random.Generator, n: int, per_day: float, size: float) -> np.ndarray:
    out = np.zeros(n)
    for _ in range(rng.poisson(per_day * n / 1440)):
        at = rng.integers(0, n)
        out[at:at + rng.integers(2, 20)] = rng.uniform(0.5, 1.5) * size
    return out


def day_values(rng: np.random.Generator, start_minute: int, n: int = 1440,
               gap_rate: float = 0.001) -> dict[str, np.ndarray]:
    """One chunk of n minutes for every series in SPECS."""
    out: dict[str, np.ndarray] = {}
    for spec in SPECS:
        if spec.key == "pv":
            v = _pv(rng, n, start_minute)
        elif spec.kind is SeriesKind.LEVEL:
            v = np.clip(50 + np.cumsum(rng.normal(0, 0.2, n)), 0, 100)
        elif spec.kind is SeriesKind.VOLUME:
            v = _bursts(rng, n, 6, 8.0 if spec.key == "water" else 1.5)
        elif spec.key in ("fuelcell", "ev_charge", "battery_charge", "battery_discharge",
                          "grid_sell"):
            v = _bursts(rng, n, 2, 1500.0)
        else:
            v = _circuit(rng, n)
        v = np.round(v, 1)
        v[rng.random(n) < gap_rate] = np.nan
        out[spec.key] = v
    return out
