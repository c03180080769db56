"""Energy balance and invariants: a full year of the default home, and other homes."""

from __future__ import annotations

import numpy as np
import pytest

from app.domain import series as s
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.sources.simulator.conftest import local_minute
from tests.sources.simulator.invariants import assert_invariants, balance_error


def test_full_year_keeps_every_invariant(year) -> None:
    assert_invariants(year.home, year.values, 365 * 1440)


def test_full_year_is_not_trivially_balanced(year) -> None:
    """The balance check has something to check: every flow is used during the year."""
    for key in (s.PV, s.FUEL_CELL, s.GRID_BUY, s.GRID_SELL, s.BATTERY_CHARGE,
                s.BATTERY_DISCHARGE, s.EV_CHARGE, s.GAS, s.WATER):
        assert year.values[key].max() > 0, key
    broken = dict(year.values)
    broken[s.GRID_SELL] = broken[s.GRID_SELL] * 1.001
    assert np.abs(balance_error(broken)).max() > 1e-3


def test_year_totals_are_those_of_a_japanese_house(year) -> None:
    kwh = {k: year.values[k].sum() / 60_000 for k in (s.PV, s.CONSUMPTION, s.FUEL_CELL)}
    assert 5_000 < kwh[s.PV] < 7_500  # ~1,100 kWh per kWp near Tokyo
    assert 6_000 < kwh[s.CONSUMPTION] < 12_000  # all-electric family with an EV
    assert 1_000 < kwh[s.FUEL_CELL] < 3_500
    water_per_day = year.values[s.WATER].sum() / 365
    assert 500 < water_per_day < 1_200  # litres, four people
    gas_per_day = year.values[s.GAS].sum() / 365
    assert 300 < gas_per_day < 3_000  # litres, mostly the fuel cell


OTHER_HOMES = [
    HomeConfig(seed=2, battery_mode="green"),
    HomeConfig(seed=3, battery_mode="standby", battery_reserve_pct=60),
    HomeConfig(seed=4, battery_capacity_wh=0, pv_capacity_w=0, has_fuel_cell=False,
               has_ev=False, branch_count=0),
    HomeConfig(seed=5, branch_count=35, pv_azimuth_deg=90, pv_tilt_deg=10,
               battery_capacity_wh=16_000, battery_reserve_pct=0),
    # A zone with daylight saving: the windows below cross both changes.
    HomeConfig(seed=6, timezone="Europe/Berlin", latitude=52.5, longitude=13.4),
]


@pytest.mark.parametrize("cfg", OTHER_HOMES, ids=lambda c: f"seed{c.seed}")
@pytest.mark.parametrize("month", [3, 8, 10])
def test_other_homes_keep_every_invariant(cfg: HomeConfig, month: int) -> None:
    home = SimulatedHome(cfg)
    start = local_minute(2026, month, 20)
    values = home.evaluate(start, 14 * 1440)
    assert_invariants(home, values, 14 * 1440)


def test_a_home_without_equipment_reports_zero_flows() -> None:
    home = SimulatedHome(OTHER_HOMES[2])
    v = home.evaluate(local_minute(2026, 5, 1), 3 * 1440)
    for key in (s.PV, s.FUEL_CELL, s.BATTERY_CHARGE, s.BATTERY_DISCHARGE, s.BATTERY_SOC,
                s.EV_CHARGE, s.GRID_SELL):
        assert not v[key].any(), key
    np.testing.assert_array_equal(v[s.GRID_BUY], v[s.CONSUMPTION])
