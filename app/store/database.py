"""Opening the SQLite file: checks that never touch an existing file, connection, transactions.

Threads: one `Store` holds one SQLite connection. Each thread that reads or
writes should open its own `Store` on the same folder; WAL mode lets readers
read the last committed state while the writer appends and flushes, and a
writer that finds the write lock taken waits (busy timeout) instead of
failing. A `Store` shared between threads still works (its methods take a
lock) but then the threads take turns.

Plain sqlite3 only: this is on the panel's start-up path, and importing
SQLAlchemy costs ~750 ms there (its engine lives in `engine.py`, loaded lazily).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import DatabaseCorrupt, DataDirNotWritable, StoreError
from .private import make_private_dir

DB_NAME = "hems.sqlite3"
PREVIOUS_SUFFIX = ".before-restore"  # the data a restore replaced, kept until it is done
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000


def previous_path(target: Path) -> Path:
    """Where a restore keeps the database it replaces (a panel's start looks for it)."""
    return target.with_name(target.name + PREVIOUS_SUFFIX)


def prepare_data_dir(data_dir: Path) -> None:
    """Create the folder if missing and prove we can create files in it."""
    try:
        make_private_dir(data_dir)
    except OSError as exc:
        raise DataDirNotWritable.at(data_dir, exc.strerror or str(exc)) from exc
    if not data_dir.is_dir():
        raise DataDirNotWritable.at(data_dir, "it is not a folder")
    # os.access() lies for root and on read-only mounts: try for real.
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=data_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise DataDirNotWritable.at(data_dir, exc.strerror or str(exc)) from exc


def check_header(db_path: Path, need_write: bool = True) -> None:
    """Reject a file that is not SQLite before SQLite ever opens (and might write) it."""
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return  # an empty file is an empty database to SQLite
    with open(db_path, "rb") as f:
        head = f.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise DatabaseCorrupt.at(db_path, "it is not an SQLite database file")
    if need_write and not os.access(db_path, os.W_OK):
        raise DataDirNotWritable.at(db_path, "the database file is read-only")


def connect(db_path: Path, read_only: bool = False, immutable: bool = False
            ) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are begun explicitly.

    `read_only`: SQLite's mode=ro (never creates or writes the file); `immutable`
    also tells SQLite that nobody can change it (a read-only folder).
    """
    where = str(db_path)
    if read_only:
        where = f"{db_path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(where, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False, uri=read_only)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = FAST")  # an overwritten secret leaves no copy in its page
    return conn


def probe_schema(conn: sqlite3.Connection, db_path: Path) -> tuple[set[str], str | None]:
    """Table names and alembic revision, reading only; corruption -> DatabaseCorrupt."""
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise
        raise DatabaseCorrupt.at(db_path, str(exc)) from exc
    return tables, revision


_quick_checked: set[Path] = set()  # files found sound by this process
_quick_checked_lock = threading.Lock()


def quick_check_once(conn: sqlite3.Connection, db_path: Path) -> None:
    """SQLite's quick check (pages, b-trees, records; not index contents), once per process
    and file: the panel opens a store per thread, and the check reads the whole file."""
    key = db_path.resolve()
    with _quick_checked_lock:
        if key in _quick_checked:
            return
    rows = [" ".join(str(r[0]).split()) for r in conn.execute("PRAGMA quick_check(3)")]
    if rows != ["ok"]:
        raise DatabaseCorrupt.at(db_path, "SQLite's quick check found damage: "
                                          + "; ".join(rows))
    with _quick_checked_lock:
        _quick_checked.add(key)


def enable_wal(conn: sqlite3.Connection) -> None:
    """WAL + synchronous=NORMAL: a crash loses at most the last commits, never consistency."""
    # Switching to WAL needs the file to itself, and SQLite does not wait for that
    # (no busy handler): when several threads open a new database at once, retry.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA journal_size_limit = 4194304")  # don't keep a big WAL around


def translate_error(exc: BaseException, db_path: Path) -> StoreError | None:
    """The StoreError for an SQLite failure, else None.

    SQLAlchemy wraps these in DBAPIError: `engine.orm_session` unwraps them
    (handled there so that this module never needs SQLAlchemy).
    """
    if type(exc) is sqlite3.DatabaseError:  # SQLITE_CORRUPT, SQLITE_NOTADB
        return DatabaseCorrupt.at(db_path, str(exc))
    if type(exc) is sqlite3.OperationalError:  # I/O error, disk full, read-only, lock timeout
        return StoreError(
            f"The database {db_path} could not be read or written ({exc}). Check that the "
            f"storage is not full or failing, that the file is writable by the user that runs "
            f"the panel and that no other program holds it, then restart the panel.", db_path)
    return None


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error.

    IMMEDIATE takes the write lock up front, so a transaction never has to
    upgrade from read to write (which fails at once under WAL contention).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextlib.contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One consistent snapshot for a query made of several statements."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
