"""Seeded randomness that depends only on (seed, day, component), never on call order.

Every random draw comes from a fresh generator keyed by the home's seed, the
local day ordinal and a stable component id (CRC-32 of its name: Python's
``hash`` of a string differs between processes). So any day can be rebuilt
alone, in any process, in any order.
"""

from __future__ import annotations

import math
import zlib
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=512)
def component_id(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def day_rng(seed: int, ordinal: int, component: str) -> np.random.Generator:
    return np.random.default_rng((seed, ordinal, component_id(component)))


def minute_rng(seed: int, minute: int, component: str) -> np.random.Generator:
    """Generator for one UTC minute (offset so that minutes before 1970 stay >= 0)."""
    return np.random.default_rng((seed, minute + (1 << 40), component_id(component)))


@lru_cache(maxsize=4096)
def daily_normal(seed: int, ordinal: int, component: str) -> float:
    """One standard-normal number per day and component."""
    return float(day_rng(seed, ordinal, component).standard_normal())


_SPELL_WEIGHTS = (1.0, 2.0, 3.0, 2.0, 1.0)
_SPELL_NORM = math.sqrt(sum(w * w for w in _SPELL_WEIGHTS))


def spell_normal(seed: int, ordinal: int, component: str) -> float:
    """Standard-normal number correlated over ~3 days (weather comes in spells).

    A weighted sum of the daily numbers of the neighbouring days: stateless, so
    day d never depends on having simulated day d-1 first.
    """
    half = len(_SPELL_WEIGHTS) // 2
    total = sum(w * daily_normal(seed, ordinal + k - half, component)
                for k, w in enumerate(_SPELL_WEIGHTS))
    return total / _SPELL_NORM


def normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def smooth_noise(rng: np.random.Generator, n: int, width_minutes: float) -> np.ndarray:
    """Zero-mean, unit-variance noise correlated over about ``width_minutes``."""
    half = max(1, int(2 * width_minutes))
    k = np.arange(-half, half + 1, dtype=np.float64)
    kernel = np.exp(-0.5 * (k / width_minutes) ** 2)
    kernel /= math.sqrt(float(np.sum(kernel * kernel)))
    white = rng.standard_normal(n + 2 * half)
    return np.convolve(white, kernel, mode="valid")
