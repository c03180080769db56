"""The simulated home as ECHONET Lite nodes on loopback, read with our client."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from app.domain import series as s
from app.echonet.client import EchonetClient
from app.echonet.codec import EOJ
from app.echonet.properties import encode
from app.sources.simulated_nodes import (
    BATTERY,
    BOARD,
    GAS_METER,
    PV,
    SMART_METER,
    WATER_METER,
    SimulatedNodes,
)
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.fake_clock import FakeClock
from tests.sources.node_helpers import with_client

NOON = 1_784_001_600.0  # 2026-07-14 13:00 JST: the sun shines
pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def home() -> SimulatedHome:
    return SimulatedHome(HomeConfig(seed=4))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOON)


@pytest.fixture
def nodes(home, clock) -> Iterator[SimulatedNodes]:
    with SimulatedNodes(SimulatedHome(home.config), clock, port=0) as running:
        yield running


def test_discovery_finds_one_node_per_address_and_the_cosmo_node(nodes) -> None:
    found = with_client(nodes, lambda c: c.discover(nodes.addresses, multicast=False))
    by_address = {n.address: n.instances for n in found}
    assert list(by_address) == nodes.addresses
    # Like a real Smart Cosmo: board, gas and water meters on one node.
    assert set(by_address["127.0.0.2"]) == {BOARD, GAS_METER, WATER_METER}
    all_eojs = {e for eojs in by_address.values() for e in eojs}
    assert {SMART_METER, PV, BATTERY} <= all_eojs


def test_values_over_the_protocol_are_the_models_live_values(nodes, home) -> None:
    live = home.instant(NOON)

    async def read(client):
        return {
            "board": await client.get("127.0.0.2", BOARD, [0xB1, 0xB7, 0xC6]),
            "meter": await client.get("127.0.0.3", SMART_METER, [0xE7]),
            "pv": await client.get("127.0.0.4", PV, [0xE0]),
            "battery": await client.get("127.0.0.5", BATTERY, [0xD3, 0xE4]),
        }

    got = with_client(nodes, read)
    channels = [c.series_key for c in home.circuits
                if c.measured and not c.key.startswith("main")]
    board_list = got["board"][0xB7].value
    assert got["board"][0xB1].value == len(channels) == len(board_list.values)
    assert board_list.start == 1
    for key, watts in zip(channels, board_list.values, strict=True):
        assert watts == round(live[key])
    # The main line's power: purchase positive, sale negative (like the meter's 0xE7).
    assert got["board"][0xC6].value == round(live[s.GRID_BUY] - live[s.GRID_SELL])
    assert got["meter"][0xE7].value == round(live[s.GRID_BUY] - live[s.GRID_SELL])
    assert got["pv"][0xE0].value == round(live[s.PV]) > 0
    battery = live[s.BATTERY_CHARGE] - live[s.BATTERY_DISCHARGE]
    assert got["battery"][0xD3].value == round(battery)
    assert got["battery"][0xE4].value == round(live[s.BATTERY_SOC])


def test_meters_count_up_with_the_simulated_clock(nodes, clock, home) -> None:
    async def read(client):
        first = (await client.get("127.0.0.4", PV, [0xE1]))[0xE1].value
        clock.t += 600.0  # ten minutes of noon sun
        second = (await client.get("127.0.0.4", PV, [0xE1]))[0xE1].value
        return first, second

    first, second = with_client(nodes, read)
    # ~10 minutes at the new instant's power (the node integrates per refresh).
    expected = home.instant(NOON + 600.0)[s.PV] * 600 / 3600 / 1000
    assert second - first == pytest.approx(expected, abs=0.002)


def test_battery_mode_set_is_confirmed_and_a_forbidden_mode_is_refused(nodes) -> None:
    async def work(client):
        ok = await client.set("127.0.0.5", BATTERY, {0xDA: encode(0x027D, 0xDA, "charging")})
        refused = await client.set("127.0.0.5", BATTERY, {0xDA: encode(0x027D, 0xDA, "test")})
        after = await client.get("127.0.0.5", BATTERY, [0xDA])
        return ok, refused, after[0xDA].value

    ok, refused, mode = with_client(nodes, work)
    assert ok and ok.reason == "confirmed"
    assert not refused and refused.reason == "refused" and refused.epcs == (0xDA,)
    assert mode == "charging"  # the refused Set changed nothing


def test_a_node_address_that_is_not_ours_gets_no_answer(nodes) -> None:
    async def work(client):
        with pytest.raises(TimeoutError):
            await client.get("127.0.0.99", EOJ(0x02, 0x88, 1), [0xE7])

    with_client(nodes, work)


def test_appliances_report_their_circuit_and_take_settings(nodes, home) -> None:
    from app.sources.simulated_nodes import AIRCON, WATER_HEATER

    live = home.instant(NOON)
    aircon_key, heater_key = home.load_circuit("ac_living"), home.load_circuit("ecocute")

    async def work(client):
        before = await client.get("127.0.0.8", AIRCON, [0x80, 0x84, 0xB0, 0xB3])
        ok = await client.set("127.0.0.8", AIRCON, {0xB3: encode(0x0130, 0xB3, 25)})
        heater = await client.get("127.0.0.8", WATER_HEATER, [0x84, 0xB2, 0xE2])
        return before, ok, heater

    before, ok, heater = with_client(nodes, work)
    assert before[0x84].value == round(live[aircon_key])
    assert before[0x80].value == ("on" if live[aircon_key] > 30 else "off")
    assert before[0xB0].value == "cooling" and before[0xB3].value == 27  # July
    assert ok  # the set temperature is read back
    assert heater[0x84].value == round(live[heater_key])
    assert heater[0xE2].value == 370


def test_a_refused_set_changes_nothing_and_gets_still_answer(nodes) -> None:
    from app.sources.simulated_nodes import AIRCON

    async def work(client):
        before = await client.get("127.0.0.8", AIRCON, [0xB0, 0xB3])
        out_of_range = await client.set("127.0.0.8", AIRCON, {0xB3: b"\x33"})  # 51 °C
        after_temp = await client.get("127.0.0.8", AIRCON, [0xB0, 0xB3])
        unknown_mode = await client.set("127.0.0.8", AIRCON, {0xB0: b"\x00"})
        after_mode = await client.get("127.0.0.8", AIRCON, [0xB0, 0xB3])
        return before, out_of_range, after_temp, unknown_mode, after_mode

    before, out_of_range, after_temp, unknown_mode, after_mode = with_client(nodes, work)
    assert (out_of_range.reason, out_of_range.epcs) == ("refused", (0xB3,))
    assert (unknown_mode.reason, unknown_mode.epcs) == ("refused", (0xB0,))
    old = {epc: before[epc].edt for epc in (0xB0, 0xB3)}
    assert {epc: after_temp[epc].edt for epc in (0xB0, 0xB3)} == old
    assert {epc: after_mode[epc].edt for epc in (0xB0, 0xB3)} == old


@pytest.mark.parametrize("hours_after_noon", [0.0, 11.0])  # 13:00 sells, 00:00 buys
def test_board_main_line_power_has_the_meters_sign(home, clock, hours_after_noon) -> None:
    at = NOON + hours_after_noon * 3600.0
    live = home.instant(at)
    selling = live[s.GRID_SELL] > live[s.GRID_BUY]
    assert selling == (hours_after_noon == 0.0)  # the moments are what the test says
    clock.t = at
    with SimulatedNodes(SimulatedHome(home.config), clock, port=0) as nodes:
        async def read(client):
            board = await client.get("127.0.0.2", BOARD, [0xC6])
            meter = await client.get("127.0.0.3", SMART_METER, [0xE7])
            return board[0xC6].value, meter[0xE7].value

        board_w, meter_w = with_client(nodes, read)
    assert (board_w < 0) == (meter_w < 0) == selling
    assert board_w == meter_w


def test_every_device_answers_its_mandatory_gets(nodes, clock) -> None:
    """0x81/0x82 of the super class and each class's mandatory Gets, as the Appendix asks."""
    from app.echonet.properties import mandatory_gets

    async def work(client):
        await client.get("127.0.0.3", SMART_METER, [0xE0])  # the meter at 13:00 ...
        clock.t += 1800.0  # ... lives through 13:30: it has a fixed-time reading
        found = await client.discover(nodes.addresses, multicast=False)
        missing = {}
        for node in found:
            for eoj in node.instances:
                wanted = sorted(mandatory_gets(eoj.class_code16))
                got = await client.get(node.address, eoj, wanted)
                absent = [e for e in wanted if got.get(e) is None or got[e].value is None]
                if absent:
                    missing[str(eoj)] = [f"{e:#04x}" for e in absent]
        board = await client.get("127.0.0.2", BOARD, [0x81, 0x82, 0x97, 0x98])
        meter = await client.get("127.0.0.3", SMART_METER, [0xEA, 0xE2, 0xEE])
        yesterday = await client.set("127.0.0.3", SMART_METER, {0xE5: b"\x01"})
        history = await client.get("127.0.0.3", SMART_METER, [0xE2])
        return missing, board, meter, yesterday, history[0xE2].value

    missing, board, meter, yesterday, history = with_client(nodes, work)
    assert missing == {}
    assert (board[0x81].value, board[0x82].value) == ("washroom", "R rev.1")
    assert (board[0x98].value, board[0x97].value) == ("2026-07-14", "13:30")  # its clock
    assert meter[0xEA].value.at.strftime("%H:%M") == "13:30"
    counts = meter[0xE2].value.counts  # today: only 13:30 (slot 27) was lived through
    assert counts[27] == meter[0xEA].value.count and counts.count(None) == 47
    log = meter[0xEE].value  # newest first: 13:30, then half hours it did not live through
    assert log.pairs[0][0] == meter[0xEA].value.count and log.pairs[1] == (None, None)
    assert yesterday and history.day == 1 and set(history.counts) == {None}


def _loopback_multicast_works() -> str | None:
    """None when a datagram to 224.0.23.0 sent on loopback reaches a member; else why not."""
    import socket

    from app.echonet.node import MULTICAST_GROUP, multicast_socket

    try:
        listener = multicast_socket("127.0.0.2", 0)
    except OSError as exc:
        return f"cannot join {MULTICAST_GROUP} on loopback: {exc}"
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sender.bind(("127.0.0.1", 0))
        sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("127.0.0.1"))
        sender.sendto(b"probe", (MULTICAST_GROUP, listener.getsockname()[1]))
        listener.settimeout(2.0)
        listener.recvfrom(16)
    except OSError as exc:  # TimeoutError included: the kernel did not deliver it
        return f"multicast on loopback is not delivered here: {exc!r}"
    finally:
        sender.close()
        listener.close()
    return None


def test_discovery_by_multicast_alone_finds_the_simulated_nodes(nodes) -> None:
    reason = _loopback_multicast_works()
    if reason is not None:
        pytest.skip(reason)

    async def work(client):
        return await client.discover()  # no addresses: multicast only

    async def main():
        client = EchonetClient(("127.0.0.1", 0), timeout_s=0.5, retries=1,
                               device_port=nodes.port, discovery_window_s=2.0)
        await client.start()
        try:
            return await work(client)
        finally:
            await client.stop()

    found = asyncio.run(main())
    assert [n.address for n in found] == nodes.addresses
    assert set(found[0].instances) == {BOARD, GAS_METER, WATER_METER}
