"""A clock the test sets by hand (satisfies app.sources.clock.Clock)."""

from __future__ import annotations


class FakeClock:
    speed = 1.0

    def __init__(self, t: float) -> None:
        self.t = t

    def now(self) -> float:
        return self.t
