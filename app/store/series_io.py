"""The numpy half of `Store`: the append buffer and the array work of its time-series methods.

`Store` keeps the lock, the connection, the key -> id lookup and the live
values, and makes one `SeriesIO` on its first time-series call (`Store._io`).
This module and those it imports (`timeseries`, `rollups`, `codec`) load
numpy, which the panel's first frame (open_store and settings) does without:
see store.py. Methods taking a connection run under the store's lock.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime

import numpy as np

from app.domain.series import SeriesKind, SeriesSpec

from . import codec, rollups, timeseries
from .frames import Interval, SeriesFrame
from .local_time import LocalCalendar

log = logging.getLogger(__name__)


class SeriesIO:
    def __init__(self, calendar: LocalCalendar) -> None:
        self.calendar = calendar
        self.pending = timeseries.PendingSamples()  # appended, not yet flushed

    # -- writing -------------------------------------------------------------------------

    @staticmethod
    def checked_samples(values: Mapping[str, np.ndarray]) -> list[np.ndarray]:
        """The arrays given to `Store.append`, as float64, in key order; ValueError if unfit."""
        arrays = [np.array(values[k], dtype=np.float64) for k in values]
        if len({a.shape for a in arrays}) > 1 or any(a.ndim != 1 for a in arrays):
            raise ValueError("append needs 1-D arrays of one length for every series")
        for k, a in zip(values, arrays, strict=True):
            if np.any(~(np.abs(a) <= codec.MAX_ABS_VALUE) & ~np.isnan(a)):
                raise ValueError(f"series {k!r}: samples must be finite and within "
                                 f"±{codec.MAX_ABS_VALUE:g} (NaN marks a missing minute)")
        return arrays

    def write_pending(self, conn: sqlite3.Connection, horizon: int | None) -> None:
        """Write the buffer's hour blocks and their rollup changes, in the caller's transaction.

        Minutes before `horizon` (raw data pruned there) are dropped. The buffer is
        kept: the caller clears it once the transaction has committed.
        """
        sids, hours, values = self.pending.blocks()
        if horizon is not None and (old := hours * 60 < horizon).any():
            log.warning("dropped %d hour blocks older than the pruned horizon", int(old.sum()))
            sids, hours, values = sids[~old], hours[~old], values[~old]
        deltas = timeseries.write_blocks(conn, sids, hours, values)
        rollups.apply_deltas(conn, self.calendar, deltas)

    def prune(self, conn: sqlite3.Connection, before_hour: int) -> int:
        return timeseries.prune_blocks(conn, before_hour)

    # -- reading -------------------------------------------------------------------------

    def last_minute(self, conn: sqlite3.Connection) -> int | None:
        return timeseries.newest_minute(conn)

    def read_raw(self, conn: sqlite3.Connection, series_ids: Sequence[int], start_minute: int,
                 end_minute: int) -> tuple[np.ndarray, np.ndarray]:
        return timeseries.read_raw(conn, series_ids, start_minute, end_minute)

    @staticmethod
    def raw_frame(keys: Sequence[str], values: np.ndarray, present: np.ndarray,
                  start_minute: int, end_minute: int) -> SeriesFrame:
        starts = np.arange(start_minute, max(end_minute, start_minute), dtype=np.int64) * 60
        counts = present.astype(np.int64)
        return SeriesFrame(starts, dict(zip(keys, values, strict=True)),
                           dict(zip(keys, counts, strict=True)))

    def read_rollup(self, conn: sqlite3.Connection, series_ids: Sequence[int],
                    interval: Interval, start: datetime, end: datetime
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return rollups.read_rollup(conn, self.calendar, series_ids, interval, start, end)

    @staticmethod
    def rollup_frame(specs: Sequence[SeriesSpec], minutes: np.ndarray, sums: np.ndarray,
                     counts: np.ndarray) -> SeriesFrame:
        values = {spec.key: _bucket_values(spec, sums[i], counts[i])
                  for i, spec in enumerate(specs)}
        return SeriesFrame(minutes * 60, values,
                           dict(zip([s.key for s in specs], counts, strict=True)))


def _bucket_values(spec: SeriesSpec, sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Vectorized SeriesSpec.bucket_value over a row of buckets (sums in tenths)."""
    total = sums / codec.SCALE
    with np.errstate(invalid="ignore", divide="ignore"):
        if spec.kind is SeriesKind.POWER:
            out = total / 60.0
        elif spec.kind is SeriesKind.VOLUME:
            out = total.copy()
        else:
            out = total / counts
    out[counts <= 0] = np.nan
    return out
