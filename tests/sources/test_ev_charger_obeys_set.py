"""The simulated V2H unit's charging obeys its operation mode (0x027E 0xDA), over real UDP.

On 14 January 2026 the model's car (seed 4) charges 7.3 kWh from 19:15; on the 16th
from 19:43. An uncontrolled copy of the house, stepped alike, is what the model alone
would read; the battery idles and there is no fuel cell, so the grid differs from the
copy's by exactly what the charger does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain import series as s
from app.echonet.client import EchonetClient
from app.echonet.properties import encode
from app.sources.simulated_nodes import SMART_METER, V2H, HouseState, SimulatedNodes
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.fake_clock import FakeClock
from tests.sources.node_helpers import SteppedHouse, host_of, step_kwh

pytestmark = pytest.mark.timeout(120)
ZONE = ZoneInfo("Asia/Tokyo")
CONFIG = HomeConfig(seed=4, battery_mode="standby", has_fuel_cell=False)
CAR_WH = 40_000


class House(SteppedHouse):
    def __init__(self, clock: FakeClock) -> None:
        self.home = SimulatedHome(CONFIG)
        super().__init__(clock, SimulatedNodes(self.home, clock, port=0))
        self.alone = HouseState(SimulatedHome(CONFIG), clock)
        self.v2h_at = host_of(self.nodes, self.home, V2H)
        self.meter_at = host_of(self.nodes, self.home, SMART_METER)

    async def set_mode(self, client: EchonetClient, mode: str):
        return await client.set(self.v2h_at, V2H, {0xDA: encode(0x027E, 0xDA, mode)})

    async def read(self, client: EchonetClient) -> dict:
        v2h = await client.get(self.v2h_at, V2H, [0xD3, 0xDA, 0xE1, 0xE4])
        meter = await client.get(self.meter_at, SMART_METER, [0xE7])
        alone = self.alone.refresh()
        return {"w": v2h[0xD3].value, "mode": v2h[0xDA].value, "working": v2h[0xE1].value,
                "level": v2h[0xE4].value, "grid_w": meter[0xE7].value,
                "alone_w": round(alone[s.EV_CHARGE]),
                "alone_grid_w": round(alone[s.GRID_BUY] - alone[s.GRID_SELL])}



@pytest.fixture
def house() -> Iterator[House]:
    running = House(FakeClock(datetime(2026, 1, 14, 10, 0, tzinfo=ZONE).timestamp()))
    with running.nodes:
        yield running


def _grid_follows_the_charger(readings: list[dict]) -> None:
    for r in readings:
        assert r["grid_w"] - r["alone_grid_w"] == pytest.approx(r["w"] - r["alone_w"], abs=2)


def test_charging_by_day_fills_the_car_and_the_evening_session_is_that_much_shorter(house):
    async def work(client):
        first = await house.read(client)
        result = await house.set_mode(client, "charging")
        day = await house.steps(client, 12)  # 10:00-11:00
        await house.set_mode(client, "auto")
        rest = await house.steps(client, 144)  # 11:00-23:00
        return first, result, day, rest

    first, result, day, rest = house.run(work)
    assert first["mode"] == "auto" and first["level"] == 60
    assert result and result.reason == "confirmed"
    assert all(r["w"] == CONFIG.ev_charger_w and r["working"] == "charging" for r in day)
    assert day[-1]["level"] == round(60 + CONFIG.ev_charger_w / CAR_WH * 100)  # 67.5 %
    assert rest[0]["mode"] == "auto"
    _grid_follows_the_charger(day + rest)
    charged_ahead = step_kwh(day, "w")
    assert charged_ahead == pytest.approx(3.0, abs=0.01)
    evening = [r for r in rest if r["alone_w"] > 0]
    assert step_kwh(evening, "alone_w") > 6.0  # 7.3 kWh, sampled every 5 minutes
    # The session skips its first 3 kWh: the car had them already.
    assert step_kwh(evening, "w") == pytest.approx(step_kwh(evening, "alone_w") - charged_ahead,
                                               abs=0.05)
    assert evening[0]["w"] == 0 and evening[-1]["w"] == evening[-1]["alone_w"]
    assert rest[-1]["level"] == 60


def test_a_stopped_session_is_charged_when_auto_returns(house):
    house.clock.t = datetime(2026, 1, 16, 19, 0, tzinfo=ZONE).timestamp()

    async def work(client):
        await house.read(client)
        result = await house.set_mode(client, "standby")
        evening = await house.steps(client, 48)  # 19:00-23:00
        await house.set_mode(client, "auto")
        night = await house.steps(client, 48)  # 23:00-3:00
        return result, evening, night

    result, evening, night = house.run(work)
    assert result
    assert all(r["w"] == 0 and r["working"] == "standby" for r in evening)
    missed = step_kwh(evening, "alone_w")
    assert missed > 5.0
    assert evening[-1]["level"] == round(60 - missed * 1000 / CAR_WH * 100)
    assert night[0]["w"] == CONFIG.ev_charger_w  # at once, at full power
    assert step_kwh(night, "w") - step_kwh(night, "alone_w") == pytest.approx(missed, abs=0.05)
    assert night[-1]["level"] == 60 and night[-1]["w"] == night[-1]["alone_w"]
    _grid_follows_the_charger(evening + night)


def test_discharging_the_car_is_refused(house):
    async def work(client):
        refused = await house.set_mode(client, "discharging")
        return refused, await house.read(client)

    refused, after = house.run(work)
    assert not refused and refused.reason == "refused"
    assert after["mode"] == "auto"
