"""The backup folder of the panel: the last confirmed snapshot (the base) and the pending one.

    <folder>/state.json         confirmed chain (full first) and the base file's name
    <folder>/base-<hash>.sqlite3 the database as of the last confirmed archive
    <folder>/pending.json       the archive made but not yet confirmed, and its snapshot
    <folder>/outbox/*.hbk       archives waiting to be uploaded

An increment is made against the base, so the base may only move forward once
the server holds the archive: `confirm()` after a successful upload,
`discard()` after a failed one (the next backup then covers the same changes).
Every file is replaced atomically; after a power cut the folder is tidied on
the next start (see `_recover`).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import asdict
from pathlib import Path

from ..private import make_private_dir
from .archive_file import FULL, Archive, Manifest
from .errors import BackupError
from .files import Progress, no_progress, part, publish, remove_leftovers, remove_quietly, temp_path
from .make import make_archive
from .policy import BackupPolicy, Confirmed, choose_kind
from .snapshot import snapshot


class BackupKeeper:
    def __init__(self, folder: Path, policy: BackupPolicy | None = None) -> None:
        self.folder = Path(folder)
        self.outbox = self.folder / "outbox"
        self.policy = policy or BackupPolicy()
        make_private_dir(self.folder)
        make_private_dir(self.outbox)
        self._recover()

    # -- state -------------------------------------------------------------------------

    @property
    def chain(self) -> tuple[Confirmed, ...]:
        return tuple(Confirmed(**c) for c in self._state().get("chain", []))

    @property
    def base(self) -> Path | None:
        name = self._state().get("base")
        path = None if name is None else self.folder / name
        return path if path is not None and path.is_file() else None

    def next_kind(self, now: float | None = None) -> str:
        now = time.time() if now is None else now
        return choose_kind(now, self.chain, self.base is not None, self.policy)

    def pending(self) -> Archive | None:
        raw = _read_json(self.folder / "pending.json")
        if raw is None:
            return None
        a = raw["archive"]
        return Archive(Path(a["path"]), a["sha256"], a["size"],
                       Manifest(**{**a["manifest"], "tables": tuple(a["manifest"]["tables"])}))

    # -- the daily backup --------------------------------------------------------------

    def prepare(self, db_path: Path, now: float | None = None, compression: str = "zlib",
                progress: Progress = no_progress, force_full: bool = False) -> Archive:
        """Snapshot the live database and archive it (full or increment, by the policy).

        `force_full`: when the server no longer has the base (a new chain is started).
        """
        self.discard()  # an unconfirmed archive is superseded: this one covers its changes
        now = time.time() if now is None else now
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
        snap = self.folder / f"snapshot-{stamp}.sqlite3"
        dest = self.outbox / f"backup-{stamp}.hbk"
        base = None if force_full or self.next_kind(now) == FULL else self.base
        try:
            snapshot(db_path, snap, part(progress, 0.0, 0.2))
            archive = make_archive(
                snap, dest, base, self.chain[-1].content_hash if base else None, compression,
                part(progress, 0.2, 1.0))
            _write_json(self.folder / "pending.json", {
                "snapshot": snap.name, "made_at": now,
                "archive": {"path": str(dest), "sha256": archive.sha256, "size": archive.size,
                            "manifest": asdict(archive.manifest)}})
        except BaseException:
            remove_quietly(snap, dest)
            raise
        return archive

    def confirm(self, archive: Archive) -> None:
        """The server holds `archive`: its snapshot becomes the base of the next increment."""
        raw = _read_json(self.folder / "pending.json")
        if raw is None or raw["archive"]["sha256"] != archive.sha256:
            raise BackupError(f"The archive {archive.path} is not the one waiting for "
                              f"confirmation; make a new backup.", archive.path)
        entry = Confirmed(archive.kind, archive.sha256, archive.size, archive.content_hash,
                          raw["made_at"])
        chain = [entry] if archive.kind == FULL else [*self.chain, entry]
        old_base = self._state().get("base")
        new_base = f"base-{archive.content_hash[:16]}.sqlite3"
        # State first: a power cut before the rename leaves a state whose base is
        # missing (-> the next backup is full) or is finished by _recover.
        _write_json(self.folder / "state.json",
                    {"base": new_base, "chain": [asdict(c) for c in chain]})
        self._finish(raw, new_base, old_base)

    def discard(self) -> None:
        """Forget the pending archive (its upload failed or it was superseded)."""
        raw = _read_json(self.folder / "pending.json")
        if raw is None:
            return
        remove_quietly(self.folder / raw["snapshot"], Path(raw["archive"]["path"]))
        remove_quietly(self.folder / "pending.json")

    # -- housekeeping ------------------------------------------------------------------

    def _finish(self, pending: dict, new_base: str, old_base: str | None) -> None:
        snap = self.folder / pending["snapshot"]
        if snap.exists():
            os.replace(snap, self.folder / new_base)
        remove_quietly(Path(pending["archive"]["path"]), self.folder / "pending.json")
        if old_base and old_base != new_base:
            remove_quietly(self.folder / old_base)

    def _recover(self) -> None:
        """Finish a confirm cut short; drop temp files and files no record points to."""
        remove_leftovers(self.folder)
        remove_leftovers(self.outbox)
        state, pending = self._state(), _read_json(self.folder / "pending.json")
        chain = state.get("chain", [])
        if pending and chain and chain[-1]["sha256"] == pending["archive"]["sha256"]:
            self._finish(pending, state["base"], None)
            pending = None
        keep = {state.get("base"), pending and pending["snapshot"]}
        for p in self.folder.glob("*.sqlite3"):
            if p.name not in keep:
                remove_quietly(p)
        waiting = pending and Path(pending["archive"]["path"]).name
        for p in self.outbox.glob("*.hbk"):
            if p.name != waiting:
                remove_quietly(p)

    def _state(self) -> dict:
        return _read_json(self.folder / "state.json") or {}


def _read_json(path: Path) -> dict | None:
    with contextlib.suppress(FileNotFoundError):
        return json.loads(path.read_text())
    return None


def _write_json(path: Path, value: object) -> None:
    with temp_path(path.parent, ".json") as tmp:
        tmp.write_text(json.dumps(value, indent=1))
        publish(tmp, path)
