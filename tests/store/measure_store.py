"""Hand measurement of the store against the targets (not a test: no timing asserts).

    .venv/bin/python -m tests.store.measure_store [--days 365] [--naive-days 30]

Backfills `days` of synthetic data (55 series, one-day chunks, flush per
chunk), then reports write time, bytes per raw sample and query times, and
the same for the naive row-per-sample schema over `naive-days`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.store import Interval, open_store
from app.store.naive import NaiveStore

from .synthetic import CIRCUIT_KEYS, SPECS, day_values

TZ = ZoneInfo("Asia/Tokyo")
START = datetime(2025, 1, 1, tzinfo=TZ)


def _timed(fn: Callable[[], object], repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")
               if not p.name.endswith(("-shm",)) and ".bak-" not in p.name)


def measure_store(days: int, tmp: Path) -> None:
    rng = np.random.default_rng(1)
    store = open_store(tmp / "store")
    store.define_series(SPECS)
    start_minute = int(START.timestamp() // 60)
    gen = write = 0.0
    samples = 0
    for d in range(days):
        t = time.perf_counter()
        values = day_values(rng, start_minute + d * 1440)
        gen += time.perf_counter() - t
        samples += sum(int((~np.isnan(v)).sum()) for v in values.values())
        t = time.perf_counter()
        store.append(start_minute + d * 1440, values)
        store.flush()
        write += time.perf_counter() - t
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = _size(store.path)
    print(f"store: {days} days, {len(SPECS)} series, {samples:,} samples")
    print(f"  append+flush {write:.2f} s (generating the data: {gen:.2f} s)")
    print(f"  file {size / 1e6:.1f} MB = {size / samples:.2f} B/sample")
    for table in ("raw_block", "rollup_30min", "rollup_day", "rollup_month"):
        n, b = store._conn.execute(
            f"SELECT count(*), sum(pgsize) FROM dbstat WHERE name = '{table}'").fetchone() \
            if _has_dbstat(store) else (0, 0)
        print(f"    {table}: {n} pages, {(b or 0) / 1e6:.1f} MB")
    circuits = [f"circuit.{k}" for k in CIRCUIT_KEYS][:40]
    day0 = start_minute + (days // 2) * 1440
    month = START + timedelta(days=days // 2)
    month = month.replace(day=1)
    nxt = (month + timedelta(days=32)).replace(day=1)
    year_end = START.replace(year=START.year + 1)
    queries = {
        "raw 40 circuits x 1 day": lambda: store.raw(circuits, day0, day0 + 1440),
        "30min 40 circuits x 1 day":
            lambda: store.rollup(circuits, Interval.MIN30, month, month + timedelta(days=1)),
        "day 40 circuits x 1 month": lambda: store.rollup(circuits, Interval.DAY, month, nxt),
        "month 40 circuits x 1 year":
            lambda: store.rollup(circuits, Interval.MONTH, START, year_end),
        "last_minute": store.last_minute,
    }
    for name, query in queries.items():
        print(f"  {name}: {_timed(query):.2f} ms")
    store.close()


def _has_dbstat(store) -> bool:  # type: ignore[no-untyped-def]
    try:
        store._conn.execute("SELECT 1 FROM dbstat LIMIT 1")
        return True
    except Exception:
        return False


def measure_naive(days: int, tmp: Path) -> None:
    rng = np.random.default_rng(1)
    naive = NaiveStore(tmp / "naive.sqlite3")
    naive.define_series([s.key for s in SPECS])
    start_minute = int(START.timestamp() // 60)
    write = 0.0
    samples = 0
    for d in range(days):
        values = day_values(rng, start_minute + d * 1440)
        samples += sum(int((~np.isnan(v)).sum()) for v in values.values())
        t = time.perf_counter()
        naive.append(start_minute + d * 1440, values)
        naive.flush()
        write += time.perf_counter() - t
    naive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = _size(naive.path)
    print(f"naive: {days} days, {samples:,} samples")
    print(f"  append+flush {write:.2f} s (a year: ~{write * 365 / days:.0f} s)")
    print(f"  file {size / 1e6:.1f} MB = {size / samples:.2f} B/sample")
    circuits = [f"circuit.{k}" for k in CIRCUIT_KEYS][:40]
    day0 = start_minute + (days // 2) * 1440
    raw_ms = _timed(lambda: naive.raw(circuits, day0, day0 + 1440))
    print(f"  raw 40 circuits x 1 day: {raw_ms:.1f} ms")
    end = start_minute + days * 1440
    print(f"  by day 40 circuits x {days} days: "
          f"{_timed(lambda: naive.by_day(circuits, start_minute, end), 5):.1f} ms")
    print(f"  by month 40 circuits x {days} days: "
          f"{_timed(lambda: naive.by_month(circuits, start_minute, end), 3):.1f} ms")
    naive.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--naive-days", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.days:
            measure_store(args.days, Path(tmp))
        if args.naive_days:
            measure_naive(args.naive_days, Path(tmp))


if __name__ == "__main__":
    main()
