"""Device status to appliance history: on/off changes, faults and their recovery.

The end-to-end test runs the simulated home's nodes on loopback, reads them with
the ECHONET Lite source and stores what the collector hands on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.commissioning import ChannelMap
from app.domain.events import Cause, ErrorEvent, EventFilter, EventKind, OperationEvent, Recovery
from app.domain.fault_codes import describe, load_maker_table
from app.sources.collector import Collector
from app.sources.demo_home import build_demo_home
from app.sources.device_events import DeviceEventDetector
from app.sources.echonet_source import EchonetSettings, EchonetSource
from app.sources.simulated_nodes import FAULT_CHANCE, WATER_HEATER, HouseState, SimulatedNodes
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Store, open_store
from app.store import events as ev
from tests.fake_clock import FakeClock

NOON = 1_784_001_600.0
pytestmark = pytest.mark.timeout(60)
DEV = "127.0.0.9/026B01"


def test_changes_after_the_first_reading_are_operation_events_by_the_device() -> None:
    d = DeviceEventDetector()
    assert d.observe(DEV, 0x026B, 1.0, "on", "no_fault", b"\x00\x00") == [Recovery(1.0, DEV)]
    assert d.observe(DEV, 0x026B, 2.0, "on", "no_fault", b"\x00\x00") == []
    assert d.observe(DEV, 0x026B, 3.0, "off", None, None) == [
        OperationEvent(3.0, DEV, 0x80, "on", "off", Cause.DEVICE)]


def test_a_fault_its_new_code_and_its_recovery() -> None:
    d = DeviceEventDetector(load_maker_table())
    d.observe(DEV, 0x026B, 1.0, "on", "no_fault", b"\x00\x00")
    assert d.observe(DEV, 0x026B, 2.0, None, "fault", b"\x03\xf1", maker=0) == [
        ErrorEvent(2.0, DEV, 0x03F1, "repair", 0)]
    assert d.observe(DEV, 0x026B, 3.0, None, "fault", b"\x03\xf1", maker=0) == []  # still
    assert d.observe(DEV, 0x026B, 4.0, None, "fault", b"\x00\x05") == [
        Recovery(4.0, DEV), ErrorEvent(4.0, DEV, 5, "user_recoverable")]
    # A code outside every table is recorded with its raw value, as unknown.
    assert d.observe(DEV, 0x026B, 5.0, None, "fault", b"\xbe\xef") == [
        Recovery(5.0, DEV), ErrorEvent(5.0, DEV, 0xBEEF, "unknown")]
    assert d.observe(DEV, 0x026B, 6.0, None, "no_fault", b"\x00\x00") == [Recovery(6.0, DEV)]


def test_the_simulated_home_raises_rare_seeded_faults_by_itself() -> None:
    home = SimulatedHome(HomeConfig(seed=3))
    clock = FakeClock(NOON)
    state = HouseState(home, clock)
    seen, faulty = set(), 0
    for step in range(0, 60 * 86400, 600):  # two months, every 10 minutes
        clock.t = NOON + step
        code = state.fault_code(WATER_HEATER)
        if code is not None:
            seen.add(code)
            faulty += 1
    assert seen, "no fault in two months"
    assert seen <= {0x0004, 0x003C, 0x03F1}
    assert faulty < 60 * 144 * FAULT_CHANCE  # rare: a few percent of the time at most
    clock.t = NOON
    assert state.fault_code(WATER_HEATER) == HouseState(home, clock).fault_code(WATER_HEATER)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(tmp_path / "data", "Asia/Tokyo")
    yield st
    st.close()


def test_a_raised_fault_reaches_the_store_with_its_meaning_and_recovers(store: Store) -> None:
    clock = FakeClock(NOON)
    history = build_demo_home(store, 6)
    nodes = SimulatedNodes(SimulatedHome(history.config), clock, port=0,
                           first_host="127.0.0.2").start()
    source = None
    try:
        nodes.clear_fault(0x026B)  # no random fault may be running at this simulated noon
        settings = EchonetSettings(addresses=tuple(nodes.addresses), multicast=False,
                                   bind=("127.0.0.1", 0), device_port=nodes.port,
                                   fast_s=0.2, slow_s=0.2)
        source = EchonetSource(settings, ChannelMap()).start()
        store.save_device(0x026B, 1, "給湯器", "garden")  # named by the household
        got: list = []
        named: dict[str, str] = {}

        def on_events(batch: list, names: dict[str, str]) -> None:
            got.extend(batch)
            named.update(names)

        collector = Collector(store, source, clock, live_interval_s=0.05, on_events=on_events)

        def pump() -> list:
            collector.tick()
            collector.flush()
            return got

        def errors():
            pump()
            with store.read_sql() as conn:
                return ev.page(conn, EventFilter(kinds=(EventKind.ERROR,)), 10).records

        def wait(predicate, timeout_s: float = 10.0):
            deadline = time.monotonic() + timeout_s
            while not (result := predicate()):
                assert time.monotonic() < deadline, "condition not met in time"
                time.sleep(0.05)
            return result

        wait(lambda: any(isinstance(e, Recovery) for e in pump()))  # the heater was read: fine
        nodes.raise_fault(0x026B, 0x03F1)
        (error,) = wait(errors)
        assert error.device.endswith("/026B01") and error.code == 0x03F1
        assert error.fault_class == "repair" and error.recovered_at is None
        meaning = describe(error.code, error.maker, 0x026B, load_maker_table())
        assert meaning.label("ja") == "貯湯タンクの湯温センサー異常"
        nodes.clear_fault(0x026B)
        (recovered,) = wait(lambda: [e for e in errors() if e.recovered_at is not None])
        assert recovered.id == error.id and recovered.recovered_at >= error.at
        assert any(isinstance(e, ErrorEvent) for e in got)  # the bridge was told
        assert named == {error.device: "給湯器"}  # ...with the name the household gave it
    finally:
        if source is not None:
            source.close()
        nodes.stop()
