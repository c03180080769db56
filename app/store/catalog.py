"""Settings and series with plain SQL on the store's connection; `DeviceInfo`.

These are on the panel's start-up path, so they use sqlite3 directly rather
than SQLModel sessions: importing SQLModel/SQLAlchemy costs ~750 ms there.
The tables are still defined by the SQLModel classes in `models.py` (which
Alembic migrates); the SQL here must keep to their columns. Circuits and
devices, used only later, stay ORM code in `orm_catalog.py`.
Callers hold the store's lock; writes run inside `write_transaction`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the settings are read at start-up; the series' definitions later
    from app.domain.series import SeriesSpec


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    class_code: int  # ECHONET Lite class group + class, e.g. 0x0279
    instance: int
    name: str
    location: str


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def define_series(conn: sqlite3.Connection, specs: Sequence[SeriesSpec]) -> None:
    """Add series not yet known. A known key keeps its id; its kind and unit must match."""
    existing = {key: (kind, unit) for key, kind, unit
                in conn.execute("SELECT key, kind, unit FROM series")}
    for spec in specs:
        known = existing.get(spec.key)
        if known is None:
            conn.execute("INSERT INTO series (key, kind, unit) VALUES (?, ?, ?)",
                         (spec.key, spec.kind.value, spec.unit))
            existing[spec.key] = (spec.kind.value, spec.unit)
        elif known != (spec.kind.value, spec.unit):
            # Changing the kind would silently change what stored rollups mean.
            raise ValueError(f"series {spec.key!r} is already defined as {known[0]} in "
                             f"{known[1]}, not {spec.kind.value} in {spec.unit}")


def series(conn: sqlite3.Connection) -> list[tuple[int, SeriesSpec]]:
    from app.domain.series import SeriesKind, SeriesSpec

    rows = conn.execute("SELECT id, key, kind, unit FROM series ORDER BY id")
    return [(sid, SeriesSpec(key, SeriesKind(kind), unit)) for sid, key, kind, unit in rows]
