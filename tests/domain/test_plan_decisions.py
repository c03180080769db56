"""The plan explained: runs of one action, with the numbers that justify each."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.domain.charge_plan import (
    ActionKind,
    BatterySpec,
    DischargeReason,
    EcoCuteReason,
    EcoCuteSpec,
    GridChargeReason,
    PlanInputs,
    SurplusChargeReason,
)
from app.domain.charge_planner import plan_charges, self_consumption_plan
from app.domain.plan_decisions import runs
from tests.domain.plan_checks import assert_physical
from tests.domain.planner_cases import NIGHT, day, hour_of

A, B = ActionKind.GRID_CHARGE, ActionKind.DISCHARGE


def test_runs_are_contiguous_stretches_of_one_kind():
    assert runs([None, A, A, B, None, A]) == [(A, 1, 3), (B, 3, 4), (A, 5, 6)]
    assert runs([A, A]) == [(A, 0, 2)]
    assert runs([None, None]) == []
    assert runs([]) == []


def _evening_case() -> PlanInputs:
    """23:00 to 21:00. Night 26.74, day 35.00 with 3.1 kWh of surplus 11:00–14:00 that
    sells for 10 円, evening 17:00–21:00 at 43.61 with 8.0 kWh of load. A lossless
    battery (10 kWh, 1 kWh a slot) starts empty; what is left at the end is worth 0."""
    n = 44
    start = datetime.fromisoformat("2026-05-12T23:00:00+09:00")
    buy = tuple(26.74 if i < 16 else 35.0 if i < 36 else 43.61 for i in range(n))
    pv = tuple(3100.0 / 6 if 24 <= i < 30 else 0.0 for i in range(n))
    load = tuple(1000.0 if i >= 36 else 0.0 for i in range(n))
    return PlanInputs(start=start, buy_yen_per_kwh=buy, sell_yen_per_kwh=(10.0,) * n,
                      pv_wh=pv, load_wh=load,
                      battery=BatterySpec(capacity_wh=10_000, max_charge_w=2000,
                                          max_discharge_w=2000, round_trip_efficiency=1.0,
                                          reserve_pct=0.0),
                      soc_pct=0.0, stored_value_yen_per_kwh=0.0)


def test_a_night_charge_says_what_it_costs_what_it_replaces_and_what_the_sun_covers():
    """"Charges 04:30–07:00: night price 26.74 円 < evening 43.61 円, and the day's
    surplus covers 3.1 of the 8.0 kWh needed"."""
    inputs = _evening_case()
    plan = plan_charges(inputs)
    assert_physical(inputs, plan)
    assert [(d.kind, hour_of(d.first_slot), hour_of(d.end_slot)) for d in plan.decisions] == [
        (ActionKind.GRID_CHARGE, 4.5, 7.0),  # as late as the night allows: 4.9 kWh
        (ActionKind.SURPLUS_CHARGE, 11.0, 14.0),
        (ActionKind.DISCHARGE, 17.0, 21.0)]
    grid, surplus, discharge = plan.decisions
    assert grid.energy_wh == pytest.approx(4900.0)
    assert grid.start == inputs.slot_start(11) and grid.end == inputs.slot_start(16)
    assert grid.reason == GridChargeReason(
        price_yen=pytest.approx(26.74), later_price_yen=pytest.approx(43.61),
        round_trip_efficiency=1.0, grid_wh=pytest.approx(4900.0),
        needed_wh=pytest.approx(8000.0), surplus_wh=pytest.approx(3100.0))
    assert surplus.reason == SurplusChargeReason(
        sell_price_yen=pytest.approx(10.0), later_price_yen=pytest.approx(43.61),
        round_trip_efficiency=1.0, surplus_wh=pytest.approx(3100.0),
        sold_wh=pytest.approx(0.0, abs=1e-6))
    assert discharge.energy_wh == pytest.approx(8000.0)
    assert discharge.reason == DischargeReason(
        price_yen=pytest.approx(43.61),
        stored_price_yen=pytest.approx((4.9 * 26.74 + 3.1 * 10.0) / 8.0),
        carried_wh=0.0, round_trip_efficiency=1.0, end_soc_pct=pytest.approx(0.0, abs=1e-6),
        reserve_pct=0.0)


def test_a_discharge_counts_what_the_battery_held_before_its_charges():
    inputs = day(peak_w=0.0, soc_pct=90.0)
    plan = plan_charges(inputs)
    first = next(d for d in plan.decisions if d.kind is ActionKind.DISCHARGE)
    reason = first.reason
    assert isinstance(reason, DischargeReason)
    assert reason.carried_wh == pytest.approx((90 - 30) / 100 * 9800)
    topped_up = [d for d in plan.decisions if d.kind is ActionKind.GRID_CHARGE]
    assert topped_up and reason.stored_price_yen == pytest.approx(NIGHT)
    full = plan_charges(day(peak_w=0.0, soc_pct=100.0))
    first = full.decisions[0]  # a full battery cannot charge before it discharges
    assert first.kind is ActionKind.DISCHARGE
    assert first.reason.stored_price_yen is None  # type: ignore[union-attr]
    assert first.reason.carried_wh == pytest.approx(0.7 * 9800)  # type: ignore[union-attr]


def test_the_ecocute_in_the_surplus_compares_the_sale_it_forgoes_with_the_night():
    inputs = day(battery=None, ecocute=EcoCuteSpec(heating_wh=3000.0, power_w=1500.0,
                                                   day_shift=True))
    plan = plan_charges(inputs)
    (heat,) = [d for d in plan.decisions if d.kind is ActionKind.ECOCUTE_SURPLUS]
    day_slots = [i for i in range(48) if 9 <= hour_of(i) < 16
                 and inputs.pv_wh[i] > inputs.load_wh[i]]
    surplus = sum(inputs.pv_wh[i] - inputs.load_wh[i] for i in day_slots)
    assert heat.energy_wh == pytest.approx(3000.0)
    assert heat.reason == EcoCuteReason(
        night_price_yen=pytest.approx(NIGHT), day_cost_yen=16.0,
        day_surplus_wh=pytest.approx(surplus), shift_allowed=True,
        surplus_wh=pytest.approx(3000.0), grid_wh=pytest.approx(0.0, abs=1e-6))


def test_the_ecocute_at_night_says_the_day_would_forgo_more():
    inputs = day(battery=None, sell=48.0, ecocute=EcoCuteSpec(heating_wh=3000.0,
                                                              power_w=1500.0, day_shift=True))
    (heat,) = [d for d in plan_charges(inputs).decisions
               if d.kind is ActionKind.ECOCUTE_NIGHT]
    assert (hour_of(heat.first_slot), hour_of(heat.end_slot)) == (5.0, 7.0)
    reason = heat.reason
    assert isinstance(reason, EcoCuteReason)
    assert (reason.night_price_yen, reason.day_cost_yen) == (pytest.approx(NIGHT), 48.0)
    assert reason.grid_wh == pytest.approx(3000.0)


def test_the_self_consumption_plan_is_explained_the_same_way():
    plan = self_consumption_plan(day())
    found = [d.kind for d in plan.decisions]
    assert ActionKind.SURPLUS_CHARGE in found and ActionKind.DISCHARGE in found
    charge = next(d for d in plan.decisions if d.kind is ActionKind.SURPLUS_CHARGE)
    assert charge.reason.sell_price_yen == 16.0  # type: ignore[union-attr]
