"""The planner over forecast-error scenarios: one program, the shared slots decided once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from app.domain.charge_plan import BatterySpec, EcoCuteSpec, PlanInputs, PlanStatus
from app.domain.charge_planner import plan_charges, scenario_flows, shared_slots
from app.domain.energy_forecast import DayAccuracy, ForecastKind
from app.domain.forecast_scenarios import Scenario, learnt_scenarios
from tests.domain.planner_cases import START, day

SPREAD = (Scenario(0.25, 0.6, 1.2), Scenario(0.5, 1.0, 1.0), Scenario(0.25, 1.3, 0.9))


def test_one_scenario_of_the_forecast_plans_what_the_point_forecast_plans():
    inputs = replace(day(n=96), ecocute=EcoCuteSpec(heating_wh=4500.0, power_w=1500.0,
                                                    day_shift=True))
    point = plan_charges(inputs)
    one = plan_charges(replace(inputs, scenarios=(Scenario(1.0),)))
    assert point.status is one.status is PlanStatus.OPTIMAL
    assert one.cost_yen == pytest.approx(point.cost_yen, abs=1e-6)
    for a, b in zip(point.slots, one.slots, strict=True):
        assert a.battery_charge_w == pytest.approx(b.battery_charge_w, abs=1e-6)
        assert a.battery_discharge_w == pytest.approx(b.battery_discharge_w, abs=1e-6)
        assert a.grid_buy_wh == pytest.approx(b.grid_buy_wh, abs=1e-6)
        assert a.ecocute_w == pytest.approx(b.ecocute_w, abs=1e-6)


def test_the_shared_slots_are_the_first_and_the_rest_of_the_cheap_night():
    inputs = day(n=96)  # from 23:00: the night price until 07:00
    assert shared_slots(inputs) == 16
    assert shared_slots(replace(inputs, start=START + timedelta(hours=10),
                                buy_yen_per_kwh=inputs.buy_yen_per_kwh[20:] + (30.0,) * 20)) \
        == 1


def test_every_scenario_takes_the_same_decisions_in_the_shared_slots():
    inputs = replace(day(n=96, peak_w=2500.0), scenarios=SPREAD,
                     ecocute=EcoCuteSpec(heating_wh=4500.0, power_w=1500.0, day_shift=True))
    flows = scenario_flows(inputs)
    shared = shared_slots(inputs)
    for f in flows[1:]:
        for name in ("charge", "discharge", "ecocute", "buy", "sell"):
            np.testing.assert_allclose(getattr(f, name)[:shared],
                                       getattr(flows[0], name)[:shared], atol=1e-6)
    # ...and they differ after it: the recourse is each scenario's own.
    assert not np.allclose(flows[0].buy[shared:], flows[2].buy[shared:])


def _tiny(scenarios=()) -> PlanInputs:
    """Two night slots at 20 円, two day slots at 50 円 whose PV (2 kWh) meets the load
    (2 kWh) as forecast; nothing sold, a kWh left stored worth nothing."""
    battery = BatterySpec(capacity_wh=10000.0, max_charge_w=3000.0, max_discharge_w=3000.0,
                          round_trip_efficiency=1.0, reserve_pct=0.0)
    return PlanInputs(start=START, buy_yen_per_kwh=(20.0, 20.0, 50.0, 50.0),
                      sell_yen_per_kwh=(None,) * 4, pv_wh=(0.0, 0.0, 1000.0, 1000.0),
                      load_wh=(0.0, 0.0, 1000.0, 1000.0), battery=battery, soc_pct=0.0,
                      stored_value_yen_per_kwh=0.0, scenarios=scenarios)


def _expected_cost(night_kwh: float) -> float:
    """By hand: the night's charge at 20 円, then, with half the PV (probability ½),
    1 kWh short less what is stored, at 50 円; with 1.5 × the PV nothing is bought."""
    return 20.0 * night_kwh + 0.5 * 50.0 * max(1.0 - night_kwh, 0.0)


def test_hedging_charges_more_at_night_when_a_short_day_costs_the_dear_price():
    halves = (Scenario(0.5, pv_factor=0.5), Scenario(0.5, pv_factor=1.5))
    point, hedged = plan_charges(_tiny()), plan_charges(_tiny(halves))
    assert point.status is hedged.status is PlanStatus.OPTIMAL

    def night_kwh(plan) -> float:
        return sum(s.battery_charge_w * 0.5 for s in plan.slots[:2]) / 1000

    assert night_kwh(point) == pytest.approx(0.0, abs=1e-6)
    assert night_kwh(hedged) == pytest.approx(1.0, abs=1e-6)
    # The brute force over the night's charge agrees, and hedging is cheaper than the
    # point plan in expectation (20 against 25 円); the plan's cost is the expected one.
    grid = np.linspace(0.0, 3.0, 301)
    best = grid[np.argmin([_expected_cost(x) for x in grid])]
    assert best == pytest.approx(night_kwh(hedged), abs=0.01)
    assert _expected_cost(night_kwh(hedged)) < _expected_cost(night_kwh(point))
    assert hedged.cost_yen == pytest.approx(_expected_cost(1.0), abs=1e-3)


def _day(kind: ForecastKind, d: date, forecast: float, actual: float) -> DayAccuracy:
    return DayAccuracy(kind, d, 0.0, 0.0, forecast, actual)


def test_scenarios_are_learnt_from_the_judged_days_keeping_each_days_pair():
    first = date(2026, 11, 1)
    rows = []
    for k, (pv, load) in enumerate([(0.5, 1.2), (1.0, 1.0), (1.5, 0.8)] * 3):
        d = first + timedelta(days=k)
        rows += [_day(ForecastKind.SOLAR, d, 10.0, 10.0 * pv),
                 _day(ForecastKind.LOAD, d, 8.0, 8.0 * load)]
    scenarios = learnt_scenarios(rows, count=3)
    assert [s.probability for s in scenarios] == pytest.approx([1 / 3] * 3)
    # Ranked by the net need the errors added: the short day (little PV, much load) first.
    assert [(s.pv_factor, s.load_factor) for s in scenarios] == \
        [pytest.approx((0.5, 1.2)), pytest.approx((1.0, 1.0)), pytest.approx((1.5, 0.8))]
    assert learnt_scenarios(rows[:10]) == ()  # five days: too few
    assert learnt_scenarios([r for r in rows if r.kind is ForecastKind.SOLAR]) == ()


def test_scenarios_whose_probabilities_do_not_sum_to_one_are_refused():
    with pytest.raises(ValueError, match="sum"):
        _tiny((Scenario(0.5), Scenario(0.4)))
