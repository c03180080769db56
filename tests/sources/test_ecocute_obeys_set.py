"""The simulated EcoCute obeys its heating setting (0x026B 0xB0) physically, over real UDP.

The house runs on a pinned clock stepped by hand; an uncontrolled copy of the house,
stepped alike, is what the model alone would read. The battery idles and there is no
fuel cell, so the grid differs from the copy's by exactly what the EcoCute does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.echonet.client import EchonetClient
from app.echonet.properties import encode
from app.sources.simulated_nodes import (
    BOARD,
    SMART_METER,
    WATER_HEATER,
    HouseState,
    SimulatedNodes,
)
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.fake_clock import FakeClock
from tests.sources.node_helpers import SteppedHouse, host_of, step_kwh

pytestmark = pytest.mark.timeout(120)
ZONE = ZoneInfo("Asia/Tokyo")
CONFIG = HomeConfig(seed=4, battery_mode="standby", has_fuel_cell=False)
# A January weekday: the heat pump runs at 1.5 kW, the night run starts after 2:00.
MORNING = datetime(2026, 1, 14, 10, 0, tzinfo=ZONE).timestamp()


class House(SteppedHouse):
    def __init__(self, clock: FakeClock) -> None:
        self.home = SimulatedHome(CONFIG)
        super().__init__(clock, SimulatedNodes(self.home, clock, port=0))
        self.alone = HouseState(SimulatedHome(CONFIG), clock)  # the model, left alone
        self.key = self.home.load_circuit("ecocute")
        keys = tuple(c.series_key for c in self.home.circuits
                     if c.measured and not c.key.startswith("main"))
        self.channel = keys.index(self.key) + 1
        self.heater_at = host_of(self.nodes, self.home, WATER_HEATER)
        self.meter_at = host_of(self.nodes, self.home, SMART_METER)
        self.board_at = host_of(self.nodes, self.home, BOARD)

    async def set_mode(self, client: EchonetClient, mode: str):
        return await client.set(self.heater_at, WATER_HEATER,
                                {0xB0: encode(0x026B, 0xB0, mode)})

    async def read(self, client: EchonetClient) -> dict:
        heater = await client.get(self.heater_at, WATER_HEATER, [0x84, 0xB0, 0xB2])
        meter = await client.get(self.meter_at, SMART_METER, [0xE7])
        board = await client.get(self.board_at, BOARD, [0xC7])
        alone = self.alone.refresh()
        return {"w": heater[0x84].value, "mode": heater[0xB0].value,
                "status": heater[0xB2].value, "grid_w": meter[0xE7].value,
                "mains_a": board[0xC7].value,
                "alone_w": round(alone[self.key]),
                "alone_grid_w": round(alone["grid_buy"] - alone["grid_sell"])}

    async def circuitstep_kwh(self, client: EchonetClient) -> float:
        energies = await client.board_channel_energies(self.board_at, BOARD)
        value = energies[self.channel].value
        assert value is not None
        return float(value)



@pytest.fixture
def house() -> Iterator[House]:
    running = House(FakeClock(MORNING))
    with running.nodes:
        yield running


def test_heating_by_day_fills_the_tank_and_the_night_heats_that_much_less(house):
    """10:00 manual heating: the heat pump runs at its power (in the circuit, the mains and
    the grid) until the tank is full, then keeps it full; back to auto at 14:00, the
    night run heats less by what was heated by day: the same energy over the 24 hours."""
    heat_pump_w = house.home.ecocute_run(datetime.fromtimestamp(MORNING, ZONE)
                                         .date().toordinal()).power_w

    async def work(client):
        first, kwh_before = await house.read(client), await house.circuitstep_kwh(client)
        result = await house.set_mode(client, "manual_heating")
        day = await house.steps(client, 48)  # 10:00-14:00
        back = await house.set_mode(client, "auto")
        rest = await house.steps(client, 240)  # 14:00-10:00
        return first, kwh_before, result, day, back, rest, await house.circuitstep_kwh(client)

    first, kwh_before, result, day, back, rest, kwh_after = house.run(work)
    assert result and result.reason == "confirmed" and back
    assert first["status"] == "not_heating" and first["w"] == first["alone_w"]
    heating = day[0]
    assert heating["mode"] == "manual_heating" and heating["status"] == "heating"
    assert heating["w"] - heating["alone_w"] == pytest.approx(heat_pump_w, abs=1)
    # The heat pump's power is on the mains (200 V: half on each 100 V phase) and the grid.
    amps = [a - b for a, b in zip(heating["mains_a"], first["mains_a"], strict=True)]
    assert amps == pytest.approx([heat_pump_w / 2 / 100] * 2, abs=0.3)
    for r in day + rest:
        assert r["grid_w"] - r["alone_grid_w"] == pytest.approx(r["w"] - r["alone_w"], abs=2)
    # Full within the hour; from then on it only replaces what is drawn.
    full = next(i for i, r in enumerate(day) if r["w"] - r["alone_w"] < heat_pump_w - 1)
    assert 0 < full <= 12
    assert all(r["w"] - r["alone_w"] < 0.5 * heat_pump_w for r in day[full + 1:])
    day_extra = step_kwh(day, "w") - step_kwh(day, "alone_w")
    assert day_extra > 1.0
    assert rest[0]["mode"] == "auto"
    night_less = step_kwh(rest, "alone_w") - step_kwh(rest, "w")
    assert night_less == pytest.approx(day_extra, rel=0.02)
    assert rest[-1]["w"] == rest[-1]["alone_w"]  # level with the model again
    # The board's own meter of the EcoCute circuit saw the same energy as the model's.
    assert kwh_after - kwh_before == pytest.approx(step_kwh(day + rest, "alone_w"), abs=0.05)


def test_a_stopped_night_is_made_up_at_once_when_auto_returns(house):
    """Stopped from 23:00, the night run does not happen; set back to auto at 7:00, the
    unit tops the tank up at once, at its power, and then runs as the model again."""
    house.clock.t = datetime(2026, 1, 14, 23, 0, tzinfo=ZONE).timestamp()
    heat_pump_w = house.home.ecocute_run(datetime(2026, 1, 14).toordinal()).power_w

    async def work(client):
        await house.read(client)
        result = await house.set_mode(client, "manual_stop")
        night = await house.steps(client, 96)  # 23:00-7:00
        await house.set_mode(client, "auto")
        morning = await house.steps(client, 72)  # 7:00-13:00
        return result, night, morning

    result, night, morning = house.run(work)
    assert result
    skipped = step_kwh(night, "alone_w") - step_kwh(night, "w")
    assert skipped > 3.0  # a January night's run
    assert all(r["status"] == "not_heating" and r["w"] <= 20 for r in night)
    assert morning[0]["status"] == "heating"
    assert morning[0]["w"] - morning[0]["alone_w"] == pytest.approx(heat_pump_w, abs=1)
    made_up = step_kwh(morning, "w") - step_kwh(morning, "alone_w")
    assert made_up == pytest.approx(skipped, rel=0.02)
    assert morning[-1]["w"] == morning[-1]["alone_w"]


def test_an_unknown_heating_setting_is_refused_and_changes_nothing(house):
    async def work(client):
        refused = await client.set(house.heater_at, WATER_HEATER, {0xB0: b"\x44"})
        after = await house.read(client)
        return refused, after

    refused, after = house.run(work)
    assert not refused and refused.reason == "refused"
    assert after["mode"] == "auto"
    assert house.nodes.state.ecocute is not None and house.nodes.state.ecocute.mode == "auto"
