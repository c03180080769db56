"""Raw 1-minute samples: the in-memory buffer and the hour blocks on disk.

`append` only buffers; a flush merges the buffer into the stored hour blocks
(one row per UTC hour and series, see `codec`) and returns, per minute that
changed, the difference it made (value and sample count). `rollups` applies
those differences to the rollup tables in the same transaction, so rollups
are maintained from what is written and always agree with the raw blocks.

Merge rule: a later sample for a minute replaces an earlier one (re-running a
backfill is idempotent); NaN means "no sample here" and never erases one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import codec

BLOCK = 60  # minutes per raw block
_MAX_PARAMS = 500  # host parameters per statement, far below SQLite's limit


@dataclass(frozen=True)
class MinuteDeltas:
    """What a flush changed, one entry per (series, minute)."""

    series_ids: np.ndarray  # int64
    minutes: np.ndarray  # int64 UTC epoch minutes
    sums: np.ndarray  # int64 change of the value, tenths of the unit
    counts: np.ndarray  # int64 change of the sample count (0 or 1)


class PendingSamples:
    """Appended chunks, kept as given until the next flush."""

    def __init__(self) -> None:
        self._chunks: dict[int, list[tuple[int, np.ndarray]]] = {}
        self.samples = 0

    def add(self, series_id: int, start_minute: int, values: np.ndarray) -> None:
        self._chunks.setdefault(series_id, []).append((start_minute, values))
        self.samples += len(values)

    def __bool__(self) -> bool:
        return self.samples > 0

    def clear(self) -> None:
        self._chunks.clear()
        self.samples = 0

    def blocks(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Merged buffer as (series ids, hours, values (m, 60) float64 with NaN)."""
        sids: list[np.ndarray] = []
        hours: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for sid, chunks in self._chunks.items():
            spans = [np.arange(s // BLOCK, (s + len(v) - 1) // BLOCK + 1) for s, v in chunks]
            hs = np.unique(np.concatenate(spans))
            dense = np.full((len(hs), BLOCK), np.nan)
            flat = dense.reshape(-1)
            for start, v in chunks:  # in append order: later chunks win
                at = int(np.searchsorted(hs, start // BLOCK)) * BLOCK + start % BLOCK
                np.copyto(flat[at:at + len(v)], v, where=~np.isnan(v))
            keep = ~np.all(np.isnan(dense), axis=1)
            sids.append(np.full(int(keep.sum()), sid, dtype=np.int64))
            hours.append(hs[keep])
            values.append(dense[keep])
        if not sids:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, BLOCK))
        return np.concatenate(sids), np.concatenate(hours), np.concatenate(values)


def _hour_clauses(hours: np.ndarray) -> list[tuple[str, list[int]]]:
    """WHERE clauses selecting exactly these hours: one range if contiguous, else IN lists."""
    uniq = np.unique(hours).tolist()
    if not uniq:
        return []
    if uniq[-1] - uniq[0] + 1 == len(uniq):
        return [("hour >= ? AND hour <= ?", [uniq[0], uniq[-1]])]
    return [(f"hour IN ({','.join('?' * len(part))})", part)
            for part in (uniq[i:i + _MAX_PARAMS] for i in range(0, len(uniq), _MAX_PARAMS))]


def _load_blocks(conn: sqlite3.Connection, sids: np.ndarray, hours: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Stored blocks for the (sid, hour) pairs: (q (m, 60), present (m, 60))."""
    index = {(h, s): i for i, (h, s) in enumerate(zip(hours.tolist(), sids.tolist(),
                                                          strict=True))}
    rows: list[int] = []
    blobs: list[bytes] = []
    for clause, params in _hour_clauses(hours):
        for h, s, data in conn.execute(
                f"SELECT hour, series_id, data FROM raw_block WHERE {clause}", params):
            i = index.get((h, s))
            if i is not None:
                rows.append(i)
                blobs.append(data)
    q = np.zeros((len(sids), BLOCK), dtype=np.int64)
    present = np.zeros((len(sids), BLOCK), dtype=bool)
    if rows:
        q[rows], present[rows] = codec.unpack(blobs, BLOCK)
    return q, present


def write_blocks(conn: sqlite3.Connection, sids: np.ndarray, hours: np.ndarray,
                 values: np.ndarray) -> MinuteDeltas:
    """Merge new samples into the stored blocks; returns what changed (for the rollups)."""
    q_new, p_new = codec.quantize(values)
    q_old, p_old = _load_blocks(conn, sids, hours)
    changed = p_new & (~p_old | (q_new != q_old))
    rows = np.flatnonzero(changed.any(axis=1))
    q = np.where(p_new, q_new, q_old)[rows]
    blobs = codec.pack(q, (p_new | p_old)[rows])
    conn.executemany(
        "INSERT INTO raw_block (hour, series_id, data) VALUES (?, ?, ?) "
        "ON CONFLICT (hour, series_id) DO UPDATE SET data = excluded.data",
        zip(hours[rows].tolist(), sids[rows].tolist(), blobs, strict=True))
    r, c = np.nonzero(changed)
    return MinuteDeltas(
        series_ids=sids[r],
        minutes=hours[r] * BLOCK + c,
        sums=(q_new - np.where(p_old, q_old, 0))[r, c],
        counts=(~p_old[r, c]).astype(np.int64),
    )


def read_raw(conn: sqlite3.Connection, series_ids: Sequence[int], start_minute: int,
             end_minute: int) -> tuple[np.ndarray, np.ndarray]:
    """Samples of [start, end) per series: (float64 (k, n) with NaN, present (k, n))."""
    k, n = len(series_ids), max(end_minute - start_minute, 0)
    if n == 0 or k == 0:
        return np.full((k, n), np.nan), np.zeros((k, n), dtype=bool)
    h0, h1 = start_minute // BLOCK, (end_minute - 1) // BLOCK
    row_of = {sid: i for i, sid in enumerate(series_ids)}
    marks = ",".join("?" * len(row_of))
    rows: list[int] = []
    cols: list[int] = []
    blobs: list[bytes] = []
    for h, s, data in conn.execute(
            f"SELECT hour, series_id, data FROM raw_block WHERE hour >= ? AND hour <= ? "
            f"AND series_id IN ({marks})", [h0, h1, *row_of]):
        rows.append(row_of[s])
        cols.append(h - h0)
        blobs.append(data)
    q = np.zeros((k, h1 - h0 + 1, BLOCK), dtype=np.int64)
    present = np.zeros((k, h1 - h0 + 1, BLOCK), dtype=bool)
    if blobs:
        q[rows, cols], present[rows, cols] = codec.unpack(blobs, BLOCK)
    lo = start_minute - h0 * BLOCK
    q2 = q.reshape(k, -1)[:, lo:lo + n]
    p2 = present.reshape(k, -1)[:, lo:lo + n]
    return codec.dequantize(q2, p2), p2


def newest_minute(conn: sqlite3.Connection) -> int | None:
    """Newest stored minute of any series."""
    hour = conn.execute("SELECT MAX(hour) FROM raw_block").fetchone()[0]
    if hour is None:
        return None
    blobs = [r[0] for r in conn.execute("SELECT data FROM raw_block WHERE hour = ?", (hour,))]
    _, present = codec.unpack(blobs, BLOCK)
    return int(hour) * BLOCK + int(np.flatnonzero(present.any(axis=0)).max())


def prune_blocks(conn: sqlite3.Connection, before_hour: int) -> int:
    """Delete raw blocks of hours before `before_hour`; returns how many."""
    return conn.execute("DELETE FROM raw_block WHERE hour < ?", (before_hour,)).rowcount
