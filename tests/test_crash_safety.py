"""SIGKILL during `simulate` or live running loses at most the last batch: the database
passes PRAGMA integrity_check, rollups match the raw data, and the next start continues."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain.series import CONSUMPTION, GRID_BUY, PV
from app.store import Interval, open_store, timeseries

TZ = ZoneInfo("Asia/Tokyo")


def _spawn(args: list[str]) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "app", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_after(proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(30)


def _wait_for_new_data(proc: subprocess.Popen, db: Path, after: int | None) -> None:
    """Until the running panel has committed a minute newer than `after` (bounded)."""
    deadline = time.monotonic() + 180.0
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        if db.exists():
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
                try:
                    newest = timeseries.newest_minute(conn)
                except sqlite3.OperationalError:  # its schema is not created yet
                    newest = None
            if newest is not None and (after is None or newest > after):
                return
        time.sleep(0.05)
    proc.kill()
    proc.wait(30)
    raise AssertionError("the panel wrote no new data within 180 s")


def _check_consistent(data_dir: Path) -> int | None:
    db = data_dir / "hems.sqlite3"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = open_store(data_dir)
    try:
        last = store.last_minute()
        if last is None:
            return None
        # Rollups were committed with the raw data they summarise.
        end = datetime.fromtimestamp((last + 1) * 60, TZ)
        day = end.replace(hour=0, minute=0, second=0, microsecond=0)
        keys = [CONSUMPTION, PV, GRID_BUY]
        raw = store.raw(keys, int(day.timestamp() // 60), last + 1)
        rolled = store.rollup(keys, Interval.DAY, day, day + timedelta(days=1))
        for key in keys:
            expected = np.nansum(raw.values[key]) / 60.0
            if rolled.counts[key].size and rolled.counts[key][0] > 0:
                assert rolled.values[key][0] == pytest.approx(expected, rel=1e-6, abs=0.5)
        return last
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_during_simulate_loses_at_most_a_batch(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    data_dir = tmp_path / "data"
    previous: int | None = None
    until = ["--until", "2026-11-25T12:00"]  # the same twenty days on every run
    for _ in range(5):
        proc = _spawn(["simulate", "--days", "20", "--data-dir", str(data_dir), *until])
        _kill_after(proc, rng.uniform(1.0, 4.0))
        last = _check_consistent(data_dir)
        if previous is not None:
            assert last is not None and last >= previous  # progress is never lost
        previous = last
    proc = _spawn(["simulate", "--days", "20", "--data-dir", str(data_dir), *until])
    assert proc.wait(300) == 0, proc.stderr.read().decode() if proc.stderr else ""
    last = _check_consistent(data_dir)
    end = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp() // 60
    assert last == end - 1  # caught up to the end, nothing past it


@pytest.mark.slow
def test_sigkill_during_live_running_keeps_database_usable(tmp_path: Path) -> None:
    rng = random.Random(7)
    data_dir = tmp_path / "data"
    last = None
    for _ in range(3):
        proc = _spawn(["run", "--speed", "600", "--data-dir", str(data_dir)])
        # Killed while it writes: once its first new batch is in, at a random moment after
        # (a fixed delay from the start killed a slow start-up before it wrote anything).
        _wait_for_new_data(proc, data_dir / "hems.sqlite3", after=last)
        _kill_after(proc, rng.uniform(0.0, 3.0))
        newest = _check_consistent(data_dir)
        assert newest is not None and (last is None or newest > last)
        last = newest
