"""Counting attempts in the database, atomically, so the limits hold across workers.

One statement reserves an attempt and returns the new count: an INSERT … ON CONFLICT
DO UPDATE … RETURNING (SQLite ≥ 3.35, PostgreSQL). Two workers can never both see
"4" and both go on to check a fifth code: the database serializes the increments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, delete, update
from sqlmodel import Session

from server.db import insert_for
from server.models import AttemptCounter


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window_s: float


def reserve(session: Session, limit: Limit, now: float) -> float:
    """Count one attempt in `limit.scope`; 0 when allowed, else seconds to wait.

    A refused attempt is counted too (it is cheap and proves nothing), so hammering a
    closed scope does not reopen it early: the window restarts only after it lapsed.
    """
    insert = insert_for(session.get_bind().dialect.name)
    table = AttemptCounter.__table__
    lapsed = table.c.window_start <= now - limit.window_s
    stmt = insert(table).values(scope=limit.scope, window_start=now, count=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.scope],
        set_={"count": case((lapsed, 1), else_=table.c.count + 1),
              "window_start": case((lapsed, now), else_=table.c.window_start)},
    ).returning(table.c.count, table.c.window_start)
    count, start = session.execute(stmt).one()
    if count <= limit.limit:
        return 0.0
    return max(1.0, start + limit.window_s - now)


def refund(session: Session, scopes: list[str]) -> None:
    """Give back the attempts of a check that found the right code: the limits count
    wrong codes (and checks in flight), so the owner's successes cost nothing."""
    session.exec(update(AttemptCounter)
                 .where(AttemptCounter.scope.in_(scopes), AttemptCounter.count > 0)
                 .values(count=AttemptCounter.count - 1))


def forget(session: Session, scopes: list[str]) -> None:
    session.exec(delete(AttemptCounter).where(AttemptCounter.scope.in_(scopes)))


def prune(session: Session, now: float, longest_window_s: float, prefix: str = "") -> None:
    """Drop counters whose window lapsed (the table would grow under scans); only those
    whose scope starts with `prefix`, so a short window never prunes a longer one's."""
    stmt = delete(AttemptCounter).where(AttemptCounter.window_start <= now - longest_window_s)
    if prefix:
        stmt = stmt.where(AttemptCounter.scope.startswith(prefix, autoescape=True))
    session.exec(stmt)
