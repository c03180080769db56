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
from app.store import Interval, open_store

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
    for _ in range(3):
        proc = _spawn(["run", "--speed", "600", "--data-dir", str(data_dir)])
        _kill_after(proc, rng.uniform(3.0, 6.0))
        assert _check_consistent(data_dir) is not None
