"""What a database holds, found generically: its tables, their keys, a hash of their content.

Nothing here names a table: tables added by later migrations (events,
notices, ...) are backed up, diffed and verified without code changes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

from .files import Progress, no_progress

_BATCH = 512  # rows hashed per repr(): fixed, so the hash does not depend on fetch sizes


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # primary-key columns in key order; () = no declared key

    def quoted(self, schema: str = "main") -> str:
        return f"{q(schema)}.{q(self.name)}"

    @property
    def order(self) -> str:
        """ORDER BY the key, or by every column when there is none (still deterministic)."""
        return ", ".join(q(c) for c in (self.key or self.columns))


def q(identifier: str) -> str:
    """An SQL identifier, quoted (table names come from the file, not from us)."""
    return '"' + identifier.replace('"', '""') + '"'


def tables(conn: sqlite3.Connection, schema: str = "main") -> list[Table]:
    """The user tables of `schema` (SQLite's own sqlite_* tables excluded), by name."""
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM {q(schema)}.sqlite_master WHERE type = 'table' "
        f"AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
    found = []
    for name in names:
        info = conn.execute(f"PRAGMA {q(schema)}.table_info({q(name)})").fetchall()
        columns = tuple(r[1] for r in info)
        key = tuple(r[1] for r in sorted((r for r in info if r[5] > 0), key=lambda r: r[5]))
        found.append(Table(name, columns, key))
    return found


def schema_hash(conn: sqlite3.Connection, schema: str = "main") -> str:
    """Hash of the schema's SQL text: an increment only applies to an identical schema."""
    rows = conn.execute(
        f"SELECT type, name, tbl_name, sql FROM {q(schema)}.sqlite_master "
        f"WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def schema_revision(conn: sqlite3.Connection, schema: str = "main") -> str | None:
    """The Alembic revision the database is at (None for a database without one)."""
    if not any(t.name == "alembic_version" for t in tables(conn, schema)):
        return None
    row = conn.execute(f"SELECT version_num FROM {q(schema)}.alembic_version").fetchone()
    return None if row is None else str(row[0])


def content_hash(conn: sqlite3.Connection, schema: str = "main",
                 progress: Progress = no_progress) -> str:
    """SHA-256 over the schema and every row in key order.

    Two databases with the same schema and rows hash equal whatever their page
    layout (free pages, VACUUM, the order rows were written in), so a restore
    can be checked against the database the backup was taken from.
    """
    h = hashlib.sha256(schema_hash(conn, schema).encode())
    found = tables(conn, schema)
    counts = [conn.execute(f"SELECT count(*) FROM {t.quoted(schema)}").fetchone()[0]
              for t in found]
    total, done = max(sum(counts), 1), 0
    for t in found:
        h.update(repr((t.name, t.columns)).encode())
        cur = conn.execute(f"SELECT * FROM {t.quoted(schema)} ORDER BY {t.order}")
        while batch := cur.fetchmany(_BATCH):
            h.update(repr(batch).encode())
            done += len(batch)
            progress(done / total)
    progress(1.0)
    return h.hexdigest()
