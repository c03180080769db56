"""A small simulated home on loopback: several `EchonetNode`s on 127.0.0.2, .3, ... one port.

    with LoopbackHome(port=3610) as home:        # all nodes on one loop thread
        home.clock.freeze(100.0)                 # deterministic values from here on
        for target in home.targets: ...          # (host, eoj, key EPCs) to poll

Used by the pychonet interop tests and `tests/bench/bench_echonet.py`. Every node
listens on the same port (3610 by default) because pychonet always sends to 3610;
distinct 127.0.0.x addresses keep them apart (Linux routes all of 127/8 to lo).

Layout (with every class table present): 127.0.0.2 the 40-channel distribution
board; .3 the smart meter (as a B-route meter, on its own); .4 PV, storage battery
and a second PV string (a hybrid PCS); .5 fuel cell and gas meter; .6 EV
charger/discharger and water meter: 8 devices besides the board. A device whose class
table is missing (a checkout before the fuel cell / EV / gas / water tables) is
replaced by a stand-in instance of a known class, so there are always 8.
Values follow a clock (`Clock`, freezable); settable EPCs (battery and EV 0xDA) keep
what a Set wrote, and the battery's power and working status follow its mode.
"""

from __future__ import annotations

import asyncio
import math
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from app.echonet.codec import EOJ
from app.echonet.device_object import DeviceObject
from app.echonet.node import EchonetNode, NodeFaults
from app.echonet.properties import UnknownProperty, decode, encode_value

if TYPE_CHECKING:
    from pychonet import ECHONETAPIClient
    from pychonet.lib.udpserver import UDPServer

ECHONET_PORT = 3610
CHANNELS = 40
DEVICES_BESIDES_BOARD = 8
START_TIMEOUT_S = 5.0

BOARD = EOJ(0x02, 0x87, 0x01)
METER = EOJ(0x02, 0x88, 0x01)
PV = EOJ(0x02, 0x79, 0x01)
BATTERY = EOJ(0x02, 0x7D, 0x01)
COUNTER_EPC = 0xE0  # meter cumulative energy: in counting mode it advances on every read


class Clock:
    """Seconds since creation (monotonic), or a frozen instant for deterministic reads."""

    def __init__(self) -> None:
        self._t0 = time.monotonic()
        self._frozen: float | None = None

    def __call__(self) -> float:
        return self._frozen if self._frozen is not None else time.monotonic() - self._t0

    def freeze(self, at: float) -> None:
        self._frozen = at

    def thaw(self) -> None:
        self._frozen = None


class ReadCounter:
    """Advances on every node-side read; read by other threads without a lock (an int
    read is atomic), incremented only on the node loop thread."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            self.value += 1
            return self.value


@dataclass(frozen=True)
class Target:
    """One device object and the EPCs a poll sweep reads from it."""

    host: str
    eoj: EOJ
    epcs: tuple[int, ...]


Source = Callable[[float], Any]  # time -> physical value (encoded with encode_value)


@dataclass
class _Spec:
    node: int  # index of the node (0 -> first host)
    eoj: EOJ
    values: dict[int, Source]  # EPC -> value at time t
    key_epcs: tuple[int, ...]  # what a sweep reads
    settable: dict[int, Any] = field(default_factory=dict)  # EPC -> initial value


def _on(t: float) -> str:
    return "on"


def _wave(base: float, amp: float, period_s: float, phase: float = 0.0) -> Source:
    return lambda t: round(base + amp * math.sin(2 * math.pi * t / period_s + phase))


def channel_powers(t: float) -> tuple[int, ...]:
    """Per-channel power (W) of the board at time t; some channels export (negative)."""
    return tuple(
        round((60 + 25 * i) * (1 + 0.5 * math.sin(t / 7 + i)) * (-1 if i % 13 == 12 else 1))
        for i in range(CHANNELS)
    )


def _power_list(t: float) -> bytes:
    """0xB7 for all channels (start channel 1)."""
    powers = channel_powers(t)
    try:
        return encode_value(0x0287, 0xB7, (1, powers))
    except ValueError:
        # Older tables had no encoder for the list (a client only reads it): pack it
        # from 0xC6's signed-long encoding after the (start, count) header.
        return bytes((1, len(powers))) + b"".join(encode_value(0x0287, 0xC6, w) for w in powers)


def _battery_power(mode: str, t: float) -> int:
    if mode in ("charging", "rapid_charging"):
        return 1500
    if mode == "discharging":
        return -1200
    if mode == "auto":
        return round(1800 * math.sin(t / 11))
    return 0


def _core_specs(count_reads: ReadCounter | None) -> list[_Spec]:
    meter_e0: Source = (
        (lambda t: count_reads.next()) if count_reads else (lambda t: 50_000 + int(t * 3))
    )
    return [
        _Spec(
            0,
            BOARD,
            {
                0x80: _on,
                0xB1: lambda t: CHANNELS,
                0xC0: lambda t: 120_000 + int(t * 5),
                0xC2: lambda t: 0.1,
                0xC6: lambda t: sum(channel_powers(t)),
            },
            (0xB1, 0xB7, 0xC6),
        ),
        _Spec(
            1,
            METER,
            {
                0x80: _on,
                0xD3: lambda t: 1,
                0xE0: meter_e0,
                0xE1: lambda t: 0.1,
                0xE7: _wave(800, 1200, 13),
            },
            (0xE7, 0xE0, 0xE1, 0xD3),
        ),
        _Spec(
            2,
            PV,
            {0x80: _on, 0xE0: _wave(2500, 2000, 17), 0xE1: lambda t: 4321.5 + t / 100},
            (0xE0, 0xE1),
        ),
        _Spec(
            2,
            BATTERY,
            {0x80: _on, 0xE4: lambda t: 40 + round(20 * math.sin(t / 29))},
            (0xD3, 0xE4, 0xDA, 0xCF),
            settable={0xDA: "auto"},
        ),
    ]


def _extra_specs() -> list[_Spec]:
    """Preferred extra devices, in order; ones whose class table is missing drop out."""
    return [
        _Spec(
            3,
            EOJ(0x02, 0x7C, 0x01),  # fuel cell
            {
                0x80: _on,
                0xC4: _wave(500, 200, 19),
                0xC5: lambda t: 812.25 + t / 1000,
                0xCB: lambda t: "generating",
            },
            (0xC4, 0xC5, 0xCB),
        ),
        _Spec(
            3,
            EOJ(0x02, 0x82, 0x01),  # gas meter
            {0x80: _on, 0xE0: lambda t: 1234.5 + t / 100},
            (0xE0,),
        ),
        _Spec(
            4,
            EOJ(0x02, 0x7E, 0x01),  # EV charger/discharger
            {
                0x80: _on,
                0xC7: lambda t: "connected_chargeable",
                0xD3: _wave(3000, 500, 23),
                0xE4: lambda t: 63,
            },
            (0xD3, 0xE4, 0xC7, 0xDA),
            settable={0xDA: "charging"},
        ),
        _Spec(
            4,
            EOJ(0x02, 0x81, 0x01),  # water flow meter
            {0x80: _on, 0xE0: lambda t: 456_000 + int(t), 0xE1: lambda t: 0.001},
            (0xE0, 0xE1),
        ),
        # Stand-ins from the older tables, for a checkout without the new classes: a
        # second PV string, a second battery, a sub-meter, a third PV.
        _Spec(
            2,
            EOJ(0x02, 0x79, 0x02),
            {0x80: _on, 0xE0: _wave(900, 600, 31), 0xE1: lambda t: 1000.0 + t / 100},
            (0xE0, 0xE1),
        ),
        _Spec(
            3,
            EOJ(0x02, 0x7D, 0x02),
            {0x80: _on, 0xE4: lambda t: 88},
            (0xD3, 0xE4, 0xDA, 0xCF),
            settable={0xDA: "standby"},
        ),
        _Spec(
            4,
            EOJ(0x02, 0x88, 0x02),
            {
                0x80: _on,
                0xD3: lambda t: 1,
                0xE0: lambda t: 7_000 + int(t),
                0xE1: lambda t: 0.01,
                0xE7: _wave(1500, 1500, 37),
            },
            (0xE7, 0xE0),
        ),
        _Spec(
            4,
            EOJ(0x02, 0x79, 0x03),
            {0x80: _on, 0xE0: _wave(300, 200, 41), 0xE1: lambda t: 10.0 + t / 1000},
            (0xE0, 0xE1),
        ),
    ]


def _publishable(spec: _Spec) -> bool:
    """Every value of the spec encodes with the tables present right now."""
    try:
        for epc, source in spec.values.items():
            encode_value(spec.eoj.class_code16, epc, source(0.0))
        for epc, value in spec.settable.items():
            encode_value(spec.eoj.class_code16, epc, value)
    except (UnknownProperty, ValueError):
        return False
    return True


def choose_specs(count_reads: ReadCounter | None = None) -> list[_Spec]:
    core = _core_specs(count_reads)
    wanted = DEVICES_BESIDES_BOARD - (len(core) - 1)
    extras = [s for s in _extra_specs() if _publishable(s)][:wanted]
    return core + extras


class _LiveDevice:
    """Property source of one spec: values from the clock, settable EPCs from a state."""

    def __init__(self, spec: _Spec, clock: Callable[[], float]) -> None:
        self.spec = spec
        self.clock = clock
        self.code = spec.eoj.class_code16
        self.state: dict[int, Any] = dict(spec.settable)

    def get(self, epc: int) -> bytes | None:
        t = self.clock()
        if epc == 0xB7 and self.code == 0x0287:
            return _power_list(t)
        if epc in self.state:
            return encode_value(self.code, epc, self.state[epc])
        if self.code == 0x027D and epc in (0xD3, 0xCF):  # battery: follows its mode
            power = _battery_power(self.state.get(0xDA, "standby"), t)
            if epc == 0xD3:
                return encode_value(self.code, epc, power)
            status = "charging" if power > 0 else "discharging" if power < 0 else "standby"
            return encode_value(self.code, epc, status)
        source = self.spec.values.get(epc)
        return None if source is None else encode_value(self.code, epc, source(t))

    def set(self, epc: int, edt: bytes) -> bool:
        try:
            value = decode(self.code, epc, edt)
        except (UnknownProperty, ValueError):
            return False
        if value is None:  # a code our table does not know: refuse, as a device would
            return False
        self.state[epc] = value
        return True

    def device_object(self) -> DeviceObject:
        gettable = set(self.spec.values) | set(self.spec.settable)
        if self.code == 0x0287:
            gettable.add(0xB7)
        if self.code == 0x027D:
            gettable |= {0xD3, 0xCF}
        return DeviceObject(
            self.spec.eoj,
            self.get,
            settable=frozenset(self.spec.settable),
            on_set=self.set,
            gettable=frozenset(gettable),
        )


class LoopbackHome:
    """Nodes of the loopback home, run on one event loop in one daemon thread."""

    def __init__(
        self,
        port: int = ECHONET_PORT,
        *,
        first_host: int = 2,
        count_reads: bool = False,
        faults: NodeFaults | None = None,
    ) -> None:
        self.port = port
        self.clock = Clock()
        self.counter: ReadCounter | None = ReadCounter() if count_reads else None
        specs = choose_specs(self.counter)
        self.devices = [_LiveDevice(s, self.clock) for s in specs]
        n_nodes = max(s.node for s in specs) + 1
        self.hosts = [f"127.0.0.{first_host + i}" for i in range(n_nodes)]
        self.nodes = [
            EchonetNode(
                host,
                port,
                [d.device_object() for d in self.devices if d.spec.node == i],
                faults=faults,
                unique_id=bytes(12) + bytes((i + 1,)),
            )
            for i, host in enumerate(self.hosts)
        ]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def targets(self) -> list[Target]:
        return [Target(self.hosts[d.spec.node], d.spec.eoj, d.spec.key_epcs) for d in self.devices]

    def device(self, eoj: EOJ) -> _LiveDevice:
        return next(d for d in self.devices if d.spec.eoj == eoj)

    def host_of(self, eoj: EOJ) -> str:
        return self.hosts[self.device(eoj).spec.node]

    def set_faults(self, faults: NodeFaults) -> None:
        """Same faults on every node, each with its own seed (reproducible, not lockstep)."""
        for i, node in enumerate(self.nodes):
            node.faults = replace(faults, seed=faults.seed + i)

    def start(self) -> LoopbackHome:
        """Bind every node; OSError (port taken, 127.0.0.x unavailable) after cleaning up."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="loopback-home", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

        async def start_all() -> None:
            for node in self.nodes:
                await node.start()

        try:
            asyncio.run_coroutine_threadsafe(start_all(), loop).result(START_TIMEOUT_S)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def stop_all() -> None:
            for node in self.nodes:
                await node.stop()

        try:
            asyncio.run_coroutine_threadsafe(stop_all(), loop).result(START_TIMEOUT_S)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(START_TIMEOUT_S)
            if not thread.is_alive():
                loop.close()
            self._loop = self._thread = None

    def __enter__(self) -> LoopbackHome:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def port_unavailable(hosts: Iterable[str], port: int) -> str | None:
    """Why (host, port) cannot be bound exclusively for some host, or None when all can.

    Bound without SO_REUSEADDR on purpose: pychonet sets it, and two SO_REUSEADDR
    sockets on one UDP address would silently share (and split) the traffic.
    """
    for host in hosts:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind((host, port))
        except OSError as exc:
            return f"cannot bind UDP {host}:{port}: {exc.strerror or exc}"
        finally:
            sock.close()
    return None


# --- pychonet as a controller (test-only dependency, imported lazily) --------------------


@contextmanager
def pychonet_api(
    loop: asyncio.AbstractEventLoop, host: str = "127.0.0.1", message_timeout: int | None = None
) -> Iterator[ECHONETAPIClient]:
    """A pychonet controller bound to host:3610 only.

    Workarounds: `UDPServer()` without `local_ip` finds its address by connecting a UDP
    socket to 224.0.23.0 (fails without a multicast route) and joins multicast there;
    passing `local_ip` keeps it on loopback. `run(host, port, loop)` binds exactly
    that address. pychonet always *sends* to port 3610 (`ENL_PORT`), hence the nodes'
    port. Its default logger is `print`; `message_timeout` is in 0.1 s ticks.
    """
    from pychonet import ECHONETAPIClient
    from pychonet.lib.udpserver import UDPServer

    server: UDPServer = UDPServer(local_ip=host)
    try:
        server.run(host, ECHONET_PORT, loop=loop)
        api = ECHONETAPIClient(server)
        api.configure(logger=lambda *args, **kw: None, message_timeout=message_timeout)
        yield api
    finally:
        # pychonet's close() leaves its add_reader/add_writer registrations behind: the
        # next socket that reuses the fd number on this loop (e.g. our client's) is then
        # never polled and hears nothing. Unregister first.
        with suppress(ValueError, OSError):  # never bound: fileno() is still valid
            fd = server._sock.fileno()
            loop.remove_reader(fd)
            loop.remove_writer(fd)
        server.close()


async def pychonet_discover(api: ECHONETAPIClient, hosts: Iterable[str]) -> dict[str, Any]:
    """Unicast discovery plus property maps, as Home Assistant's integration does.

    Without the maps `EchonetInstance.update()` filters every EPC out (empty Get map)
    and sends a Get with no properties. Nodes are handled concurrently; pychonet
    serialises per host itself.
    """

    async def one(host: str) -> None:
        await api.discover(host)
        instances = api.state[host]["instances"]
        for gc, classes in list(instances.items()):
            for cc, numbers in list(classes.items()):
                for ci in list(numbers):
                    await api.getAllPropertyMaps(host, gc, cc, ci)

    await asyncio.gather(*(one(h) for h in hosts))
    return api.state


async def pychonet_update(instance: Any, epcs: Iterable[int]) -> dict[int, Any]:
    """`EchonetInstance.update(epcs)` as a dict: pychonet returns the bare value when
    the list holds one EPC. Raises TimeoutError (pychonet's) when nothing came back."""
    wanted = list(epcs)
    values = await instance.update(wanted)
    return {wanted[0]: values} if len(wanted) == 1 else dict(values)
