"""Backups restore exactly: a full archive, and a full one followed by increments."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from app.domain.circuits import CircuitKind, CircuitSpec
from app.store import Store, open_store
from app.store.backup import FULL, INCREMENTAL, describe, make_archive, restore, snapshot
from app.store.database import DB_NAME

from .conftest import TZ, minute_of
from .synthetic import SPECS, day_values

T0 = minute_of(datetime(2026, 3, 1, tzinfo=TZ))
CIRCUITS = [CircuitSpec(CircuitKind.MAIN, 1, "L1"), CircuitSpec(CircuitKind.BRANCH, 1, "Kitchen"),
            CircuitSpec(CircuitKind.BRANCH, 2, "Living")]


def home_store(data_dir: Path, days: int = 2) -> Store:
    """A store with circuits, a setting, a device and `days` of 1-minute data from T0."""
    store = open_store(data_dir)
    store.define_series(SPECS)
    store.save_circuits(CIRCUITS)
    store.set_setting("language", "ja")
    store.save_device(0x0279, 1, "Solar", "Roof")
    add_days(store, 0, days)
    return store


def add_days(store: Store, first: int, count: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed + first)
    for d in range(first, first + count):
        store.append(T0 + d * 1440, day_values(rng, T0 + d * 1440))
        store.flush()
    store.set_live({"pv": 1234.5}, at=float((T0 + (first + count) * 1440) * 60))
    store.flush()


def take(store: Store, work: Path, name: str) -> Path:
    work.mkdir(exist_ok=True)
    snap = work / f"{name}.sqlite3"
    snapshot(store.path, snap)
    return snap


def restored(archives: list[Path], folder: Path) -> Store:
    folder.mkdir(exist_ok=True)
    restore(archives, folder / DB_NAME)
    return open_store(folder)


def test_full_round_trip_equals_the_source(tmp_path: Path) -> None:
    with home_store(tmp_path / "src") as src:
        snap = take(src, tmp_path / "work", "s0")
        archive = make_archive(snap, tmp_path / "full.hbk")
        assert archive.kind == FULL
        assert archive.size < snap.stat().st_size  # compressed
        with restored([archive.path], tmp_path / "dst") as dst:
            assert describe(dst.path)[0] == describe(src.path)[0] == archive.content_hash
            keys = ["pv", "circuit.br1"]
            a, b = src.raw(keys, T0, T0 + 2880), dst.raw(keys, T0, T0 + 2880)
            for k in keys:
                np.testing.assert_array_equal(a.values[k], b.values[k])
            start = datetime(2026, 3, 1, tzinfo=TZ)
            day = dst.rollup(["grid_buy"], "day", start, start + timedelta(days=2))
            assert np.all(day.values["grid_buy"] > 0)
            assert dst.circuits() == src.circuits()
            assert dst.get_setting("language") == "ja"
            assert dst.live(["pv"])["pv"][1] == 1234.5


def test_full_and_increments_restore_inserts_updates_and_deletes(tmp_path: Path) -> None:
    work = tmp_path / "work"
    with home_store(tmp_path / "src", days=3) as src:
        snaps = [take(src, work, "s0")]
        archives = [make_archive(snaps[0], work / "a0.hbk")]

        def increment(i: int) -> None:
            snaps.append(take(src, work, f"s{i}"))
            archives.append(make_archive(snaps[i], work / f"a{i}.hbk", base=snaps[i - 1]))
            assert archives[i].kind == INCREMENTAL
            assert archives[i].manifest.base_content_hash == archives[i - 1].content_hash

        add_days(src, 3, 1)  # inserts: one more day, rollups and live values change
        increment(1)
        src.save_circuits([CircuitSpec(CircuitKind.BRANCH, 1, "Kitchen + dining"),
                           CircuitSpec(CircuitKind.BRANCH, 3, "EV")])  # renamed and new
        src.set_setting("language", "en")
        increment(2)
        dropped = src.prune(retention_days=2, now_minute=T0 + 4 * 1440)  # deletes raw blocks
        assert dropped > 0
        increment(3)
        # An increment carries the changes only, not the data that stayed: one day of
        # three is about a third; renames and deleted keys are tiny.
        assert archives[1].size < 0.45 * archives[0].size
        assert max(archives[2].size, archives[3].size) < archives[0].size / 10

        with restored([a.path for a in archives], tmp_path / "dst") as dst:
            assert describe(dst.path)[0] == describe(src.path)[0] == archives[-1].content_hash
            names = {c.key: c.name for c in dst.circuits()}
            assert names["br1"] == "Kitchen + dining" and names["br3"] == "EV"
            assert dst.get_setting("language") == "en"
            assert np.all(np.isnan(dst.raw(["pv"], T0, T0 + 1440).values["pv"]))  # pruned
            a = src.raw(["pv"], T0 + 2 * 1440, T0 + 4 * 1440).values["pv"]
            np.testing.assert_array_equal(dst.raw(["pv"], T0 + 2 * 1440, T0 + 4 * 1440)
                                          .values["pv"], a)
        # A shorter chain gives the earlier state, exactly.
        with restored([a.path for a in archives[:2]], tmp_path / "mid") as mid:
            assert describe(mid.path)[0] == describe(snaps[1])[0]
            assert mid.get_setting("language") == "ja"


def test_tables_added_later_by_other_modules_are_covered(tmp_path: Path) -> None:
    """No code names the tables: a keyed table and one without a key both round-trip."""
    work = tmp_path / "work"
    with home_store(tmp_path / "src", days=1) as src:
        with src.write_sql() as conn:
            conn.execute("CREATE TABLE x_event (at INTEGER, seq INTEGER, text TEXT, "
                         "PRIMARY KEY (at, seq)) WITHOUT ROWID")
            conn.execute("CREATE TABLE log_line (line TEXT)")  # no key at all
            conn.executemany("INSERT INTO x_event VALUES (?, ?, ?)",
                             [(t, 0, f"e{t}") for t in range(10)])
            conn.execute("INSERT INTO log_line VALUES ('a'), ('b')")
        s0 = take(src, work, "s0")
        with src.write_sql() as conn:
            conn.execute("UPDATE x_event SET text = '007' WHERE at = 7")  # text stays text
            conn.execute("DELETE FROM x_event WHERE at < 3")
            conn.execute("INSERT INTO x_event VALUES (99, 1, NULL)")
            conn.execute("INSERT INTO log_line VALUES ('c')")
        s1 = take(src, work, "s1")
        full = make_archive(s0, work / "a0.hbk")
        incr = make_archive(s1, work / "a1.hbk", base=s0)
        assert incr.kind == INCREMENTAL and "x_event" in incr.manifest.tables
        with restored([full.path, incr.path], tmp_path / "dst") as dst, dst.read_sql() as c:
            assert c.execute("SELECT at, text FROM x_event ORDER BY at").fetchall() == [
                (3, "e3"), (4, "e4"), (5, "e5"), (6, "e6"), (7, "007"), (8, "e8"), (9, "e9"),
                (99, None)]
            assert c.execute("SELECT line FROM log_line").fetchall() == [("a",), ("b",), ("c",)]
            assert describe(dst.path)[0] == incr.content_hash


def test_a_schema_change_since_the_base_gives_a_full_archive(tmp_path: Path) -> None:
    work = tmp_path / "work"
    with home_store(tmp_path / "src", days=1) as src:
        s0 = take(src, work, "s0")
        with src.write_sql() as conn:
            conn.execute("CREATE TABLE x_notice (id INTEGER PRIMARY KEY, body TEXT)")
        s1 = take(src, work, "s1")
        archive = make_archive(s1, work / "a1.hbk", base=s0)
        assert archive.kind == FULL and archive.manifest.base_content_hash is None
        with restored([archive.path], tmp_path / "dst") as dst:
            assert describe(dst.path)[0] == describe(src.path)[0]


def test_content_hash_depends_on_rows_not_on_page_layout(tmp_path: Path) -> None:
    with home_store(tmp_path / "src", days=1) as src:
        snap = take(src, tmp_path / "work", "s0")
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(snap, copy)
    with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
        conn.execute("VACUUM")  # a different page layout, the same rows
    assert describe(copy)[0] == describe(snap)[0]
    with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
        conn.execute("UPDATE setting SET value = 'en' WHERE key = 'language'")
    assert describe(copy)[0] != describe(snap)[0]
