"""The store: one SQLite file in the data folder holding settings, catalog and time series.

Threads: use one `Store` per thread (open one per thread on the same folder).
One writer thread appends and flushes; any number of reader threads query at
the same time, each seeing the last committed flush (SQLite WAL: readers never
block the writer, nor it them). Queries read committed data only: samples
still in the writer's buffer are not visible, not even to the writer. A Store
shared between threads also works (every method takes its lock), but then
those threads take turns.

Crash safety: a flush is one transaction holding the raw blocks, every rollup
change they cause and the live values; killing the process loses at most what
was appended since the last flush.
"""

from __future__ import annotations

import contextlib
import logging
import math
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.domain.circuits import CircuitSpec
from app.domain.series import SeriesKind, SeriesSpec

from . import catalog, codec, rollups, timeseries
from .database import WRITE, read_transaction, translate_error, write_transaction
from .errors import StoreError
from .frames import Interval, SeriesFrame
from .local_time import LocalCalendar
from .models import DeviceInfo

log = logging.getLogger(__name__)

# Appends beyond this many buffered samples flush by themselves, so a caller
# that appends a long backfill without flushing does not run out of memory.
AUTO_FLUSH_SAMPLES = 2_000_000
_HORIZON = "raw_horizon_minute"


class Store:
    """Open with `open_store`; see the module docstring for threads and crash safety."""

    def __init__(self, path: Path, conn: sqlite3.Connection, engine: Engine,
                 calendar: LocalCalendar) -> None:
        self._path = path
        self._conn = conn
        self._engine = engine
        self._write_engine = engine.execution_options(**{WRITE: True})
        self.calendar = calendar
        self._lock = threading.RLock()
        self._pending = timeseries.PendingSamples()
        self._live: dict[int, tuple[float, float]] = {}
        self._series: dict[str, tuple[int, SeriesSpec]] = {}
        self._closed = False

    @property
    def path(self) -> Path:
        return self._path

    @property
    def timezone(self) -> str:
        return self.calendar.timezone

    def close(self) -> None:
        """Flush what is buffered, then close the file."""
        with self._lock:
            if self._closed:
                return
            try:
                self.flush()
            finally:
                self._closed = True
                self._engine.dispose()
                self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Serialize use of the one connection; turn SQLite failures into StoreErrors."""
        with self._lock:
            if self._closed:
                raise StoreError(f"The store {self._path} is closed.", self._path)
            try:
                yield
            except (sqlite3.DatabaseError, DBAPIError) as exc:
                error = translate_error(exc, self._path)
                if error is None:
                    raise
                raise error from exc

    @contextlib.contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        with self._guard(), Session(self._write_engine if write else self._engine) as s, \
                s.begin():
            yield s

    # -- settings, circuits, devices, series -------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._session() as s:
            value = catalog.get_setting(s, key)
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self._session(write=True) as s:
            catalog.set_setting(s, key, value)

    def save_circuits(self, circuits: Sequence[CircuitSpec]) -> None:
        with self._session(write=True) as s:
            catalog.save_circuits(s, circuits)

    def circuits(self) -> list[CircuitSpec]:
        with self._session() as s:
            return catalog.circuits(s)

    def save_device(self, class_code: int, instance: int, name: str, location: str) -> None:
        with self._session(write=True) as s:
            catalog.save_device(s, class_code, instance, name, location)

    def devices(self) -> list[DeviceInfo]:
        with self._session() as s:
            return catalog.devices(s)

    def define_series(self, specs: Sequence[SeriesSpec]) -> None:
        with self._session(write=True) as s:
            catalog.define_series(s, specs)
        self._series.clear()

    def series(self) -> list[SeriesSpec]:
        with self._session() as s:
            return [spec for _, spec in catalog.series(s)]

    def _lookup(self, keys: Sequence[str]) -> list[tuple[int, SeriesSpec]]:
        if any(k not in self._series for k in keys):  # maybe defined by another Store
            with self._session() as s:
                self._series = {spec.key: (sid, spec) for sid, spec in catalog.series(s)}
        unknown = [k for k in keys if k not in self._series]
        if unknown:
            raise KeyError(f"series not defined (call define_series first): {unknown}")
        return [self._series[k] for k in keys]

    # -- time series: writing ------------------------------------------------------------

    def append(self, start_minute: int, values: Mapping[str, np.ndarray]) -> None:
        """Buffer 1-minute samples from `start_minute` (UTC epoch minutes); NaN = no sample."""
        keys = list(values)
        arrays = [np.array(values[k], dtype=np.float64) for k in keys]
        if len({a.shape for a in arrays}) > 1 or any(a.ndim != 1 for a in arrays):
            raise ValueError("append needs 1-D arrays of one length for every series")
        for k, a in zip(keys, arrays, strict=True):
            if np.any(~(np.abs(a) <= codec.MAX_ABS_VALUE) & ~np.isnan(a)):
                raise ValueError(f"series {k!r}: samples must be finite and within "
                                 f"±{codec.MAX_ABS_VALUE:g} (NaN marks a missing minute)")
        with self._lock:
            ids = self._lookup(keys)
            for (sid, _), a in zip(ids, arrays, strict=True):
                if len(a):
                    self._pending.add(sid, int(start_minute), a)
            if self._pending.samples >= AUTO_FLUSH_SAMPLES:
                self.flush()

    def set_live(self, values: Mapping[str, float], at: float) -> None:
        """Latest instantaneous readings (unix seconds `at`); written by the next flush."""
        with self._lock:
            for (sid, spec), v in zip(self._lookup(list(values)), values.values(), strict=True):
                if not math.isfinite(v):
                    raise ValueError(f"live value of {spec.key!r} must be finite, not {v}")
                self._live[sid] = (float(at), float(v))

    def flush(self) -> None:
        """Write the buffer, its rollup changes and live values in one transaction."""
        with self._guard():
            if not self._pending and not self._live:
                return
            sids, hours, values = self._pending.blocks()
            with write_transaction(self._conn) as conn:
                horizon = self._meta_int(_HORIZON)
                if horizon is not None and (old := hours * 60 < horizon).any():
                    log.warning("dropped %d hour blocks older than the pruned horizon",
                                int(old.sum()))
                    sids, hours, values = sids[~old], hours[~old], values[~old]
                deltas = timeseries.write_blocks(conn, sids, hours, values)
                rollups.apply_deltas(conn, self.calendar, deltas)
                conn.executemany(
                    "INSERT INTO live_value (series_id, at, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (series_id) DO UPDATE SET at = excluded.at, "
                    "value = excluded.value WHERE excluded.at >= live_value.at",
                    [(sid, at, v) for sid, (at, v) in self._live.items()])
            self._pending.clear()
            self._live.clear()

    def prune(self, retention_days: int = 400, now_minute: int | None = None) -> int:
        """Drop raw hour blocks older than `retention_days`; rollups stay. Returns blocks dropped.

        Samples appended later for the pruned period are ignored (their rollups
        could no longer be kept exact without the raw data they replace).
        """
        now = int(time.time() // 60) if now_minute is None else int(now_minute)
        before_hour = (now - retention_days * 1440) // 60
        with self._guard(), write_transaction(self._conn) as conn:
            dropped = timeseries.prune_blocks(conn, before_hour)
            horizon = max(self._meta_int(_HORIZON) or 0, before_hour * 60)
            conn.execute("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value", (_HORIZON, str(horizon)))
        return dropped

    def _meta_int(self, key: str) -> int | None:
        row = self._conn.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    # -- time series: reading ------------------------------------------------------------

    def last_minute(self) -> int | None:
        with self._guard(), read_transaction(self._conn) as conn:
            return timeseries.newest_minute(conn)

    def raw(self, keys: Sequence[str], start_minute: int, end_minute: int) -> SeriesFrame:
        """1-minute samples of [start_minute, end_minute) as committed."""
        keys = list(dict.fromkeys(keys))
        with self._guard():
            ids = [sid for sid, _ in self._lookup(keys)]
            values, present = timeseries.read_raw(self._conn, ids, int(start_minute),
                                                  int(end_minute))
        starts = np.arange(int(start_minute), max(int(end_minute), int(start_minute)),
                           dtype=np.int64) * 60
        counts = present.astype(np.int64)
        return SeriesFrame(starts, dict(zip(keys, values, strict=True)),
                           dict(zip(keys, counts, strict=True)))

    def rollup(self, keys: Sequence[str], interval: Interval | str, start: datetime,
               end: datetime) -> SeriesFrame:
        """Local-time buckets with start <= bucket start < end (Wh, L or mean %)."""
        interval = Interval(interval)
        keys = list(dict.fromkeys(keys))
        with self._guard():
            found = self._lookup(keys)
            with read_transaction(self._conn) as conn:
                minutes, sums, counts = rollups.read_rollup(
                    conn, self.calendar, [sid for sid, _ in found], interval, start, end)
        values = {spec.key: _bucket_values(spec, sums[i], counts[i])
                  for i, (_, spec) in enumerate(found)}
        return SeriesFrame(minutes * 60, values, dict(zip(keys, counts, strict=True)))

    def live(self, keys: Sequence[str] | None = None) -> dict[str, tuple[float, float]]:
        """key -> (unix seconds, value) of the latest committed live readings."""
        with self._guard():
            rows = self._conn.execute(
                "SELECT s.key, l.at, l.value FROM live_value l JOIN series s ON s.id = "
                "l.series_id").fetchall()
        wanted = None if keys is None else set(keys)
        return {k: (at, v) for k, at, v in rows if wanted is None or k in wanted}


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
