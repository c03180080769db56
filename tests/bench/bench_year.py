"""A year of the simulated home: backfill speed, bytes on disk per sample, query times.

Baselines measured in the same run: the naive row-per-sample schema
(`app.store.naive`) holding the same circuits' year, queried with plain SQL
aggregates over raw samples.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.cli import DEFAULT_TIMEZONE
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Interval, open_store
from app.store.naive import NaiveStore
from tests.bench.results import Result

DAYS = 365
CIRCUITS = 40
TZ = ZoneInfo(DEFAULT_TIMEZONE)


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000.0


def _db_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")
               if not p.name.endswith(".bak") and "-bak" not in p.name)


def _backfill(data_dir: Path) -> tuple[float, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "app", "simulate", "--days", str(DAYS),
                             "--seed", "1", "--data-dir", str(data_dir)],
                            env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t0
    match = re.search(r"wrote ([\d,]+) samples", result.stderr)
    if not match:
        raise RuntimeError(result.stderr[-2000:])
    return seconds, int(match.group(1).replace(",", ""))


def _fill_naive(path: Path, keys: list[str], start: int, end: int) -> int:
    home = SimulatedHome(HomeConfig(seed=1))
    naive = NaiveStore(path)
    naive.define_series(keys)
    minute = start
    while minute < end:
        n = min(1440, end - minute)
        values = home.evaluate(minute, n)
        naive.append(minute, {k: values[k] for k in keys})
        naive.flush()
        minute += n
    naive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    naive.close()
    return (end - start) * len(keys)


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    data_dir = workdir / "data"
    print("backfilling a year ...", file=sys.stderr, flush=True)
    seconds, samples = _backfill(data_dir)
    results = [
        Result("backfill_365_days", seconds, "s", "<= 60"),
        Result("backfill_rate", samples / seconds, "samples/s", ">= 350,000"),
    ]

    store = open_store(data_dir, DEFAULT_TIMEZONE)
    store_bytes = _db_bytes(store.path)
    last = store.last_minute()
    assert last is not None
    keys = [c.series_key for c in store.circuits() if c.measured][:CIRCUITS]
    end = last + 1
    start = end - DAYS * 1440
    print(f"writing the naive baseline ({len(keys)} circuits, a year) ...", file=sys.stderr,
          flush=True)
    naive_path = workdir / "naive.sqlite3"
    naive_samples = _fill_naive(naive_path, keys, start, end)
    naive_bytes = _db_bytes(naive_path)
    results.append(Result.compared("storage_bytes_per_sample", store_bytes / samples, "B",
                                   "<= 4", naive_bytes / naive_samples))

    now = datetime.fromtimestamp(end * 60, TZ)
    day0 = (now - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    day_start, day_end = int(day0.timestamp() // 60), int(day0.timestamp() // 60) + 1440
    month_end = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    month_start = (month_end - timedelta(days=1)).replace(day=1)
    year_start = month_end.replace(year=month_end.year - 1)
    m = lambda d: int(d.timestamp() // 60)  # noqa: E731

    naive = NaiveStore(naive_path)
    naive.define_series(keys)
    queries = [
        ("query_day_1min_40", "<= 30",
         lambda: store.raw(keys, day_start, day_end),
         lambda: naive.raw(keys, day_start, day_end)),
        ("query_month_by_day_40", "<= 10",
         lambda: store.rollup(keys, Interval.DAY, month_start, month_end),
         lambda: naive.by_day(keys, m(month_start), m(month_end))),
        ("query_year_by_month_40", "<= 10",
         lambda: store.rollup(keys, Interval.MONTH, year_start, month_end),
         lambda: naive.by_month(keys, m(year_start), m(month_end))),
    ]
    for name, target, ours, plain in queries:
        ours()  # warm the page cache for both alike
        plain()
        results.append(Result.compared(name, _median_ms(ours, 21), "ms", target,
                                       _median_ms(plain, 3)))
    naive.close()
    store.close()
    return results
