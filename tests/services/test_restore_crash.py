"""A takeover survives a power cut at every step: the next start finishes it (or rolls it
back), the data is one whole database, the result says what happened, and a later
takeover works. Each cut is a SIGKILL of a child process at a step boundary."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.services import restore_staging as staging
from app.services.restore_staging import (
    INCOMING_DIR,
    PENDING_FILE,
    last_restore_result,
    open_after_restore,
    stage_restore,
)
from app.store import StoreError, open_store
from app.store.backup import make_archive, previous_path, snapshot
from app.store.database import DB_NAME

ROOT = Path(__file__).resolve().parents[2]
ZONE = "Asia/Tokyo"

_CHILD = """
import os, signal, sys
from pathlib import Path
from app.services import restore_staging as staging
from app.store import open_store

data, crash_at = Path(sys.argv[1]), sys.argv[2]

def checkpoint(name):
    if name == crash_at:
        os.kill(os.getpid(), signal.SIGKILL)

staging._checkpoint = checkpoint
open_after_restore = staging.open_after_restore
store = open_after_restore(data, data / "backup", lambda: open_store(data, "Asia/Tokyo"))
store.close()
"""


@dataclass(frozen=True)
class Backup:
    id: str
    size: int


@dataclass(frozen=True)
class Plan:
    restore_id: str
    chain: tuple[Backup, ...]


class FakeCenter:
    """start_restore/download_backup of CenterClient, serving archives from a folder."""

    def __init__(self, archives: list[Path], fail_at: int | None = None) -> None:
        self.archives, self.fail_at = archives, fail_at

    def start_restore(self, device_code: str, confirmation_code: str) -> Plan:
        return Plan("r1", tuple(Backup(p.stem, p.stat().st_size) for p in self.archives))

    def download_backup(self, restore_id: str, backup: Backup, dest: Path) -> Path:
        index = [p.stem for p in self.archives].index(backup.id)
        if index == self.fail_at:
            raise OSError("connection reset")
        shutil.copyfile(self.archives[index], dest)
        return dest


def panel_with(data: Path, who: str) -> None:
    store = open_store(data, ZONE)
    store.set_setting("who", who)
    store.close()


def archives_of(who: str, folder: Path) -> list[Path]:
    """A full archive and one increment of a panel whose setting `who` ends as `who`."""
    data = folder / f"src-{who}"
    panel_with(data, who + "-before")
    snap0, snap1 = folder / f"{who}-0.sqlite3", folder / f"{who}-1.sqlite3"
    snapshot(data / DB_NAME, snap0)
    full = make_archive(snap0, folder / f"{who}-full.hbk").path
    panel_with(data, who)
    snapshot(data / DB_NAME, snap1)
    inc = make_archive(snap1, folder / f"{who}-inc.hbk", base=snap0).path
    return [full, inc]


def who(data: Path) -> str:
    with closing(sqlite3.connect(data / DB_NAME)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT value FROM setting WHERE key = 'who'").fetchone()[0]


def start(data: Path) -> None:
    """The panel's next start, as app.main does it."""
    open_after_restore(data, data / "backup", lambda: open_store(data, ZONE)).close()


def assert_clean(data: Path) -> None:
    assert not previous_path(data / DB_NAME).exists()
    assert not (data / PENDING_FILE).exists()
    assert not (data / INCOMING_DIR).exists()
    assert not list(data.glob(".backup-tmp-*"))


@pytest.fixture(scope="module")
def chains(tmp_path_factory) -> dict[str, list[Path]]:
    folder = tmp_path_factory.mktemp("chains")
    return {name: archives_of(name, folder) for name in ("old", "third")}


@pytest.fixture
def staged(tmp_path, chains) -> Path:
    data = tmp_path / "panel"
    panel_with(data, "new")
    (data / "backup").mkdir()
    stage_restore(FakeCenter(chains["old"]), data, "OLDCODE", "12345678", lambda _: None)
    return data


def record_checkpoints(data: Path, monkeypatch) -> list[str]:
    names: list[str] = []
    monkeypatch.setattr(staging, "_checkpoint", names.append)
    start(data)
    monkeypatch.setattr(staging, "_checkpoint", lambda _: None)
    return names


def test_every_step_boundary_is_named(staged, monkeypatch) -> None:
    names = record_checkpoints(staged, monkeypatch)
    assert names == ["building", "built", "journaled-built", "kept", "swapped",
                     "journaled-swapped", "applied", "opened", "result-written",
                     "previous-discarded", "journal-removed"]
    assert who(staged) == "old" and last_restore_result(staged)["ok"]
    assert_clean(staged)


@pytest.mark.parametrize("crash_at", [
    "building", "built", "journaled-built", "kept", "swapped", "journaled-swapped",
    "applied", "opened", "result-written", "previous-discarded", "journal-removed"])
def test_a_power_cut_at_any_step_is_finished_at_the_next_start(staged, chains, crash_at
                                                               ) -> None:
    child = subprocess.run([sys.executable, "-c", _CHILD, str(staged), crash_at], cwd=ROOT,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True,
                           text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert who(staged) in ("new", "old")  # one whole database at every instant

    start(staged)  # the next start

    assert who(staged) == "old"
    result = last_restore_result(staged)
    assert result["ok"] and result["old_device_code"] == "OLDCODE"
    assert_clean(staged)
    # ...and a later takeover works
    stage_restore(FakeCenter(chains["third"]), staged, "THIRD", "12345678", lambda _: None)
    start(staged)
    assert who(staged) == "third" and last_restore_result(staged)["ok"]
    assert_clean(staged)


def test_restored_data_that_does_not_open_is_rolled_back(staged, chains, monkeypatch) -> None:
    opened = []

    def open_once_broken():
        opened.append(1)
        if len(opened) == 1:
            raise StoreError("the database was made by a newer version")
        return open_store(staged, ZONE)

    open_after_restore(staged, staged / "backup", open_once_broken).close()
    assert who(staged) == "new"
    result = last_restore_result(staged)
    assert not result["ok"] and "newer version" in result["error"]
    assert_clean(staged)
    stage_restore(FakeCenter(chains["third"]), staged, "THIRD", "12345678", lambda _: None)
    start(staged)
    assert who(staged) == "third"


@pytest.mark.parametrize("crash_at", ["journaled-rolling-back", "put-back", "result-written"])
def test_a_power_cut_during_a_roll_back_is_finished(staged, monkeypatch, crash_at) -> None:
    class Cut(BaseException):
        pass

    def checkpoint(name: str) -> None:
        if name == crash_at and rolling[0]:
            raise Cut

    rolling = [False]

    def broken():
        rolling[0] = True
        raise StoreError("broken")

    monkeypatch.setattr(staging, "_checkpoint", checkpoint)
    with pytest.raises(Cut):
        open_after_restore(staged, staged / "backup", broken)
    monkeypatch.setattr(staging, "_checkpoint", lambda _: None)
    start(staged)
    assert who(staged) == "new"
    assert not last_restore_result(staged)["ok"]
    assert_clean(staged)


def test_a_damaged_archive_leaves_this_panels_data_and_no_downloads(staged) -> None:
    archive = sorted((staged / INCOMING_DIR).glob("*.hbk"))[-1]
    raw = bytearray(archive.read_bytes())
    raw[-10] ^= 0xFF
    archive.write_bytes(bytes(raw))
    start(staged)
    assert who(staged) == "new"
    assert not last_restore_result(staged)["ok"]
    assert_clean(staged)


def test_a_failed_download_leaves_no_archives_behind(tmp_path, chains) -> None:
    data = tmp_path / "panel"
    panel_with(data, "new")
    with pytest.raises(OSError):
        stage_restore(FakeCenter(chains["old"], fail_at=1), data, "OLD", "1", lambda _: None)
    assert not (data / INCOMING_DIR).exists() and not (data / PENDING_FILE).exists()


def test_leftovers_of_the_older_restore_no_longer_block_a_takeover(staged) -> None:
    """Before the journal: killed after the swap, the kept data stayed forever."""
    stale = previous_path(staged / DB_NAME)
    shutil.copyfile(staged / DB_NAME, stale)
    pending = json.loads((staged / PENDING_FILE).read_text())
    del pending["step"]  # as the older version wrote it
    (staged / PENDING_FILE).write_text(json.dumps(pending))
    start(staged)
    assert who(staged) == "old" and last_restore_result(staged)["ok"]
    assert_clean(staged)


def test_kept_data_without_a_journal_is_deleted_once_the_store_opens(tmp_path) -> None:
    data = tmp_path / "panel"
    panel_with(data, "new")
    shutil.copyfile(data / DB_NAME, previous_path(data / DB_NAME))
    start(data)
    assert who(data) == "new"
    assert_clean(data)
