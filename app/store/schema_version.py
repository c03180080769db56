"""Which schema revisions this software knows, checked with plain sqlite3 at every open.

Opening an existing database that is already at `HEAD_REVISION` is the panel's
start-up path, so it must not import Alembic or SQLAlchemy (~1.2 s on the
panel). The constants below mirror `migrations/versions`; a test compares them
with Alembic's ScriptDirectory, so a new migration without bumping them fails
the suite. `python -m app.store.migrate revision` reminds you to bump them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from pathlib import Path

from .database import probe_schema
from .errors import DatabaseCorrupt, SchemaTooNew

HEAD_REVISION = "0006"
# every revision, oldest first
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005",
                                     "0006")


def check_revision(conn: sqlite3.Connection, db_path: Path,
                   known: Collection[str] = KNOWN_REVISIONS) -> str | None:
    """The file's revision if we can work with it (None = empty database), else raise.

    Reads only: a refused file is never written to.
    """
    tables, revision = probe_schema(conn, db_path)
    if revision is not None and revision not in known:
        raise SchemaTooNew.at(db_path, revision)
    ours = {t for t in tables if not t.startswith("sqlite_")} - {"alembic_version"}
    if revision is None and ours:
        raise DatabaseCorrupt.at(
            db_path, "it is an SQLite database, but not one made by the HEMS Panel")
    return revision
