"""Appliance history in the `event` table, with plain SQL (see models.EventRow).

Callers hold the store's lock (`Store.write_sql` / `Store.read_sql`); writes run
in the caller's transaction, so a batch of events is one commit. Pages are
newest first, ordered by (at DESC, id DESC), and served either by offset or by
keyset (`EventCursor`, the last row seen): keyset pages cost the same on page
1 and page 1,000 because they start from the index instead of skipping rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from app.domain.events import (
    Cause,
    DeviceEvent,
    ErrorEvent,
    EventCursor,
    EventFilter,
    EventKind,
    EventPage,
    EventRecord,
    OperationEvent,
    Recovery,
    SavingEvent,
)

_COLUMNS = ("id, kind, at, device, epc, old, new, cause, action, saving_wh, detail, code, "
            "fault_class, maker, recovered_at")
_INSERT = ("INSERT INTO event (kind, at, device, epc, old, new, cause, action, saving_wh, "
           "detail, code, fault_class, maker, recovered_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _row(event: OperationEvent | SavingEvent | ErrorEvent) -> tuple[object, ...]:
    if isinstance(event, OperationEvent):
        return (event.kind.value, event.at, event.device, event.epc, event.old, event.new,
                event.cause.value, None, None, "", None, None, None, None)
    if isinstance(event, SavingEvent):
        return (event.kind.value, event.at, event.device, event.epc, event.old, event.new,
                event.cause.value, event.action, event.saving_wh, event.detail, None, None, None,
                None)
    return (event.kind.value, event.at, event.device, None, None, None, None, None, None, "",
            event.code, event.fault_class, event.maker, event.recovered_at)


def _open_error(conn: sqlite3.Connection, device: str, code: int | None) -> bool:
    return conn.execute(
        "SELECT 1 FROM event WHERE kind = 'error' AND device = ? AND code IS ? "
        "AND recovered_at IS NULL LIMIT 1", (device, code)).fetchone() is not None


def append(conn: sqlite3.Connection, events: Iterable[DeviceEvent]) -> int:
    """Write events in order; returns the rows added.

    An error still open for the same device and code is not added twice (the
    panel restarted while a fault lasted); a `Recovery` closes the device's open
    errors.
    """
    added = 0
    for event in events:
        if isinstance(event, Recovery):
            mark_recovered(conn, event.device, event.at)
            continue
        if (isinstance(event, ErrorEvent) and event.recovered_at is None
                and _open_error(conn, event.device, event.code)):
            continue
        conn.execute(_INSERT, _row(event))
        added += 1
    return added


def append_many(conn: sqlite3.Connection, events: Sequence[OperationEvent | SavingEvent |
                                                      ErrorEvent]) -> None:
    """Bulk insert without the open-error check (imports, restores, tests)."""
    conn.executemany(_INSERT, [_row(e) for e in events])


def mark_recovered(conn: sqlite3.Connection, device: str, at: float) -> int:
    """Close every open error of `device` at `at`; returns how many were open."""
    return conn.execute(
        "UPDATE event SET recovered_at = ? WHERE kind = 'error' AND device = ? "
        "AND recovered_at IS NULL AND at <= ?", (at, device, at)).rowcount


def open_errors(conn: sqlite3.Connection) -> list[EventRecord]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM event WHERE kind = 'error' "
                        "AND recovered_at IS NULL ORDER BY at DESC, id DESC")
    return [_record(r) for r in rows]


def _where(f: EventFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    if f.devices:
        clauses.append(f"device IN ({', '.join('?' * len(f.devices))})")
        args += f.devices
    if f.kinds:
        clauses.append(f"kind IN ({', '.join('?' * len(f.kinds))})")
        args += [k.value for k in f.kinds]
    if f.start is not None:
        clauses.append("at >= ?")
        args.append(f.start)
    if f.end is not None:
        clauses.append("at < ?")
        args.append(f.end)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def count(conn: sqlite3.Connection, f: EventFilter) -> int:
    where, args = _where(f)
    return int(conn.execute(f"SELECT count(*) FROM event{where}", args).fetchone()[0])


def page(conn: sqlite3.Connection, f: EventFilter, limit: int, offset: int = 0,
         after: EventCursor | None = None) -> EventPage:
    """One page newest first, with the filter's total. With `after`, the page starts
    after that row (keyset) and `offset` only labels the page."""
    where, args = _where(f)
    if after is not None:
        where += (" AND " if where else " WHERE ") + "(at < ? OR (at = ? AND id < ?))"
        args += [after.at, after.at, after.id]
        skip = 0
    else:
        skip = offset
    rows = conn.execute(f"SELECT {_COLUMNS} FROM event{where} ORDER BY at DESC, id DESC "
                        "LIMIT ? OFFSET ?", [*args, limit + 1, skip]).fetchall()
    records = tuple(_record(r) for r in rows[:limit])
    more = len(rows) > limit
    cursor = EventCursor(records[-1].at, records[-1].id) if more and records else None
    return EventPage(records, count(conn, f), offset, cursor)


def iterate(conn: sqlite3.Connection, f: EventFilter, chunk: int = 2000
            ) -> Iterator[list[EventRecord]]:
    """Every matching row newest first, in keyset chunks (the CSV export)."""
    after: EventCursor | None = None
    while True:
        where, args = _where(f)
        if after is not None:
            where += (" AND " if where else " WHERE ") + "(at < ? OR (at = ? AND id < ?))"
            args += [after.at, after.at, after.id]
        rows = [_record(r) for r in conn.execute(
            f"SELECT {_COLUMNS} FROM event{where} ORDER BY at DESC, id DESC LIMIT ?",
            [*args, chunk])]
        if not rows:
            return
        yield rows
        after = EventCursor(rows[-1].at, rows[-1].id)


def devices(conn: sqlite3.Connection) -> list[str]:
    """Devices with any event (for the page's device filter)."""
    return [r[0] for r in conn.execute("SELECT DISTINCT device FROM event ORDER BY device")]


def _record(r: tuple) -> EventRecord:
    return EventRecord(id=r[0], kind=EventKind(r[1]), at=r[2], device=r[3], epc=r[4], old=r[5],
                       new=r[6], cause=None if r[7] is None else Cause(r[7]), action=r[8],
                       saving_wh=r[9], detail=r[10], code=r[11], fault_class=r[12],
                       maker=r[13], recovered_at=r[14])
