"""A restore that cannot succeed changes nothing: damaged or misordered archives, a crash
halfway, a full disk, a database still in use."""

from __future__ import annotations

import errno
import hashlib
import importlib
import sqlite3
from pathlib import Path

import pytest

from app.store import open_store
from app.store.backup import (
    ArchiveCorrupt,
    BackupError,
    ChainBroken,
    NotEnoughSpace,
    archive_file,
    discard_previous,
    make_archive,
    previous_path,
    restore,
)
from app.store.backup.files import TEMP_PREFIX
from app.store.database import DB_NAME

from .test_backup_roundtrip import add_days, home_store, take

# The package exports the function `restore`, which hides the module of the same name.
restore_module = importlib.import_module("app.store.backup.restore")


@pytest.fixture
def chain(tmp_path: Path) -> list[Path]:
    """A full archive and two increments of a small store."""
    work = tmp_path / "work"
    with home_store(tmp_path / "src", days=1) as src:
        snaps = [take(src, work, "s0")]
        paths = [make_archive(snaps[0], work / "a0.hbk").path]
        for i in (1, 2):
            add_days(src, i, 1)
            snaps.append(take(src, work, f"s{i}"))
            paths.append(make_archive(snaps[i], work / f"a{i}.hbk", base=snaps[i - 1]).path)
    return paths


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """The panel's current database (other data than the archives hold), closed."""
    with open_store(tmp_path / "panel") as store:
        store.set_setting("language", "current")
    return tmp_path / "panel" / DB_NAME


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _untouched(target: Path, before: str) -> None:
    assert _digest(target) == before
    assert not previous_path(target).exists()
    assert not list(target.parent.glob(TEMP_PREFIX + "*"))


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["payload", "header", "trailer"])
def test_an_altered_byte_is_refused(chain: list[Path], target: Path, where: str) -> None:
    before = _digest(target)
    size = chain[1].stat().st_size
    _flip(chain[1], {"payload": size // 2, "header": 30, "trailer": size - 1}[where])
    with pytest.raises(ArchiveCorrupt, match=r"a1\.hbk"):
        restore(chain, target)
    _untouched(target, before)


def test_a_truncated_archive_is_refused(chain: list[Path], target: Path) -> None:
    before = _digest(target)
    data = chain[0].read_bytes()
    chain[0].write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ArchiveCorrupt, match=r"checksum|truncated|incomplete"):
        restore(chain, target)
    _untouched(target, before)


@pytest.mark.parametrize("order", [[0, 2, 1], [1, 2], [0, 1, 1, 2], [0, 2]])
def test_a_broken_chain_is_refused_before_anything_is_written(
        chain: list[Path], target: Path, order: list[int]) -> None:
    before = _digest(target)
    with pytest.raises(ChainBroken):
        restore([chain[i] for i in order], target)
    _untouched(target, before)


def test_a_restore_interrupted_halfway_leaves_the_target_as_it_was(
        chain: list[Path], target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _digest(target)
    real = restore_module.apply_changes
    calls = []

    def crash_on_second(conn: sqlite3.Connection, changes: Path) -> None:
        calls.append(changes)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process is being stopped mid-way
        real(conn, changes)

    monkeypatch.setattr(restore_module, "apply_changes", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        restore(chain, target)
    _untouched(target, before)


class _FillingFile:
    """A writable file on a disk that is full after `room` bytes."""

    def __init__(self, f, room: int) -> None:  # type: ignore[no-untyped-def]
        self._f, self._room = f, room

    def write(self, data: bytes) -> int:
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._f.write(data)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._f, name)

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._f.close()


def _full_disk(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    def fake_open(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        f = open(path, mode, *args, **kwargs)
        return _FillingFile(f, room) if "w" in mode else f

    monkeypatch.setattr(archive_file, "open", fake_open, raising=False)


def test_a_full_disk_during_restore_is_reported_and_leaves_nothing_behind(
        chain: list[Path], target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _digest(target)
    _full_disk(monkeypatch, room=50_000)
    with pytest.raises(NotEnoughSpace, match="full"):
        restore(chain, target)
    _untouched(target, before)


def test_a_full_disk_while_archiving_is_reported_and_leaves_nothing_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with home_store(tmp_path / "src", days=1) as src:
        snap = take(src, tmp_path / "work", "s0")
    out = tmp_path / "out"
    out.mkdir()
    _full_disk(monkeypatch, room=20_000)
    with pytest.raises(NotEnoughSpace):
        make_archive(snap, out / "a0.hbk")
    assert list(out.iterdir()) == []


def test_a_database_still_open_is_not_replaced(chain: list[Path], target: Path) -> None:
    with open_store(target.parent) as store:  # the panel is still recording
        store.set_setting("language", "busy")
        with pytest.raises(BackupError, match="in use"):
            restore(chain, target)
    assert not previous_path(target).exists()
    with open_store(target.parent) as store:
        assert store.get_setting("language") == "busy"


def test_the_replaced_database_is_kept_until_discarded(chain: list[Path], target: Path) -> None:
    result = restore(chain, target)
    assert result.previous == previous_path(target)
    with open_store(target.parent) as store:
        assert store.get_setting("language") == "ja"
    old = sqlite3.connect(previous_path(target))
    assert old.execute("SELECT value FROM setting WHERE key = 'language'").fetchone() == (
        "current",)
    old.close()
    with pytest.raises(BackupError, match="earlier restore"):
        restore(chain, target)  # never overwrite the only copy of the older data
    discard_previous(target)
    assert not previous_path(target).exists()
    restore(chain, target)
