"""Rollups kept incrementally equal a brute-force computation from the raw samples."""

from __future__ import annotations

import itertools
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.series import SeriesSpec
from app.store import Interval, Store, open_store

from . import brute_force
from .conftest import LEVEL, POWER, SPECS, TZ, VOLUME, minute_of

INTERVALS = (Interval.MIN30, Interval.DAY, Interval.MONTH)


def assert_matches(store: Store, spec: SeriesSpec, start_minute: int, truth: np.ndarray,
                   interval: Interval, start: datetime, end: datetime) -> None:
    tz = store.calendar.tz
    frame = store.rollup([spec.key], interval, start, end)
    expected = brute_force.rollup(spec, start_minute, truth, interval.value, tz)
    starts = frame.starts.tolist()
    # Every bucket that has data and starts in [start, end) is in the frame ...
    wanted = {b for b in expected if start.timestamp() <= b < end.timestamp()}
    assert wanted <= set(starts)
    # ... and the frame's buckets are consecutive local buckets.
    for a, b in itertools.pairwise(starts):
        assert brute_force.bucket_start(b // 60 - 1, interval.value, tz) == a
    for b, value, count in zip(starts, frame.values[spec.key], frame.counts[spec.key],
                               strict=True):
        exp_value, exp_count = expected.get(b, (float("nan"), 0))
        assert count == exp_count, (interval, b)
        if exp_count == 0:
            assert np.isnan(value)
        else:
            assert value == pytest.approx(exp_value, rel=1e-9, abs=1e-9), (interval, b)


def test_rollups_across_midnight_and_month_end_with_gaps(store: Store) -> None:
    rng = np.random.default_rng(7)
    t0 = minute_of(datetime(2026, 1, 30, 0, 0, tzinfo=TZ))
    n = 4 * 1440  # Jan 30 .. Feb 2, local
    data = {
        POWER.key: np.round(rng.uniform(0, 3000, n), 1),
        VOLUME.key: np.round(rng.uniform(0, 12, n), 1),
        LEVEL.key: np.round(rng.uniform(0, 100, n), 1),
    }
    for v in data.values():
        v[rng.random(n) < 0.05] = np.nan
        v[1440 + 600:1440 + 700] = np.nan  # a whole 30-minute bucket and more missing
    for day in range(4):  # one-day chunks, but offset by 7 h to straddle midnights
        a, b = max(day * 1440 - 420, 0), min((day + 1) * 1440 - 420, n)
        store.append(t0 + a, {k: v[a:b] for k, v in data.items()})
        store.flush()
    store.append(t0 + n - 420, {k: v[n - 420:] for k, v in data.items()})
    store.flush()
    start, end = datetime(2026, 1, 29, 12, tzinfo=TZ), datetime(2026, 2, 3, 6, tzinfo=TZ)
    for spec in (POWER, VOLUME, LEVEL):
        for interval in INTERVALS:
            assert_matches(store, spec, t0, data[spec.key], interval, start, end)
    thirty = store.rollup([POWER.key], Interval.MIN30, datetime(2026, 1, 31, 10, tzinfo=TZ),
                          datetime(2026, 1, 31, 12, tzinfo=TZ))
    assert thirty.counts[POWER.key][0] < 30 or thirty.counts[POWER.key].sum() < 120
    assert np.isnan(thirty.values[POWER.key][1:3]).all()  # the gap stays a gap
    assert (thirty.counts[POWER.key][1:3] == 0).all()
    month = store.rollup([POWER.key], Interval.MONTH, datetime(2026, 1, 1, tzinfo=TZ),
                         datetime(2026, 3, 1, tzinfo=TZ))
    assert month.starts.tolist() == [int(datetime(2026, 1, 1, tzinfo=TZ).timestamp()),
                                     int(datetime(2026, 2, 1, tzinfo=TZ).timestamp())]


def test_bucket_bounds_follow_start_le_bucket_lt_end(store: Store) -> None:
    t0 = minute_of(datetime(2026, 5, 1, tzinfo=TZ))
    store.append(t0, {"p": np.full(1440 * 3, 60.0)})
    store.flush()
    frame = store.rollup(["p"], "day", datetime(2026, 5, 1, 0, 0, 1, tzinfo=TZ),
                         datetime(2026, 5, 3, tzinfo=TZ))
    assert frame.starts.tolist() == [int(datetime(2026, 5, 2, tzinfo=TZ).timestamp())]
    assert frame.values["p"].tolist() == [1440.0]  # 60 W for 24 h = 1440 Wh
    utc = store.rollup(["p"], "day", datetime(2026, 4, 30, 15, tzinfo=ZoneInfo("UTC")),
                       datetime(2026, 5, 1, 15, tzinfo=ZoneInfo("UTC")))
    assert utc.starts.tolist() == [t0 * 60]  # aware datetimes in any zone mean the same
    with pytest.raises(ValueError, match="aware"):
        store.rollup(["p"], "day", datetime(2026, 5, 1), datetime(2026, 5, 2))


def test_daylight_saving_days_have_46_and_50_slots(tmp_path: Path) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    store = open_store(tmp_path / "berlin", timezone="Europe/Berlin")
    store.define_series(SPECS)
    for day in (datetime(2026, 3, 29, tzinfo=berlin), datetime(2026, 10, 25, tzinfo=berlin)):
        t0 = minute_of(day)
        truth = np.round(np.random.default_rng(1).uniform(0, 900, 3 * 1440), 1)
        store.append(t0 - 1440, {"p": truth})
        store.flush()
        for interval in INTERVALS:
            assert_matches(store, POWER, t0 - 1440, truth, interval, day - timedelta(days=1),
                           day + timedelta(days=2))
        slots = store.rollup(["p"], "30min", day, day + timedelta(days=1))
        assert len(slots) == (46 if day.month == 3 else 50)
    store.close()


WINDOWS = [
    ("Asia/Tokyo", datetime(2026, 1, 31, 21, 40)),
    ("Asia/Tokyo", datetime(2026, 12, 31, 22, 10)),
    ("Europe/Berlin", datetime(2026, 10, 25, 0, 50)),
]
N = 300


@st.composite
def appends(draw: st.DrawFn) -> list[tuple[int, np.ndarray, bool]]:
    ops = []
    for _ in range(draw(st.integers(1, 8))):
        start = draw(st.integers(-20, N - 1))
        length = draw(st.integers(1, N + 20 - start))
        tenths = draw(st.lists(st.one_of(st.integers(-20000, 200000), st.none()),
                               min_size=length, max_size=length))
        values = np.array([np.nan if t is None else t / 10 for t in tenths])
        ops.append((start, values, draw(st.booleans())))
    return ops


@given(window=st.sampled_from(WINDOWS), ops=appends())
@settings(max_examples=60, deadline=None)
def test_incremental_rollups_equal_brute_force(window: tuple[str, datetime],
                                               ops: list[tuple[int, np.ndarray, bool]]) -> None:
    tz_name, local_start = window
    tz = ZoneInfo(tz_name)
    t0 = minute_of(local_start.replace(tzinfo=tz)) - 20
    truth = np.full(N + 40, np.nan)  # later samples win, NaN never erases
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp), timezone=tz_name)
        store.define_series(SPECS)
        for start, values, flush in ops:
            store.append(t0 + 20 + start, {"p": values, "soc": values})
            seg = truth[20 + start:20 + start + len(values)]
            seg[~np.isnan(values)] = values[~np.isnan(values)]
            if flush:
                store.flush()
        store.flush()
        raw = store.raw(["p"], t0, t0 + len(truth)).values["p"]
        assert np.array_equal(np.isnan(raw), np.isnan(truth))
        assert np.allclose(raw[~np.isnan(raw)], truth[~np.isnan(truth)], rtol=0, atol=1e-9)
        middle = datetime.fromtimestamp(t0 * 60, tz)
        for spec in (POWER, LEVEL):
            for interval, margin in zip(INTERVALS, (1, 3, 62), strict=True):
                assert_matches(store, spec, t0, truth, interval,
                               middle - timedelta(days=margin), middle + timedelta(days=margin))
        store.close()
