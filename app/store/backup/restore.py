"""Restore: rebuild a database from a full archive and its increments, then swap it in.

Everything is built and verified in a temp file beside the target: the seal
of every archive, the chain (each increment applies to exactly the database
the archives before it produce), the content hash of the result against the
last manifest, and SQLite's integrity check. Only then is the target replaced,
by one rename; its previous file is kept as `<name>.before-restore` (a hard
link made before the rename, so at every instant the target is either the old
or the new database) until the caller discards it. Any failure before the
rename, including a full disk or an exception halfway, leaves the target as it
was and removes the temp files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..database import previous_path
from .archive_file import FULL, INCREMENTAL, Manifest, extract, read_manifest
from .diff import apply_changes
from .errors import ArchiveCorrupt, BackupError, ChainBroken
from .files import (
    Progress,
    fsync_dir,
    fsync_file,
    no_progress,
    part,
    publish,
    remove_leftovers,
    temp_path,
)
from .tables import content_hash


@dataclass(frozen=True)
class RestoreResult:
    target: Path
    previous: Path | None  # the database the restore replaced, kept until discarded
    content_hash: str


def check_chain(archives: Sequence[Path]) -> list[Manifest]:
    """The manifests, if the archives are one full backup followed by its increments in order."""
    if not archives:
        raise ValueError("restore needs at least one archive (a full backup)")
    manifests = [read_manifest(p) for p in archives]
    if manifests[0].kind != FULL:
        raise ChainBroken.at(archives[0], "the first archive must be a full backup")
    for path, before, m in zip(archives[1:], manifests, manifests[1:], strict=False):
        if m.kind != INCREMENTAL:
            raise ChainBroken.at(path, "only the first archive may be a full backup")
        if m.base_content_hash != before.content_hash or m.schema_hash != before.schema_hash:
            raise ChainBroken.at(path, "it was made from another state of the data than the "
                                       "archive before it restores")
    return manifests


def restore(archives: Sequence[Path], target: Path, progress: Progress = no_progress
            ) -> RestoreResult:
    """Replace `target` with the database the archives hold; see the module docstring.

    The panel must have closed the database first (BackupError otherwise). The
    panel's takeover (`app.services.restore_staging`) runs the same steps one by
    one with a journal, so that a power cut between any two of them can resume.
    """
    previous = previous_path(target)
    if previous.exists():
        raise BackupError(
            f"{previous} still holds the data replaced by an earlier restore. Delete it (or "
            f"move it away) once that restore is known to be good, then restore again.", previous)
    remove_leftovers(target.parent)  # of a restore that was killed
    with temp_path(target.parent, ".sqlite3") as work:
        digest = build(archives, work, progress)
        kept = keep_previous(target)
        try:
            swap_in(work, target)
        except BaseException:
            put_back_previous(target)  # the target was never replaced: undo the keeping
            raise
    progress(1.0)
    return RestoreResult(target, kept, digest)


def build(archives: Sequence[Path], work: Path, progress: Progress = no_progress) -> str:
    """Rebuild and verify the archives' database at `work` (written whole, fsynced).

    Returns its content hash. `work` appears only when complete and verified, so
    building again after a kill starts from the archives, never from half a file.
    """
    manifests = check_chain(archives)  # before writing anything
    n = len(archives)
    with temp_path(work.parent, ".sqlite3") as tmp:
        extract(archives[0], tmp, part(progress, 0.0, 0.4))
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a scratch file until it is verified
            conn.execute("PRAGMA synchronous = OFF")
            for i, path in enumerate(archives[1:], start=1):
                with temp_path(work.parent, ".sqlite3") as changes:
                    extract(path, changes)
                    apply_changes(conn, changes)
                progress(0.4 + 0.3 * i / max(n - 1, 1))
            digest = content_hash(conn, progress=part(progress, 0.7, 0.95))
            if digest != manifests[-1].content_hash:
                raise ArchiveCorrupt.at(archives[-1], "the data rebuilt from the archives differs "
                                                      "from the data that was backed up")
            check = conn.execute("PRAGMA integrity_check").fetchall()
            if check != [("ok",)]:
                raise ArchiveCorrupt.at(archives[-1], f"the rebuilt database is damaged: "
                                                      f"{check[:3]}")
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
        publish(tmp, work)
    return digest


def keep_previous(target: Path) -> Path | None:
    """Keep the target's data as `<name>.before-restore` (idempotent; None if no target).

    A hard link made before the swap, so at every instant the target is either
    the old or the new database. Run again after a kill, it finds the link (or
    the copy) already there and only moves what is left of the side files.
    """
    previous = previous_path(target)
    if not target.exists():
        return None
    if not previous.exists():
        _release(target)
        try:
            os.link(target, previous)  # no copy, no window without a target
        except OSError:  # a file system without hard links (FAT on a USB stick)
            with temp_path(target.parent) as tmp:
                shutil.copyfile(target, tmp)
                publish(tmp, previous)
    for side in ("-wal", "-shm"):  # of a damaged target that could not be checkpointed
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{target}{side}", f"{previous}{side}")
    fsync_dir(target.parent)
    return previous


def swap_in(work: Path, target: Path) -> None:
    """The commit point: one rename puts the verified database in place, made durable."""
    fsync_file(work)
    os.replace(work, target)
    fsync_dir(target.parent)


def put_back_previous(target: Path) -> bool:
    """Undo a swap: the kept data becomes the target again (False if nothing was kept).

    Before the swap the kept name is only a second link to the target (or a
    copy of it): it is dropped, and the side files go back where they were.
    """
    previous = previous_path(target)
    if not previous.exists():
        return False
    swapped = not target.exists() or not _same_data(previous, target)
    if swapped:
        for side in ("-wal", "-shm", "-journal"):  # the restored file's, not the kept data's
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{target}{side}")
    for side in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{previous}{side}", f"{target}{side}")
    if swapped:
        os.replace(previous, target)
    else:
        os.unlink(previous)
    fsync_dir(target.parent)
    return True


def _same_data(a: Path, b: Path) -> bool:
    """The same file (a hard link), or a byte-identical copy (file systems without links)."""
    if os.path.samefile(a, b):
        return True
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            chunk = fa.read(1 << 20)
            if chunk != fb.read(1 << 20):
                return False
            if not chunk:
                return True


def _release(target: Path) -> None:
    """Fold the target's WAL into its file, and prove that nobody else has it open."""
    conn = sqlite3.connect(target, timeout=2.0, isolation_level=None)
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                raise sqlite3.OperationalError("database is locked")
            conn.execute("PRAGMA journal_mode = DELETE")  # needs the file to itself
    except sqlite3.OperationalError as exc:
        raise BackupError(
            f"The database {target} is in use ({exc}). Close the panel's database (stop "
            f"recording) before restoring; nothing has been changed.", target) from exc
    except sqlite3.DatabaseError:
        pass  # damaged: restoring over it is the point; it is kept as it is
    finally:
        conn.close()


def discard_previous(target: Path) -> None:
    """Delete the database a successful restore replaced (once the caller is satisfied)."""
    previous = previous_path(target)
    for side in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{previous}{side}")
    fsync_dir(target.parent)
