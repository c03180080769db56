"""Vectorised building blocks for load profiles over one local day.

A day is an array of per-minute means, index 0 = the minute after local
midnight. Events (a kettle boiling, a wash cycle) are few per day, so adding
them one by one is cheap; nothing here loops over minutes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from app.sources.simulator.randomness import smooth_noise

Session = tuple[float, float, float]  # (start minute, duration in minutes, power)


def between(tod: np.ndarray, start: float, end: float) -> np.ndarray:
    """start <= tod < end, wrapping past midnight when end < start."""
    if end >= start:
        return (tod >= start) & (tod < end)
    return (tod >= start) | (tod < end)


def add_pulse(out: np.ndarray, start: float, duration: float, value: float) -> None:
    """Add ``value`` over [start, start + duration), clipped to the day.

    Fractional edges count the covered part of the edge minutes, so a 2.5-minute
    kettle boil puts exactly 2.5 minutes of energy into the day.
    """
    end = start + duration
    n = out.shape[0]
    if duration <= 0 or end <= 0 or start >= n:
        return
    s, e = max(start, 0.0), min(end, float(n))
    i, j = int(np.floor(s)), int(np.ceil(e)) - 1
    if i == j:
        out[i] += value * (e - s)
        return
    out[i] += value * (i + 1 - s)
    out[i + 1:j] += value
    out[j] += value * (e - j)


def add_sessions(out: np.ndarray, sessions: Iterable[Session], shift: float = 0.0) -> None:
    for start, duration, power in sessions:
        add_pulse(out, start + shift, duration, power)


def minutes_since_start(on: np.ndarray) -> np.ndarray:
    """For each minute of a run of True, minutes since the run began (0 at its start)."""
    n = on.shape[0]
    idx = np.arange(n)
    starts = on & ~np.concatenate(([False], on[:-1]))
    last_start = np.maximum.accumulate(np.where(starts, idx, 0))
    return np.where(on, idx - last_start, 0)


def cycling(abs_minutes: np.ndarray, period: float, duty: np.ndarray | float,
            phase: float) -> np.ndarray:
    """Share of each minute that a thermostat-cycled device runs (0..1).

    Uses absolute minutes so the cycle runs on smoothly across midnight; the
    minute mean is the overlap of [m, m+1) with the on part of the period.
    """
    duty = np.clip(duty, 0.0, 1.0)
    pos = np.mod(abs_minutes + phase, period)  # position of the minute's start in the cycle
    on_len = duty * period
    # Overlap of [pos, pos+1) with [0, on_len) and with the next cycle's [period, period+on_len).
    first = np.clip(np.minimum(pos + 1.0, on_len) - pos, 0.0, 1.0)
    second = np.clip(pos + 1.0 - period, 0.0, None)
    second = np.minimum(second, on_len)
    return np.clip(first + second, 0.0, 1.0)


def modulate(rng: np.random.Generator, n: int, depth: float, width: float) -> np.ndarray:
    """Slow multiplicative wobble around 1 (inverter loads, TV brightness)."""
    return np.clip(1.0 + depth * smooth_noise(rng, n, width), 0.5, 1.5)


def meal_bursts(rng: np.random.Generator, out: np.ndarray, start: float, span: float,
                count: int, duration: tuple[float, float], power: tuple[float, float]) -> None:
    """``count`` short uses at random times within [start, start + span)."""
    for t in rng.uniform(start, start + span, count):
        add_pulse(out, float(t), float(rng.uniform(*duration)), float(rng.uniform(*power)))
