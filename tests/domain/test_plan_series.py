"""A plan as its chart's series: power per slot, levels, and the price as bands."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from app.domain.charge_plan import EvSpec
from app.domain.charge_planner import plan_charges
from app.domain.plan_series import plan_series, price_bands
from tests.domain.planner_cases import EVENING, NIGHT, START, day


def test_bands_are_runs_of_one_price_placed_between_the_cheapest_and_the_dearest():
    starts = tuple(START + timedelta(minutes=30 * i) for i in range(6))
    end = START + timedelta(hours=3)
    bands = price_bands(starts, end, np.array([20.0, 20.0, 30.0, 40.0, 40.0, 20.0]))
    assert [(b.first_slot, b.end_slot, b.price_yen, b.level) for b in bands] == [
        (0, 2, 20.0, 0.0), (2, 3, 30.0, 0.5), (3, 5, 40.0, 1.0), (5, 6, 20.0, 0.0)]
    assert bands[-1].end == end and bands[1].start == starts[2]
    flat = price_bands(starts, end, np.full(6, 31.0))
    assert [(b.first_slot, b.end_slot, b.level) for b in flat] == [(0, 6, 0.0)]
    assert price_bands((), end, np.zeros(0)) == ()


def test_a_plan_gives_power_per_slot_levels_and_its_prices():
    inputs = day()
    plan = plan_charges(inputs)
    series = plan_series(plan, inputs)
    assert series.n == inputs.n == 48
    assert series.pv_w == pytest.approx(np.asarray(inputs.pv_wh) * 2)  # Wh in 30 min -> W
    assert series.load_w == pytest.approx(np.asarray(inputs.load_wh) * 2)
    assert series.charge_w == pytest.approx([s.battery_charge_w for s in plan.slots])
    assert series.soc_pct == pytest.approx([s.soc_pct for s in plan.slots])
    assert series.has_battery and not series.has_ev and not series.has_ecocute
    assert np.isnan(series.ev_level_pct).all()
    assert [b.price_yen for b in series.bands] == [NIGHT, 35.0, EVENING]  # 23:00 to 23:00
    assert series.end == inputs.start + timedelta(hours=24)


def test_the_slots_after_the_end_are_left_out_and_a_car_is_split_by_direction():
    ev = EvSpec(capacity_wh=40_000, level_pct=60.0, target_pct=50.0, departure_slot=None,
                max_charge_w=3000, can_discharge=True, max_discharge_w=3000)
    inputs = replace(day(), battery=None, ev=ev)
    plan = plan_charges(inputs)
    end = inputs.start + timedelta(hours=10)
    series = plan_series(plan, inputs, end)
    assert series.n == 20 and series.end == end
    assert not series.has_battery and np.isnan(series.soc_pct).all()
    ev_w = np.array([s.ev_w for s in plan.slots[:20]])
    assert series.ev_charge_w == pytest.approx(np.maximum(ev_w, 0))
    assert series.ev_discharge_w == pytest.approx(np.maximum(-ev_w, 0))
    assert series.has_ev and series.ev_discharge_w.any()
