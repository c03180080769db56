"""`open_store`: from a data folder to a ready `Store`, or a StoreError that says what to do.

An existing database at the head revision (the panel's every start) is checked
and opened with plain sqlite3; Alembic and SQLAlchemy (~1.2 s of imports) are
loaded only to create a new database or upgrade an older one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .database import (
    DB_NAME,
    check_header,
    connect,
    enable_wal,
    prepare_data_dir,
    translate_error,
)
from .errors import StoreError
from .local_time import LocalCalendar
from .schema_version import HEAD_REVISION, check_revision
from .store import Store

if TYPE_CHECKING:
    from sqlalchemy import Engine

_TIMEZONE = "timezone"


def open_store(data_dir: Path | str, timezone: str = "Asia/Tokyo") -> Store:
    """Open (creating if needed) data_dir / "hems.sqlite3", migrated to the newest schema.

    Raises DataDirNotWritable, SchemaTooNew or DatabaseCorrupt (all StoreError);
    in none of these cases is an existing file changed.
    """
    data_dir = Path(data_dir)
    calendar = LocalCalendar(timezone)  # an unknown zone fails here, before any disk access
    prepare_data_dir(data_dir)
    db_path = data_dir / DB_NAME
    check_header(db_path)
    try:
        conn = connect(db_path)
    except sqlite3.Error as exc:
        raise (translate_error(exc, db_path) or exc) from exc
    engine = None
    try:
        revision = check_revision(conn, db_path)  # reads only; refuses before any write
        enable_wal(conn)  # only now: it rewrites the header of a file that is not yet in WAL mode
        if revision != HEAD_REVISION:
            engine = _migrate(conn, db_path)
        _check_timezone(conn, db_path, timezone)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise (translate_error(exc, db_path) or exc) from exc
    except BaseException:
        conn.close()
        raise
    return Store(db_path, conn, calendar, engine)


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
