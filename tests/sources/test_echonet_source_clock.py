"""Under --speed the home's clock runs ahead of the wall: what the ECHONET Lite source
stamps (devices last heard, command results) is on the home's clock, not the wall's."""

from __future__ import annotations

import time

import pytest

from app.domain.commissioning import ChannelMap
from app.domain.device_command import CommandOutcome, DeviceCommand
from app.domain.events import device_key
from app.echonet.codec import EOJ
from app.sources.echonet_source import EchonetSettings, EchonetSource
from app.sources.simulated_nodes import SimulatedNodes
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.fake_clock import FakeClock
from tests.sources.node_helpers import host_of

HOME_NOW = 1_893_456_000.0  # 2030-01-01: years from the wall clock of any test machine
pytestmark = pytest.mark.timeout(60)


class FastClock(FakeClock):
    speed = 60.0


def test_devices_and_command_results_are_stamped_on_the_home_clock() -> None:
    clock = FastClock(HOME_NOW)
    home = SimulatedHome(HomeConfig(seed=4))
    nodes = SimulatedNodes(home, clock, port=0, first_host="127.0.0.2").start()
    source = None
    try:
        settings = EchonetSettings(addresses=tuple(nodes.addresses), multicast=False,
                                   bind=("127.0.0.1", 0), device_port=nodes.port,
                                   fast_s=0.2, slow_s=0.2)
        source = EchonetSource(settings, ChannelMap(), clock=clock).start()
        assert source.discovered.wait(10), "the simulated nodes were not found"
        deadline = time.monotonic() + 10
        while not (heard := [d.last_seen for d in source.devices() if d.last_seen]):
            assert time.monotonic() < deadline, "no device was heard from"
            time.sleep(0.05)
        # Heard a moment ago on the home's clock: seconds of the wall are minutes here.
        assert all(HOME_NOW - 600 <= at <= HOME_NOW for at in heard)
        battery = EOJ(0x02, 0x7D, 0x01)
        device = device_key(host_of(nodes, home, battery), battery.to_int())
        result = source.command(DeviceCommand(device, 0xDA, "standby")).result(timeout=10)
        assert result.outcome is CommandOutcome.ACCEPTED
        assert result.at == HOME_NOW
    finally:
        if source is not None:
            source.close()
        nodes.stop()
