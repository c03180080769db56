"""ECHONET Lite controller client over UDP (asyncio).

    client = EchonetClient(("0.0.0.0", 3610), timeout_s=3.0)
    await client.start()
    nodes = await client.discover(["192.168.1.20"])
    readings = await client.get("192.168.1.20", EOJ(2, 0x88, 1), [0xE7, 0xE0])
    await client.stop()

Built around the pitfalls of real devices (SPEC "The devices"):
* one outstanding request per node (a per-address FIFO lock), TIDs unique per
  request, answers matched by (address, TID); anything else is counted and dropped;
* the Get batch size is learned per (address, EOJ) (`client_batching`);
* liveness from any valid frame; INF/INFC feed a value cache and listeners;
* Set is SetC followed by a Get to confirm the device really took the value;
* distribution boards' channel lists are read range by range (`client_boards`).

The pieces: `client_transport` (UDP, TIDs, per-node lock), `client_batching`,
`client_discovery`, `client_polling`, `client_boards`, `client_types` (values).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from app.echonet import client_transport, properties
from app.echonet.client_batching import MAP_EPCS, DeviceState, learned_get
from app.echonet.client_boards import (
    MAX_LIST_CHANNELS,
    BoardChannels,
    BoardReader,
    ChannelValue,
)
from app.echonet.client_discovery import discover_nodes
from app.echonet.client_polling import Listener, Poller
from app.echonet.client_transport import CONTROLLER, ECHONET_PORT, Transport
from app.echonet.client_types import (
    NodeInfo,
    Quirk,
    QuirkKey,
    Reading,
    SetResult,
    parse_quirks,
    quirk_for,
)
from app.echonet.codec import EOJ, ESV, Frame, Property

__all__ = [
    "CONTROLLER",
    "BoardChannels",
    "ChannelValue",
    "EchonetClient",
    "NodeInfo",
    "Reading",
    "SetResult",
]

log = logging.getLogger(__name__)

# Looked up at call time (tests on loopback point it at a unicast address).
MULTICAST_GROUP = client_transport.MULTICAST_GROUP


class EchonetClient:
    """Controller side of ECHONET Lite. `quirks`: {0x0287 or ("maker", 0x00000B):
    {"max_batch": 4, "skip_epcs": {0xC2}}}; `join_multicast` to hear multicast INF."""

    def __init__(
        self,
        local_addr: tuple[str, int] = ("0.0.0.0", ECHONET_PORT),
        *,
        timeout_s: float = 3.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        max_batch: int = 16,
        quirks: Mapping[QuirkKey, Mapping[str, Any]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        device_port: int = ECHONET_PORT,
        join_multicast: bool = False,
        discovery_window_s: float = 2.0,
    ) -> None:
        self.max_batch = max(1, max_batch)
        self.discovery_window_s = discovery_window_s
        self._net = Transport(
            local_addr,
            timeout_s=timeout_s,
            retries=retries,
            backoff_s=backoff_s,
            device_port=device_port,  # tests point this at the fake device's port
            join_multicast=join_multicast,
            clock=clock,
            on_notification=self._notified,
        )
        self._request = self._net.request
        self._quirks = parse_quirks(quirks)
        self._clock = clock
        self._devices: dict[tuple[str, EOJ], DeviceState] = {}
        self._cache: dict[tuple[str, EOJ, int], Reading] = {}
        self._listeners: list[Listener] = []
        self._poller = Poller(self.get)
        self._boards = BoardReader(self._net, self._store, self._read_back)

    # --- lifecycle ------------------------------------------------------------

    async def start(self) -> None:
        await self._net.start()

    async def stop(self) -> None:
        await self._poller.stop()
        self._net.close()

    @property
    def local_port(self) -> int:
        return self._net.local_port

    @property
    def stats(self) -> Counter[str]:
        """Counters: sent, timeouts, stray, malformed, ignored, notifications."""
        return self._net.stats

    # --- notifications and the value cache --------------------------------------

    def _notified(self, address: str, frame: Frame) -> None:
        readings = {p.epc: self._store(address, frame.seoj, p) for p in frame.properties if p.edt}
        if frame.esv == ESV.INFC:  # the device waits for this acknowledgement
            ack = tuple(Property(p.epc) for p in frame.properties)
            self._net.send(address, Frame(frame.tid, CONTROLLER, frame.seoj, ESV.INFC_Res, ack))
        for listener in list(self._listeners):
            try:
                listener(address, frame.seoj, readings)
            except Exception:  # a broken listener must not stop the receive path
                log.exception("notification listener failed")

    def _store(self, address: str, eoj: EOJ, prop: Property) -> Reading:
        try:
            value = properties.decode(eoj.class_code16, prop.epc, prop.edt)
        except (properties.UnknownProperty, ValueError):  # FrameError is a ValueError
            value = None
        reading = Reading(prop.epc, bytes(prop.edt), value, self._clock())
        self._cache[(address, eoj, prop.epc)] = reading
        if prop.epc == 0x8A and len(prop.edt) == 3:  # manufacturer code selects quirks
            self._state(address, eoj).maker = int.from_bytes(prop.edt, "big")
        return reading

    def value(self, address: str, eoj: EOJ, epc: int) -> Reading | None:
        return self._cache.get((address, eoj, epc))

    def on_notification(self, callback: Listener) -> Callable[[], None]:
        """Register `callback(address, eoj, readings)`; returns an unregister function."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    # --- liveness ------------------------------------------------------------------

    def last_seen(self, address: str) -> float | None:
        return self._net.last_seen.get(address)

    def is_alive(self, address: str, within_s: float) -> bool:
        seen = self._net.last_seen.get(address)
        return seen is not None and self._clock() - seen <= within_s

    # --- get with learned batching ---------------------------------------------

    def _state(self, address: str, eoj: EOJ) -> DeviceState:
        state = self._devices.get((address, eoj))
        if state is None:
            state = self._devices[(address, eoj)] = DeviceState(batch=self.max_batch)
        return state

    def _quirk(self, address: str, eoj: EOJ) -> Quirk:
        return quirk_for(self._quirks, eoj, self._state(address, eoj).maker)

    def batch_size(self, address: str, eoj: EOJ) -> int:
        """The Get batch size currently learned for this device object."""
        limit = self._quirk(address, eoj).max_batch
        batch = self._state(address, eoj).batch
        return min(batch, limit) if limit else batch

    def refused_epcs(self, address: str, eoj: EOJ) -> frozenset[int]:
        return frozenset(self._state(address, eoj).refused)

    async def get(
        self, address: str, eoj: EOJ, epcs: Iterable[int] | None = None
    ) -> dict[int, Reading]:
        """Read `epcs` (default: the Get map from discovery); EPCs not answered are left out.

        Raises TimeoutError when the device answers nothing at all (silent, not poisoned).
        """
        state = self._state(address, eoj)
        if epcs is None:
            epcs = sorted((state.get_map or frozenset()) - MAP_EPCS)
        skip = state.refused | self._quirk(address, eoj).skip_epcs
        todo = [e for e in dict.fromkeys(epcs) if e not in skip]
        size = self.batch_size(address, eoj)
        return await learned_get(self._request, self._store, address, eoj, state, todo, size)

    async def _read_back(self, address: str, eoj: EOJ, epcs: list[int]) -> dict[int, Reading]:
        # Straight Get, bypassing learned refusals: we must see these very EPCs.
        frame = await self._request(address, eoj, ESV.Get, (Property(e) for e in epcs))
        return {p.epc: self._store(address, eoj, p) for p in frame.properties if p.edt}

    # --- set with confirmation ----------------------------------------------------

    async def set(self, address: str, eoj: EOJ, values: Mapping[int, bytes]) -> SetResult:
        """SetC, then Get the same EPCs: only a read-back equal to what we sent confirms.

        (A device may answer Set_Res and still not apply the value.) A refusal
        (SetC_SNA) is an answer: it is reported, never retried.
        """
        props = tuple(Property(epc, bytes(edt)) for epc, edt in values.items())
        try:
            frame = await self._request(address, eoj, ESV.SetC, props)
        except TimeoutError:
            return SetResult(False, "timeout", tuple(values))
        if frame.esv != ESV.Set_Res:
            # SetC_SNA: refused properties echo their EDT, accepted ones have PDC 0.
            refused = tuple(p.epc for p in frame.properties if p.edt) or tuple(values)
            return SetResult(False, "refused", refused)
        try:
            readings = await self._read_back(address, eoj, list(values))
        except TimeoutError:
            return SetResult(False, "not confirmed", tuple(values))
        wrong = tuple(e for e in values if e not in readings or readings[e].edt != values[e])
        if wrong:
            return SetResult(False, "not confirmed", wrong, readings)
        return SetResult(True, "confirmed", (), readings)

    # --- distribution board channel lists (0x0287) ------------------------------------

    async def board_channel_powers(
        self, address: str, eoj: EOJ, channel_count: int | None = None,
        *, window: int = MAX_LIST_CHANNELS,
    ) -> BoardChannels:  # fmt: skip
        """Instantaneous power (W) per channel: 0xB7, range by range via 0xB6.

        `channel_count` None: read it from 0xB1. Channels not read are in `.missing`.
        """
        return await self._boards.powers(address, eoj, channel_count, window)

    async def board_channel_energies(
        self, address: str, eoj: EOJ, channel_count: int | None = None,
        *, window: int = MAX_LIST_CHANNELS,
    ) -> BoardChannels:  # fmt: skip
        """Cumulative energy (kWh) per channel: 0xB3 via 0xB2, scaled by the unit in 0xC2."""
        return await self._boards.energies(address, eoj, channel_count, window)

    # --- polling and discovery --------------------------------------------------------

    def poll(
        self,
        address: str,
        eoj: EOJ,
        fast_epcs: Iterable[int],
        slow_epcs: Iterable[int],
        fast_interval_s: float,
        slow_interval_s: float,
        on_readings: Listener | None = None,
    ) -> asyncio.Task[None]:
        """Poll one device object until `stop()` (see `client_polling`)."""
        return self._poller.poll(
            address, eoj, fast_epcs, slow_epcs, fast_interval_s, slow_interval_s, on_readings
        )

    async def discover(
        self, addresses: list[str] | None = None, multicast: bool = True
    ) -> list[NodeInfo]:
        """Find nodes (instance list 0xD6), then read each device object's 0x8A and 0x9F."""
        group = MULTICAST_GROUP if multicast else None
        return await discover_nodes(
            self._net, self._read_back, self._state, addresses, group, self.discovery_window_s
        )
