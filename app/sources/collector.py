"""Moves readings from a live source (devices, or the model) into the store.

Live values go in every few (simulated) seconds; each completed minute is
appended as its 1-minute mean. The store commits in batches (every
``flush_interval_s`` real seconds), so a crash loses at most the last batch.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Protocol

from app.domain.device_command import CommandResult, DeviceCommand, unreachable
from app.domain.devices import DeviceSeen, devices_to_json, states_to_json
from app.domain.events import DeviceEvent, eoj_of
from app.sources.clock import Clock
from app.sources.collector_settings import (
    DEVICES_EVERY_S,
    DEVICES_SETTING,
    MIRROR_STATUS_SETTING,
    RETENTION_SETTING,
    STATES_SETTING,
)
from app.sources.device_link import done
from app.store import Store
from app.store import events as event_store
from app.store.home_setup import SETUP_STAMP_SETTING

if TYPE_CHECKING:  # the model is built by the caller (on the collector thread for the panel)
    import numpy as np

    from app.domain.commissioning import BoardLive
    from app.sources.simulator import SimulatedHome

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (minutes done, minutes total)
# Called on the collector thread after device events were committed (the notice bridge).
# (committed events, the household's names of their devices: device key -> name)
EventsListener = Callable[[list[DeviceEvent], Mapping[str, str]], None]

CHUNK_MINUTES = 1440
MAX_JUMP_MINUTES = 2 * 1440  # a larger step between ticks is a clock jump, not elapsed time
DEFAULT_RETENTION_DAYS = 400


def backfill(store: Store, home: SimulatedHome, start_minute: int, end_minute: int,
             progress: Progress | None = None) -> int:
    """Append [start_minute, end_minute) in day-sized chunks, committing after each chunk.

    The appliance history of those minutes goes in too: what the simulated devices
    report as the model runs (see model_events), through the live event detector; and
    the outdoor temperature of each hour begun, as the panel would have kept it from the
    synthetic forecast (its observed value), for the load forecast to learn from.
    Returns the number of samples written. Resumable: callers start from
    ``store.last_minute() + 1``.
    """
    from app.sources.model_events import ModelEventRecorder
    from app.store import forecasts as forecast_store

    recorder = ModelEventRecorder(home)
    total = max(0, end_minute - start_minute)
    written = 0
    minute = start_minute
    while minute < end_minute:
        n = min(CHUNK_MINUTES, end_minute - minute)
        values = home.evaluate(minute, n)
        events = recorder.events(minute, values)
        store.append(minute, values)
        store.flush()
        temperatures = _hour_temperatures(home, minute, n)
        if events or temperatures:
            with store.write_sql() as conn:
                if events:
                    event_store.append(conn, events)
                if temperatures:
                    forecast_store.keep_temperatures(conn, temperatures, (minute + n) * 60.0)
        written += n * len(values)
        minute += n
        if progress is not None:
            progress(minute - start_minute, total)
    return written


def _hour_temperatures(home: SimulatedHome, minute: int, n: int) -> list[tuple[int, float]]:
    """(epoch hour, °C) of the hours beginning in [minute, minute + n): the synthetic
    forecast's value once the hour has begun (the model's weather)."""
    from app.sources.simulator.forecast import observed_temperatures

    first, end = -(-minute // 60), -(-(minute + n) // 60)  # hours starting in the chunk
    if end <= first:
        return []
    cfg = home.config
    temps = observed_temperatures(cfg.seed, first, end - first, cfg.timezone)
    return [(first + k, round(float(t), 1)) for k, t in enumerate(temps)]


class LiveSource(Protocol):
    """Where live readings come from (the model directly, or devices over ECHONET Lite)."""

    def read(self, now: float) -> dict[str, float]:
        """Current values by series key; keys without a fresh value are left out."""
        ...

    def exact_minutes(self, start_minute: int, count: int) -> dict[str, np.ndarray] | None:
        """The minutes' exact means when the source knows them (a model), else None."""
        ...

    def devices(self) -> list[DeviceSeen]:
        """Devices found and when each was last heard from ([] when there are none)."""
        ...

    def states(self) -> dict[str, tuple[float, str]]:
        """What devices say they are doing (battery mode...): key -> (unix s, value)."""
        ...

    def close(self) -> None: ...

    # Optional: `take_events() -> list[DeviceEvent]`, status changes and faults seen since
    # the last call (device sources have it; the model and a mirror need not); and
    # `query` / `command`, the device link (app/sources/device_link.py) of a source
    # that talks to devices.


class ModelSource:
    """The simulated home read directly: exact minute means, no protocol in between."""

    def __init__(self, home: SimulatedHome) -> None:
        self.home = home

    def read(self, now: float) -> dict[str, float]:
        return self.home.instant(now)

    def exact_minutes(self, start_minute: int, count: int) -> dict[str, np.ndarray]:
        return self.home.evaluate(start_minute, count)

    def devices(self) -> list[DeviceSeen]:
        return []

    def states(self) -> dict[str, tuple[float, str]]:
        return {}  # the model has flows, not device modes

    def close(self) -> None:
        pass


class MinuteMeans:
    """Means of the live reads within one minute, per key (devices give no minute data)."""

    def __init__(self) -> None:
        self.minute: int | None = None
        self._sum: dict[str, float] = {}
        self._count: dict[str, int] = {}

    def add(self, minute: int, values: Mapping[str, float]) -> None:
        self.minute = minute
        for key, value in values.items():
            self._sum[key] = self._sum.get(key, 0.0) + value
            self._count[key] = self._count.get(key, 0) + 1

    def take(self) -> dict[str, np.ndarray]:
        """The finished minute's means (keys never read are absent: a gap) and reset."""
        import numpy as np

        out = {k: np.array([self._sum[k] / n]) for k, n in self._count.items()}
        self._sum, self._count = {}, {}
        return out


class Collector:
    """Ticks every ``live_interval_s``; commits every ``flush_interval_s`` real seconds.

    The flush interval defaults to the live interval: live values only reach the
    panel through a commit, and the panel calls a value older than two live
    intervals stale. Minute samples ride along in the same commits (a few per
    minute, never one per sample). A source with exact minutes (the model) gives
    each completed minute exactly as a backfill would; otherwise a minute is the
    mean of the reads taken in it, and a minute without reads stays a gap.
    ``history`` (the demo's model) fills the gap since the last stored minute at
    start-up; real devices have no history to give, so their gaps stay gaps.
    ``hold_minutes`` (only an accelerated demo over ECHONET Lite, whose polls come less
    often than once a simulated minute): the minutes between two reads hold the first
    read's means instead of staying gaps, so that half hours and days are whole.
    """

    def __init__(self, store: Store, source: LiveSource, clock: Clock,
                 live_interval_s: float = 3.0, flush_interval_s: float | None = None,
                 history: SimulatedHome | None = None,
                 on_events: EventsListener | None = None, hold_minutes: bool = False) -> None:
        self._store = store
        self._hold = hold_minutes
        self._on_events = on_events
        self._events: list[DeviceEvent] = []  # committed with the next flush
        self._source = source
        self._history = history
        self._clock = clock
        self.live_interval_s = live_interval_s
        self.flush_interval_s = live_interval_s if flush_interval_s is None else flush_interval_s
        self._next_minute: int | None = None
        self._means = MinuteMeans()
        self._last_flush = time.monotonic()
        self._devices_at = -math.inf
        self._devices_json = devices_to_json([])
        self._mirror_json: str | None = None
        self._pruned_day: int | None = None
        self._setup_stamp = store.get_setting(SETUP_STAMP_SETTING)  # the source has this

    def catch_up(self, max_days: float = 2.0, progress: Progress | None = None) -> int:
        """Fill the gap since the newest stored minute (at most ``max_days``) from history."""
        now_minute = int(self._clock.now() // 60)
        self._next_minute = now_minute
        if self._history is None:
            return 0
        last = self._store.last_minute()
        earliest = now_minute - int(max_days * 1440)
        start = earliest if last is None else max(last + 1, earliest)
        return backfill(self._store, self._history, start, now_minute, progress)

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
            self._complete_minutes(now_minute)
        values = self._source.read(now)
        self._means.add(now_minute, values)
        if values:
            self._store.set_live(values, now)
        take_events = getattr(self._source, "take_events", None)
        if take_events is not None:
            self._events += take_events()
        if time.monotonic() - self._devices_at >= DEVICES_EVERY_S:
            self._save_devices()
        if time.monotonic() - self._last_flush >= self.flush_interval_s:
            self.flush()
        if self._pruned_day != now_minute // 1440:
            self.prune(now_minute)

    def _save_devices(self) -> None:
        self._devices_at = time.monotonic()
        text = devices_to_json(self._source.devices())
        if text != self._devices_json:  # a model source has none: no write at all
            self._store.set_setting(DEVICES_SETTING, text)
            self._devices_json = text
        states = self._source.states()
        if states:
            self._store.set_setting(STATES_SETTING, states_to_json(states))
        self._save_mirror_status()
        self._follow_setup()

    def _save_mirror_status(self) -> None:
        """A mirror's status for the devices page (the store is the link), when it changed."""
        mirror_status = getattr(self._source, "mirror_status", None)
        if mirror_status is None:
            return
        text = mirror_status().to_json()
        if text != self._mirror_json:
            self._store.set_setting(MIRROR_STATUS_SETTING, text)
            self._mirror_json = text

    def _follow_setup(self) -> None:
        """A commissioning saved since the last look takes effect (the store is the link)."""
        set_channels = getattr(self._source, "set_channels", None)
        stamp = self._store.get_setting(SETUP_STAMP_SETTING)
        if set_channels is None or stamp == self._setup_stamp:
            return
        self._setup_stamp = stamp
        from app.sources.echonet_source import board_channels

        set_channels(board_channels(self._store))

    def _complete_minutes(self, now_minute: int) -> None:
        assert self._next_minute is not None
        count = now_minute - self._next_minute
        exact = self._source.exact_minutes(self._next_minute, count)
        if exact is not None:
            self._store.append(self._next_minute, exact)
            self._means.take()  # not needed: the source knows the minutes exactly
        elif self._means.minute is not None and self._means.minute >= self._next_minute:
            minute = self._means.minute
            means = self._means.take()
            if means and self._hold and now_minute - minute > 1:
                import numpy as np

                means = {k: np.repeat(v, now_minute - minute) for k, v in means.items()}
            if means:
                self._store.append(minute, means)
        self._next_minute = now_minute

    def prune(self, now_minute: int) -> int:
        """Drop raw data past the retention (a setting; rollups are kept forever), daily."""
        self._pruned_day = now_minute // 1440
        setting = self._store.get_setting(RETENTION_SETTING)
        days = int(setting) if setting and setting.isdigit() else DEFAULT_RETENTION_DAYS
        return self._store.prune(max(days, 1), now_minute)

    def flush(self) -> None:
        self._store.flush()
        self._last_flush = time.monotonic()
        if self._events:
            # Rare (a status change, a fault): its own small transaction at the flush cadence.
            batch, self._events = self._events, []
            try:
                with self._store.write_sql() as conn:
                    event_store.append(conn, batch)
            except Exception:
                self._events = batch + self._events  # kept for the next flush
                raise
            if self._on_events is not None:
                try:
                    self._on_events(batch, self._device_names(batch))
                except Exception:  # a listener's trouble must not stop collection
                    log.exception("device events listener failed")

    def _device_names(self, batch: list[DeviceEvent]) -> dict[str, str]:
        """What the household calls the devices of `batch` (named on the devices page by
        class and instance), so that a notice says "リビングのエアコン", not the class."""
        named = {(d.class_code, d.instance): d.name for d in self._store.devices() if d.name}
        names = {}
        for e in batch:
            eoj = eoj_of(e.device)
            name = named.get((eoj >> 8, eoj & 0xFF))
            if name:
                names[e.device] = name
        return names

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


SourceFactory = Callable[[Store], "tuple[LiveSource, SimulatedHome | None]"]


class CollectorThread:
    """Runs a collector on its own thread with its own store connection.

    ``make_source(store) -> (source, history)`` runs there (the model's imports,
    the simulated nodes and the device discovery stay off the UI thread); then it
    catches up the gap since the newest stored minute and ticks. The source is
    closed when the thread ends.
    """

    def __init__(self, open_store: Callable[[], Store], make_source: SourceFactory,
                 clock: Clock, live_interval_s: float = 3.0,
                 flush_interval_s: float | None = None, catch_up_days: float = 2.0,
                 on_events: EventsListener | None = None, hold_minutes: bool = False) -> None:
        self._open_store = open_store
        self._hold = hold_minutes
        self._on_events = on_events
        self._make_source = make_source
        self._clock = clock
        self._live_interval_s = live_interval_s
        self._flush_interval_s = flush_interval_s
        self._catch_up_days = catch_up_days
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._main, name="collector", daemon=True)
        self.caught_up = threading.Event()
        self._started = False
        self._source: LiveSource | None = None

    def boards(self) -> list[BoardLive]:
        """The live source's boards with every channel (commissioning); any thread."""
        boards = getattr(self._source, "boards", None)
        return [] if boards is None else boards()

    # The device link (app/sources/device_link.py), any thread: the live source's, or
    # nothing answers (not started yet, or a model read directly has no devices to ask).

    def devices(self) -> list[DeviceSeen]:
        source = self._source
        return [] if source is None else source.devices()

    def query(self, device: str, epcs: Sequence[int]) -> Future[dict[int, Any]]:
        query = getattr(self._source, "query", None)
        return done({}) if query is None else query(device, epcs)

    def command(self, command: DeviceCommand) -> Future[CommandResult]:
        send = getattr(self._source, "command", None)
        if send is None:
            return done(unreachable(command, self._clock.now(), "no device link: the "
                                    "readings come from a model, not from devices"))
        return send(command)

    def start(self) -> None:
        """Idempotent: the panel starts it after the first frame or after a fallback delay."""
        if not self._started:
            self._started = True
            self._thread.start()

    def _main(self) -> None:
        store = self._open_store()
        source: LiveSource | None = None
        try:
            source, history = self._make_source(store)
            self._source = source
            collector = Collector(store, source, self._clock, self._live_interval_s,
                                  self._flush_interval_s, history, self._on_events,
                                  self._hold)
            collector.catch_up(self._catch_up_days)
            collector.tick()
            collector.flush()
            self.caught_up.set()
            collector.run(self._stop)
        except Exception:
            log.exception("collector stopped")
        finally:
            if source is not None:
                source.close()
            store.close()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._started:
            self._thread.join(timeout)
