"""A fake AiSEG2 fed by a simulated home at a pinned moment, and a pinned monotonic clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.sources.aiseg2.fake import FakeAiseg2
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.fake_clock import FakeClock

# A sunny-season noon in the home's zone: PV, purchases and sales all move.
T0 = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp()


class Monotonic:
    """time.monotonic pinned: the test advances it; the fake's "slow" pages advance it."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def mono() -> Monotonic:
    return Monotonic()


@pytest.fixture
def home() -> SimulatedHome:
    return SimulatedHome(HomeConfig(seed=3, battery_capacity_wh=0.0))  # grid derivable


@pytest.fixture
def fake(home: SimulatedHome, mono: Monotonic) -> Iterator[FakeAiseg2]:
    server = FakeAiseg2(home, FakeClock(T0), history_days=3, sleep=mono.advance).start()
    yield server
    server.stop()
