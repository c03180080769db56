"""An ECHONET Lite node on UDP (asyncio), for the simulated home and client tests.

    node = EchonetNode("127.0.0.1", 0, [DeviceObject(EOJ(2, 0x88, 1), {0xE7: b"..."})])
    await node.start()      # node.address -> ("127.0.0.1", <ephemeral port>)
    ...
    await node.stop()

or, from synchronous code / tests, ``NodeThread(node)`` runs it on its own loop.

Choices:
* INF_REQ is answered with an INF sent **unicast to the requester**: the spec
  sends INF to the multicast group 224.0.23.0, but loopback tests and the
  simulated home run several nodes on 127.0.0.x without multicast routing.
* ``multicast=True`` also hears requests sent to 224.0.23.0 (a second socket bound
  to the group and port, joined on the node's own address); answers still leave
  from the node's unicast address, so a controller learns who answered.
* `send_inf` pushes INF unicast to `subscribers` for the same reason.
* Faults (`NodeFaults`) can be changed at any time; they apply to requests
  received afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import cast

from app.echonet.codec import (
    EOJ,
    ESV,
    NODE_PROFILE,
    Frame,
    FrameError,
    Property,
    decode_frame,
    encode_frame,
)
from app.echonet.device_object import DeviceObject, ObjectSet, find_targets, respond

log = logging.getLogger(__name__)

ECHONET_PORT = 3610
MULTICAST_GROUP = "224.0.23.0"
Address = tuple[str, int]


@dataclass
class NodeFaults:
    """Misbehaviour to inject. Defaults: a well-behaved node."""

    drop_fraction: float = 0.0  # share of received requests silently dropped
    seed: int = 0  # for the drop decisions: reproducible tests
    delay_s: float = 0.0  # every answer is sent this late
    silent: bool = False  # answer nothing at all
    refuse_epcs: frozenset[int] = frozenset()  # a batch holding one of these: no answer
    max_properties: int | None = None  # answer only the first K properties of each block


@dataclass
class NodeStats:
    received: int = 0
    malformed: int = 0
    not_for_us: int = 0  # well-formed, but for an EOJ this node does not have
    dropped: int = 0  # by drop_fraction or silent
    refused: int = 0  # by refuse_epcs
    answered: int = 0  # reply datagrams sent (INF_REQ, Get, Set...; not send_inf)


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, node: EchonetNode) -> None:
        self.node = node
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # The selector transport is not a DatagramTransport subclass at runtime.
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: Address) -> None:
        try:
            self.node._handle(data, addr)
        except Exception:  # one bad source callback must not kill the node
            log.exception("node %s: error handling datagram from %s", self.node.host, addr)

    def error_received(self, exc: Exception) -> None:
        # e.g. ICMP port unreachable after answering a closed client socket.
        log.debug("node %s: %s", self.node.host, exc)


class EchonetNode:
    def __init__(
        self,
        host: str,
        port: int = ECHONET_PORT,
        devices: Iterable[DeviceObject] = (),
        *,
        subscribers: Iterable[Address] = (),
        faults: NodeFaults | None = None,
        unique_id: bytes = b"\x00" * 13,
        multicast: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.multicast = multicast
        self._multicast: asyncio.DatagramTransport | None = None
        self.objects = ObjectSet(list(devices), unique_id)
        self.subscribers: list[Address] = list(subscribers)
        self.stats = NodeStats()
        self._faults = faults or NodeFaults()
        self._rng = random.Random(self._faults.seed)
        self._protocol: _Protocol | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tid = 0

    @property
    def faults(self) -> NodeFaults:
        return self._faults

    @faults.setter
    def faults(self, faults: NodeFaults) -> None:
        self._faults = faults
        self._rng = random.Random(faults.seed)  # a new fault set restarts the sequence

    @property
    def address(self) -> Address:
        """The bound address (the real port once started with port 0)."""
        return (self.host, self.port)

    async def start(self) -> None:
        if self._protocol is not None:
            raise RuntimeError("node already started")
        self._loop = asyncio.get_running_loop()
        transport, protocol = await self._loop.create_datagram_endpoint(
            lambda: _Protocol(self), local_addr=(self.host, self.port)
        )
        self._protocol = protocol
        self.port = transport.get_extra_info("sockname")[1]
        if self.multicast:
            try:
                sock = multicast_socket(self.host, self.port)
            except OSError as exc:  # no multicast here: unicast still works
                log.warning("node %s: cannot hear %s: %s", self.host, MULTICAST_GROUP, exc)
            else:
                self._multicast, _ = await self._loop.create_datagram_endpoint(
                    lambda: _Protocol(self), sock=sock)

    async def stop(self) -> None:
        if self._protocol is not None and self._protocol.transport is not None:
            self._protocol.transport.close()
        self._protocol = None
        if self._multicast is not None:
            self._multicast.close()
            self._multicast = None

    # --- receiving ---------------------------------------------------------

    def _handle(self, data: bytes, addr: Address) -> None:
        self.stats.received += 1
        try:
            request = decode_frame(data)
        except FrameError:
            self.stats.malformed += 1
            return
        faults = self._faults
        if faults.silent or (faults.drop_fraction and self._rng.random() < faults.drop_fraction):
            self.stats.dropped += 1
            return
        epcs = {p.epc for p in (*request.properties, *request.get_properties)}
        if epcs & faults.refuse_epcs:
            self.stats.refused += 1
            return
        objects = self.objects.all()
        if not find_targets(objects, request.deoj):
            self.stats.not_for_us += 1
            return
        for reply in respond(objects, request):
            if faults.max_properties is not None:
                k = faults.max_properties
                reply = replace(
                    reply, properties=reply.properties[:k], get_properties=reply.get_properties[:k]
                )
            self._send(encode_frame(reply), addr, faults.delay_s)
            self.stats.answered += 1

    def _send(self, payload: bytes, addr: Address, delay_s: float = 0.0) -> None:
        if self._protocol is None or self._protocol.transport is None:
            return
        transport = self._protocol.transport
        if delay_s > 0 and self._loop is not None:
            # Sent later unless the node stops first (closed transport: sendto is a no-op).
            self._loop.call_later(delay_s, self._send_now, transport, payload, addr)
        else:
            self._send_now(transport, payload, addr)

    @staticmethod
    def _send_now(transport: asyncio.DatagramTransport, payload: bytes, addr: Address) -> None:
        if not transport.is_closing():
            transport.sendto(payload, addr)

    # --- notifications -----------------------------------------------------

    def send_inf(self, eoj: EOJ, epcs: Iterable[int]) -> None:
        """Push an INF of `epcs` (current values) from object `eoj` to every subscriber.

        Must run on the node's loop (use `NodeThread.send_inf` from other threads).
        """
        obj = self.objects.find(eoj)
        if obj is None:
            raise KeyError(f"no object {eoj}")
        props = []
        for epc in epcs:
            edt = obj.get(epc)
            if edt is None:
                raise KeyError(f"{eoj} has no value for EPC {epc:#04x}")
            props.append(Property(epc, edt))
        self._tid = (self._tid + 1) & 0xFFFF
        frame = Frame(self._tid, eoj, NODE_PROFILE, ESV.INF, tuple(props))
        payload = encode_frame(frame)
        for addr in self.subscribers:
            self._send(payload, addr)


def multicast_socket(host: str, port: int) -> socket.socket:
    """A socket that hears 224.0.23.0:`port` on the interface of `host`.

    Several nodes of one house share the port, hence SO_REUSEADDR. Bound to the group
    (not 0.0.0.0) so it hears only multicast, never another node's unicast traffic.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((MULTICAST_GROUP, port))
        membership = socket.inet_aton(MULTICAST_GROUP) + socket.inet_aton(host)
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
        with contextlib.suppress(OSError):  # our own controller may be on this host
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class NodeThread:
    """Runs an `EchonetNode` on a private event loop in a daemon thread."""

    def __init__(self, node: EchonetNode, timeout_s: float = 5.0) -> None:
        self.node = node
        self._timeout_s = timeout_s
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> NodeThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.node.start(), self._loop).result(self._timeout_s)
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        try:
            asyncio.run_coroutine_threadsafe(self.node.stop(), self._loop).result(self._timeout_s)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(self._timeout_s)
            if not self._thread.is_alive():
                self._loop.close()

    def send_inf(self, eoj: EOJ, epcs: Iterable[int]) -> None:
        epc_list = list(epcs)

        async def push() -> None:
            self.node.send_inf(eoj, epc_list)

        asyncio.run_coroutine_threadsafe(push(), self._loop).result(self._timeout_s)

    def __enter__(self) -> NodeThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
