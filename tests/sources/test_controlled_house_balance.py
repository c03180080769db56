"""Whatever a controller Sets, the simulated house stays in energy balance at every reading
and its meters integrate that balance (the default home: battery, fuel cell, EcoCute, car)."""

from __future__ import annotations

import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain import series as s
from app.sources.simulated_nodes import HouseState
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.fake_clock import FakeClock

ZONE = ZoneInfo("Asia/Tokyo")
STEP_S = 120.0


def _settings(rng: random.Random, state: HouseState, battery: bool) -> None:
    """One Set a controller might send, drawn at random (to the battery too, or not)."""
    what = rng.randrange(6) if battery else rng.choice([4, 5])
    if what == 0:
        state.set_battery_mode(rng.choice(["auto", "charging", "discharging", "standby",
                                           "rapid_charging"]))
    elif what == 1:
        state.set_battery(0xC1, rng.choice(["maximum", "surplus", "designated_power"]))
    elif what == 2:
        state.set_battery(rng.choice([0xEB, 0xEC]), rng.randrange(0, 3001))
    elif what == 3:
        state.set_battery(0xA7, rng.choice([20, 30, 45]))
    elif what == 4:
        state.set_ecocute_mode(rng.choice(["auto", "manual_heating", "manual_stop"]))
    else:
        state.set_ev_mode(rng.choice(["auto", "charging", "standby"]))


@pytest.mark.parametrize(("month", "battery"), [(1, True), (7, True), (1, False), (7, False)])
def test_random_sets_keep_the_balance_and_the_meters_follow_it(month, battery):
    """(Without Sets to the battery, it stays on its own program: the EcoCute and the car
    moving their load must not leave the model's battery flows and grid behind.)"""
    clock = FakeClock(datetime(2026, month, 12, 0, 0, tzinfo=ZONE).timestamp())
    state = HouseState(SimulatedHome(HomeConfig(seed=2)), clock)
    rng = random.Random(month)
    state.refresh()
    start = dict(state.kwh)
    expected_net = 0.0  # kWh bought less sold, from the readings
    for step in range(int(2 * 86400 / STEP_S)):  # two days
        if step % 15 == 0:
            _settings(rng, state, battery)
        clock.t += STEP_S
        v = state.refresh()
        supply = v[s.PV] + v[s.FUEL_CELL] + v[s.GRID_BUY] + v[s.BATTERY_DISCHARGE]
        use = v[s.CONSUMPTION] + v[s.GRID_SELL] + v[s.BATTERY_CHARGE]
        assert supply == pytest.approx(use, abs=1e-6)
        assert v[s.CONSUMPTION] == pytest.approx(v["circuit.main1"] + v["circuit.main2"])
        assert min(v[s.GRID_BUY], v[s.GRID_SELL]) == 0.0
        # Neither the battery nor the fuel cell ever exports: what is sold is PV.
        assert v[s.GRID_SELL] <= max(v[s.PV] - v[s.CONSUMPTION], 0.0) + 1e-6
        assert v[s.BATTERY_DISCHARGE] == 0.0 or v[s.BATTERY_CHARGE] == 0.0
        assert 0.0 <= v[s.BATTERY_SOC] <= 100.0
        expected_net += (v[s.GRID_BUY] - v[s.GRID_SELL]) * STEP_S / 3600 / 1000
    net = (state.kwh["buy"] - start["buy"]) - (state.kwh["sell"] - start["sell"])
    assert net == pytest.approx(expected_net, abs=1e-6)
