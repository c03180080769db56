"""The home's "now": one clock for every page and service, in the home's time zone.

The panel passes its clock (the wall clock, or an accelerated one) and tests pass
a pinned one, so nothing that depends on the date reads the machine's clock itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class HomeClock:
    now: Callable[[], float]  # unix seconds
    zone: ZoneInfo

    @classmethod
    def of(cls, now: Callable[[], float], timezone: str) -> HomeClock:
        return cls(now, ZoneInfo(timezone))

    def local_now(self) -> datetime:
        """Now as an aware datetime in the home's zone."""
        return datetime.fromtimestamp(self.now(), self.zone)

    def today(self) -> date:
        """The home's date now."""
        return self.local_now().date()
