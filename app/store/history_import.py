"""Imported totals into the rollup tables: flagged, never over measured data, idempotent.

A half-hour total becomes the slot's sum as if the minute samples had been measured
(power: Wh * 60 W-min, in tenths; count 30), and is added to its day and month as a
flush would. A day (month) total is written only where no finer data exists; where
imported finer data already covers part of the bucket only the remainder is added, so
the day and month totals stay those of the source without counting anything twice.
`imported_bucket` records every bucket written (and every one found covered), which
makes a second import of the same card change nothing. A bucket the panel measured any
sample of is left alone. The caller runs each file in its own transaction.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from app.domain.import_report import EXAMPLES, ImportReport, SkipReason
from app.domain.imported_history import ImportedTotal, Resolution
from app.domain.series import SeriesKind, SeriesSpec

from . import codec, rollups
from .local_time import SLOTS_STRIDE, LocalCalendar, day_of_date, first_day_of_month, month_of_day

_RANK = {Resolution.HALF_HOUR: 0, Resolution.DAY: 1, Resolution.MONTH: 2}
_SCALE = {SeriesKind.POWER: 60 * codec.SCALE, SeriesKind.VOLUME: codec.SCALE}


def file_of(origin: str) -> str:
    return origin.rsplit(":", 1)[0]


def group_by_file(totals: Iterable[ImportedTotal]) -> list[list[ImportedTotal]]:
    """Totals per source file: 30-minute files first, then daily, then monthly (see module)."""
    groups: dict[str, list[ImportedTotal]] = {}
    for t in totals:
        groups.setdefault(file_of(t.origin), []).append(t)
    return [groups[k] for k in sorted(
        groups, key=lambda k: (min(_RANK[t.resolution] for t in groups[k]), k))]


@dataclass
class Tally:
    """The report being built over the files of one import."""

    imported: Counter[Resolution] = field(default_factory=Counter)
    skipped: Counter[SkipReason] = field(default_factory=Counter)
    examples: dict[SkipReason, list[str]] = field(default_factory=dict)
    files: int = 0
    first: date | None = None
    last: date | None = None

    def skip(self, reason: SkipReason, origin: str, n: int = 1) -> None:
        self.skipped[reason] += n
        shown = self.examples.setdefault(reason, [])
        if len(shown) < EXAMPLES and origin not in shown:
            shown.append(origin)

    def took(self, resolution: Resolution, starts: list[datetime]) -> None:
        """Buckets of one level imported (their starts)."""
        if not starts:
            return
        self.imported[resolution] += len(starts)
        first, last = min(starts).date(), max(starts).date()
        self.first = first if self.first is None or first < self.first else self.first
        self.last = last if self.last is None or last > self.last else self.last

    def report(self, circuits_dropped: int = 0) -> ImportReport:
        return ImportReport(
            imported={r: self.imported[r] for r in Resolution},
            skipped=dict(self.skipped), examples={r: tuple(v) for r, v in self.examples.items()},
            files=self.files, first_day=self.first.isoformat() if self.first else None,
            last_day=self.last.isoformat() if self.last else None,
            circuits_dropped=circuits_dropped)


Known = Mapping[str, tuple[int, SeriesSpec]]  # series key -> (series id, spec)


def import_file(conn: sqlite3.Connection, cal: LocalCalendar, known: Known,
                totals: Sequence[ImportedTotal], tally: Tally) -> None:
    """Import one file's totals inside the caller's transaction."""
    by_level: dict[Resolution, list[tuple[int, int, ImportedTotal]]] = {r: [] for r in _RANK}
    for t in totals:
        found = known.get(t.series_key)
        if found is None:
            tally.skip(SkipReason.UNKNOWN_SERIES, t.origin)
        elif found[1].kind not in _SCALE:
            tally.skip(SkipReason.NOT_ENERGY, t.origin)
        else:
            tenths = round(t.value * _SCALE[found[1].kind])
            by_level[t.resolution].append((found[0], tenths, t))
    if by_level[Resolution.HALF_HOUR]:
        _import_slots(conn, cal, by_level[Resolution.HALF_HOUR], tally)
    for level in (Resolution.DAY, Resolution.MONTH):
        if by_level[level]:
            _import_coarse(conn, cal, level, by_level[level], known, tally)
    tally.files += 1


def _slot_of(cal: LocalCalendar, day: int, start: datetime) -> int:
    if cal.slots_in_day(day) == 48:  # no clock change that day: the wall clock counts slots
        return (start.hour * 60 + start.minute) // 30
    minute = int(start.replace(tzinfo=cal.tz).timestamp()) // 60
    return int(cal.locate(np.array([minute]))[1][0])


def _marks(values: Iterable[int]) -> tuple[str, list[int]]:
    v = sorted(set(values))
    return ",".join("?" * len(v)), v


def _import_slots(conn: sqlite3.Connection, cal: LocalCalendar,
                  items: list[tuple[int, int, ImportedTotal]], tally: Tally) -> None:
    located = [(day_of_date(t.start.date()), sid, tenths, t) for sid, tenths, t in items]
    located = [(day, _slot_of(cal, day, t.start), sid, tenths, t)
               for day, sid, tenths, t in located]
    days = {e[0] for e in located}
    lo, hi = min(days), max(days)
    smarks, sids = _marks(e[2] for e in located)
    measured: dict[tuple[int, int], np.ndarray] = {}
    for day, sid, blob in conn.execute(
            f"SELECT day, series_id, counts FROM rollup_30min WHERE day >= ? AND day <= ? "
            f"AND series_id IN ({smarks})", [lo, hi, *sids]):
        measured[(day, sid)] = codec.unpack([blob], cal.slots_in_day(day))[0][0]
    taken = {(b, s): mask for b, s, mask in conn.execute(
        "SELECT bucket, series_id, slots FROM imported_bucket WHERE level = ? AND bucket >= ? "
        "AND bucket <= ?", (Resolution.HALF_HOUR.value, lo, hi))}
    row_of: dict[tuple[int, int], int] = {}
    sums: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    origin: dict[tuple[int, int], str] = {}
    took: list[datetime] = []
    for day, slot, sid, tenths, t in located:
        mask = taken.get((day, sid), 0)
        if mask >> slot & 1:
            tally.skip(SkipReason.ALREADY_IMPORTED, t.origin)
            continue
        have = measured.get((day, sid))
        if have is not None and slot < len(have) and have[slot] > 0:
            tally.skip(SkipReason.MEASURED, t.origin)
            continue
        i = row_of.setdefault((day, sid), len(row_of))
        if i == len(sums):
            sums.append(np.zeros(SLOTS_STRIDE, np.int64))
            counts.append(np.zeros(SLOTS_STRIDE, np.int64))
        sums[i][slot] = tenths
        counts[i][slot] = 30
        taken[(day, sid)] = mask | 1 << slot
        origin[(day, sid)] = file_of(t.origin)
        took.append(t.start)
    tally.took(Resolution.HALF_HOUR, took)
    if row_of:
        keys = np.array(list(row_of), dtype=np.int64)
        day_sums, day_counts = np.array(sums), np.array(counts)
        rollups.add_slot_totals(conn, cal, keys[:, 0], keys[:, 1], day_sums, day_counts)
        total, count = day_sums.sum(axis=1).tolist(), day_counts.sum(axis=1).tolist()
        _flag(conn, [(Resolution.HALF_HOUR.value, day, sid, total[i], count[i],
                      taken[(day, sid)], origin[(day, sid)])
                     for (day, sid), i in row_of.items()])
        _eat_remainders(conn, Resolution.DAY, keys[:, 0], keys[:, 1], day_sums.sum(axis=1),
                        day_counts.sum(axis=1))


def _flag(conn: sqlite3.Connection, rows: list[tuple[str, int, int, int, int, int, str]]
          ) -> None:
    """Record imported buckets: (level, bucket, series id, total, count, slot mask, origin).
    A day's half hours share one row; what a later file adds is added to it."""
    conn.executemany(
        "INSERT INTO imported_bucket (level, bucket, series_id, total, count, slots, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (level, bucket, series_id) DO UPDATE SET "
        "total = total + excluded.total, count = count + excluded.count, "
        "slots = excluded.slots, origin = excluded.origin", rows)


def _month_index(d: date) -> int:
    return (d.year - 1970) * 12 + d.month - 1


def _minutes(cal: LocalCalendar, level: Resolution, bucket: int) -> int:
    if level is Resolution.DAY:
        return cal.day_start(bucket + 1) - cal.day_start(bucket)
    return (cal.day_start(first_day_of_month(bucket + 1))
            - cal.day_start(first_day_of_month(bucket)))


def _finer(conn: sqlite3.Connection, level: Resolution, lo: int, hi: int
           ) -> dict[tuple[int, int], tuple[int, int]]:
    """(bucket, series id) -> imported (total, count) of the finer levels inside that bucket."""
    if level is Resolution.DAY:
        first_day, last_day = lo, hi
    else:
        first_day, last_day = first_day_of_month(lo), first_day_of_month(hi + 1) - 1
    per_day = conn.execute(
        "SELECT bucket, series_id, total, count FROM imported_bucket WHERE level IN (?, ?) "
        "AND bucket >= ? AND bucket <= ?",
        (Resolution.HALF_HOUR.value, Resolution.DAY.value if level is Resolution.MONTH else "-",
         first_day, last_day)).fetchall()
    out: dict[tuple[int, int], tuple[int, int]] = {}
    if not per_day:
        return out
    day = np.array([r[0] for r in per_day], dtype=np.int64)
    if level is Resolution.MONTH:
        day = month_of_day(day)
    for b, (_, s, tot, cnt) in zip(day.tolist(), per_day, strict=True):
        t0, c0 = out.get((b, s), (0, 0))
        out[(b, s)] = (t0 + tot, c0 + cnt)
    return out


def _import_coarse(conn: sqlite3.Connection, cal: LocalCalendar, level: Resolution,
                   items: list[tuple[int, int, ImportedTotal]], known: Known,
                   tally: Tally) -> None:
    """Day or month totals: where nothing finer is there, or the remainder of imported data."""
    bucket_of = day_of_date if level is Resolution.DAY else _month_index
    table, col = ("rollup_day", "day") if level is Resolution.DAY else ("rollup_month", "month")
    located = [(bucket_of(t.start.date()), sid, tenths, t) for sid, tenths, t in items]
    lo, hi = min(e[0] for e in located), max(e[0] for e in located)
    smarks, sids = _marks(e[1] for e in located)
    have = {(b, s): (tot, cnt) for b, s, tot, cnt in conn.execute(
        f"SELECT {col}, series_id, total, count FROM {table} WHERE {col} >= ? AND {col} <= ? "
        f"AND series_id IN ({smarks})", [lo, hi, *sids])}
    taken = {(b, s) for b, s in conn.execute(
        "SELECT bucket, series_id FROM imported_bucket WHERE level = ? AND bucket >= ? "
        "AND bucket <= ?", (level.value, lo, hi))}
    finer = _finer(conn, level, lo, hi)
    scale = {sid: _SCALE[spec.kind] for sid, spec in known.values() if spec.kind in _SCALE}
    adds: list[tuple[int, int, int, int]] = []
    flags: list[tuple[str, int, int, int, int, int, str]] = []
    took: list[datetime] = []
    for bucket, sid, tenths, t in located:
        if (bucket, sid) in taken:
            tally.skip(SkipReason.ALREADY_IMPORTED, t.origin)
            continue
        total, count = have.get((bucket, sid), (0, 0))
        _, f_count = finer.get((bucket, sid), (0, 0))
        if count - f_count > 0:
            tally.skip(SkipReason.MEASURED, t.origin)
            continue
        full = _minutes(cal, level, bucket)
        rest = tenths - total
        tolerance = max(scale[sid], scale[sid] * count // 60)  # the finer values' rounding
        taken.add((bucket, sid))
        if count == 0 or (rest > tolerance and count < full):
            adds.append((bucket, sid, rest, full - count))
            flags.append((level.value, bucket, sid, rest, full - count, 0, t.origin))
            took.append(t.start)
        else:  # covered by finer data (or at odds with it): finer kept, noted as seen
            reason = SkipReason.FINER_DATA if abs(rest) <= tolerance else SkipReason.DIFFERS
            tally.skip(reason, t.origin)
            flags.append((level.value, bucket, sid, 0, 0, 0, t.origin))
    tally.took(level, took)
    if adds:
        b, s, tot, cnt = (np.array(c, dtype=np.int64) for c in zip(*adds, strict=True))
        if level is Resolution.DAY:
            rollups.add_day_totals(conn, b, s, tot, cnt)
        else:
            rollups.add_month_totals(conn, b, s, tot, cnt)
    if flags:
        _flag(conn, flags)
    if adds and level is Resolution.DAY:
        _eat_remainders(conn, Resolution.MONTH, month_of_day(b), s, tot, cnt)


def _eat_remainders(conn: sqlite3.Connection, level: Resolution, buckets: np.ndarray,
                    sids: np.ndarray, added: np.ndarray, counts: np.ndarray) -> None:
    """Finer data just added into day (month) buckets that hold an imported remainder (a
    daily total written before its half hours came, say from the mirror's backfill): the
    remainder shrinks by as much, never below zero, so the bucket's total stays the
    source's and nothing is counted twice. What a day gives up its month does too."""
    keys, inv = np.unique((buckets << 24) | sids, return_inverse=True)
    add = np.bincount(inv, added, len(keys)).astype(np.int64)
    cnt = np.bincount(inv, counts, len(keys)).astype(np.int64)
    b, s = keys >> 24, keys & ((1 << 24) - 1)
    held = {(bb, ss): (tot, c) for bb, ss, tot, c in conn.execute(
        "SELECT bucket, series_id, total, count FROM imported_bucket WHERE level = ? AND "
        "bucket >= ? AND bucket <= ? AND total > 0", (level.value, int(b.min()), int(b.max())))}
    eaten_total = np.zeros(len(keys), dtype=np.int64)
    eaten_count = np.zeros(len(keys), dtype=np.int64)
    for i, (bb, ss) in enumerate(zip(b.tolist(), s.tolist(), strict=True)):
        if (bb, ss) in held and add[i] > 0:
            total, count = held[(bb, ss)]
            eaten_total[i], eaten_count[i] = min(total, add[i]), min(count, cnt[i])
    hit = eaten_total > 0
    if hit.any():
        conn.executemany("UPDATE imported_bucket SET total = total - ?, count = count - ? "
                         "WHERE level = ? AND bucket = ? AND series_id = ?",
                         zip(eaten_total[hit].tolist(), eaten_count[hit].tolist(),
                             [level.value] * int(hit.sum()), b[hit].tolist(), s[hit].tolist(),
                             strict=True))
        if level is Resolution.DAY:  # the day's month loses it too
            rollups.add_day_totals(conn, b[hit], s[hit], -eaten_total[hit], -eaten_count[hit])
        else:
            rollups.add_month_totals(conn, b[hit], s[hit], -eaten_total[hit],
                                     -eaten_count[hit])
    if level is Resolution.DAY:  # what the months gained net eats their own remainders
        _eat_remainders(conn, Resolution.MONTH, month_of_day(b), s, add - eaten_total,
                        cnt - eaten_count)
