"""Snapshots taken while the writer thread appends are consistent and restore."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from app.store import open_store
from app.store.backup import BackupError, describe, make_archive, restore, snapshot

from .conftest import SPECS
from .test_backup_roundtrip import T0

CHUNK = 120  # minutes per flush


def _values(start: int) -> dict[str, np.ndarray]:
    v = ((np.arange(start, start + CHUNK) * 37) % 5000) / 10
    return {s.key: v for s in SPECS}


def test_snapshots_during_appends_are_consistent_and_restore(tmp_path: Path) -> None:
    writer = open_store(tmp_path / "src")
    writer.define_series(SPECS)
    writer.append(T0, _values(T0))
    writer.flush()
    stop = threading.Event()
    flushes: list[int] = []
    errors: list[BaseException] = []

    def append() -> None:
        try:
            minute = T0 + CHUNK
            while not stop.is_set():
                writer.append(minute, _values(minute))
                writer.flush()
                minute += CHUNK
                flushes.append(minute)
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)

    thread = threading.Thread(target=append)
    thread.start()
    seen: list[int] = []
    fractions: list[float] = []
    try:
        for i in range(6):
            snap = tmp_path / f"s{i}.sqlite3"
            snapshot(writer.path, snap, fractions.append)
            with closing(sqlite3.connect(snap)) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                # Raw blocks and rollups are written in one transaction per flush: a torn
                # copy would count samples in one that the other does not have.
                hours = conn.execute("SELECT count(*) FROM raw_block").fetchone()[0]
                samples = conn.execute("SELECT sum(count) FROM rollup_month").fetchone()[0]
            assert samples == hours * 60  # every stored hour is complete here
            assert hours % (len(SPECS) * CHUNK // 60) == 0  # whole flushes only
            seen.append(hours)
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert not errors
    assert len(set(seen)) > 1 and len(flushes) > 6  # the writer kept going meanwhile
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)

    archive = make_archive(snap, tmp_path / "full.hbk")
    target = tmp_path / "dst" / "hems.sqlite3"
    target.parent.mkdir()
    assert restore([archive.path], target).content_hash == describe(snap)[0]


def test_snapshot_of_a_missing_database_says_so(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no database"):
        snapshot(tmp_path / "nothing.sqlite3", tmp_path / "s.sqlite3")
    assert not (tmp_path / "nothing.sqlite3").exists()
