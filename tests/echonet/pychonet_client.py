"""pychonet (a widely used controller, test-only dependency) against the simulated home's nodes.

Shared by the interop tests and `tests/bench/bench_echonet.py`. pychonet always *sends*
to port 3610, so the nodes listen there (on 127.0.0.2, .3, ...: Linux routes all of
127/8 to lo) and pychonet binds 127.0.0.1:3610.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.echonet.codec import EOJ
from app.echonet.node import ECHONET_PORT

if TYPE_CHECKING:
    from pychonet import ECHONETAPIClient
    from pychonet.lib.udpserver import UDPServer

    from app.sources.simulated_nodes import SimulatedNodes


@dataclass(frozen=True)
class Target:
    """One device object and the EPCs a test or a poll sweep reads from it."""

    host: str
    eoj: EOJ
    epcs: tuple[int, ...]


def host_of(nodes: SimulatedNodes, eoj: EOJ) -> str:
    return next(n.host for n in nodes.nodes if n.objects.find(eoj) is not None)


def targets(nodes: SimulatedNodes, epcs: Mapping[EOJ, tuple[int, ...]]) -> list[Target]:
    return [Target(host_of(nodes, eoj), eoj, wanted) for eoj, wanted in epcs.items()]


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


@contextmanager
def pychonet_api(
    loop: asyncio.AbstractEventLoop, host: str = "127.0.0.1", message_timeout: int | None = None
) -> Iterator[ECHONETAPIClient]:
    """A pychonet controller bound to host:3610 only.

    Workarounds: `UDPServer()` without `local_ip` finds its address by connecting a UDP
    socket to 224.0.23.0 (fails without a multicast route) and joins multicast there;
    passing `local_ip` keeps it on loopback. `run(host, port, loop)` binds exactly
    that address. Its default logger is `print`; `message_timeout` is in 0.1 s ticks.
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
