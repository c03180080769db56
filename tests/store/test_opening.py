"""Opening: errors name the path, say what to do, and never change an existing file."""

from __future__ import annotations

import random
import sqlite3
import threading
from pathlib import Path

import pytest

from app.store import (
    DatabaseCorrupt,
    DataDirNotWritable,
    SchemaTooNew,
    StoreError,
    open_store,
)
from app.store.migrate import head_revision


def _made_store(data_dir: Path) -> Path:
    open_store(data_dir).close()
    return data_dir / "hems.sqlite3"


def _unwritable_dir(tmp_path: Path) -> Path:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    probe = locked / "probe"
    try:
        probe.touch()
    except PermissionError:
        return locked / "data"  # chmod works: a normal user
    probe.unlink()  # root ignores modes: use a path under a regular file instead
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return blocker / "data"


def test_unwritable_data_dir(tmp_path: Path) -> None:
    data_dir = _unwritable_dir(tmp_path)
    with pytest.raises(DataDirNotWritable) as err:
        open_store(data_dir)
    assert str(data_dir) in str(err.value)
    assert "writable" in str(err.value)
    assert isinstance(err.value, StoreError)


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "data"
    target.write_bytes(b"x")
    with pytest.raises(DataDirNotWritable, match="folder"):
        open_store(target)
    assert target.read_bytes() == b"x"


def test_schema_from_a_newer_version(tmp_path: Path) -> None:
    db = _made_store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00d-from-the-future'")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(SchemaTooNew) as err:
        open_store(tmp_path)
    assert str(db) in str(err.value) and "f00d-from-the-future" in str(err.value)
    assert "Update the panel software" in str(err.value)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.bak-*"))


@pytest.mark.parametrize("content", [
    random.Random(1).randbytes(8192),
    b"SQLite format 3\x00" + random.Random(2).randbytes(8192 - 16),
    b"tiny",
])
def test_corrupt_file(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "hems.sqlite3"
    db.write_bytes(content)
    with pytest.raises(DatabaseCorrupt) as err:
        open_store(tmp_path)
    assert str(db) in str(err.value) and "Move it aside" in str(err.value)
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hems.sqlite3"]


def test_someone_elses_sqlite_database(tmp_path: Path) -> None:
    db = tmp_path / "hems.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(DatabaseCorrupt, match="not one made by the HEMS Panel"):
        open_store(tmp_path)
    assert db.read_bytes() == before


def test_fresh_database_is_at_head_and_reopening_is_idempotent(tmp_path: Path) -> None:
    db = _made_store(tmp_path)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    before = db.read_bytes()
    open_store(tmp_path).close()
    open_store(tmp_path).close()
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.bak-*"))


def test_connection_settings(tmp_path: Path) -> None:
    with open_store(tmp_path / "new" / "deeper") as store:
        conn = store._conn
        assert store.path == tmp_path / "new" / "deeper" / "hems.sqlite3"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_time_zone_cannot_change(tmp_path: Path) -> None:
    open_store(tmp_path, timezone="Asia/Tokyo").close()
    with pytest.raises(StoreError, match="Asia/Tokyo"):
        open_store(tmp_path, timezone="Europe/Berlin")
    with pytest.raises(Exception):  # noqa: B017 - an unknown zone is a programming error
        open_store(tmp_path / "x", timezone="Mars/Olympus")
    assert not (tmp_path / "x").exists()


def test_threads_opening_a_new_folder_at_once(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            with open_store(tmp_path / "shared") as store:
                store.set_setting("who", threading.current_thread().name)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with open_store(tmp_path / "shared") as store:
        assert store.get_setting("who") is not None


def test_threads_opening_a_new_database_at_once_all_get_it_migrated(tmp_path):
    """Two services open the panel's new database on their own workers at start."""
    from app.store.schema_version import HEAD_REVISION

    for attempt in range(8):
        data = tmp_path / f"data{attempt}"
        stores, errors = [], []
        start = threading.Barrier(3)

        def opener(data=data, stores=stores, errors=errors, start=start) -> None:
            start.wait()
            try:
                stores.append(open_store(data, "Asia/Tokyo"))
            except Exception as exc:  # reported below, not lost in the thread
                errors.append(exc)

        threads = [threading.Thread(target=opener) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == [] and len(stores) == 3
        for store in stores:
            with store.read_sql() as conn:
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            assert revision == (HEAD_REVISION,)
            store.close()
