"""`open_store`: from a data folder to a ready `Store`, or a StoreError that says what to do.

An existing database at the head revision (the panel's every start) is checked
and opened with plain sqlite3; Alembic and SQLAlchemy (~1.2 s of imports) are
loaded only to create a new database or upgrade an older one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .database import (
    DB_NAME,
    check_header,
    connect,
    enable_wal,
    prepare_data_dir,
    quick_check_once,
    translate_error,
)
from .errors import DataDirMissing, StoreError
from .local_time import LocalCalendar
from .private import create_private_file
from .schema_version import HEAD_REVISION, check_revision
from .store import Store

if TYPE_CHECKING:
    from sqlalchemy import Engine

_TIMEZONE = "timezone"


def open_store(data_dir: Path | str, timezone: str = "Asia/Tokyo", *,
               read_only: bool = False) -> Store:
    """Open (creating if needed) data_dir / "hems.sqlite3", migrated to the newest schema.

    Raises DataDirNotWritable, SchemaTooNew or DatabaseCorrupt (all StoreError);
    in none of these cases is an existing file changed. The first open of a file
    in a process runs SQLite's quick check (a damaged page is found here, not by
    a query halfway through a command).

    `read_only`: for commands that only read. Nothing is created (DataDirMissing
    if there is no database), nothing written, and a read-only folder is fine.
    """
    data_dir = Path(data_dir)
    calendar = LocalCalendar(timezone)  # an unknown zone fails here, before any disk access
    db_path = data_dir / DB_NAME
    if read_only:
        return _open_read_only(db_path, calendar)
    prepare_data_dir(data_dir)
    check_header(db_path)
    create_private_file(db_path)  # 0600 before SQLite creates it 0644 (and its -wal, -shm)
    try:
        conn = connect(db_path)
    except sqlite3.Error as exc:
        raise (translate_error(exc, db_path) or exc) from exc
    engine = None
    with _closed_on_failure(conn, db_path):
        revision = check_revision(conn, db_path)  # reads only; refuses before any write
        quick_check_once(conn, db_path)
        enable_wal(conn)  # only now: it rewrites the header of a file that is not yet in WAL mode
        if revision != HEAD_REVISION:
            engine = _migrate(conn, db_path)
        _check_timezone(conn, db_path, timezone)
    return Store(db_path, conn, calendar, engine)


def _open_read_only(db_path: Path, calendar: LocalCalendar) -> Store:
    if not db_path.parent.is_dir():
        raise DataDirMissing.at(db_path.parent, "the folder does not exist")
    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise DataDirMissing.at(db_path.parent, f"it holds no database ({DB_NAME})")
    check_header(db_path, need_write=False)
    # SQLite reads a WAL database only with a -shm file beside it, which it cannot create
    # in a read-only folder: a database closed cleanly (no -wal) can be read as immutable.
    frozen = (not os.access(db_path.parent, os.W_OK)
              and not Path(f"{db_path}-wal").exists())
    try:
        conn = connect(db_path, read_only=True, immutable=frozen)
    except sqlite3.Error as exc:
        raise (translate_error(exc, db_path) or exc) from exc
    with _closed_on_failure(conn, db_path):
        revision = check_revision(conn, db_path)
        if revision != HEAD_REVISION:
            raise StoreError(
                f"The database {db_path} has an older schema (revision {revision!r}) and this "
                f"command only reads. Start the panel (or any command that writes) once to "
                f"upgrade it, then try again.", db_path)
        quick_check_once(conn, db_path)
        row = conn.execute("SELECT value FROM store_meta WHERE key = ?", (_TIMEZONE,)
                           ).fetchone()
        if row is not None and row[0] != calendar.timezone:
            raise StoreError(f"The database {db_path} keeps its history in the time zone "
                             f"{row[0]}, not {calendar.timezone}.", db_path)
    return Store(db_path, conn, calendar, None)


@contextmanager
def _closed_on_failure(conn: sqlite3.Connection, db_path: Path) -> Iterator[None]:
    """Whatever goes wrong while opening closes the connection; SQLite's errors are
    said in the store's words (corrupt, not ours, read-only...)."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise (translate_error(exc, db_path) or exc) from exc
    except BaseException:
        conn.close()
        raise


def _migrate(conn: sqlite3.Connection, db_path: Path) -> Engine:
    """Create or upgrade with Alembic; the engine is handed on to the Store (it owns `conn`)."""
    from sqlalchemy.exc import DBAPIError

    from .engine import make_engine, translate_dbapi_error
    from .migrate import migrate

    engine = make_engine(conn)
    try:
        migrate(conn, engine, db_path)
    except DBAPIError as exc:
        raise translate_dbapi_error(exc, db_path) from exc
    return engine


def _check_timezone(conn: sqlite3.Connection, db_path: Path, timezone: str) -> None:
    """Rollups are bucketed in the zone the store was created with; it cannot change."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT value FROM store_meta WHERE key = ?", (_TIMEZONE,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", (_TIMEZONE, timezone))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if row is not None and row[0] != timezone:
        raise StoreError(
            f"The database {db_path} keeps its history in the time zone {row[0]}, but the panel "
            f"was started with {timezone}. Start the panel with the time zone {row[0]}, or with "
            f"another data folder for a new history.", db_path)
