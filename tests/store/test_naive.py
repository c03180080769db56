"""The naive baseline answers what the store answers (benchmarks compare like with like)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from app.store import Interval, Store
from app.store.naive import NaiveStore

from .conftest import TZ, minute_of


def test_naive_schema_agrees_with_the_store(store: Store, tmp_path: Path) -> None:
    t0 = minute_of(datetime(2026, 1, 30, 20, tzinfo=TZ))
    v = np.round(np.random.default_rng(9).uniform(0, 2000, 3 * 1440), 1)
    v[100:200] = np.nan
    naive = NaiveStore(tmp_path / "naive.sqlite3")
    naive.define_series(["p"])
    naive.append(t0, {"p": v})
    naive.flush()
    store.append(t0, {"p": v})
    store.flush()

    assert np.array_equal(naive.raw(["p"], t0, t0 + len(v))["p"], v, equal_nan=True)
    days = store.rollup(["p"], Interval.DAY, datetime(2026, 1, 30, tzinfo=TZ),
                        datetime(2026, 2, 3, tzinfo=TZ))
    naive_days = naive.by_day(["p"], t0, t0 + len(v))
    assert [c for _, _, _, c in naive_days] == days.counts["p"].tolist()
    assert [s / 60 for _, _, s, _ in naive_days] == pytest.approx(days.values["p"].tolist())
    months = naive.by_month(["p"], t0, t0 + len(v))
    assert [(m, c) for _, m, _, c in months] == [("2026-01", int(days.counts["p"][:2].sum())),
                                                 ("2026-02", int(days.counts["p"][2:].sum()))]
    naive.close()
