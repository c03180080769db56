"""A consistent copy of the live database with SQLite's online backup API.

The panel's writer thread keeps appending while a backup runs. SQLite restarts
a step-wise backup whenever another connection writes between two steps, so
under a writer that flushes every few seconds a plain `Connection.backup` with
steps may never finish (and with one step it gives no progress). Holding a
read transaction on the source connection for the whole copy pins one WAL
snapshot: every step reads the same committed state, nothing restarts, and
the writer is never blocked (WAL readers do not block writers).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.domain.access_password import PRIVATE_SETTINGS

from ..database import BUSY_TIMEOUT_MS
from .errors import BackupError
from .files import Progress, no_progress, publish, temp_path

STEP_PAGES = 2048  # 8 MiB at 4 KiB pages per step: a progress report every few tens of ms


def snapshot(db_path: Path, dest: Path, progress: Progress = no_progress) -> None:
    """Copy the committed state of `db_path` to `dest` (replaced only when complete).

    `dest` is a self-contained file in rollback-journal mode (no -wal beside it).
    """
    if not db_path.is_file():
        raise BackupError(f"There is no database at {db_path} to back up. Check the data "
                          f"folder the panel was started with.", db_path)
    with temp_path(dest.parent, ".sqlite3") as tmp:
        src = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # starts the read
            dst = sqlite3.connect(tmp, isolation_level=None)
            try:
                src.backup(dst, pages=STEP_PAGES, sleep=0,
                           progress=lambda _, left, total: progress(1 - left / max(total, 1)))
                # The copied header says WAL; a backup file must stand alone.
                dst.execute("PRAGMA journal_mode = DELETE")
                _leave_out_private(dst)
            finally:
                dst.close()
            src.execute("COMMIT")
        finally:
            src.close()
        publish(tmp, dest)
    progress(1.0)


def _leave_out_private(dst: sqlite3.Connection) -> None:
    """This panel's own secrets (the access password's hash, its wrong-entry count) never
    go into a backup: a takeover asks for a new password. secure_delete overwrites the
    deleted rows in the copy's pages instead of leaving them in free space."""
    if not dst.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'setting'"
                       ).fetchone():
        return
    dst.execute("PRAGMA secure_delete = ON")
    marks = ", ".join("?" * len(PRIVATE_SETTINGS))
    dst.execute(f"DELETE FROM setting WHERE key IN ({marks})", PRIVATE_SETTINGS)
