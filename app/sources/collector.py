"""Moves readings from the simulated home into the store.

Live values go in every few (simulated) seconds; each completed minute is
appended as the model's 1-minute mean, exactly what a backfill of the same
minute writes. The store commits in batches (every ``flush_interval_s`` real
seconds), so a crash loses at most the last batch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.sources.clock import Clock
from app.store import Store

if TYPE_CHECKING:  # the model is built by the caller (on the collector thread for the panel)
    from app.sources.simulator import SimulatedHome

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (minutes done, minutes total)

CHUNK_MINUTES = 1440
MAX_JUMP_MINUTES = 2 * 1440  # a larger step between ticks is a clock jump, not elapsed time
RETENTION_SETTING = "raw_retention_days"
DEFAULT_RETENTION_DAYS = 400


def backfill(store: Store, home: SimulatedHome, start_minute: int, end_minute: int,
             progress: Progress | None = None) -> int:
    """Append [start_minute, end_minute) in day-sized chunks, committing after each chunk.

    Returns the number of samples written. Resumable: callers start from
    ``store.last_minute() + 1``.
    """
    total = max(0, end_minute - start_minute)
    written = 0
    minute = start_minute
    while minute < end_minute:
        n = min(CHUNK_MINUTES, end_minute - minute)
        values = home.evaluate(minute, n)
        store.append(minute, values)
        store.flush()
        written += n * len(values)
        minute += n
        if progress is not None:
            progress(minute - start_minute, total)
    return written


class SimulatorCollector:
    """Ticks every ``live_interval_s``; commits every ``flush_interval_s`` real seconds.

    The flush interval defaults to the live interval: live values only reach the
    panel through a commit, and the panel calls a value older than two live
    intervals stale. Minute samples ride along in the same commits (a few per
    minute, never one per sample).
    """

    def __init__(self, store: Store, home: SimulatedHome, clock: Clock,
                 live_interval_s: float = 3.0, flush_interval_s: float | None = None) -> None:
        self._store = store
        self._home = home
        self._clock = clock
        self.live_interval_s = live_interval_s
        self.flush_interval_s = live_interval_s if flush_interval_s is None else flush_interval_s
        self._next_minute: int | None = None
        self._last_flush = time.monotonic()
        self._pruned_day: int | None = None

    def catch_up(self, max_days: float = 2.0, progress: Progress | None = None) -> int:
        """Fill the gap since the newest stored minute (at most ``max_days``)."""
        now_minute = int(self._clock.now() // 60)
        last = self._store.last_minute()
        earliest = now_minute - int(max_days * 1440)
        start = earliest if last is None else max(last + 1, earliest)
        written = backfill(self._store, self._home, start, now_minute, progress)
        self._next_minute = now_minute
        return written

    def tick(self) -> None:
        now = self._clock.now()
        now_minute = int(now // 60)
        if self._next_minute is None:
            last = self._store.last_minute()
            self._next_minute = now_minute if last is None else max(last + 1, now_minute - 1440)
        if now_minute - self._next_minute > MAX_JUMP_MINUTES:
            # The wall clock jumped forward (NTP at boot): don't fill years in one tick.
            log.warning("clock jumped %d minutes ahead; resuming from now",
                        now_minute - self._next_minute)
            self._next_minute = now_minute - 1
        if now_minute > self._next_minute:
            count = now_minute - self._next_minute
            self._store.append(self._next_minute, self._home.evaluate(self._next_minute, count))
            self._next_minute = now_minute
        self._store.set_live(self._home.instant(now), now)
        if time.monotonic() - self._last_flush >= self.flush_interval_s:
            self.flush()
        if self._pruned_day != now_minute // 1440:
            self.prune(now_minute)

    def prune(self, now_minute: int) -> int:
        """Drop raw data past the retention (a setting; rollups are kept forever), daily."""
        self._pruned_day = now_minute // 1440
        setting = self._store.get_setting(RETENTION_SETTING)
        days = int(setting) if setting and setting.isdigit() else DEFAULT_RETENTION_DAYS
        return self._store.prune(max(days, 1), now_minute)

    def flush(self) -> None:
        self._store.flush()
        self._last_flush = time.monotonic()

    def run(self, stop: threading.Event) -> None:
        """Tick until ``stop`` is set; the wait shrinks with an accelerated clock."""
        wait = max(0.005, self.live_interval_s / self._clock.speed)
        while not stop.is_set():
            try:
                self.tick()
            except Exception:  # one bad tick must not end live collection
                log.exception("collector tick failed")
            stop.wait(wait)
        self.flush()


class CollectorThread:
    """Runs a collector on its own thread with its own store connection.

    It builds the home there (the model's imports and set-up stay off the UI
    thread), catches up the gap since the newest stored minute, then ticks.
    """

    def __init__(self, open_store: Callable[[], Store],
                 make_home: Callable[[Store], SimulatedHome], clock: Clock,
                 live_interval_s: float = 3.0, flush_interval_s: float | None = None,
                 catch_up_days: float = 2.0) -> None:
        self._open_store = open_store
        self._make_home = make_home
        self._clock = clock
        self._live_interval_s = live_interval_s
        self._flush_interval_s = flush_interval_s
        self._catch_up_days = catch_up_days
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._main, name="collector", daemon=True)
        self.caught_up = threading.Event()
        self._started = False

    def start(self) -> None:
        """Idempotent: the panel starts it after the first frame or after a fallback delay."""
        if not self._started:
            self._started = True
            self._thread.start()

    def _main(self) -> None:
        store = self._open_store()
        try:
            collector = SimulatorCollector(store, self._make_home(store), self._clock,
                                           self._live_interval_s, self._flush_interval_s)
            collector.catch_up(self._catch_up_days)
            collector.tick()
            collector.flush()
            self.caught_up.set()
            collector.run(self._stop)
        except Exception:
            log.exception("collector stopped")
        finally:
            store.close()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._started:
            self._thread.join(timeout)
