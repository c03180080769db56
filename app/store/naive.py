"""The naive schema, kept only as the benchmark's baseline: one SQLite row per sample.

    sample(series_id, minute, value) PRIMARY KEY (series_id, minute) WITHOUT ROWID

and aggregates computed by SQL (GROUP BY) at query time. It is what one would
write first; the benchmark runs it next to the real store (blocks + rollups)
to show what the design buys. Local days and months use a fixed UTC offset
(Japan has no daylight saving time). Not used by the panel.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

_SCHEMA = """
CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS sample (
    series_id INTEGER NOT NULL,
    minute INTEGER NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (series_id, minute)
) WITHOUT ROWID;
"""


class NaiveStore:
    """Row-per-sample store with the same flush discipline (one transaction per flush)."""

    def __init__(self, path: Path | str, utc_offset_minutes: int = 540) -> None:
        self.path = Path(path)
        self.offset = utc_offset_minutes
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.executescript(_SCHEMA)
        self._ids: dict[str, int] = {}
        self._pending: list[tuple[int, int, float]] = []

    def close(self) -> None:
        self.flush()
        self.conn.close()

    def define_series(self, keys: Sequence[str]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO series (key) VALUES (?)", [(k,) for k in keys])
        self._ids = {k: i for i, k in self.conn.execute("SELECT id, key FROM series")}

    def append(self, start_minute: int, values: Mapping[str, np.ndarray]) -> None:
        """Buffer samples; NaN (a missing minute) is simply not stored."""
        for key, arr in values.items():
            arr = np.asarray(arr, dtype=np.float64)
            idx = np.flatnonzero(~np.isnan(arr))
            sid = self._ids[key]
            self._pending.extend(zip([sid] * len(idx), (idx + start_minute).tolist(),
                                     arr[idx].tolist(), strict=True))

    def flush(self) -> None:
        if not self._pending:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany("INSERT OR REPLACE INTO sample VALUES (?, ?, ?)", self._pending)
        self.conn.execute("COMMIT")
        self._pending.clear()

    def _id_list(self, keys: Sequence[str]) -> tuple[str, list[int]]:
        ids = [self._ids[k] for k in keys]
        return ",".join("?" * len(ids)), ids

    def raw(self, keys: Sequence[str], start_minute: int, end_minute: int
            ) -> dict[str, np.ndarray]:
        """1-minute values of [start, end) per key, NaN where no row."""
        marks, ids = self._id_list(keys)
        out = {k: np.full(end_minute - start_minute, np.nan) for k in keys}
        key_of = dict(zip(ids, keys, strict=True))
        for sid, minute, value in self.conn.execute(
                f"SELECT series_id, minute, value FROM sample WHERE series_id IN ({marks}) "
                f"AND minute >= ? AND minute < ?", [*ids, start_minute, end_minute]):
            out[key_of[sid]][minute - start_minute] = value
        return out

    def by_day(self, keys: Sequence[str], start_minute: int, end_minute: int
               ) -> list[tuple[int, int, float, int]]:
        """(series_id, local day number, sum, count) per day, by GROUP BY."""
        marks, ids = self._id_list(keys)
        return self.conn.execute(
            f"SELECT series_id, (minute + ?) / 1440 AS day, SUM(value), COUNT(*) FROM sample "
            f"WHERE series_id IN ({marks}) AND minute >= ? AND minute < ? "
            f"GROUP BY series_id, day", [self.offset, *ids, start_minute, end_minute]).fetchall()

    def by_month(self, keys: Sequence[str], start_minute: int, end_minute: int
                 ) -> list[tuple[int, str, float, int]]:
        """(series_id, 'YYYY-MM' local, sum, count) per month, by GROUP BY."""
        marks, ids = self._id_list(keys)
        return self.conn.execute(
            f"SELECT series_id, strftime('%Y-%m', (minute + ?) * 60, 'unixepoch') AS month, "
            f"SUM(value), COUNT(*) FROM sample WHERE series_id IN ({marks}) "
            f"AND minute >= ? AND minute < ? GROUP BY series_id, month",
            [self.offset, *ids, start_minute, end_minute]).fetchall()
