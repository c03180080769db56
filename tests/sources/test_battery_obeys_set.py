"""The simulated battery obeys a 0xDA Set physically, read over real UDP on loopback.

The house runs on a pinned clock stepped by hand; a second, uncontrolled copy of the
house (a HouseState of its own, stepped alike) is what the model alone would read.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain import series as s
from app.echonet.client import EchonetClient
from app.echonet.properties import encode
from app.sources.simulated_nodes import BATTERY, SMART_METER, HouseState, SimulatedNodes
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.fake_clock import FakeClock
from tests.sources.node_helpers import with_client

pytestmark = pytest.mark.timeout(60)
ZONE = ZoneInfo("Asia/Tokyo")
# 03:00 on a July night: in "green" (self-consumption) the model's battery sits idle at
# its reserve, the house buys from the grid, no sun.
NIGHT = datetime(2026, 7, 14, 3, 0, tzinfo=ZONE).timestamp()
CONFIG = HomeConfig(seed=4, battery_mode="green")
BATTERY_AT, METER_AT = "127.0.0.5", "127.0.0.3"  # the nodes' order: board, meter, PV, battery
STEP_S = 600.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


@pytest.fixture
def nodes(clock) -> Iterator[SimulatedNodes]:
    with SimulatedNodes(SimulatedHome(CONFIG), clock, port=0) as running:
        yield running




async def read(client: EchonetClient) -> dict[str, float]:
    battery = await client.get(BATTERY_AT, BATTERY, [0xD3, 0xE4, 0xD8, 0xDA])
    meter = await client.get(METER_AT, SMART_METER, [0xE7, 0xE0])
    return {"battery_w": battery[0xD3].value, "soc": battery[0xE4].value,
            "charge_kwh": battery[0xD8].value, "mode": battery[0xDA].value,
            "grid_w": meter[0xE7].value, "buy_kwh": meter[0xE0].value * 0.01}


def model_reading(model: HouseState) -> dict[str, float]:
    v = model.refresh()
    return {"battery_w": round(v[s.BATTERY_CHARGE] - v[s.BATTERY_DISCHARGE]),
            "soc": round(v[s.BATTERY_SOC]), "grid_w": round(v[s.GRID_BUY] - v[s.GRID_SELL]),
            "buy_kwh": model.kwh["buy"]}


async def set_mode(client: EchonetClient, mode: str):
    return await client.set(BATTERY_AT, BATTERY, {0xDA: encode(0x027D, 0xDA, mode)})


def test_charging_fills_the_battery_at_its_limit_from_the_grid_then_holds(nodes, clock):
    model = HouseState(SimulatedHome(CONFIG), clock)  # the same house, left alone
    leg = math.sqrt(CONFIG.battery_efficiency)

    async def work(client):
        before, model_before = await read(client), model_reading(model)
        result = await set_mode(client, "charging")
        steps = []
        for _ in range(24):  # four hours
            clock.t += STEP_S
            steps.append((await read(client), model_reading(model)))
        return before, model_before, result, steps

    before, model_before, result, steps = with_client(nodes, work)
    assert result and result.reason == "confirmed"
    assert before["soc"] == model_before["soc"] == CONFIG.battery_reserve_pct
    assert before["battery_w"] == 0  # idle at its reserve, as the model has it
    first, first_model = steps[0]
    assert first["mode"] == "charging"
    assert first["battery_w"] == CONFIG.battery_power_w
    # Night: the house already buys; the charge power comes on top, watt for watt.
    assert first["grid_w"] - first_model["grid_w"] == pytest.approx(
        CONFIG.battery_power_w - first_model["battery_w"], abs=1)
    levels = [reading["soc"] for reading, _ in steps]
    assert levels == sorted(levels) and levels[-1] == 100
    full = levels.index(100)
    # 3 kW into 70 % of 9.8 kWh (less the charging half of the losses): about 2.4 h.
    hours = (100 - CONFIG.battery_reserve_pct) / 100 * CONFIG.battery_capacity_wh / leg \
        / CONFIG.battery_power_w
    assert full == math.ceil(hours * 3600 / STEP_S) - 1
    for reading, alone in steps[full + 1:]:  # full: it holds there, idle
        assert reading["soc"] == 100 and reading["battery_w"] == 0
        assert reading["grid_w"] == alone["grid_w"] - alone["battery_w"]
    # Energy balance: the cells took the charge meter's energy less the losses, and all of
    # it came from the grid (no sun at night).
    charged = steps[-1][0]["charge_kwh"] - before["charge_kwh"]
    stored_kwh = (100 - CONFIG.battery_reserve_pct) / 100 * CONFIG.battery_capacity_wh / 1000
    assert charged * leg == pytest.approx(stored_kwh, abs=0.002)
    extra_buy = (steps[-1][0]["buy_kwh"] - before["buy_kwh"]) - (
        steps[-1][1]["buy_kwh"] - model_before["buy_kwh"])
    assert extra_buy == pytest.approx(charged, abs=0.02)


def test_auto_returns_the_battery_to_the_models_program(nodes, clock):
    model = HouseState(SimulatedHome(CONFIG), clock)

    async def work(client):
        await set_mode(client, "charging")
        for _ in range(18):  # three hours: full
            clock.t += STEP_S
            await read(client)
            model_reading(model)
        full = await read(client)
        restored = await set_mode(client, "auto")
        trail = []
        for _ in range(int(2 * 86400 / STEP_S)):  # two days at most
            clock.t += STEP_S
            trail.append((await read(client), model_reading(model),
                          nodes.state.battery.level))
        return full, restored, trail

    full, restored, trail = with_client(nodes, work)
    assert full["soc"] == 100
    assert restored and restored.reason == "confirmed"
    assert trail[0][0]["mode"] == "auto"
    # No jump back to the model's level: it goes on from full under the model's rule.
    assert trail[0][0]["soc"] > trail[0][1]["soc"] + 20
    rejoined = next(i for i, (_, _, level) in enumerate(trail) if level is None)
    assert rejoined > 0
    for reading, alone, level in trail[rejoined:]:  # the model's own battery again
        assert level is None
        assert (reading["battery_w"], reading["soc"], reading["grid_w"]) == (
            alone["battery_w"], alone["soc"], alone["grid_w"])


def test_standby_and_discharging_never_export(nodes, clock):
    """22:00: the model's battery covers part of the house; standby stops it (the grid
    supplies that part), discharging covers all the house lacks and sells nothing."""
    model = HouseState(SimulatedHome(CONFIG), clock)
    clock.t = datetime(2026, 7, 14, 22, 0, tzinfo=ZONE).timestamp()

    async def work(client):
        await read(client)
        model_reading(model)
        await set_mode(client, "standby")
        clock.t += 60.0
        standby, alone = await read(client), model_reading(model)
        await set_mode(client, "discharging")
        clock.t += 60.0
        discharging, alone_later = await read(client), model_reading(model)
        return standby, alone, discharging, alone_later

    standby, alone, discharging, alone_later = with_client(nodes, work)
    assert alone["battery_w"] < 0  # the model discharges at this hour
    assert standby["battery_w"] == 0
    assert standby["grid_w"] == pytest.approx(alone["grid_w"] - alone["battery_w"], abs=1)
    lack = alone_later["grid_w"] - alone_later["battery_w"]  # what the house draws
    assert discharging["battery_w"] == -min(lack, CONFIG.battery_power_w)
    assert 0 <= discharging["grid_w"] <= 1  # nothing sold, at most a rounding watt bought


# --- charging / discharging methods and power settings (0xC1 / 0xC2, 0xEB / 0xEC) -------


async def set_values(client: EchonetClient, values: dict[int, object]):
    """One SetC of several properties, in order (as a controller sends them)."""
    return await client.set(BATTERY_AT, BATTERY,
                            {epc: encode(0x027D, epc, v) for epc, v in values.items()})


def test_a_designated_charging_power_charges_at_that_power(nodes, clock):
    """"Charge at 1,500 W": 0xEB 1,500, then mode charging (the charging method is
    designated power as the battery comes). The level rises by 1,500 W less the charging
    loss, and the grid supplies the 1,500 W on top of the house."""
    model = HouseState(SimulatedHome(CONFIG), clock)
    leg = math.sqrt(CONFIG.battery_efficiency)

    async def work(client):
        before, alone_before = await read(client), model_reading(model)
        result = await set_values(client, {0xEB: 1500, 0xDA: "charging"})
        steps = []
        for _ in range(6):  # an hour
            clock.t += STEP_S
            steps.append((await read(client), model_reading(model)))
        settings = await client.get(BATTERY_AT, BATTERY, [0xC1, 0xEB])
        return before, alone_before, result, steps, settings

    before, alone_before, result, steps, settings = with_client(nodes, work)
    assert result and result.reason == "confirmed"
    assert settings[0xC1].value == "designated_power" and settings[0xEB].value == 1500
    for reading, alone in steps:
        assert reading["battery_w"] == 1500
        assert reading["grid_w"] - alone["grid_w"] == pytest.approx(1500 - alone["battery_w"],
                                                                    abs=1)
    level = nodes.state.battery.level
    expected = CONFIG.battery_reserve_pct + 1500 * leg / CONFIG.battery_capacity_wh * 100
    assert level == pytest.approx(expected, abs=1e-6)  # one hour at 1,500 W
    charged = steps[-1][0]["charge_kwh"] - before["charge_kwh"]
    assert charged == pytest.approx(1.5, abs=0.002)
    extra_buy = (steps[-1][0]["buy_kwh"] - before["buy_kwh"]) - (
        steps[-1][1]["buy_kwh"] - alone_before["buy_kwh"])
    assert extra_buy == pytest.approx(1.5, abs=0.02)


def test_settings_outside_the_batterys_limits_are_refused_and_change_nothing(nodes, clock):
    async def work(client):
        too_much = await set_values(client, {0xEB: 3001})  # 0xC8 says 0..3,000 W
        too_much_out = await set_values(client, {0xEC: 5000})
        current = await set_values(client, {0xC1: "designated_current"})  # not offered
        ranges = await client.get(BATTERY_AT, BATTERY, [0xC8, 0xC9, 0xC1, 0xEB, 0xEC])
        edge = await set_values(client, {0xEB: 3000, 0xEC: 0})
        return too_much, too_much_out, current, ranges, edge

    too_much, too_much_out, current, ranges, edge = with_client(nodes, work)
    assert not too_much and too_much.reason == "refused" and too_much.epcs == (0xEB,)
    assert not too_much_out and too_much_out.reason == "refused"
    assert not current and current.reason == "refused"
    assert tuple(ranges[0xC8].value) == (0, CONFIG.battery_power_w)
    assert tuple(ranges[0xC9].value) == (0, CONFIG.battery_power_w)
    # Nothing changed: the defaults (designated power, at the limit both ways).
    assert ranges[0xC1].value == "designated_power"
    assert ranges[0xEB].value == ranges[0xEC].value == CONFIG.battery_power_w
    assert edge  # the limits themselves are fine
    assert nodes.state.battery.charge_power_w == 3000
    assert nodes.state.battery.discharge_power_w == 0


def test_a_designated_discharging_power_covers_that_much_of_the_house(nodes, clock):
    """22:00: discharging at 500 W designated leaves the rest of the house to the grid;
    more than the house draws is never discharged (a battery may not export)."""
    model = HouseState(SimulatedHome(CONFIG), clock)
    clock.t = datetime(2026, 7, 14, 22, 0, tzinfo=ZONE).timestamp()

    async def work(client):
        await read(client)
        model_reading(model)
        await set_values(client, {0xC2: "designated_power", 0xEC: 500, 0xDA: "discharging"})
        clock.t += 60.0
        part, alone = await read(client), model_reading(model)
        await set_values(client, {0xEC: 3000})
        clock.t += 60.0
        most, alone_later = await read(client), model_reading(model)
        return part, alone, most, alone_later

    part, alone, most, alone_later = with_client(nodes, work)
    lack = alone["grid_w"] - alone["battery_w"]  # what the house draws beyond PV and FC
    assert lack > 500
    assert part["battery_w"] == -500
    assert part["grid_w"] == pytest.approx(lack - 500, abs=1)
    lack_later = alone_later["grid_w"] - alone_later["battery_w"]
    assert most["battery_w"] == -min(lack_later, 3000)
    assert 0 <= most["grid_w"] <= 1


def test_surplus_charging_takes_only_what_pv_leaves_over(nodes, clock):
    """Noon in July: charging by the "surplus" method takes the surplus PV and buys
    nothing for it; at night (no surplus) the same setting charges nothing. (Held in
    standby from dawn, the battery is still at its reserve at noon.)"""
    model = HouseState(SimulatedHome(CONFIG), clock)
    clock.t = datetime(2026, 7, 14, 5, 0, tzinfo=ZONE).timestamp()

    async def work(client):
        await set_mode(client, "standby")
        clock.t = datetime(2026, 7, 14, 12, 0, tzinfo=ZONE).timestamp()
        await read(client)  # a jump: the level does not move
        model_reading(model)
        await set_values(client, {0xC1: "surplus", 0xDA: "charging"})
        clock.t += 60.0
        noon, alone = await read(client), model_reading(model)
        clock.t = datetime(2026, 7, 15, 2, 0, tzinfo=ZONE).timestamp()
        await read(client)  # a jump: not integrated
        model_reading(model)
        clock.t += 60.0
        night, alone_night = await read(client), model_reading(model)
        return noon, alone, night, alone_night

    noon, alone, night, alone_night = with_client(nodes, work)
    surplus = -(alone["grid_w"] - alone["battery_w"])  # PV over the house, sold alone
    assert surplus > 0
    assert noon["battery_w"] == min(surplus, CONFIG.battery_power_w)
    assert noon["grid_w"] == pytest.approx(-(surplus - noon["battery_w"]), abs=1)
    assert night["battery_w"] == 0
    assert night["grid_w"] == pytest.approx(alone_night["grid_w"] - alone_night["battery_w"],
                                            abs=1)


def test_maximum_charging_ignores_the_power_setting(nodes, clock):
    async def work(client):
        await set_values(client, {0xEB: 1000, 0xC1: "maximum", 0xDA: "charging"})
        clock.t += 60.0
        maximum = await read(client)
        await set_values(client, {0xC1: "designated_power"})
        clock.t += 60.0
        return maximum, await read(client)

    maximum, designated = with_client(nodes, work)
    assert maximum["battery_w"] == CONFIG.battery_power_w
    assert designated["battery_w"] == 1000


def test_a_higher_reserve_stops_the_discharge_there_and_the_model_rule_runs_on(nodes, clock):
    """Outage care set to 60 % (0xA7) at 20:00 in July: the battery, under its own
    program ("auto", here self-consumption), covers the house down to 60 % and no
    further, while the model's battery alone goes on down to its 30 %. 101 % is refused."""
    model = HouseState(SimulatedHome(CONFIG), clock)
    clock.t = datetime(2026, 7, 14, 20, 0, tzinfo=ZONE).timestamp()

    async def work(client):
        start, alone_start = await read(client), model_reading(model)
        refused = await client.set(BATTERY_AT, BATTERY, {0xA7: bytes([101])})
        result = await set_values(client, {0xA7: 60})
        steps = []
        for _ in range(48):  # eight hours
            clock.t += STEP_S
            steps.append((await read(client), model_reading(model)))
        reserve = await client.get(BATTERY_AT, BATTERY, [0xA7])
        return start, alone_start, refused, result, steps, reserve

    start, alone_start, refused, result, steps, reserve = with_client(nodes, work)
    assert not refused and refused.reason == "refused"
    assert result and reserve[0xA7].value == 60
    assert start["mode"] == "auto" and start["soc"] == alone_start["soc"] > 60
    # Above 60 % it covers the house as the model's does (both by the rule, on the load).
    assert steps[0][0]["battery_w"] < 0 and steps[0][1]["battery_w"] < 0
    levels = [reading["soc"] for reading, _ in steps]
    assert min(levels) == 60 and levels[-1] == 60
    assert steps[-1][1]["soc"] == CONFIG.battery_reserve_pct  # the model's went on down
    for reading, alone in steps:
        if reading["soc"] == 60 and reading["battery_w"] == 0:  # held: the grid supplies
            assert reading["grid_w"] == pytest.approx(alone["grid_w"] - alone["battery_w"],
                                                      abs=1)
