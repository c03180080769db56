"""The backup folder: full or increment by the policy, base moves only on confirmation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.store.backup import (
    FULL,
    INCREMENTAL,
    BackupError,
    BackupKeeper,
    BackupPolicy,
    Confirmed,
    choose_kind,
    describe,
    restore,
)
from app.store.backup import keeper as keeper_module

from .test_backup_roundtrip import add_days, home_store

DAY = 86_400.0
NOW = 1_780_000_000.0


def _chain(full_age_days: float, increments: int, inc_size: int = 10) -> list[Confirmed]:
    full = Confirmed(FULL, "f", 1000, "h0", NOW - full_age_days * DAY)
    return [full] + [Confirmed(INCREMENTAL, f"i{i}", inc_size, f"h{i}", NOW) for i in
                     range(1, increments + 1)]


@pytest.mark.parametrize(("chain", "base", "kind"), [
    ([], False, FULL),  # first backup
    (_chain(1, 3), False, FULL),  # the confirmed base file is gone
    (_chain(1, 3), True, INCREMENTAL),
    (_chain(29.9, 28), True, INCREMENTAL),
    (_chain(30, 3), True, FULL),  # monthly baseline
    (_chain(-2, 3), True, FULL),  # the clock jumped back
    (_chain(5, 40), True, FULL),  # chain too long
    (_chain(5, 5, inc_size=100), True, FULL),  # increments add up to half a full
])
def test_choose_kind(chain: list[Confirmed], base: bool, kind: str) -> None:
    assert choose_kind(NOW, chain, base, BackupPolicy()) == kind


def _upload(archive_path: Path, server: Path) -> Path:
    server.mkdir(exist_ok=True)
    return Path(shutil.copy(archive_path, server))


def test_daily_backups_confirm_discard_and_restore(tmp_path: Path) -> None:
    # A one-day history: each day's increment is as big as the full, allow that here.
    keeper = BackupKeeper(tmp_path / "backup", BackupPolicy(max_chain_fraction=5.0))
    server = tmp_path / "server"
    with home_store(tmp_path / "src", days=1) as src:
        first = keeper.prepare(src.path, NOW)
        assert first.kind == FULL and keeper.pending() == first
        keeper.discard()  # upload failed: nothing was confirmed, the next is full again
        assert keeper.pending() is None and not first.path.exists()
        assert keeper.prepare(src.path, NOW).kind == FULL
        uploaded = [_upload(keeper.pending().path, server)]  # type: ignore[union-attr]
        keeper.confirm(keeper.pending())  # type: ignore[arg-type]
        assert keeper.base is not None and len(keeper.chain) == 1
        assert list(keeper.outbox.iterdir()) == []

        for day in (1, 2):
            add_days(src, day, 1)
            a = keeper.prepare(src.path, NOW + day * DAY)
            assert a.kind == INCREMENTAL
            assert a.manifest.base_content_hash == keeper.chain[-1].content_hash
            uploaded.append(_upload(a.path, server))
            keeper.confirm(a)
        assert [c.kind for c in keeper.chain] == [FULL, INCREMENTAL, INCREMENTAL]
        assert len(list(keeper.folder.glob("*.sqlite3"))) == 1  # only the current base

        assert keeper.prepare(src.path, NOW + 3 * DAY, force_full=True).kind == FULL
        stale = keeper.prepare(src.path, NOW + 3 * DAY)  # supersedes the unconfirmed full
        assert stale.kind == INCREMENTAL
        with pytest.raises(BackupError, match="not the one"):
            keeper.confirm(first)
        keeper.discard()
        assert not stale.path.exists()
        source_hash = describe(src.path)[0]
    target = tmp_path / "dst" / "hems.sqlite3"
    target.parent.mkdir()
    assert restore(uploaded, target).content_hash == source_hash


def test_a_confirm_cut_short_by_a_power_cut_is_finished_on_the_next_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keeper = BackupKeeper(tmp_path / "backup")
    with home_store(tmp_path / "src", days=1) as src:
        archive = keeper.prepare(src.path, NOW)

        def power_cut(*args: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(keeper_module.BackupKeeper, "_finish", power_cut)
        with pytest.raises(KeyboardInterrupt):
            keeper.confirm(archive)  # state written, snapshot not yet moved
        monkeypatch.undo()
        again = BackupKeeper(tmp_path / "backup")
        assert again.pending() is None and again.base is not None
        assert describe(again.base)[0] == archive.content_hash
        add_days(src, 1, 1)
        assert again.prepare(src.path, NOW + DAY).kind == INCREMENTAL
