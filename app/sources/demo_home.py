"""The simulated home a data directory runs on until real devices are configured.

The seed is remembered in the store, so a resumed backfill or a restarted
panel continues the same house.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from app.domain.circuits import CircuitKind, CircuitRole, CircuitSpec
from app.domain.commissioning import GridMeter, HomeFacts
from app.domain.device_command import CommandResult, DeviceCommand
from app.domain.devices import DeviceSeen
from app.domain.events import DeviceEvent
from app.sources.clock import Clock
from app.store import Store
from app.store.home_setup import save_home_setup

if TYPE_CHECKING:
    from app.domain.commissioning import BoardLive, ChannelMap
    from app.sources.echonet_source import EchonetSource
    from app.sources.simulated_nodes import SimulatedNodes
    from app.sources.simulator import SimulatedHome

log = logging.getLogger(__name__)

def build_demo_home(store: Store, seed: int) -> SimulatedHome:
    """The model, commissioned as an installer would (see `demo_circuits`)."""
    # Imported here: numpy-heavy model code stays off the panel's start-up path
    # (the panel builds the home on the collector thread, after the first frame).
    from app.domain.control_view import ControlSettings
    from app.sources.simulator import HomeConfig, SimulatedHome
    from app.store.control_settings import save_control_settings

    home = SimulatedHome(HomeConfig(seed=seed))
    if not store.circuits():  # commissioned once; later starts keep what is stored
        save_home_setup(store, demo_circuits(home),
                        HomeFacts(GridMeter.SMART_METER, pv_full_feed_in=False,
                                  ev_solar_charging=False,
                                  pv_capacity_w=home.config.pv_capacity_w or None,
                                  pv_tilt_deg=home.config.pv_tilt_deg,
                                  pv_azimuth_deg=home.config.pv_azimuth_deg))
        # The demo's household has switched AI Solar Charge on (a new real panel has not).
        save_control_settings(store, ControlSettings(ai_enabled=True))
    store.define_series(home.series)
    store.flush()
    return home


def demo_circuits(home: SimulatedHome) -> list[CircuitSpec]:
    """The model's board as its installer would set it up: each measured special or
    branch circuit on the channel the simulated board publishes it on (in board
    order), named as on the board, with the role its load gives it."""
    roles = {home.load_circuit("ecocute"): CircuitRole.WATER_HEATER,
             home.load_circuit("ev"): CircuitRole.EV_CHARGER}
    circuits, channel = [], 0
    for circuit in home.circuits:
        if circuit.measured and circuit.kind is not CircuitKind.MAIN:
            channel += 1
            circuit = replace(circuit, channel=channel, role=roles.get(circuit.series_key))
        circuits.append(circuit)
    return circuits


class DemoHouse:
    """The demo as a real panel sees a house: simulated nodes on loopback, read over
    ECHONET Lite by the same source real devices use. Closing stops both."""

    def __init__(self, nodes: SimulatedNodes, source: EchonetSource) -> None:
        self.nodes = nodes
        self.source = source

    def read(self, now: float) -> dict[str, float]:
        return self.source.read(now)

    def exact_minutes(self, start_minute: int, count: int) -> None:
        return None

    def devices(self) -> list[DeviceSeen]:
        return self.source.devices()

    def states(self) -> dict[str, tuple[float, str]]:
        return self.source.states()

    def boards(self) -> list[BoardLive]:
        return self.source.boards()

    def set_channels(self, channels: ChannelMap) -> None:
        self.source.set_channels(channels)

    def take_events(self) -> list[DeviceEvent]:
        return self.source.take_events()

    def query(self, device: str, epcs: Sequence[int]) -> Future[dict[int, Any]]:
        return self.source.query(device, epcs)

    def command(self, command: DeviceCommand) -> Future[CommandResult]:
        return self.source.command(command)

    def close(self) -> None:
        try:
            self.source.close()
        finally:
            self.nodes.stop()


def start_demo_house(store: Store, seed: int, clock: Clock, *, port: int = 3610,
                     first_host: str = "127.0.0.2", fast_s: float = 3.0,
                     slow_s: float = 15.0) -> tuple[DemoHouse, SimulatedHome]:
    """Start the demo house's nodes and a source reading them; returns (source, history).

    Port 3610 busy (another panel running)? The nodes take a free port instead.
    """
    from app.sources.echonet_source import EchonetSettings, EchonetSource, board_channels
    from app.sources.simulated_nodes import SimulatedNodes
    from app.sources.simulator import SimulatedHome

    history = build_demo_home(store, seed)
    try:
        nodes = SimulatedNodes(SimulatedHome(history.config), clock, first_host=first_host,
                               port=port).start()
    except OSError:
        log.info("port %d busy on %s; the simulated nodes take a free port", port, first_host)
        nodes = SimulatedNodes(SimulatedHome(history.config), clock, first_host=first_host,
                               port=0).start()
    settings = EchonetSettings(addresses=tuple(nodes.addresses), multicast=False,
                               bind=("127.0.0.1", 0), device_port=nodes.port, fast_s=fast_s,
                               slow_s=slow_s)
    try:
        source = EchonetSource(settings, board_channels(store), clock=clock).start()
    except BaseException:
        nodes.stop()
        raise
    return DemoHouse(nodes, source), history
