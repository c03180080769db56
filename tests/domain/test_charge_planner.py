"""The charge planner's rules: reserve, grid charging, EcoCute, car, 30-minute target,
failure, and the self-consumption baseline."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import highspy
import numpy as np
import pytest

from app.domain.charge_plan import (
    ActionKind,
    EcoCuteSpec,
    EvSpec,
    PlanStatus,
    ShortfallKind,
    TargetReason,
)
from app.domain.charge_planner import (
    NEED_PENALTY,
    TARGET_PENALTY,
    plan_charges,
    self_consumption_plan,
)
from app.domain.plan_flows import Flows, shares
from tests.domain.plan_checks import TOL, assert_physical, flows_of
from tests.domain.planner_cases import HOME_BATTERY, NIGHT, START, day, hour_of

ECOCUTE = EcoCuteSpec(heating_wh=4500.0, power_w=1500.0, day_shift=True)


def kinds(plan) -> set[ActionKind]:
    return {d.kind for d in plan.decisions}


def objective(inputs, plan) -> float:
    """Money plus what is left stored, valued as the planner values it."""
    value = inputs.stored_value_yen_per_kwh
    assert value is not None
    return plan.cost_yen - value * flows_of(plan).soc[-1] / 100 * 9.8


# --- the battery ---------------------------------------------------------------------------


def test_a_cloudy_day_charges_from_the_night_grid_for_the_evening():
    inputs = day(peak_w=0.0)
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    assert_physical(inputs, plan)
    charge = next(d for d in plan.decisions if d.kind is ActionKind.GRID_CHARGE)
    assert hour_of(charge.first_slot) < 7 or hour_of(charge.first_slot) >= 23
    evening = [d for d in plan.decisions if d.kind is ActionKind.DISCHARGE
               and 17 <= hour_of(d.first_slot) < 23]
    assert evening


def test_the_reserve_is_never_touched_even_when_the_evening_is_dear():
    inputs = day(peak_w=0.0, n=96, soc_pct=60.0)
    plan = plan_charges(inputs)
    assert_physical(inputs, plan)
    soc = flows_of(plan).soc
    assert soc.min() >= 30.0 - 1e-6
    assert soc.min() == pytest.approx(30.0, abs=1e-3)  # it does go down to the reserve


def test_a_battery_below_its_reserve_is_not_discharged_further():
    inputs = day(peak_w=0.0, soc_pct=20.0)
    plan = plan_charges(inputs)
    assert_physical(inputs, plan)
    f = flows_of(plan)
    assert f.soc.min() >= 20.0 - 1e-6
    first_charge = int(np.argmax(f.charge > TOL))
    assert (f.discharge[:first_charge] <= TOL).all()


def test_grid_charging_follows_the_flag():
    allowed = plan_charges(day(peak_w=0.0))
    assert ActionKind.GRID_CHARGE in kinds(allowed)
    inputs = day(peak_w=0.0, grid_charge_allowed=(False,) * 48)
    forbidden = plan_charges(inputs)
    assert_physical(inputs, forbidden)
    assert (flows_of(forbidden).charge <= TOL).all()  # no PV: nothing to charge from
    assert forbidden.cost_yen > allowed.cost_yen


def _plan_flows(plan) -> Flows:
    f = flows_of(plan)
    return Flows(buy=f.buy, sell=f.sell, curtail=f.curtailed, charge=f.charge,
                 discharge=f.discharge, stored=f.soc, ev_charge=f.ev_charge,
                 ev_discharge=f.ev_discharge, ev_stored=np.zeros(len(f.buy)),
                 ecocute=f.ecocute)


def test_no_grid_charging_through_the_car_in_a_forbidden_slot():
    """The battery may not take surplus PV while the car buys in the same slot: that is
    grid energy into the battery by another door."""
    start = START.replace(hour=10)
    inputs = day(start=start, n=16, peak_w=5000.0, soc_pct=30.0,
                 grid_charge_allowed=(False,) * 16,
                 ev=EvSpec(capacity_wh=40_000, level_pct=30, target_pct=50, departure_slot=8,
                           max_charge_w=3000.0))
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    assert_physical(inputs, plan)
    flows = _plan_flows(plan)
    grid = shares(inputs, flows).battery_grid(flows)
    assert (grid <= TOL).all()
    f = flows_of(plan)
    assert ((f.charge <= TOL) | (f.buy <= TOL)).all()
    assert (f.charge > TOL).any()  # it still stores what the car leaves over
    assert plan.shortfalls == ()


def test_prices_that_pay_for_buying_and_selling_at_once_do_not_make_the_plan_do_it():
    """An old FIT contract sells at 48 円, above every buy price; a lossless battery
    makes charging and discharging at once free. The plan still does one at a time."""
    battery = replace(HOME_BATTERY, round_trip_efficiency=1.0)
    inputs = day(sell=48.0, battery=battery, n=96)
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    assert_physical(inputs, plan)  # checks one way per slot
    assert flows_of(plan).sell.sum() > 0


def test_the_stored_value_keeps_the_battery_from_emptying_for_nothing():
    empties = plan_charges(day(peak_w=0.0, soc_pct=90.0, stored_value_yen_per_kwh=0.0))
    keeps = plan_charges(day(peak_w=0.0, soc_pct=90.0, stored_value_yen_per_kwh=60.0))
    assert flows_of(empties).soc[-1] == pytest.approx(30.0, abs=1e-3)
    assert flows_of(keeps).soc[-1] > 89.0


# --- the EcoCute ---------------------------------------------------------------------------


def _ecocute_slots(plan) -> list[float]:
    f = flows_of(plan)
    return [hour_of(i) for i in range(len(f.ecocute)) if f.ecocute[i] > TOL]


def test_the_ecocute_moves_into_the_surplus_when_that_is_cheaper():
    inputs = day(battery=None, ecocute=ECOCUTE, sell=16.0)  # 16 円 forgone < 26.74 円
    plan = plan_charges(inputs)
    assert_physical(inputs, plan)
    hours = _ecocute_slots(plan)
    assert hours and all(9 <= h < 16 for h in hours)
    assert flows_of(plan).ecocute.sum() == pytest.approx(4500.0, abs=0.1)
    assert kinds(plan) >= {ActionKind.ECOCUTE_SURPLUS}
    assert ActionKind.ECOCUTE_NIGHT not in kinds(plan)


def test_the_ecocute_stays_at_night_when_the_surplus_sells_for_more():
    inputs = day(battery=None, ecocute=ECOCUTE, sell=48.0)  # old FIT: 48 円 > 26.74 円
    plan = plan_charges(inputs)
    assert_physical(inputs, plan)
    hours = _ecocute_slots(plan)
    assert hours and all(h < 7 or h >= 23 for h in hours)
    assert max(hours) == 6.5  # finishing at the window's end, as the unit does


def test_the_ecocute_stays_at_night_without_a_surplus_or_without_the_shift():
    for inputs in (day(battery=None, ecocute=ECOCUTE, peak_w=300.0),
                   day(battery=None, ecocute=replace(ECOCUTE, day_shift=False))):
        plan = plan_charges(inputs)
        assert_physical(inputs, plan)
        hours = _ecocute_slots(plan)
        assert hours and all(h < 7 or h >= 23 for h in hours)
        assert flows_of(plan).ecocute.sum() == pytest.approx(4500.0, abs=0.1)


def test_a_refill_that_cannot_fit_its_window_is_reported():
    spec = replace(ECOCUTE, night_start=time(5, 0), day_shift=False)  # 2 h at 1.5 kW
    inputs = day(battery=None, ecocute=spec)
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    (short,) = plan.shortfalls
    assert short.kind is ShortfallKind.ECOCUTE_HEATING
    assert short.wh == pytest.approx(4500.0 - 3000.0, abs=0.1)


# --- the car -------------------------------------------------------------------------------


def test_the_car_reaches_its_target_by_departure_on_the_cheapest_slots():
    ev = EvSpec(capacity_wh=40_000, level_pct=30, target_pct=60, departure_slot=17,
                max_charge_w=3000.0)  # leaves at 07:30
    inputs = day(battery=None, ev=ev)
    plan = plan_charges(inputs)
    assert_physical(inputs, plan)
    assert plan.slots[16].ev_level_pct == pytest.approx(60.0, abs=1e-4)
    # It buys at the night price only; at 07:00 it takes the morning's first surplus.
    bought = [inputs.buy_yen_per_kwh[i] for i, s in enumerate(plan.slots)
              if s.ev_w > 1 and s.grid_buy_wh > TOL]
    assert set(bought) == {NIGHT}
    assert plan.slots[16].ev_w > 0 and plan.slots[16].grid_buy_wh == 0
    assert plan.shortfalls == ()


def test_a_target_the_car_cannot_reach_is_reported():
    ev = EvSpec(capacity_wh=40_000, level_pct=30, target_pct=60, departure_slot=4,
                max_charge_w=3000.0)  # two hours at 3 kW: 6 kWh × √0.9 stored
    plan = plan_charges(day(battery=None, ev=ev))
    assert plan.status is PlanStatus.OPTIMAL
    (short,) = plan.shortfalls
    assert short.kind is ShortfallKind.EV_TARGET
    assert short.wh == pytest.approx(12_000 - 6000 * 0.9 ** 0.5, abs=0.1)
    assert short.by == plan.slots[4].start


def test_v2h_covers_the_evening_and_keeps_its_floor():
    ev = EvSpec(capacity_wh=40_000, level_pct=70, target_pct=50, departure_slot=None,
                max_charge_w=6000.0, can_discharge=True, max_discharge_w=6000.0,
                floor_pct=40.0)
    inputs = day(battery=None, ev=ev, peak_w=0.0, n=96)
    plan = plan_charges(inputs)
    assert_physical(inputs, plan)
    assert ActionKind.EV_DISCHARGE in kinds(plan)
    levels = [s.ev_level_pct for s in plan.slots]
    assert min(levels) >= 40.0 - 1e-6
    assert levels[-1] >= 50.0 - 1e-6  # the target, with no departure: by the horizon's end


# --- the 30-minute target ------------------------------------------------------------------


def test_the_night_charge_is_spread_to_keep_under_the_30_minute_target():
    free = plan_charges(day(peak_w=0.0))
    assert flows_of(free).buy.max() > 1000.0  # a 3 kW charge over the night's load
    inputs = day(peak_w=0.0, target_wh=(1000.0,) * 48)
    plan = plan_charges(inputs)
    assert_physical(inputs, plan)
    assert flows_of(plan).buy.max() <= 1000.0 + TOL
    assert ActionKind.TARGET_EXCEEDED not in kinds(plan)
    assert ActionKind.GRID_CHARGE in kinds(plan)


def test_a_target_the_home_cannot_keep_is_reported_with_its_numbers():
    # The evening uses 750 Wh a slot; at 17:00 the sun still gives 390 Wh of it.
    inputs = day(battery=None, target_wh=(500.0,) * 48)
    over = [max(0.0, load - pv - 500.0) for load, pv in zip(inputs.load_wh, inputs.pv_wh,
                                                             strict=True)]
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    exceeded = [d for d in plan.decisions if d.kind is ActionKind.TARGET_EXCEEDED]
    assert len(exceeded) == 1
    (run,) = exceeded
    assert (hour_of(run.first_slot), hour_of(run.end_slot)) == (17.5, 22.0)
    assert run.reason == TargetReason(target_wh=500.0, buy_wh=pytest.approx(750.0),
                                      excess_wh=pytest.approx(sum(over)))
    assert sum(over) > 2000.0


# --- failure -------------------------------------------------------------------------------


def test_a_timeout_gives_a_failed_plan_with_nothing_to_apply():
    plan = plan_charges(day(ecocute=ECOCUTE), time_limit_s=0.0)
    assert plan.status is PlanStatus.FAILED
    assert not plan.ok
    assert plan.slots == () and plan.decisions == () and plan.cost_yen is None
    assert "time limit" in plan.message.lower()


def test_a_solver_that_finds_no_optimum_gives_a_failed_plan(monkeypatch):
    monkeypatch.setattr(highspy.Highs, "getModelStatus",
                        lambda self: highspy.HighsModelStatus.kInfeasible)
    plan = plan_charges(day())
    assert plan.status is PlanStatus.FAILED and plan.slots == ()
    assert "infeasible" in plan.message.lower()


def test_a_solver_error_gives_a_failed_plan(monkeypatch):
    def broken(self):
        raise RuntimeError("HiGHS crashed")

    monkeypatch.setattr(highspy.Highs, "run", broken)
    plan = plan_charges(day())
    assert plan.status is PlanStatus.FAILED and plan.slots == ()
    assert "HiGHS crashed" in plan.message


# --- self-consumption ----------------------------------------------------------------------


def test_self_consumption_charges_only_from_surplus_and_covers_only_the_house():
    ev = EvSpec(capacity_wh=40_000, level_pct=30, target_pct=50, departure_slot=20,
                max_charge_w=3000.0)
    inputs = day(n=96, ecocute=ECOCUTE, ev=ev)
    plan = self_consumption_plan(inputs)
    assert plan.status is PlanStatus.SELF_CONSUMPTION
    assert_physical(inputs, plan)
    f = flows_of(plan)
    flows = _plan_flows(plan)
    assert (shares(inputs, flows).battery_grid(flows) <= TOL).all()
    assert ((f.discharge <= TOL) | (f.sell <= TOL)).all()  # never exports
    # The EcoCute ends its refill at 07:00, at full power; the car charges at once.
    assert _ecocute_slots(plan)[:3] == [4.0, 4.5, 5.0] and _ecocute_slots(plan)[5] == 6.5
    assert plan.slots[0].ev_w == pytest.approx(3000.0)
    assert plan.slots[19].ev_level_pct == pytest.approx(50.0)
    assert ActionKind.GRID_CHARGE not in kinds(plan)


def test_the_plan_never_costs_more_than_self_consumption():
    ev = EvSpec(capacity_wh=40_000, level_pct=30, target_pct=50, departure_slot=20,
                max_charge_w=3000.0)
    for peak in (0.0, 2000.0, 5000.0):
        inputs = day(n=96, peak_w=peak, ecocute=ECOCUTE, ev=ev, stored_value_yen_per_kwh=20.0)
        planned = plan_charges(inputs)
        baseline = self_consumption_plan(inputs)
        assert planned.shortfalls == baseline.shortfalls == ()
        assert objective(inputs, planned) <= objective(inputs, baseline) + 1e-6
    assert objective(inputs, planned) < objective(inputs, baseline) - 50  # and saves


def test_a_two_day_home_plan_is_physical():
    ev = EvSpec(capacity_wh=40_000, level_pct=30, target_pct=80, departure_slot=17,
                max_charge_w=3000.0, can_discharge=True, max_discharge_w=3000.0)
    inputs = day(n=96, ecocute=ECOCUTE, ev=ev, target_wh=(1500.0,) * 96,
                 grid_charge_allowed=tuple(not 9 <= hour_of(i) < 15 for i in range(96)))
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    assert_physical(inputs, plan)
    assert plan.shortfalls == ()
    assert plan.cost_yen < self_consumption_plan(inputs).cost_yen
    (charge,) = [d for d in plan.decisions if d.kind is ActionKind.EV_CHARGE]
    assert charge.reason.price_yen == pytest.approx(NIGHT)  # type: ignore[union-attr]


def _with_penalties(inputs, plan) -> float:
    """The planner's own objective, read from a plan: money, stored value, penalties."""
    over = sum(d.reason.excess_wh for d in plan.decisions  # type: ignore[union-attr]
               if d.kind is ActionKind.TARGET_EXCEEDED)
    missing = sum(s.wh for s in plan.shortfalls)
    value = min(inputs.buy_yen_per_kwh) * HOME_BATTERY.leg_efficiency
    return (plan.cost_yen - value * plan.end_stored_wh / 1000
            + (over * TARGET_PENALTY + missing * NEED_PENALTY) / 1000)


@pytest.mark.parametrize("seed", range(20))
def test_random_homes_plan_within_every_rule_and_never_above_self_consumption(seed):
    rng = np.random.default_rng(seed)
    n = 96
    hours = [hour_of(i) for i in range(n)]
    ev = EvSpec(capacity_wh=40_000, level_pct=float(rng.uniform(10, 60)),
                target_pct=float(rng.uniform(50, 90)),
                departure_slot=int(rng.integers(10, 96)), max_charge_w=3000.0,
                can_discharge=bool(rng.integers(2)), max_discharge_w=3000.0,
                floor_pct=float(rng.uniform(20, 40)))
    inputs = day(
        n=n, peak_w=float(rng.uniform(0, 5500)), sell=[None, 8.0, 16.0][seed % 3],
        pv_wh=tuple(rng.uniform(0.3, 1.0) * p for p in day(n=n, peak_w=5500.0).pv_wh),
        load_wh=tuple(rng.uniform(100, 1200, n)), soc_pct=float(rng.uniform(0, 100)),
        grid_charge_allowed=tuple(bool(x) for x in rng.integers(0, 2, n)),
        target_wh=tuple(1500.0 if rng.random() < 0.3 else None for _ in hours),
        ev=ev, ecocute=replace(ECOCUTE, heating_wh=float(rng.uniform(2000, 7000)),
                               day_shift=bool(rng.integers(2))))
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    assert_physical(inputs, plan)
    flows = _plan_flows(plan)
    grid = shares(inputs, flows).battery_grid(flows)
    forbidden = ~np.array(inputs.grid_charge_allowed)
    assert (grid[forbidden] <= TOL).all()
    baseline = self_consumption_plan(inputs)
    assert_physical(inputs, baseline)
    assert _with_penalties(inputs, plan) <= _with_penalties(inputs, baseline) + 0.05


# --- a round in mid-slot -------------------------------------------------------------------


def _cheap_first_slot(n: int = 48) -> tuple[float, ...]:
    return (10.0,) + (40.0,) * (n - 1)


def test_a_plan_made_in_mid_slot_scales_the_first_slot_s_limits_and_load():
    """At 23:22 the first slot has 8 of its 30 minutes left (0.27): the battery, the
    EcoCute and the car can put only that share of a half hour's energy into it, and the
    house uses only that share of its load; their powers stay the devices' full powers."""
    ev = EvSpec(capacity_wh=40_000, level_pct=30, target_pct=80, departure_slot=16,
                max_charge_w=3000.0)
    whole = day(peak_w=0.0, soc_pct=30.0, ecocute=ECOCUTE, ev=ev,
                buy_yen_per_kwh=_cheap_first_slot())
    for share in (1.0, 0.27):
        inputs = replace(whole, first_slot_fraction=share)
        plan = plan_charges(inputs)
        assert plan.status is PlanStatus.OPTIMAL
        assert_physical(inputs, plan)
        first = plan.slots[0]
        assert (first.battery_charge_w, first.ecocute_w, first.ev_w) == (
            pytest.approx(3000.0), pytest.approx(1500.0), pytest.approx(3000.0))
        energy = flows_of(plan, inputs.fractions)
        assert energy.charge[0] == pytest.approx(1500.0 * share, abs=TOL)
        assert energy.ecocute[0] == pytest.approx(750.0 * share, abs=TOL)
        assert energy.ev_charge[0] == pytest.approx(1500.0 * share, abs=TOL)
        assert first.grid_buy_wh == pytest.approx(
            (whole.load_wh[0] + 1500.0 + 750.0 + 1500.0) * share, abs=TOL)
        # The rest of the night is the same whole half hours either way.
        assert energy.charge[1:].max() <= 1500.0 + TOL


def test_a_plan_made_in_mid_slot_scales_the_first_slot_s_pv_and_target():
    noon = START.replace(hour=12)
    full = day(start=noon, soc_pct=100.0, first_slot_fraction=0.27)
    plan = plan_charges(full)
    assert_physical(full, plan)
    surplus = full.pv_wh[0] - full.load_wh[0]
    assert surplus > 1000.0
    assert plan.slots[0].grid_sell_wh == pytest.approx(surplus * 0.27, abs=TOL)

    night = day(peak_w=0.0, soc_pct=30.0, buy_yen_per_kwh=_cheap_first_slot(),
                target_wh=(1000.0,) * 48, first_slot_fraction=0.27)
    plan = plan_charges(night)
    assert_physical(night, plan)
    assert plan.slots[0].grid_buy_wh == pytest.approx(270.0, abs=TOL)  # its rest's share
    assert ActionKind.TARGET_EXCEEDED not in kinds(plan)


def test_self_consumption_in_mid_slot_keeps_the_first_slot_s_share():
    inputs = day(n=96, ecocute=ECOCUTE, soc_pct=90.0, first_slot_fraction=0.27)
    plan = self_consumption_plan(inputs)
    assert_physical(inputs, plan)
    energy = flows_of(plan, inputs.fractions)
    assert energy.discharge[0] == pytest.approx(inputs.load_wh[0] * 0.27, abs=TOL)


@pytest.mark.parametrize("share", [0.0, -0.1, 1.01, float("nan")])
def test_the_first_slot_s_share_must_be_above_0_and_at_most_1(share):
    with pytest.raises(ValueError, match="first_slot_fraction"):
        day(first_slot_fraction=share)
