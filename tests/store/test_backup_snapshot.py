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


def test_the_access_password_hash_never_goes_into_a_backup(tmp_path: Path) -> None:
    from app.domain.access_password import ScryptCost, hash_password

    encoded = hash_password("2468", ScryptCost(2**8, 8))
    secret = encoded.rsplit("$", 1)[1].encode()
    with open_store(tmp_path / "src") as store:
        store.set_setting("language", "en")
        store.set_setting("access_password_hash", encoded)
        store.set_setting("access_failures", "4")
        store.set_setting("access_locked_until", "1000015.0")
        store.flush()
        assert store.get_setting("access_password_hash") == encoded
        snap = tmp_path / "snap.sqlite3"
        snapshot(store.path, snap)
    with closing(sqlite3.connect(snap)) as conn:
        assert dict(conn.execute("SELECT key, value FROM setting").fetchall()) == {
            "language": "en"}
    assert secret not in snap.read_bytes()  # not even in the file's free space
    archive = make_archive(snap, tmp_path / "full.hbk")
    restored = tmp_path / "restored" / "hems.sqlite3"
    restored.parent.mkdir()
    restore([archive.path], restored)
    with open_store(restored.parent) as store:
        assert store.get_setting("access_password_hash") is None  # the kiosk asks for one


def test_the_home_setup_goes_into_a_backup_and_comes_back(tmp_path: Path) -> None:
    """Commissioning (circuits on their channels, roles, signs, the installer's answers)
    is part of what a takeover brings to a new panel."""
    from app.domain.circuits import CircuitKind, CircuitRole, CircuitSpec
    from app.domain.commissioning import GridMeter, HomeFacts
    from app.store.home_setup import home_facts, save_home_setup

    circuits = [CircuitSpec(CircuitKind.SPECIAL, 1, "エコキュート", channel=2,
                            role=CircuitRole.WATER_HEATER, reversed=True),
                CircuitSpec(CircuitKind.BRANCH, 1, "キッチン", channel=1)]
    facts = HomeFacts(GridMeter.BOARD_MAIN, pv_full_feed_in=False, ev_solar_charging=True)
    with open_store(tmp_path / "src") as store:
        save_home_setup(store, circuits, facts, channel_count=24)
        snap = tmp_path / "snap.sqlite3"
        snapshot(store.path, snap)
    archive = make_archive(snap, tmp_path / "full.hbk")
    restored = tmp_path / "restored" / "hems.sqlite3"
    restored.parent.mkdir()
    restore([archive.path], restored)
    with open_store(restored.parent) as store:
        assert store.circuits() == sorted(circuits, key=lambda c: c.kind != CircuitKind.SPECIAL)
        assert home_facts(store) == facts
