"""The notices inbox in the `notice` table, with plain SQL (see models.NoticeRow).

One row per fold key: posting a notice whose key is already there folds it into
that row (`domain.notices.fold`) instead of adding one. Callers hold the store's
lock and run writes inside a transaction (`Store.write_sql`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import replace

from app.domain.notices import Importance, Notice, NoticeSource, fold

_COLUMNS = ("id, fold_key, source, importance, at, first_at, template, args, title, body, "
            "count, read, expires_at, lamp_until")


def _notice(r: tuple) -> Notice:
    return Notice(id=r[0], fold_key=r[1], source=NoticeSource(r[2]), importance=Importance(r[3]),
                  at=r[4], first_at=r[5], template=r[6], args=json.loads(r[7]),
                  title=json.loads(r[8]), body=json.loads(r[9]), count=r[10], read=bool(r[11]),
                  expires_at=r[12], lamp_until=r[13])


def _json(value: Mapping[str, object]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True)


def get(conn: sqlite3.Connection, fold_key: str) -> Notice | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM notice WHERE fold_key = ?",
                       (fold_key,)).fetchone()
    return None if row is None else _notice(row)


def upsert(conn: sqlite3.Connection, notices: Iterable[Notice]) -> list[Notice]:
    """Store notices, folding each into the row of its key; returns the stored versions."""
    out = []
    for new in notices:
        old = get(conn, new.fold_key)
        n = new if old is None else fold(old, new)
        values = (n.source.value, int(n.importance), n.at, n.first_at or n.at, n.template,
                  _json(n.args), _json(n.title), _json(n.body), n.count, int(n.read),
                  n.expires_at, n.lamp_until)
        if old is None:
            cur = conn.execute(
                "INSERT INTO notice (source, importance, at, first_at, template, args, title, "
                "body, count, read, expires_at, lamp_until, fold_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, n.fold_key))
            n = _with_id(n, cur.lastrowid)
        else:
            conn.execute(
                "UPDATE notice SET source = ?, importance = ?, at = ?, first_at = ?, "
                "template = ?, args = ?, title = ?, body = ?, count = ?, read = ?, "
                "expires_at = ?, lamp_until = ? WHERE id = ?", (*values, old.id))
            n = _with_id(n, old.id)
        out.append(n)
    return out


def _with_id(n: Notice, ident: int | None) -> Notice:
    return replace(n, id=ident)


def listing(conn: sqlite3.Connection, now: float, *, unread_only: bool = False,
            sources: tuple[NoticeSource, ...] = (), limit: int = 200,
            offset: int = 0) -> list[Notice]:
    """Notices not expired at `now`, newest first."""
    where = ["(expires_at IS NULL OR expires_at > ?)"]
    args: list[object] = [now]
    if unread_only:
        where.append("read = 0")
    if sources:
        where.append(f"source IN ({', '.join('?' * len(sources))})")
        args += [s.value for s in sources]
    rows = conn.execute(f"SELECT {_COLUMNS} FROM notice WHERE {' AND '.join(where)} "
                        "ORDER BY at DESC, id DESC LIMIT ? OFFSET ?", [*args, limit, offset])
    return [_notice(r) for r in rows]


def lamp_relevant(conn: sqlite3.Connection, now: float) -> list[Notice]:
    """The notices that can light the lamp: unread, or asking for it past `now`."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM notice WHERE (expires_at IS NULL OR "
                        "expires_at > ?) AND (read = 0 OR lamp_until > ?)", (now, now))
    return [_notice(r) for r in rows]


def unread_count(conn: sqlite3.Connection, now: float) -> int:
    return int(conn.execute("SELECT count(*) FROM notice WHERE read = 0 AND "
                            "(expires_at IS NULL OR expires_at > ?)", (now,)).fetchone()[0])


def mark_read(conn: sqlite3.Connection, ids: Iterable[int], read: bool = True) -> int:
    return conn.executemany("UPDATE notice SET read = ? WHERE id = ?",
                            [(int(read), i) for i in ids]).rowcount


def mark_all_read(conn: sqlite3.Connection) -> int:
    return conn.execute("UPDATE notice SET read = 1 WHERE read = 0").rowcount


def expire(conn: sqlite3.Connection, now: float) -> int:
    """Delete notices past their expiry; returns how many."""
    return conn.execute("DELETE FROM notice WHERE expires_at IS NOT NULL AND expires_at <= ?",
                        (now,)).rowcount
