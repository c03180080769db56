"""Live readings from the home's devices over ECHONET Lite (a `LiveSource`).

    source = EchonetSource(EchonetSettings(addresses=("192.168.1.20",)), board_channels(store))
    source.start()                 # client, discovery and polling on their own thread
    source.read(now)               # fresh series values for the collector
    source.devices()               # what was found and when each was last heard
    source.boards()                # every board's channels with their live power (commissioning)
    source.set_channels(map)       # a new commissioning: which channel is which circuit
    source.query(device, epcs)     # any Get, and any Set read back (`device_link`): futures
    source.command(DeviceCommand(device, 0xDA, "charging"))
    source.close()

Discovery runs at start and again every ``rediscover_s`` (devices switched on
later, a board that was rebooting). Each device object of a class the panel
understands is polled in two lanes; a series value is fresh for two intervals of
its lane, after which `read` leaves it out and the panel shows it as stale. A
device that answers again is fresh again with its next reading.

A distribution board's channels are read range by range (boards with more than
60 channels) and kept whole for commissioning, where the installer tells the
channels apart by their live power; only channels assigned to a circuit are
recorded.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import Any

from app.domain.commissioning import BoardLive, ChannelMap, channel_map
from app.domain.device_command import CommandResult, DeviceCommand, unreachable
from app.domain.devices import DeviceSeen
from app.domain.events import DeviceEvent, device_key
from app.domain.fault_codes import MakerTable, MakerTableError, load_maker_table
from app.domain.series import HOME_SERIES, circuit_series
from app.echonet import properties
from app.echonet.client import EchonetClient, Reading
from app.echonet.client_boards import BoardChannels
from app.echonet.codec import EOJ
from app.sources.clock import Clock, SystemClock
from app.sources.device_events import DeviceEventDetector
from app.sources.device_link import done, read_values, run_command
from app.sources.echonet_readings import (
    BOARD as BOARD_CLASS,
)
from app.sources.echonet_readings import (
    POLLED,
    SLOW_SERIES,
    STATE_EPCS,
    VOLUME_SERIES,
    VolumeRate,
    cubic_metres,
    series_values,
    with_consumption,
)
from app.store import Store
from app.store.home_setup import home_facts

log = logging.getLogger(__name__)


def board_channels(store: Store) -> ChannelMap:
    """The home's channel map as commissioned, with every series it feeds defined.

    A board that is not set up yet has no circuits: its channel values are kept for
    the commissioning page and not recorded, never filed under a guessed circuit.
    """
    circuits = store.circuits()
    channels = channel_map(circuits, home_facts(store))
    if not channels.series:
        log.warning("no circuits set up: board channel readings are not recorded")
    store.define_series((*HOME_SERIES, *(circuit_series(c.key) for c in circuits)))
    store.flush()
    return channels


@dataclass(frozen=True)
class EchonetSettings:
    addresses: tuple[str, ...] = ()  # asked directly, as well as multicast
    multicast: bool = True
    bind: tuple[str, int] = ("0.0.0.0", 3610)
    device_port: int = 3610
    fast_s: float = 3.0
    slow_s: float = 15.0
    timeout_s: float = 1.0
    rediscover_s: float = 60.0


class EchonetSource:
    def __init__(self, settings: EchonetSettings, channels: ChannelMap,
                 makers: MakerTable | None = None, clock: Clock | None = None) -> None:
        self.settings = settings
        # Events, states and command results are stamped on the home's clock, which runs
        # faster than the wall under --speed; freshness stays on the real monotonic clock.
        self._clock: Clock = clock or SystemClock()
        if makers is None:
            try:
                makers = load_maker_table()
            except MakerTableError:  # maker codes then show as unknown; readings go on
                log.exception("the maker fault-code table is malformed")
        self._detector = DeviceEventDetector(makers)  # on the client's loop only
        self._events: list[DeviceEvent] = []  # taken by the collector (under _lock)
        self._channels = channels
        self._lock = threading.Lock()
        self._boards: dict[tuple[str, EOJ], BoardLive] = {}
        # address -> how long a node may be quiet and still answer: two rounds of its
        # fastest polled lane (a node with only meters is asked every slow interval)
        self._answer_windows: dict[str, float] = {}
        # key -> (monotonic s, value, max age, the device's address)
        self._values: dict[str, tuple[float, float, float, str]] = {}
        self._seen: dict[tuple[str, EOJ], DeviceSeen] = {}
        self._states: dict[str, tuple[float, str]] = {}  # key -> (unix s, value)
        self._rates: dict[tuple[str, EOJ], VolumeRate] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="echonet-client",
                                        daemon=True)
        self._client: EchonetClient | None = None
        self._task: asyncio.Future[None] | None = None
        self._board_tasks: list[asyncio.Future[None]] = []
        self.discovered = threading.Event()  # set after the first discovery round

    # --- collector side (any thread) ---------------------------------------------

    def read(self, now: float) -> dict[str, float]:
        """Fresh values only: read within two intervals of their lane, from a device that
        still answers. A slow-lane value (the battery's level) of a device gone silent is
        stale as soon as its fast lane misses two rounds, not two slow intervals later."""
        mono = time.monotonic()
        client = self._client
        with self._lock:
            values = list(self._values.items())
            classes = {seen.class_code for seen in self._seen.values()}
            windows = dict(self._answer_windows)
        silent = {address for address in windows
                  if client is not None and not client.is_alive(address, windows[address])}
        fresh = {k: v for k, (at, v, max_age, address) in values
                 if mono - at <= max_age and address not in silent}
        return with_consumption(fresh, classes)

    def exact_minutes(self, start_minute: int, count: int) -> None:
        return None  # devices give readings, not minute means

    def states(self) -> dict[str, tuple[float, str]]:
        """What the devices last said they were doing: key -> (unix s, value)."""
        with self._lock:
            return dict(self._states)

    def take_events(self) -> list[DeviceEvent]:
        """Status changes and faults seen since the last call (the collector stores them)."""
        with self._lock:
            events, self._events = self._events, []
        return events

    def set_channels(self, channels: ChannelMap) -> None:
        """A new commissioning takes effect with the next readings (any thread)."""
        with self._lock:
            self._channels = channels

    def boards(self) -> list[BoardLive]:
        """Every board found, with all its channels' live power (any thread); a board
        that stopped answering says so."""
        client = self._client
        with self._lock:
            boards = list(self._boards.values())
            windows = dict(self._answer_windows)
        return [board if client is None or client.is_alive(
                    board.address, windows.get(board.address, 2 * self.settings.fast_s))
                else replace(board, answering=False) for board in boards]

    def devices(self) -> list[DeviceSeen]:
        """Every device object found so far, with the unix time it was last heard from."""
        with self._lock:
            seen = list(self._seen.values())
        client = self._client
        if client is None:
            return seen
        out = []
        for dev in seen:
            heard = client.last_seen(dev.address)
            out.append(dev if heard is None else dev.heard(self._home_time(heard)))
        return out

    def _home_time(self, monotonic_s: float) -> float:
        """The home clock's unix time of a moment on the monotonic clock."""
        return self._clock.now() - (time.monotonic() - monotonic_s) * self._clock.speed

    # --- commands (any thread; the exchanges run on the client's loop) ---------------

    def query(self, device: str, epcs: Sequence[int]) -> Future[dict[int, Any]]:
        """Decoded values of the EPCs ``device`` answers ({} when it answers none)."""
        client = self._client
        if client is None or not self._thread.is_alive():
            return done({})
        return asyncio.run_coroutine_threadsafe(read_values(client, device, epcs), self._loop)

    def command(self, command: DeviceCommand) -> Future[CommandResult]:
        """Set one property and read it back. A value the class table cannot carry
        (ValueError) or a property it has as read-only (UnknownProperty) raises at once:
        that is the caller's mistake, not the device's answer."""
        edt = properties.encode(command.class_code, command.epc, command.value)
        client = self._client
        if client is None or not self._thread.is_alive():
            return done(unreachable(command, self._clock.now(), "the ECHONET Lite client is "
                                                                "not running"))
        return asyncio.run_coroutine_threadsafe(
            run_command(client, command, edt, self._clock.now), self._loop)

    # --- lifecycle ------------------------------------------------------------------

    def start(self, timeout_s: float = 10.0) -> EchonetSource:
        self._thread.start()
        ready = asyncio.run_coroutine_threadsafe(self._start_client(), self._loop)
        try:
            ready.result(timeout_s)
        except BaseException:
            self.close()
            raise
        self._task = asyncio.run_coroutine_threadsafe(self._supervise(), self._loop)
        return self

    async def _start_client(self) -> None:
        st = self.settings
        self._client = EchonetClient(st.bind, timeout_s=st.timeout_s, retries=2,
                                     backoff_s=0.2, device_port=st.device_port,
                                     discovery_window_s=min(2.0, st.timeout_s * 2))
        await self._client.start()

    async def _supervise(self) -> None:
        assert self._client is not None
        while True:
            try:
                await self._discover_and_poll(self._client)
            except Exception:  # discovery trouble must not end live reading
                log.exception("ECHONET Lite discovery failed")
            self.discovered.set()
            await asyncio.sleep(self.settings.rediscover_s)

    async def _discover_and_poll(self, client: EchonetClient) -> None:
        st = self.settings
        nodes = await client.discover(list(st.addresses), multicast=st.multicast)
        for node in nodes:
            for eoj in node.instances:
                lanes = POLLED.get(eoj.class_code16)
                key = (node.address, eoj)
                if key in self._seen:
                    continue
                with self._lock:
                    self._seen[key] = DeviceSeen(node.address, eoj.to_int(), None,
                                                 node.manufacturers.get(eoj))
                if lanes is None:
                    continue  # found and listed, but nothing the panel charts
                log.info("polling %s %s", node.address, eoj)
                window = 2 * (st.fast_s if lanes.fast else st.slow_s)
                with self._lock:
                    self._answer_windows[node.address] = min(
                        window, self._answer_windows.get(node.address, window))
                client.poll(node.address, eoj, lanes.fast, lanes.slow, st.fast_s, st.slow_s,
                            self._on_readings)
                if eoj.class_code16 == BOARD_CLASS:
                    self._board_tasks.append(
                        asyncio.ensure_future(self._read_board(client, node.address, eoj)))

    async def _read_board(self, client: EchonetClient, address: str, eoj: EOJ) -> None:
        """Every channel of a board, range by range, each fast interval (until close)."""
        count: int | None = None
        while True:
            try:
                listed = await client.board_channel_powers(address, eoj, count)
                count = count or max([*listed, *listed.missing], default=0) or None
                self._on_board(address, eoj, listed)
            except (LookupError, TimeoutError, OSError) as exc:
                log.debug("board %s %s: %s", address, eoj, exc)
            await asyncio.sleep(self.settings.fast_s)

    def _on_board(self, address: str, eoj: EOJ, listed: BoardChannels) -> None:
        channels = {n: v.value for n, v in listed.items()}
        with self._lock:
            mapping = self._channels
            self._boards[(address, eoj)] = BoardLive(address, channels, tuple(listed.missing))
            max_age = 2 * self.settings.fast_s
            for channel, reading in listed.items():
                value = None if reading.value is None else mapping.value(channel, reading.value)
                if value is not None:
                    self._values[value[0]] = (reading.at, value[1], max_age, address)

    def _on_readings(self, address: str, eoj: EOJ, readings: dict[int, Reading]) -> None:
        class_code = eoj.class_code16
        decoded = {epc: r.value for epc, r in readings.items()}
        with self._lock:
            channels = self._channels
        values = series_values(class_code, decoded, channels)
        at = max((r.at for r in readings.values()), default=time.monotonic())
        volume_key = VOLUME_SERIES.get(class_code)
        if volume_key is not None and 0xE0 in readings:
            rate = self._rates.setdefault((address, eoj), VolumeRate())
            # Per minute of the home's clock: the meter counts what the home drew.
            litres_per_minute = rate.update(readings[0xE0].at * self._clock.speed,
                                            cubic_metres(class_code, readings))
            if litres_per_minute is not None:
                values[volume_key] = litres_per_minute
        fast_age, slow_age = 2 * self.settings.fast_s, 2 * self.settings.slow_s
        now = self._clock.now()
        events = self._status_events(address, eoj, readings, now)
        with self._lock:
            self._events += events
            for epc, reading in readings.items():
                key = STATE_EPCS.get((class_code, epc))
                if key is not None and isinstance(reading.value, str):
                    self._states[key] = (now, reading.value)
            for key, value in values.items():
                self._values[key] = (at, value, slow_age if key in SLOW_SERIES else fast_age,
                                     address)

    def _status_events(self, address: str, eoj: EOJ, readings: dict[int, Reading],
                       now: float) -> list[DeviceEvent]:
        status, fault = readings.get(0x80), readings.get(0x88)
        if status is None and fault is None:
            return []
        code = readings.get(0x89)
        seen = self._seen.get((address, eoj))
        return self._detector.observe(
            device_key(address, eoj.to_int()), eoj.class_code16, now,
            None if status is None else status.value, None if fault is None else fault.value,
            None if code is None else code.edt, None if seen is None else seen.maker)

    def close(self, timeout_s: float = 5.0) -> None:
        if not self._thread.is_alive():
            return

        async def shutdown() -> None:
            if self._task is not None:  # the supervisor (a concurrent future of the loop's)
                self._task.cancel()
            # Every other task of this loop (the supervisor, the board readers, the polls),
            # cancelled and let finish: a task still pending when the loop closes is
            # "destroyed but pending" (and its finally blocks never run).
            current = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not current]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self._client is not None:
                await self._client.stop()

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout_s)
        except Exception:
            log.exception("ECHONET Lite client did not stop cleanly")
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout_s)
            if not self._thread.is_alive():
                self._loop.close()
