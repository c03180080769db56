"""Where "now" comes from: the wall clock, or an accelerated one for demos and benchmarks."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Current time as unix seconds."""
        ...

    @property
    def speed(self) -> float:
        """Simulated seconds per real second (1.0 for the wall clock)."""
        ...


class SystemClock:
    speed = 1.0

    def now(self) -> float:
        return time.time()


class AcceleratedClock:
    """Starts at ``start`` (unix seconds) and runs ``speed`` times faster than real time.

    Built on time.monotonic(), so a wall-clock jump (NTP at boot) does not move it.
    """

    def __init__(self, start: float, speed: float) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._start = start
        self._speed = speed
        self._t0 = time.monotonic()

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def epoch(self) -> float:
        """Where it started: now() = epoch + (wall time since then) x speed."""
        return self._start

    def now(self) -> float:
        return self._start + (time.monotonic() - self._t0) * self._speed
