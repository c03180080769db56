"""Talking to the simulated home's nodes over real UDP in tests: a client for one exchange,
and where a device lives."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.echonet.client import EchonetClient
from app.echonet.codec import EOJ
from app.sources.simulated_nodes import SimulatedNodes, house_devices
from app.sources.simulator import SimulatedHome

T = TypeVar("T")


def with_client(nodes: SimulatedNodes, work: Callable[[EchonetClient], Awaitable[T]]) -> T:
    """Run `work(client)` with a client on loopback that talks to `nodes`."""
    async def main() -> T:
        client = EchonetClient(("127.0.0.1", 0), timeout_s=0.5, retries=1,
                               device_port=nodes.port)
        await client.start()
        try:
            return await work(client)
        finally:
            await client.stop()

    return asyncio.run(main())


def host_of(nodes: SimulatedNodes, home: SimulatedHome, eoj: EOJ) -> str:
    """The address of the node that carries the device object `eoj`."""
    groups = house_devices(home)
    index = next(i for i, devices in enumerate(groups) if any(d.eoj == eoj for d in devices))
    return nodes.addresses[index]
