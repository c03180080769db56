"""The distribution board the simulator presents, and its configuration."""

from __future__ import annotations

import re

import numpy as np
import pytest

from app.domain import series as s
from app.domain.circuits import CircuitKind
from app.domain.series import HOME_SERIES, circuit_series
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.sources.simulator.conftest import local_minute

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_default_board_has_about_forty_measured_circuits() -> None:
    home = SimulatedHome(HomeConfig(seed=1))
    kinds = [c.kind for c in home.circuits]
    assert kinds.count(CircuitKind.MAIN) == 2
    assert kinds.count(CircuitKind.SPECIAL) == 8
    assert kinds.count(CircuitKind.BRANCH) == 32
    measured = [c for c in home.circuits if c.measured]
    assert 35 <= len(measured) <= 45
    names = [c.name for c in home.circuits]
    assert len(set(names)) == len(names)
    assert len({c.key for c in home.circuits}) == len(home.circuits)
    assert all(JAPANESE.search(n) for n in names)
    for name in ("主幹 L1", "主幹 L2", "エコキュート", "IHクッキングヒーター", "リビング エアコン",
                 "太陽光発電", "蓄電池", "EV充電器", "冷蔵庫", "洗濯機", "浴室乾燥機", "テレビ"):
        assert name in names, name
    # Generation and storage are on the board but reported by the whole-home series.
    unmeasured = {c.name for c in home.circuits if not c.measured}
    assert unmeasured == {"太陽光発電", "蓄電池", "燃料電池 (エネファーム)"}


def test_series_are_the_home_series_and_one_per_measured_circuit() -> None:
    home = SimulatedHome(HomeConfig(seed=1))
    expected = HOME_SERIES + tuple(circuit_series(c.key) for c in home.circuits if c.measured)
    assert home.series == expected


def test_equipment_and_branch_count_shape_the_board() -> None:
    bare = SimulatedHome(HomeConfig(seed=1, has_ev=False, has_fuel_cell=False,
                                    battery_capacity_wh=0, pv_capacity_w=0, branch_count=35))
    names = {c.name for c in bare.circuits}
    assert not names & {"EV充電器", "燃料電池 (エネファーム)", "蓄電池", "太陽光発電"}
    assert sum(c.kind is CircuitKind.BRANCH for c in bare.circuits) == 35
    assert sum(c.measured for c in bare.circuits) == 2 + 4 + 35


def test_fewer_measured_circuits_leave_the_same_house() -> None:
    """branch_count says what is measured, not what the family uses."""
    start = local_minute(2026, 10, 3)
    full = SimulatedHome(HomeConfig(seed=1, branch_count=35)).evaluate(start, 1440)
    few = SimulatedHome(HomeConfig(seed=1, branch_count=5)).evaluate(start, 1440)
    np.testing.assert_array_equal(full[s.CONSUMPTION], few[s.CONSUMPTION])
    assert len(full) - len(few) == 30
    for key in few:
        np.testing.assert_array_equal(full[key], few[key])


@pytest.mark.parametrize("bad", [
    {"seed": -1}, {"seed": 1.5}, {"latitude": 91}, {"longitude": -181},
    {"timezone": "Mars/Olympus"}, {"pv_capacity_w": -1}, {"pv_tilt_deg": 95},
    {"battery_mode": "turbo"}, {"battery_reserve_pct": 101}, {"branch_count": 36},
    {"battery_efficiency": 0}, {"battery_power_w": 0},
])
def test_config_rejects_nonsense(bad: dict) -> None:
    with pytest.raises(ValueError):
        HomeConfig(**bad)


def test_config_defaults_describe_a_tokyo_house() -> None:
    cfg = HomeConfig(seed=1)
    assert (cfg.latitude, cfg.longitude, cfg.timezone) == (35.68, 139.77, "Asia/Tokyo")
    assert (cfg.pv_capacity_w, cfg.pv_tilt_deg, cfg.pv_azimuth_deg) == (5500, 30, 180)
    assert (cfg.battery_capacity_wh, cfg.battery_mode, cfg.battery_reserve_pct) == (
        9800, "economy", 30)
    assert cfg.has_fuel_cell and cfg.has_ev and cfg.branch_count == 32
    with pytest.raises(AttributeError):
        cfg.seed = 2  # type: ignore[misc]
