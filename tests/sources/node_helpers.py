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
from tests.fake_clock import FakeClock

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


STEP_S = 300.0  # a stepped house's step: five minutes of the home's clock


class SteppedHouse:
    """A simulated house on a pinned clock that a test steps by hand, reading what it
    wants after each step (`read`, per test module)."""

    def __init__(self, clock: FakeClock, nodes: SimulatedNodes) -> None:
        self.clock = clock
        self.nodes = nodes

    def run(self, work: Callable[[EchonetClient], Awaitable[T]]) -> T:
        return with_client(self.nodes, work)

    async def read(self, client: EchonetClient) -> dict:
        raise NotImplementedError

    async def steps(self, client: EchonetClient, count: int) -> list[dict]:
        out = []
        for _ in range(count):
            self.clock.t += STEP_S
            out.append(await self.read(client))
        return out


def step_kwh(readings: list[dict], key: str) -> float:
    """kWh of a power reading (W) taken once per step."""
    return sum(r[key] for r in readings) * STEP_S / 3600.0 / 1000.0
