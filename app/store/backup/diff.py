"""Increments: the rows a snapshot adds or changes since the base, and the keys it deletes.

The changes are themselves a small SQLite file: for table number i of the
snapshot, `u{i}` holds its rows that are new or differ from the base (whole
rows) and `d{i}` the keys of base rows that are gone; `changed_tables` lists
them (a table without changes has neither and is not listed). Columns of the
change tables have no declared type, so SQLite stores every value exactly as
read (no affinity conversions on the way).

Tables without a primary key have no way to name a row, so they are sent
whole and replaced whole (`whole` = 1); the panel's tables all have keys.
Comparisons use the base's primary-key index: one lookup per snapshot row,
~1 s for a year of 1-minute data.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .files import Progress, no_progress
from .tables import Table, q, tables


def _cols(names: tuple[str, ...], alias: str = "") -> str:
    return ", ".join(f"{alias}{q(c)}" for c in names)


def _match(t: Table, left: str, right: str, every_column: bool) -> str:
    """Join condition: same key (and, if `every_column`, the same values in every column)."""
    keyed = " AND ".join(f"{left}.{q(c)} = {right}.{q(c)}" for c in t.key)
    if not every_column:
        return keyed
    rest = [c for c in t.columns if c not in t.key]
    return " AND ".join([keyed, *(f"{left}.{q(c)} IS {right}.{q(c)}" for c in rest)])


def make_changes(snap: Path, base: Path, dest: Path, progress: Progress = no_progress
                 ) -> dict[str, tuple[int, int]]:
    """Write to `dest` (a new file) what turns `base` into `snap`: table -> (upserts, deletes).

    Both must have the same schema (the caller compares their schema hashes).
    """
    conn = sqlite3.connect(dest, isolation_level=None)
    counts: dict[str, tuple[int, int]] = {}
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch file: on failure it is deleted
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("ATTACH DATABASE ? AS snap", (str(snap),))
        conn.execute("ATTACH DATABASE ? AS base", (str(base),))
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE changed_tables (idx INTEGER PRIMARY KEY, name TEXT UNIQUE, "
                      "whole INTEGER, upserts INTEGER, deletes INTEGER)")
        found = tables(conn, "snap")
        for i, t in enumerate(found):
            conn.execute(f"CREATE TABLE u{i} ({_cols(t.columns)})")
            whole = not t.key
            if whole:
                conn.execute(f"INSERT INTO u{i} SELECT * FROM {t.quoted('snap')}")
            else:
                conn.execute(f"CREATE TABLE d{i} ({_cols(t.key)})")
                conn.execute(
                    f"INSERT INTO u{i} SELECT s.* FROM {t.quoted('snap')} AS s WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {t.quoted('base')} AS b WHERE {_match(t, 'b', 's', True)})")
                conn.execute(
                    f"INSERT INTO d{i} SELECT {_cols(t.key, 'b.')} FROM {t.quoted('base')} AS b "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {t.quoted('snap')} AS s "
                    f"WHERE {_match(t, 's', 'b', False)})")
            ups = conn.execute(f"SELECT count(*) FROM u{i}").fetchone()[0]
            dels = 0 if whole else conn.execute(f"SELECT count(*) FROM d{i}").fetchone()[0]
            counts[t.name] = (ups, dels)
            progress((i + 1) / len(found))
            if not whole and not ups and not dels:
                # Unchanged: not listed, and no empty tables (a page each) in the upload.
                conn.execute(f"DROP TABLE u{i}")
                conn.execute(f"DROP TABLE d{i}")
                continue
            conn.execute("INSERT INTO changed_tables VALUES (?, ?, ?, ?, ?)",
                         (i, t.name, int(whole), ups, dels))
        conn.execute("COMMIT")
        conn.execute("VACUUM")  # drop the pages of the scratch work: a smaller upload
    finally:
        conn.close()
    return counts


def apply_changes(conn: sqlite3.Connection, changes: Path) -> None:
    """Apply a changes file to the database of `conn` (main, autocommit mode) in one transaction."""
    conn.execute("ATTACH DATABASE ? AS chg", (str(changes),))
    try:
        conn.execute("BEGIN")
        by_name = {t.name: t for t in tables(conn)}
        for idx, name, whole in conn.execute(
                "SELECT idx, name, whole FROM chg.changed_tables ORDER BY idx").fetchall():
            t = by_name[name]  # present: the caller checked that the schemas are equal
            cols = _cols(t.columns)
            if whole:
                conn.execute(f"DELETE FROM {t.quoted()}")
            else:
                # Deletes first: a changed row may take over a unique value of a deleted one.
                conn.execute(f"DELETE FROM {t.quoted()} WHERE ({_cols(t.key)}) IN "
                             f"(SELECT {_cols(t.key)} FROM chg.d{int(idx)})")
            # REPLACE also removes a row whose unique value another changed row now holds;
            # that row is itself among the changes, so the end state is the snapshot's.
            conn.execute(f"INSERT OR REPLACE INTO {t.quoted()} ({cols}) "
                         f"SELECT {cols} FROM chg.u{int(idx)}")
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute("DETACH DATABASE chg")
