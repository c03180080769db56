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

Start-up cost: everything the panel needs to paint its first frame (settings,
series, time series, live values) is plain sqlite3. Only circuits and devices
use SQLModel sessions, and SQLAlchemy/SQLModel (~750 ms of imports) are loaded
on their first call. Before its first frame the panel only opens the store and
reads and writes settings, so numpy (~140 ms, half the start-up budget) is
loaded by the first time-series call (see `_io`), made on a worker thread.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import catalog
from .catalog import DeviceInfo
from .database import read_transaction, translate_error, write_transaction
from .errors import StoreError
from .frames import Interval, SeriesFrame
from .local_time import LocalCalendar, date_of_day

if TYPE_CHECKING:  # the circuits' and the import's types: their modules load with them
    import numpy as np
    from sqlalchemy import Engine
    from sqlmodel import Session

    from app.domain.circuits import CircuitSpec
    from app.domain.import_report import ImportReport
    from app.domain.imported_history import ImportedTotal
    from app.domain.series import SeriesSpec  # with the series' definitions, not at start

    from .series_io import SeriesIO

# Appends beyond this many buffered samples flush by themselves, so a caller
# that appends a long backfill without flushing does not run out of memory.
AUTO_FLUSH_SAMPLES = 2_000_000
_HORIZON = "raw_horizon_minute"


class Store:
    """Open with `open_store`; see the module docstring for threads and crash safety."""

    def __init__(self, path: Path, conn: sqlite3.Connection, calendar: LocalCalendar,
                 engine: Engine | None = None) -> None:
        self._path = path
        self._conn = conn
        self._engine = engine  # SQLAlchemy over `conn`, made on first ORM use (see _session)
        self.calendar = calendar
        self._lock = threading.RLock()
        self._series_io: SeriesIO | None = None  # the numpy half, made by _io on first use
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
                if self._engine is not None:
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
            except sqlite3.DatabaseError as exc:  # SQLAlchemy's DBAPIError: see _session
                error = translate_error(exc, self._path)
                if error is None:
                    raise
                raise error from exc

    @contextlib.contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        """An ORM session for circuits and devices; loads SQLAlchemy on first use."""
        from .engine import make_engine, orm_session  # ~750 ms: kept off the start-up path

        with self._guard():
            if self._engine is None:
                self._engine = make_engine(self._conn)
            with orm_session(self._engine, self._path, write) as s:
                yield s

    # -- settings and series: plain SQL (start-up path, see catalog.py) -------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._guard():
            value = catalog.get_setting(self._conn, key)
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self._guard(), write_transaction(self._conn) as conn:
            catalog.set_setting(conn, key, value)

    def define_series(self, specs: Sequence[SeriesSpec]) -> None:
        with self._guard(), write_transaction(self._conn) as conn:
            catalog.define_series(conn, specs)
        self._series.clear()

    def series(self) -> list[SeriesSpec]:
        with self._guard():
            return [spec for _, spec in catalog.series(self._conn)]

    # -- plain-SQL modules (events.py, notices.py) on this store's connection -------------

    @contextlib.contextmanager
    def write_sql(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one write transaction, under the store's lock."""
        with self._guard(), write_transaction(self._conn) as conn:
            yield conn

    @contextlib.contextmanager
    def read_sql(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one read snapshot, under the store's lock."""
        with self._guard(), read_transaction(self._conn) as conn:
            yield conn

    # -- circuits and devices: SQLModel --------------------------------------------------

    def save_circuits(self, circuits: Sequence[CircuitSpec], replace: bool = False) -> None:
        from . import orm_catalog

        with self._session(write=True) as s:
            orm_catalog.save_circuits(s, circuits, replace)

    def circuits(self) -> list[CircuitSpec]:
        from . import orm_catalog

        with self._session() as s:
            return orm_catalog.circuits(s)

    def save_device(self, class_code: int, instance: int, name: str, location: str) -> None:
        from . import orm_catalog

        with self._session(write=True) as s:
            orm_catalog.save_device(s, class_code, instance, name, location)

    def devices(self) -> list[DeviceInfo]:
        from . import orm_catalog

        with self._session() as s:
            return orm_catalog.devices(s)

    def _io(self) -> SeriesIO:
        """The time-series half of the store; importing it loads numpy (see the module doc)."""
        with self._lock:
            if self._series_io is None:
                from .series_io import SeriesIO

                self._series_io = SeriesIO(self.calendar)
            return self._series_io

    def _lookup(self, keys: Sequence[str]) -> list[tuple[int, SeriesSpec]]:
        if any(k not in self._series for k in keys):  # maybe defined by another Store
            with self._guard():
                self._series = {spec.key: (sid, spec) for sid, spec in catalog.series(self._conn)}
        unknown = [k for k in keys if k not in self._series]
        if unknown:
            raise KeyError(f"series not defined (call define_series first): {unknown}")
        return [self._series[k] for k in keys]

    # -- time series: writing ------------------------------------------------------------

    def append(self, start_minute: int, values: Mapping[str, np.ndarray]) -> None:
        """Buffer 1-minute samples from `start_minute` (UTC epoch minutes); NaN = no sample."""
        io = self._io()
        keys = list(values)
        arrays = io.checked_samples(values)
        with self._lock:
            ids = self._lookup(keys)
            for (sid, _), a in zip(ids, arrays, strict=True):
                if len(a):
                    io.pending.add(sid, int(start_minute), a)
            if io.pending.samples >= AUTO_FLUSH_SAMPLES:
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
            io = self._series_io  # not made by settings-only use: then close() loads no numpy
            samples = io is not None and bool(io.pending)
            if not samples and not self._live:
                return
            with write_transaction(self._conn) as conn:
                if io is not None and samples:
                    io.write_pending(conn, self._meta_int(_HORIZON))
                conn.executemany(
                    "INSERT INTO live_value (series_id, at, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (series_id) DO UPDATE SET at = excluded.at, "
                    "value = excluded.value WHERE excluded.at >= live_value.at",
                    [(sid, at, v) for sid, (at, v) in self._live.items()])
            if io is not None:
                io.pending.clear()
            self._live.clear()

    def prune(self, retention_days: int = 400, now_minute: int | None = None) -> int:
        """Drop raw hour blocks older than `retention_days`, and the outdoor temperatures
        kept for those hours; rollups stay. Returns blocks dropped.

        Samples appended later for the pruned period are ignored (their rollups
        could no longer be kept exact without the raw data they replace).
        """
        now = int(time.time() // 60) if now_minute is None else int(now_minute)
        before_hour = (now - retention_days * 1440) // 60
        io = self._io()
        with self._guard(), write_transaction(self._conn) as conn:
            dropped = io.prune(conn, before_hour)
            # The kept outdoor temperatures go with the raw data (forecasts.py keeps them).
            conn.execute("DELETE FROM outdoor_temperature WHERE hour < ?", (before_hour,))
            horizon = max(self._meta_int(_HORIZON) or 0, before_hour * 60)
            conn.execute("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value", (_HORIZON, str(horizon)))
        return dropped

    def _meta_int(self, key: str) -> int | None:
        row = self._conn.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    # -- history taken over from another HEMS (history_import.py) -----------------------

    def import_totals(self, totals: Sequence[ImportedTotal],
                      progress: Callable[[int, int], None] | None = None) -> ImportReport:
        """Write imported totals into the rollups: one transaction per source file.

        The one way in for history taken over from another HEMS (the SD-card import, the
        AiSEG2 mirror's backfill). Totals whose `origin` shares the part before its last
        ":" ("30minhistory_rc_20260412.csv:12") are one file: all or nothing. Never over
        measured data, idempotent (see history_import). `progress(files done, files)` is
        called after each file's commit.
        """
        from app.domain.series import HOME_SERIES, circuit_series

        from . import history_import

        self.flush()  # buffered samples count as measured: commit them first
        home = {spec.key: spec for spec in HOME_SERIES}
        keys = {t.series_key for t in totals}
        # A circuit's series only for a commissioned circuit: no source defines circuits.
        commissioned = ({c.series_key for c in self.circuits()}
                        if any(k.startswith("circuit.") for k in keys) else set())
        new = [home[k] if k in home else circuit_series(k.removeprefix("circuit."))
               for k in keys if k in home or k in commissioned]
        if new:
            self.define_series(new)  # a series defined already keeps its id
        with self._guard():
            self._series = {spec.key: (sid, spec) for sid, spec in catalog.series(self._conn)}
            known = {k: self._series[k] for k in keys if k in self._series
                     and (not k.startswith("circuit.") or k in commissioned)}
        groups = history_import.group_by_file(totals)
        tally = history_import.Tally()
        for done, group in enumerate(groups, start=1):
            with self._guard(), write_transaction(self._conn) as conn:
                history_import.import_file(conn, self.calendar, known, group, tally)
            if progress is not None:
                progress(done, len(groups))
        return tally.report()

    def imported_days(self, origin_prefix: str) -> set[date]:
        """Local days whose day totals were imported from origins starting with
        `origin_prefix` (the mirror's backfill does not ask for them again)."""
        escaped = origin_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._guard(), read_transaction(self._conn) as conn:
            rows = conn.execute(
                "SELECT DISTINCT bucket FROM imported_bucket WHERE level = 'day' "
                "AND origin LIKE ? ESCAPE '\\'", (escaped + "%",)).fetchall()
        return {date_of_day(bucket) for (bucket,) in rows}

    # -- time series: reading ------------------------------------------------------------

    def last_minute(self) -> int | None:
        io = self._io()
        with self._guard(), read_transaction(self._conn) as conn:
            return io.last_minute(conn)

    def raw(self, keys: Sequence[str], start_minute: int, end_minute: int) -> SeriesFrame:
        """1-minute samples of [start_minute, end_minute) as committed."""
        io = self._io()
        keys = list(dict.fromkeys(keys))
        start_minute, end_minute = int(start_minute), int(end_minute)
        with self._guard():
            ids = [sid for sid, _ in self._lookup(keys)]
            values, present = io.read_raw(self._conn, ids, start_minute, end_minute)
        return io.raw_frame(keys, values, present, start_minute, end_minute)

    def rollup(self, keys: Sequence[str], interval: Interval | str, start: datetime,
               end: datetime) -> SeriesFrame:
        """Local-time buckets with start <= bucket start < end (Wh, L or mean %)."""
        interval = Interval(interval)
        io = self._io()
        keys = list(dict.fromkeys(keys))
        with self._guard():
            found = self._lookup(keys)
            with read_transaction(self._conn) as conn:
                minutes, sums, counts = io.read_rollup(
                    conn, [sid for sid, _ in found], interval, start, end)
        return io.rollup_frame([spec for _, spec in found], minutes, sums, counts)

    def live(self, keys: Sequence[str] | None = None) -> dict[str, tuple[float, float]]:
        """key -> (unix seconds, value) of the latest committed live readings."""
        with self._guard():
            rows = self._conn.execute(
                "SELECT s.key, l.at, l.value FROM live_value l JOIN series s ON s.id = "
                "l.series_id").fetchall()
        wanted = None if keys is None else set(keys)
        return {k: (at, v) for k, at, v in rows if wanted is None or k in wanted}
