"""Daily backups of a year of history: full snapshot + compress, increments, restore, upload.

One year of the simulated home is backfilled (as in bench_history), then a
month of daily backups is made the way the panel makes them (`BackupKeeper`:
snapshot of the live database, archive, confirm): one full baseline and 29
increments, each after one more simulated day. Measured: time and size of the
full backup, of a typical (median) increment, the restore of full + 29
increments, and the month's upload.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

from app.sources.collector import backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store.backup import FULL, INCREMENTAL, BackupKeeper, describe, restore
from app.store.database import DB_NAME
from tests.bench.bench_history import DAYS, FIRST, ZONE, _build
from tests.bench.results import Result

INCREMENTS = 29
MB = 1_000_000


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    store = _build(workdir / "data")  # one year, ending at FIRST + DAYS
    home = SimulatedHome(HomeConfig(seed=1))  # the same seeded model: continues the year
    end = int(datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=ZONE).timestamp()) // 60 \
        + DAYS * 1440
    keeper = BackupKeeper(workdir / "backup")
    server = workdir / "server"
    server.mkdir()
    uploaded: list[Path] = []
    try:
        t0 = time.perf_counter()
        full = keeper.prepare(store.path, end * 60.0)
        full_s = time.perf_counter() - t0
        assert full.kind == FULL
        uploaded.append(Path(shutil.copy(full.path, server)))
        keeper.confirm(full)
        inc_s: list[float] = []
        inc_b: list[int] = []
        for day in range(1, INCREMENTS + 1):
            backfill(store, home, end + (day - 1) * 1440, end + day * 1440)
            t0 = time.perf_counter()
            a = keeper.prepare(store.path, (end + day * 1440) * 60.0)
            inc_s.append(time.perf_counter() - t0)
            inc_b.append(a.size)
            assert a.kind == INCREMENTAL
            uploaded.append(Path(shutil.copy(a.path, server)))
            keeper.confirm(a)
        store.flush()
        expected = describe(store.path)[0]
        db_bytes = store.path.stat().st_size
    finally:
        store.close()
    target = workdir / "restored" / DB_NAME
    target.parent.mkdir()
    t0 = time.perf_counter()
    result = restore(uploaded, target)
    restore_s = time.perf_counter() - t0
    assert result.content_hash == expected
    month = (full.size + sum(inc_b)) / MB
    print(f"database {db_bytes / MB:.1f} MB, full archive {full.size / MB:.2f} MB, "
          f"increments {min(inc_b) / 1000:.0f}..{max(inc_b) / 1000:.0f} kB", file=sys.stderr)
    return [
        Result("backup_full_year_seconds", full_s, "s", "<= 15"),
        Result("backup_full_year_size", full.size / MB, "MB", "report"),
        Result("backup_daily_increment_seconds", statistics.median(inc_s), "s", "report"),
        Result("backup_daily_increment_size", statistics.median(inc_b) / 1000, "kB", "report"),
        Result("backup_restore_full_plus_29", restore_s, "s", "<= 15"),
        Result("backup_month_upload", month, "MB", "<= 50"),
    ]
