"""ECHONET Lite controller client over UDP (asyncio).

    client = EchonetClient(("0.0.0.0", 3610), timeout_s=3.0)
    await client.start()
    nodes = await client.discover(["192.168.1.20"])
    readings = await client.get("192.168.1.20", EOJ(2, 0x88, 1), [0xE7, 0xE0])
    await client.stop()

Built around the pitfalls of real devices (SPEC "The devices"):
* one outstanding request per node (a per-address FIFO lock), TIDs unique per
  request, answers matched by (address, TID); anything else is counted and dropped;
* the Get batch size is learned per (address, EOJ): partial answers and timeouts
  halve it and the missing EPCs are re-asked; an EPC whose lone Get times out twice
  while the device answers a probe (or that is SNA'd alone and not in the device's
  Get map) is remembered as refused and skipped from then on;
* liveness from any valid frame; INF/INFC feed a value cache and listeners;
* Set is SetC followed by a Get to confirm the device really took the value.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.echonet import properties
from app.echonet.client_transport import (
    CONTROLLER,
    ECHONET_PORT,
    MULTICAST_GROUP,
    Transport,
)
from app.echonet.client_types import (
    NodeInfo,
    Quirk,
    QuirkKey,
    Reading,
    SetResult,
    parse_quirks,
    quirk_for,
)
from app.echonet.codec import (
    EOJ,
    ESV,
    NODE_PROFILE,
    Frame,
    FrameError,
    Property,
    decode_instance_list,
    decode_property_map,
)

__all__ = ["CONTROLLER", "EchonetClient", "NodeInfo", "Reading", "SetResult"]

log = logging.getLogger(__name__)

_MAP_EPCS = frozenset({0x9D, 0x9E, 0x9F})

Listener = Callable[[str, EOJ, dict[int, Reading]], None]


@dataclass
class _DeviceState:
    """What the client learned about one (address, EOJ)."""

    batch: int
    refused: set[int] = field(default_factory=set)
    maker: int | None = None
    get_map: frozenset[int] | None = None


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
        self._devices: dict[tuple[str, EOJ], _DeviceState] = {}
        self._cache: dict[tuple[str, EOJ, int], Reading] = {}
        self._listeners: list[Listener] = []
        self._polls: dict[tuple[str, EOJ], asyncio.Task[None]] = {}

    # --- lifecycle ------------------------------------------------------------

    async def start(self) -> None:
        await self._net.start()

    async def stop(self) -> None:
        tasks = list(self._polls.values())
        self._polls.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._net.close()

    @property
    def local_port(self) -> int:
        return self._net.local_port

    @property
    def stats(self) -> Counter[str]:
        """Counters: sent, timeouts, stray, malformed, ignored, notifications."""
        return self._net.stats

    # --- notifications ------------------------------------------------------------

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

    # --- get with learned batching ---------------------------------------------

    def _state(self, address: str, eoj: EOJ) -> _DeviceState:
        state = self._devices.get((address, eoj))
        if state is None:
            state = self._devices[(address, eoj)] = _DeviceState(batch=self.max_batch)
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
            epcs = sorted((state.get_map or frozenset()) - _MAP_EPCS)
        skip = state.refused | self._quirk(address, eoj).skip_epcs
        todo = deque(e for e in dict.fromkeys(epcs) if e not in skip)
        size = self.batch_size(address, eoj)
        after_partial: set[int] = set()  # EPCs re-asked after a partial answer
        after_timeout: set[int] = set()  # EPCs re-asked after a timed-out batch
        learned_partial: int | None = None  # batch size at which such an EPC came back
        learned_timeout: int | None = None
        poisoned = False
        suspects: set[int] = set()  # EPCs that timed out alone once
        alive = False  # proven in this call: a timeout is then the batch's fault
        out: dict[int, Reading] = {}
        while todo:
            batch = [todo.popleft() for _ in range(min(size, len(todo)))]
            try:
                frame = await self._request(address, eoj, ESV.Get, (Property(e) for e in batch))
            except TimeoutError:
                # A silent device must not get its EPCs marked refused: probe first. The
                # probe also guards a lone EPC against a device that just went quiet.
                if (not alive or len(batch) == 1) and not await self._probe(address, eoj):
                    if not out:
                        raise
                    break  # went silent midway: keep what we have, learn nothing
                alive = True
                if len(batch) == 1:
                    if batch[0] not in suspects:  # once more, now that the device answers
                        suspects.add(batch[0])
                        todo.appendleft(batch[0])
                        continue
                    log.info("%s %s: EPC %#04x refused (no answer)", address, eoj, batch[0])
                    state.refused.add(batch[0])  # poisoned: the device drops it every time
                    poisoned = True
                    continue
                size = max(1, len(batch) // 2)
                after_timeout.update(batch)
                todo.extendleft(reversed(batch))
                continue
            alive = True
            got = {p.epc: p for p in frame.properties if p.epc in batch and p.edt}
            for epc, prop in got.items():
                out[epc] = self._store(address, eoj, prop)
            if not after_partial.isdisjoint(got):
                learned_partial = _min(learned_partial, len(batch))
            if not after_timeout.isdisjoint(got):
                learned_timeout = _min(learned_timeout, len(batch))
            missing = [e for e in batch if e not in got]
            if not missing:
                continue
            if len(batch) == 1:  # SNA on its own: the device does not have it...
                if state.get_map is None or missing[0] not in state.get_map:
                    state.refused.add(missing[0])  # ...unless its map says it does (no data yet)
                continue
            size = max(1, len(batch) // 2)
            after_partial.update(missing)
            todo.extendleft(reversed(missing))
        else:
            # Keep the smaller size only when it is what made the device answer, not when
            # the timeouts are explained by a poisoned EPC (then the batch size was fine).
            learned = _min(learned_partial, None if poisoned else learned_timeout)
            if learned is not None and learned < state.batch:
                log.info("%s %s: Get batch size %d -> %d", address, eoj, state.batch, learned)
                state.batch = learned
        return out

    async def _probe(self, address: str, eoj: EOJ) -> bool:
        """Does the device answer at all? 0x80 (operation status) is mandatory for all."""
        try:
            await self._request(address, eoj, ESV.Get, (Property(0x80),))
        except TimeoutError:
            return False
        return True

    def value(self, address: str, eoj: EOJ, epc: int) -> Reading | None:
        return self._cache.get((address, eoj, epc))

    # --- liveness / notifications -----------------------------------------------

    def last_seen(self, address: str) -> float | None:
        return self._net.last_seen.get(address)

    def is_alive(self, address: str, within_s: float) -> bool:
        seen = self._net.last_seen.get(address)
        return seen is not None and self._clock() - seen <= within_s

    def on_notification(self, callback: Listener) -> Callable[[], None]:
        """Register `callback(address, eoj, readings)`; returns an unregister function."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    # --- set with confirmation ----------------------------------------------------

    async def set(self, address: str, eoj: EOJ, values: Mapping[int, bytes]) -> SetResult:
        """SetC, then Get the same EPCs: only a read-back equal to what we sent confirms.

        (A device may answer Set_Res and still not apply the value.)
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

    async def _read_back(self, address: str, eoj: EOJ, epcs: list[int]) -> dict[int, Reading]:
        # Straight Get, bypassing learned refusals: we must see these very EPCs.
        frame = await self._request(address, eoj, ESV.Get, (Property(e) for e in epcs))
        return {p.epc: self._store(address, eoj, p) for p in frame.properties if p.edt}

    # --- polling: fast lane / slow lane ---------------------------------------------

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
        """Poll one device object forever (until `stop()`); replaces an earlier poll of it.

        One task per device object; each round is one `get` of the due EPCs, so the
        per-node lock keeps it to one request at a time even with other callers.
        """
        key = (address, eoj)
        if key in self._polls:
            self._polls.pop(key).cancel()
        task = asyncio.create_task(
            self._poll_loop(
                address,
                eoj,
                tuple(fast_epcs),
                tuple(slow_epcs),
                fast_interval_s,
                slow_interval_s,
                on_readings,
            ),
            name=f"echonet-poll-{address}-{eoj}",
        )
        self._polls[key] = task
        return task

    async def _poll_loop(
        self,
        address: str,
        eoj: EOJ,
        fast: tuple[int, ...],
        slow: tuple[int, ...],
        fast_s: float,
        slow_s: float,
        on_readings: Listener | None,
    ) -> None:
        loop = asyncio.get_running_loop()
        next_fast = next_slow = loop.time()
        while True:
            now = loop.time()
            due: list[int] = []
            if now >= next_fast:
                due += fast
                next_fast = now + fast_s
            if now >= next_slow:
                due += slow
                next_slow = now + slow_s
            if due:
                try:
                    readings = await self.get(address, eoj, due)
                except TimeoutError:
                    readings = {}  # silent for now; values age into "stale" on their own
                except Exception:  # keep polling whatever one round did
                    log.exception("poll of %s %s failed", address, eoj)
                    readings = {}
                if readings and on_readings is not None:
                    on_readings(address, eoj, readings)
            await asyncio.sleep(max(0.0, min(next_fast, next_slow) - loop.time()))

    # --- discovery ----------------------------------------------------------------

    async def discover(
        self, addresses: list[str] | None = None, multicast: bool = True
    ) -> list[NodeInfo]:
        """Find nodes (instance list 0xD6), then read each device object's 0x8A and 0x9F."""
        found: dict[str, tuple[EOJ, ...]] = {}

        def collect(address: str, frame: Frame) -> None:
            for prop in frame.properties:
                if prop.epc == 0xD6 and prop.edt:
                    try:
                        found.setdefault(address, decode_instance_list(prop.edt))
                    except FrameError:
                        self.stats["malformed"] += 1

        waits = [self._discover_one(a, collect) for a in addresses or ()]
        if multicast:
            tid = self._net.next_tid()
            self._net.collect(tid, collect)
            self._net.send(
                MULTICAST_GROUP, Frame(tid, CONTROLLER, NODE_PROFILE, ESV.Get, (Property(0xD6),))
            )
            waits.append(asyncio.sleep(self.discovery_window_s))
        try:
            await asyncio.gather(*waits)
        finally:
            if multicast:
                self._net.collect(tid, None)
        nodes = []
        for address, instances in sorted(found.items()):
            get_maps: dict[EOJ, frozenset[int]] = {}
            makers: dict[EOJ, int] = {}
            for eoj in instances:
                try:
                    readings = await self._read_back(address, eoj, [0x8A, 0x9F])
                except TimeoutError:
                    continue
                state = self._state(address, eoj)
                if 0x9F in readings:
                    try:
                        state.get_map = get_maps[eoj] = decode_property_map(readings[0x9F].edt)
                    except FrameError:
                        self.stats["malformed"] += 1
                if state.maker is not None:
                    makers[eoj] = state.maker
            nodes.append(NodeInfo(address, instances, get_maps, makers))
        return nodes

    async def _discover_one(self, address: str, collect: Callable[[str, Frame], None]) -> None:
        try:
            frame = await self._request(address, NODE_PROFILE, ESV.Get, (Property(0xD6),))
        except TimeoutError:
            log.info("discovery: no answer from %s", address)
            return
        collect(address, frame)


def _min(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)
