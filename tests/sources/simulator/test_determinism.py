"""Same seed and time -> same numbers: across instances, chunkings, request orders, processes."""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import series as s
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.sources.simulator.conftest import local_minute

REPO = Path(__file__).resolve().parents[3]
BASE = local_minute(2026, 1, 1)


def assert_bitwise_equal(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        assert a[key].tobytes() == b[key].tobytes(), key


def digest(values: dict[str, np.ndarray]) -> str:
    h = hashlib.sha256()
    for key in sorted(values):
        h.update(key.encode())
        h.update(values[key].tobytes())
    return h.hexdigest()


def test_two_instances_give_the_same_numbers() -> None:
    start = local_minute(2026, 6, 10, 5, 17)
    a = SimulatedHome(HomeConfig(seed=11)).evaluate(start, 2 * 1440 + 33)
    b = SimulatedHome(HomeConfig(seed=11)).evaluate(start, 2 * 1440 + 33)
    assert_bitwise_equal(a, b)


def test_seeds_make_different_homes() -> None:
    start = local_minute(2026, 6, 10)
    a = SimulatedHome(HomeConfig(seed=11)).evaluate(start, 1440)
    b = SimulatedHome(HomeConfig(seed=12)).evaluate(start, 1440)
    assert not np.array_equal(a[s.CONSUMPTION], b[s.CONSUMPTION])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offset=st.integers(0, 364 * 1440), length=st.integers(1, 3 * 1440),
       cuts=st.lists(st.floats(0.0, 1.0), max_size=4),
       mode=st.sampled_from(["economy", "green"]))
def test_any_chunking_gives_the_same_numbers(offset: int, length: int, cuts: list[float],
                                             mode: str) -> None:
    """evaluate(s, n) == evaluate(s, k) + evaluate(s + k, n - k) + ..., bit for bit.

    Two fresh homes, so neither can lean on the other's cache.
    """
    cfg = HomeConfig(seed=3, battery_mode=mode)
    start = BASE + offset
    whole = SimulatedHome(cfg).evaluate(start, length)
    bounds = sorted({0, length, *(round(c * length) for c in cuts)})
    home = SimulatedHome(cfg)
    parts = [home.evaluate(start + a, b - a) for a, b in itertools.pairwise(bounds)]
    joined = {key: np.concatenate([p[key] for p in parts]) for key in whole}
    assert_bitwise_equal(whole, joined)


def test_minute_by_minute_matches_bulk_across_midnight() -> None:
    """Live use asks one minute at a time; it must see what a backfill wrote."""
    start = local_minute(2026, 2, 3, 23, 0)
    bulk = SimulatedHome(HomeConfig(seed=4)).evaluate(start, 120)
    home = SimulatedHome(HomeConfig(seed=4))
    steps = [home.evaluate(start + k, 1) for k in range(120)]
    assert_bitwise_equal(bulk, {k: np.concatenate([p[k] for p in steps]) for k in bulk})


def test_request_order_and_cache_do_not_matter() -> None:
    """Days asked for out of order, far apart (cache evicted), give the same numbers."""
    cfg = HomeConfig(seed=5, battery_mode="green")
    days = [local_minute(2026, 7, d) for d in (20, 3, 21, 9, 4)]
    home = SimulatedHome(cfg)
    shuffled = {day: home.evaluate(day, 1440) for day in days}
    for day in days:
        assert_bitwise_equal(shuffled[day], SimulatedHome(cfg).evaluate(day, 1440))


def test_returned_arrays_are_the_callers_own() -> None:
    home = SimulatedHome(HomeConfig(seed=6))
    start = local_minute(2026, 4, 1, 12)
    first = home.evaluate(start, 10)
    first[s.PV][:] = -1.0
    again = home.evaluate(start, 10)
    assert (again[s.PV] >= 0).all()


def test_empty_and_invalid_windows() -> None:
    home = SimulatedHome(HomeConfig(seed=6))
    empty = home.evaluate(BASE, 0)
    assert all(arr.shape == (0,) for arr in empty.values())
    assert set(empty) == {spec.key for spec in home.series}
    with pytest.raises(ValueError):
        home.evaluate(BASE, -1)


_CHILD = """
import hashlib, sys
from app.sources.simulator import HomeConfig, SimulatedHome
v = SimulatedHome(HomeConfig(seed=7)).evaluate(int(sys.argv[1]), int(sys.argv[2]))
h = hashlib.sha256()
for key in sorted(v):
    h.update(key.encode())
    h.update(v[key].tobytes())
print(h.hexdigest())
"""


def test_another_process_computes_the_same_numbers() -> None:
    """No dependence on per-process state such as Python's string hash seed."""
    start, minutes = local_minute(2026, 9, 14, 6), 1440
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(start), str(minutes)], env=env,
                         cwd=REPO, capture_output=True, text=True, check=True)
    here = SimulatedHome(HomeConfig(seed=7)).evaluate(start, minutes)
    assert out.stdout.strip() == digest(here)
