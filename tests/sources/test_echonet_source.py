"""The ECHONET Lite source: the demo house read over the protocol, stale and recovery."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain import series as s
from app.echonet.node import NodeFaults
from app.sources.demo_home import DemoHouse, start_demo_house
from app.sources.echonet_readings import VolumeRate, series_values
from app.store import Store, open_store
from tests.fake_clock import FakeClock

NOON = 1_784_001_600.0
FAST_S = 0.2  # a short polling interval keeps the stale/recovery test quick
pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(tmp_path / "data", "Asia/Tokyo")
    yield st
    st.close()


@pytest.fixture
def house(store) -> Iterator[tuple[DemoHouse, object]]:
    source, history = start_demo_house(store, 6, FakeClock(NOON), port=0, fast_s=FAST_S)
    try:
        yield source, history
    finally:
        source.close()


def _wait_for(predicate, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_demo_house_reads_the_models_values_over_the_protocol(house) -> None:
    source, history = house
    _wait_for(lambda: {s.PV, s.GRID_BUY, s.CONSUMPTION, "circuit.br1"} <= set(source.read(NOON)))
    values = source.read(NOON)
    live = history.instant(NOON)
    for key in (s.PV, s.GRID_BUY, s.GRID_SELL, "circuit.br1", "circuit.sp3"):
        assert values[key] == pytest.approx(live[key], abs=0.51), key  # whole watts on the wire
    # Consumption is derived from five whole-watt readings (grid, PV, fuel cell, battery).
    assert values[s.CONSUMPTION] == pytest.approx(live[s.CONSUMPTION], abs=2.5)
    assert values["circuit.main1"] == pytest.approx(live["circuit.main1"], abs=5.0)  # 0.1 A
    assert {d.address for d in source.devices()} == set(source.nodes.addresses)


def test_a_silent_device_goes_stale_and_recovers_by_itself(house) -> None:
    source, _ = house
    _wait_for(lambda: s.PV in source.read(NOON))
    source.nodes.set_faults(NodeFaults(silent=True), host="127.0.0.4")  # the PV inverter
    _wait_for(lambda: s.PV not in source.read(NOON), timeout_s=2 * FAST_S + 3.0)
    assert s.GRID_BUY in source.read(NOON)  # the other devices stay fresh
    source.nodes.set_faults(NodeFaults(), host="127.0.0.4")
    _wait_for(lambda: s.PV in source.read(NOON), timeout_s=5.0)


def test_board_channels_are_recorded_as_commissioned() -> None:
    from app.domain.circuits import CircuitKind, CircuitSpec
    from app.domain.commissioning import channel_map
    from app.echonet.classes.distribution_board import ChannelList

    channels = channel_map([
        CircuitSpec(CircuitKind.BRANCH, 1, "キッチン", channel=2),
        CircuitSpec(CircuitKind.BRANCH, 2, "洗面所", channel=4),
        CircuitSpec(CircuitKind.SPECIAL, 1, "エコキュート", channel=5, reversed=True),
        CircuitSpec(CircuitKind.BRANCH, 3, "予備", measured=False, channel=3)])
    values = series_values(0x0287, {0xB7: ChannelList(2, (100, None, -5, -700, 40))},
                           channels)
    # Channel 2 is 分1; no data stays out; a negative load reads 0; the reversed clamp's
    # -700 W is 700 W; an unmeasured circuit and unassigned channels are not recorded.
    assert values == {"circuit.br1": 100.0, "circuit.br2": 0.0, "circuit.sp1": 700.0}
    assert series_values(0x0287, {0xB7: ChannelList(1, (1, 2, 3))}) == {}  # not set up


def test_volume_rate_from_cumulative_readings() -> None:
    rate = VolumeRate()
    assert rate.update(0.0, 12.000) is None  # one reading gives no rate
    assert rate.update(30.0, 12.005) == pytest.approx(10.0)  # 5 L in 30 s = 10 L/min
    assert rate.update(60.0, 11.0) is None  # meter replaced: no negative use
    assert rate.update(60.0, None) is None


def test_the_battery_and_v2h_modes_are_read_as_states(house) -> None:
    source, _ = house
    _wait_for(lambda: {"battery_mode", "battery_status", "ev_mode"} <= set(source.states()),
              timeout_s=10.0)
    states = {k: v for k, (_, v) in source.states().items()}
    assert states["battery_mode"] == "auto"  # the simulated battery's setting
    assert states["battery_status"] in ("charging", "discharging", "standby")
    assert states["ev_mode"] == "auto"  # the V2H unit's setting (0xDA), as the battery's


def test_a_silent_batterys_level_is_stale_with_its_power_not_two_slow_rounds_later(house):
    """The level is read every slow interval; the device's silence shows in its fast lane."""
    source, _ = house
    _wait_for(lambda: s.BATTERY_SOC in source.read(NOON))
    battery = next(d.address for d in source.devices() if d.eoj >> 8 == 0x027D)
    slow_s = source.source.settings.slow_s
    assert slow_s >= 10 * FAST_S  # else this test could not tell the two apart
    source.nodes.set_faults(NodeFaults(silent=True), host=battery)
    started = time.monotonic()
    _wait_for(lambda: s.BATTERY_SOC not in source.read(NOON), timeout_s=slow_s)
    assert time.monotonic() - started < slow_s  # gone with the fast lane's rounds
    assert s.BATTERY_CHARGE not in source.read(NOON)
    assert s.GRID_BUY in source.read(NOON)  # the other devices stay fresh
