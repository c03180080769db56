"""The household's data is the owner's alone: under the usual umask 022 the database (and
its -wal, -shm), backups, archives and a takeover's downloads are 0600, folders 0700."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.store import open_store
from app.store.backup import BackupKeeper

from .conftest import SPECS


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_database_backups_and_folders_are_private_under_umask_022(tmp_path: Path,
                                                                  umask_022) -> None:
    data = tmp_path / "new" / "data"
    store = open_store(data)
    try:
        store.define_series(SPECS)
        store.append(1_000_000, {s.key: np.full(60, 1.0) for s in SPECS})
        store.flush()
        db = data / "hems.sqlite3"
        assert (mode(data), mode(data.parent)) == (0o700, 0o700)
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert mode(path) == 0o600, path
        keeper = BackupKeeper(data / "backup")
        archive = keeper.prepare(db)
    finally:
        store.close()
    assert mode(data / "backup") == 0o700 and mode(keeper.outbox) == 0o700
    made = [p for p in (data / "backup").rglob("*") if p.is_file()]
    assert archive.path in made
    assert all(mode(p) == 0o600 for p in made), {p.name: oct(mode(p)) for p in made}


def test_an_older_world_readable_database_is_tightened_when_opened(tmp_path: Path,
                                                                   umask_022) -> None:
    data = tmp_path / "data"
    open_store(data).close()
    db = data / "hems.sqlite3"
    os.chmod(data, 0o755)
    os.chmod(db, 0o644)
    open_store(data).close()
    assert (mode(data), mode(db)) == (0o700, 0o600)


def test_a_takeovers_downloads_are_private(tmp_path: Path, umask_022) -> None:
    from app.services.restore_staging import INCOMING_DIR, stage_restore
    from tests.services.test_restore_crash import FakeCenter, archives_of

    chain = archives_of("old", tmp_path)
    data = tmp_path / "panel"
    open_store(data).close()
    stage_restore(FakeCenter(chain), data, "OLD", "1", lambda _: None)
    incoming = data / INCOMING_DIR
    assert mode(incoming) == 0o700
    assert all(mode(p) == 0o600 for p in [*incoming.iterdir(), data / "restore-pending.json"])
