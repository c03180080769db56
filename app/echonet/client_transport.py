"""UDP side of `app.echonet.client`: one outstanding request per node, TID matching.

Requests to one address go through that address's FIFO lock (real devices answer
one request at a time); each attempt gets a fresh TID so a late answer to a timed-out
attempt is counted as stray instead of being taken for the retry's answer. Valid
frames from an address refresh its liveness; malformed ones are only counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections import Counter
from collections.abc import Callable, Iterable

from app.echonet.codec import EOJ, ESV, Frame, FrameError, Property, decode_frame, encode_frame

log = logging.getLogger(__name__)

ECHONET_PORT = 3610
MULTICAST_GROUP = "224.0.23.0"
CONTROLLER = EOJ(0x05, 0xFF, 0x01)  # controller class, instance 1
RESPONSE_ESVS = frozenset(
    {
        ESV.Get_Res, ESV.Get_SNA, ESV.Set_Res, ESV.SetC_SNA, ESV.SetI_SNA,
        ESV.SetGet_Res, ESV.SetGet_SNA, ESV.INF_SNA, ESV.INFC_Res,
    }
)  # fmt: skip

FrameHandler = Callable[[str, Frame], None]


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, owner: Transport) -> None:
        self._owner = owner

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self._owner.received(data, addr[0])

    def error_received(self, exc: Exception) -> None:
        log.debug("echonet socket error: %s", exc)  # e.g. ICMP port unreachable


class Transport:
    def __init__(
        self,
        local_addr: tuple[str, int],
        *,
        timeout_s: float,
        retries: int,
        backoff_s: float,
        device_port: int,
        join_multicast: bool,
        clock: Callable[[], float],
        on_notification: FrameHandler,
    ) -> None:
        self.local_addr = local_addr
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.device_port = device_port
        self.join_multicast = join_multicast
        self.stats: Counter[str] = Counter()  # sent, timeouts, stray, malformed, ...
        self.last_seen: dict[str, float] = {}
        self._clock = clock
        self._on_notification = on_notification
        self._transport: asyncio.DatagramTransport | None = None
        self._tid = 0
        self._pending: dict[tuple[str, int], asyncio.Future[Frame]] = {}
        self._collectors: dict[int, FrameHandler] = {}  # multicast requests, by TID
        self._locks: dict[str, asyncio.Lock] = {}

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _Protocol(self), local_addr=self.local_addr, family=socket.AF_INET
        )
        self._transport = transport
        sock = transport.get_extra_info("socket")
        host = self.local_addr[0]
        specific = host not in ("", "0.0.0.0")
        if specific:  # send multicast out of the configured interface
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(host))
        if self.join_multicast:  # to hear multicast INF (needs a 0.0.0.0 bind on Linux)
            iface = host if specific else "0.0.0.0"
            mreq = socket.inet_aton(MULTICAST_GROUP) + socket.inet_aton(iface)
            try:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
            except OSError as exc:
                log.warning("cannot join %s on %s: %s", MULTICAST_GROUP, iface, exc)

    def close(self) -> None:
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    @property
    def local_port(self) -> int:
        assert self._transport is not None, "start() first"
        return int(self._transport.get_extra_info("sockname")[1])

    def received(self, data: bytes, address: str) -> None:
        try:
            frame = decode_frame(data)
        except FrameError:
            self.stats["malformed"] += 1
            return
        self.last_seen[address] = self._clock()  # any valid traffic proves liveness
        if frame.esv in RESPONSE_ESVS:
            future = self._pending.get((address, frame.tid))
            if future is not None and not future.done():
                future.set_result(frame)
            elif frame.tid in self._collectors:
                self._collectors[frame.tid](address, frame)
            else:
                self.stats["stray"] += 1  # late answer to a timed-out attempt, or not ours
        elif frame.esv in (ESV.INF, ESV.INFC):
            self.stats["notifications"] += 1
            self._on_notification(address, frame)
        else:
            self.stats["ignored"] += 1  # requests to us: we publish no objects (yet)

    def send(self, address: str, frame: Frame) -> None:
        if self._transport is None:
            raise RuntimeError("EchonetClient not started")
        self._transport.sendto(encode_frame(frame), (address, self.device_port))
        self.stats["sent"] += 1

    def next_tid(self, address: str | None = None) -> int:
        for _ in range(0x10000):
            self._tid = self._tid % 0xFFFF + 1  # 1..0xFFFF; 0 left out
            if (address, self._tid) not in self._pending and self._tid not in self._collectors:
                return self._tid
        raise RuntimeError("no free TID")

    def collect(self, tid: int, handler: FrameHandler | None) -> None:
        """Route answers with `tid` from any address to `handler` (None: stop)."""
        if handler is None:
            self._collectors.pop(tid, None)
        else:
            self._collectors[tid] = handler

    def node_lock(self, address: str) -> asyncio.Lock:
        """The FIFO lock that keeps requests to `address` to one at a time."""
        return self._locks.setdefault(address, asyncio.Lock())

    async def request(self, address: str, eoj: EOJ, esv: ESV, props: Iterable[Property]) -> Frame:
        """One request with retries; the node lock is held throughout (one at a time)."""
        async with self.node_lock(address):
            return await self.exchange(address, eoj, esv, props)

    async def exchange(self, address: str, eoj: EOJ, esv: ESV, props: Iterable[Property]) -> Frame:
        """`request` for a caller that already holds `node_lock(address)`, so that it can
        keep the node to itself across several requests (e.g. set a range, then read it)."""
        props = tuple(props)
        loop = asyncio.get_running_loop()
        for attempt in range(self.retries + 1):
            tid = self.next_tid(address)  # fresh TID: a late answer is then stray
            future: asyncio.Future[Frame] = loop.create_future()
            self._pending[(address, tid)] = future
            try:
                self.send(address, Frame(tid, CONTROLLER, eoj, esv, props))
                return await asyncio.wait_for(future, self.timeout_s)
            except TimeoutError:
                self.stats["timeouts"] += 1
            finally:
                self._pending.pop((address, tid), None)
            if attempt < self.retries:
                await asyncio.sleep(self.backoff_s * 2**attempt)  # exponential back-off
        raise TimeoutError(f"{address} {eoj} {esv.name}: no answer")
