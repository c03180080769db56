"""`open_store`: from a data folder to a ready `Store`, or a StoreError that says what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from .database import (
    DB_NAME,
    check_header,
    connect,
    make_engine,
    prepare_data_dir,
    translate_error,
)
from .errors import StoreError
from .local_time import LocalCalendar
from .migrate import migrate
from .store import Store

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
    engine = make_engine(conn)
    try:
        migrate(conn, engine, db_path)
        _check_timezone(conn, db_path, timezone)
    except (sqlite3.DatabaseError, DBAPIError) as exc:
        engine.dispose()
        conn.close()
        raise (translate_error(exc, db_path) or exc) from exc
    except BaseException:
        engine.dispose()
        conn.close()
        raise
    return Store(db_path, conn, engine, calendar)


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
