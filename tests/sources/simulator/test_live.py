"""instant(): live readings that wobble within the minute and average to evaluate()."""

from __future__ import annotations

import numpy as np
import pytest

from app.domain import series as s
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.sources.simulator.conftest import local_minute

CIRCUIT_AND_LOAD_KEYS = (s.CONSUMPTION, s.PV, "circuit.main1", "circuit.main2")
EV_KEY = "circuit.sp6"


@pytest.fixture(scope="module")
def home() -> SimulatedHome:
    return SimulatedHome(HomeConfig(seed=8))


# Sunny noon (PV and selling), an evening (battery and fuel cell), a winter night (buying).
MINUTES = [local_minute(2026, 5, 12, 11, 40), local_minute(2026, 11, 5, 19, 15),
           local_minute(2026, 1, 20, 23, 30)]


def seconds_of(minute: int, count: int = 60) -> np.ndarray:
    return minute * 60 + np.arange(count) * (60.0 / count)


@pytest.mark.parametrize("minute", MINUTES)
def test_instants_average_to_the_minute_value(home: SimulatedHome, minute: int) -> None:
    mean = home.evaluate(minute, 1)
    readings = [home.instant(t) for t in seconds_of(minute)]
    for spec in home.series:
        live = np.mean([r[spec.key] for r in readings])
        exact = spec.key.startswith("circuit.") or spec.key in CIRCUIT_AND_LOAD_KEYS
        tolerance = 1e-9 * max(1.0, mean[spec.key][0]) if exact else 0.03 * mean[s.CONSUMPTION][0]
        assert live == pytest.approx(mean[spec.key][0], abs=tolerance), spec.key


@pytest.mark.parametrize("minute", MINUTES)
def test_every_instant_is_balanced_and_physical(home: SimulatedHome, minute: int) -> None:
    for t in seconds_of(minute, 20):
        r = home.instant(t)
        assert set(r) == {spec.key for spec in home.series}
        sources = r[s.PV] + r[s.FUEL_CELL] + r[s.GRID_BUY] + r[s.BATTERY_DISCHARGE]
        sinks = r[s.CONSUMPTION] + r[s.GRID_SELL] + r[s.BATTERY_CHARGE]
        assert sources == pytest.approx(sinks, abs=1e-6)
        assert r[s.CONSUMPTION] == pytest.approx(r["circuit.main1"] + r["circuit.main2"])
        assert not (r[s.GRID_BUY] > 0 and r[s.GRID_SELL] > 0)
        assert all(v >= 0 for v in r.values())
        assert r[s.EV_CHARGE] == r[EV_KEY]


def test_live_numbers_move_by_a_few_percent(home: SimulatedHome) -> None:
    minute = MINUTES[1]
    mean = home.evaluate(minute, 1)[s.CONSUMPTION][0]
    every_3s = [home.instant(t)[s.CONSUMPTION] for t in seconds_of(minute, 20)]
    assert len(set(every_3s)) == 20  # it moves between polls
    deviation = np.abs(np.array(every_3s) / mean - 1)
    assert 0.002 < deviation.max() < 0.05


def test_instant_is_deterministic_and_follows_the_minute(home: SimulatedHome) -> None:
    other = SimulatedHome(HomeConfig(seed=8))
    t = MINUTES[0] * 60 + 17.5
    assert home.instant(t) == other.instant(t)
    assert home.instant(t) != home.instant(t + 60)
