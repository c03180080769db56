"""Shared fixtures: one default home and its whole year 2026, evaluated once per session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.sources.simulator import HomeConfig, SimulatedHome
from app.sources.simulator.local_days import LocalCalendar
from app.sources.simulator.weather import daily_weather

TZ = ZoneInfo("Asia/Tokyo")
YEAR = 2026
SEED = 1


def local_minute(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    """UTC epoch minute of a Tokyo wall-clock time."""
    return int(datetime(year, month, day, hour, minute, tzinfo=TZ).timestamp() // 60)


@dataclass(frozen=True)
class Year:
    home: SimulatedHome
    start: int  # UTC minute of 1 January 00:00 local
    values: dict[str, np.ndarray]
    days: list[date]

    def daily(self, key: str) -> np.ndarray:
        """(365, 1440) view: row = local day, column = minute after local midnight."""
        return self.values[key].reshape(len(self.days), 1440)

    def categories(self) -> np.ndarray:
        return np.array([daily_weather(SEED, d.toordinal()).category for d in self.days])

    def mask(self, predicate) -> np.ndarray:
        return np.array([bool(predicate(d)) for d in self.days])


@pytest.fixture(scope="session")
def year() -> Year:
    home = SimulatedHome(HomeConfig(seed=SEED))
    start = local_minute(YEAR, 1, 1)
    days = [date(YEAR, 1, 1) + timedelta(days=k) for k in range(365)]
    return Year(home, start, home.evaluate(start, 365 * 1440), days)


@pytest.fixture(scope="session")
def calendar() -> LocalCalendar:
    return LocalCalendar("Asia/Tokyo")
