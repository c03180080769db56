"""Rollups: 30-minute, day and month sums and sample counts in local time.

Kept as exact integers (sums of the stored tenths), so applying the changes
of each flush gives exactly what summing all raw data would: no float drift,
whatever the order and chunking of appends.

- rollup_30min: one row per (local day, series); counts and sums of the day's
  slots packed with `codec` (48 slots, fewer or more on clock-change days).
- rollup_day / rollup_month: one row per (bucket, series) with total and
  count, updated with `total = total + delta` upserts (no read needed).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from . import codec
from .frames import Interval
from .local_time import SLOTS_STRIDE, LocalCalendar, month_of_day
from .timeseries import MinuteDeltas

_SID_BITS = 24  # series ids below 16 M: (bucket << 24 | series id) is a unique int64 key


def _split(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return keys >> _SID_BITS, keys & ((1 << _SID_BITS) - 1)


def apply_deltas(conn: sqlite3.Connection, cal: LocalCalendar, d: MinuteDeltas) -> None:
    """Add one flush's changes to all three rollup levels."""
    if len(d.minutes) == 0:
        return
    day, slot = cal.locate(d.minutes)
    keys, inv = np.unique((day << _SID_BITS) | d.series_ids, return_inverse=True)
    flat = inv * SLOTS_STRIDE + slot
    size = len(keys) * SLOTS_STRIDE
    # float64 bincount is exact here: |sum| < 2**53 (see codec.MAX_ABS_VALUE).
    sums = np.rint(np.bincount(flat, d.sums, size)).astype(np.int64).reshape(-1, SLOTS_STRIDE)
    counts = np.bincount(flat, d.counts, size).astype(np.int64).reshape(-1, SLOTS_STRIDE)
    days, sids = _split(keys)
    add_slot_totals(conn, cal, days, sids, sums, counts)


def add_slot_totals(conn: sqlite3.Connection, cal: LocalCalendar, days: np.ndarray,
                    sids: np.ndarray, sums: np.ndarray, counts: np.ndarray) -> None:
    """Add per-slot sums and counts ((k, 64) int64) of unique (day, series) rows to every level."""
    _add_30min(conn, cal, days, sids, sums, counts)
    add_day_totals(conn, days, sids, sums.sum(axis=1), counts.sum(axis=1))


def add_day_totals(conn: sqlite3.Connection, days: np.ndarray, sids: np.ndarray,
                   day_sums: np.ndarray, day_counts: np.ndarray) -> None:
    """Add day totals to rollup_day and to their months in rollup_month."""
    _add_totals(conn, "rollup_day", "day", days, sids, day_sums, day_counts)
    mkeys, minv = np.unique((month_of_day(days) << _SID_BITS) | sids, return_inverse=True)
    m_sums = np.rint(np.bincount(minv, day_sums, len(mkeys))).astype(np.int64)
    m_counts = np.bincount(minv, day_counts, len(mkeys)).astype(np.int64)
    months, msids = _split(mkeys)
    add_month_totals(conn, months, msids, m_sums, m_counts)


def add_month_totals(conn: sqlite3.Connection, months: np.ndarray, sids: np.ndarray,
                     sums: np.ndarray, counts: np.ndarray) -> None:
    _add_totals(conn, "rollup_month", "month", months, sids, sums, counts)


def _add_totals(conn: sqlite3.Connection, table: str, bucket: str, buckets: np.ndarray,
                sids: np.ndarray, sums: np.ndarray, counts: np.ndarray) -> None:
    conn.executemany(
        f"INSERT INTO {table} ({bucket}, series_id, total, count) VALUES (?, ?, ?, ?) "
        f"ON CONFLICT ({bucket}, series_id) DO UPDATE SET "
        f"total = total + excluded.total, count = count + excluded.count",
        zip(buckets.tolist(), sids.tolist(), sums.tolist(), counts.tolist(), strict=True))


def _add_30min(conn: sqlite3.Connection, cal: LocalCalendar, days: np.ndarray,
               sids: np.ndarray, sums: np.ndarray, counts: np.ndarray) -> None:
    index = {(dd, s): i for i, (dd, s) in enumerate(zip(days.tolist(), sids.tolist(),
                                                        strict=True))}
    found: dict[int, tuple[bytes, bytes]] = {}
    for dd, s, c_blob, s_blob in conn.execute(
            "SELECT day, series_id, counts, sums FROM rollup_30min WHERE day >= ? AND day <= ?",
            (int(days.min()), int(days.max()))):
        i = index.get((dd, s))
        if i is not None:
            found[i] = (c_blob, s_blob)
    slots = np.array([cal.slots_in_day(dd) for dd in days.tolist()])
    rows: list[tuple[int, int, bytes, bytes]] = []
    for n in np.unique(slots).tolist():
        group = np.flatnonzero(slots == n)
        c, s = counts[group, :n], sums[group, :n]
        has_old = np.array([i in found for i in group.tolist()])
        if has_old.any():
            old = group[has_old].tolist()
            c[has_old] += codec.unpack([found[i][0] for i in old], n)[0]
            s[has_old] += codec.unpack([found[i][1] for i in old], n)[0]
        rows.extend(zip(days[group].tolist(), sids[group].tolist(),
                        codec.pack(c, np.ones_like(c, dtype=bool)), codec.pack(s, c > 0),
                        strict=True))
    conn.executemany(
        "INSERT INTO rollup_30min (day, series_id, counts, sums) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (day, series_id) DO UPDATE SET counts = excluded.counts, sums = excluded.sums",
        rows)


def _read_30min(conn: sqlite3.Connection, cal: LocalCalendar, row_of: dict[int, int],
                ids: np.ndarray, sums: np.ndarray, counts: np.ndarray) -> None:
    lo, hi = int(ids[0]) // SLOTS_STRIDE, int(ids[-1]) // SLOTS_STRIDE
    sql = (f"SELECT day, series_id, counts, sums FROM rollup_30min "
           f"WHERE day >= ? AND day <= ? AND series_id IN ({','.join('?' * len(row_of))})")
    by_slots: dict[int, list[tuple[int, int, bytes, bytes]]] = {}
    for row in conn.execute(sql, [lo, hi, *row_of]):
        by_slots.setdefault(cal.slots_in_day(row[0]), []).append(row)
    n = len(ids)
    for slots, group in by_slots.items():
        c, _ = codec.unpack([g[2] for g in group], slots)
        s, _ = codec.unpack([g[3] for g in group], slots)
        wanted = np.array([g[0] for g in group])[:, None] * SLOTS_STRIDE + np.arange(slots)
        pos = np.searchsorted(ids, wanted)
        ok = (pos < n) & (ids[np.minimum(pos, n - 1)] == wanted)
        rows = np.broadcast_to(np.array([row_of[g[1]] for g in group])[:, None], wanted.shape)
        sums[rows[ok], pos[ok]] = s[ok]
        counts[rows[ok], pos[ok]] = c[ok]


def read_rollup(conn: sqlite3.Connection, cal: LocalCalendar, series_ids: Sequence[int],
                interval: Interval, start: datetime, end: datetime
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bucket start minutes (n,), sums in tenths (k, n), counts (k, n)) for [start, end)."""
    ids, starts = cal.bucket_starts(interval.value, start, end)
    k, n = len(series_ids), len(ids)
    sums = np.zeros((k, n), dtype=np.int64)
    counts = np.zeros((k, n), dtype=np.int64)
    if n == 0 or k == 0:
        return starts, sums, counts
    row_of = {sid: i for i, sid in enumerate(series_ids)}
    if interval is Interval.MIN30:
        _read_30min(conn, cal, row_of, ids, sums, counts)
        return starts, sums, counts
    table, bucket = (("rollup_day", "day") if interval is Interval.DAY
                     else ("rollup_month", "month"))
    marks = ",".join("?" * len(row_of))
    sql = (f"SELECT {bucket}, series_id, total, count FROM {table} "
           f"WHERE {bucket} >= ? AND {bucket} <= ? AND series_id IN ({marks})")
    got = conn.execute(sql, [int(ids[0]), int(ids[-1]), *row_of]).fetchall()
    if got:
        b, sid, total, count = (np.array(col, dtype=np.int64) for col in zip(*got, strict=True))
        pos = np.searchsorted(ids, b)
        ok = (pos < n) & (ids[np.minimum(pos, n - 1)] == b)
        rows = np.array([row_of[s] for s in sid.tolist()], dtype=np.int64)
        sums[rows[ok], pos[ok]] = total[ok]
        counts[rows[ok], pos[ok]] = count[ok]
    return starts, sums, counts
