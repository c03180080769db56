"""Raw samples: append/flush/raw round trip, overwrites, gaps, odd chunkings, live, prune."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from app.store import Interval, Store, StoreError

from .conftest import TZ, minute_of

T0 = minute_of(datetime(2026, 1, 31, 22, 0, tzinfo=TZ))  # local 22:00 before a month change


def test_round_trip_with_gaps(store: Store) -> None:
    v = np.round(np.random.default_rng(1).normal(300, 50, 200), 1)
    v[[0, 5, 6, 7, 199]] = np.nan
    store.append(T0 + 13, {"p": v, "soc": np.full(200, 42.5)})
    store.flush()
    frame = store.raw(["p", "soc", "q"], T0, T0 + 240)
    assert frame.starts[0] == T0 * 60 and len(frame.starts) == 240
    assert np.diff(frame.starts).tolist() == [60] * 239
    got = frame.values["p"][13:213]
    assert np.array_equal(np.isnan(got), np.isnan(v))
    assert np.allclose(got[~np.isnan(v)], v[~np.isnan(v)], atol=1e-9)
    assert np.isnan(frame.values["p"][:13]).all() and np.isnan(frame.values["p"][213:]).all()
    assert frame.counts["p"].sum() == 195 and frame.counts["soc"].sum() == 200
    assert np.isnan(frame.values["q"]).all() and frame.counts["q"].sum() == 0


def test_unflushed_samples_are_not_visible(store: Store) -> None:
    store.append(T0, {"p": np.ones(10)})
    assert store.last_minute() is None
    assert np.isnan(store.raw(["p"], T0, T0 + 10).values["p"]).all()
    store.flush()
    assert store.last_minute() == T0 + 9


def test_overwrite_replaces_and_nan_does_not_erase(store: Store) -> None:
    store.append(T0, {"p": np.full(120, 10.0)})
    store.flush()
    patch = np.full(30, 20.0)
    patch[:5] = np.nan
    store.append(T0 + 50, {"p": patch})
    store.append(T0 + 70, {"p": np.full(3, 30.0)})  # same flush: later append wins
    store.flush()
    got = store.raw(["p"], T0, T0 + 120).values["p"]
    expected = np.full(120, 10.0)
    expected[55:80] = 20.0
    expected[70:73] = 30.0
    assert np.array_equal(got, expected)
    day = store.rollup(["p"], Interval.DAY, datetime(2026, 1, 31, tzinfo=TZ),
                       datetime(2026, 2, 1, tzinfo=TZ))
    assert day.values["p"][0] == pytest.approx(expected.sum() / 60)
    assert day.counts["p"][0] == 120  # overwritten minutes are not counted twice


def test_rerunning_a_backfill_changes_nothing(store: Store) -> None:
    v = np.random.default_rng(2).uniform(0, 1000, 3000)
    for _ in range(2):
        store.append(T0, {"p": v})
        store.flush()
    month = store.rollup(["p"], Interval.MONTH, datetime(2026, 1, 1, tzinfo=TZ),
                         datetime(2026, 3, 1, tzinfo=TZ))
    assert month.counts["p"].sum() == 3000
    raw = store.raw(["p"], T0, T0 + 3000).values["p"]
    assert np.nansum(month.values["p"]) == pytest.approx(raw.sum() / 60)


def test_out_of_order_chunks_straddling_hours_days_months(store: Store) -> None:
    rng = np.random.default_rng(5)
    n = 3 * 1440
    truth = np.round(rng.uniform(-50, 5000, n), 1)
    cuts = np.sort(rng.choice(np.arange(1, n), 40, replace=False))
    pieces = list(zip(np.r_[0, cuts], np.r_[cuts, n], strict=True))
    rng.shuffle(pieces)
    for i, (a, b) in enumerate(pieces):
        store.append(T0 - 1440 + int(a), {"q": truth[a:b]})
        if i % 7 == 0:
            store.flush()
    store.flush()
    assert np.allclose(store.raw(["q"], T0 - 1440, T0 - 1440 + n).values["q"], truth)
    assert store.last_minute() == T0 - 1440 + n - 1


def test_append_validates_input(store: Store) -> None:
    with pytest.raises(KeyError, match="nope"):
        store.append(T0, {"nope": np.ones(3)})
    with pytest.raises(ValueError, match="one length"):
        store.append(T0, {"p": np.ones(3), "q": np.ones(4)})
    with pytest.raises(ValueError, match="finite"):
        store.append(T0, {"p": np.array([1.0, np.inf])})
    store.append(T0, {"p": np.array([])})
    store.flush()
    assert store.last_minute() is None


def test_live_values_go_in_with_the_flush(store: Store) -> None:
    store.set_live({"p": 1234.0, "soc": 80.0}, at=1000.0)
    assert store.live() == {}
    store.flush()
    assert store.live() == {"p": (1000.0, 1234.0), "soc": (1000.0, 80.0)}
    store.set_live({"p": 5.0}, at=2000.0)
    store.flush()
    store.set_live({"p": 7.0}, at=1500.0)  # older than what is stored: ignored
    store.flush()
    assert store.live(["p"]) == {"p": (2000.0, 5.0)}
    with pytest.raises(ValueError):
        store.set_live({"p": float("nan")}, at=3000.0)


def test_prune_drops_old_raw_but_keeps_rollups(store: Store) -> None:
    start = T0 - 10 * 1440
    store.append(start, {"p": np.full(10 * 1440, 100.0)})
    store.flush()
    window = (datetime(2026, 1, 1, tzinfo=TZ), datetime(2026, 3, 1, tzinfo=TZ))
    before = store.rollup(["p"], Interval.DAY, *window)
    dropped = store.prune(retention_days=5, now_minute=T0)
    assert dropped == 5 * 24
    raw = store.raw(["p"], start, T0)
    assert raw.counts["p"][: 5 * 1440].sum() == 0 and raw.counts["p"][5 * 1440:].all()
    after = store.rollup(["p"], Interval.DAY, *window)
    assert np.array_equal(after.counts["p"], before.counts["p"])
    assert np.array_equal(after.values["p"], before.values["p"], equal_nan=True)
    # Samples for the pruned period can no longer be merged exactly: they are ignored.
    store.append(start, {"p": np.full(60, 999.0)})
    store.flush()
    assert np.array_equal(store.rollup(["p"], Interval.DAY, *window).counts["p"],
                          before.counts["p"])


def test_closed_store_refuses_work(store: Store) -> None:
    store.append(T0, {"p": np.ones(5)})
    store.close()  # flushes
    with pytest.raises(StoreError, match="closed"):
        store.raw(["p"], T0, T0 + 5)
    store.close()  # twice is fine
