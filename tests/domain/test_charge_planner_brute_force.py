"""The linear program against exhaustive enumeration on tiny cases.

The cases are built so that the LP and the enumeration are the same problem: every
breakpoint of a slot's cost (charging exactly the surplus, covering exactly the deficit,
the power limits, the capacity and the reserve) falls on a grid of stored-energy levels,
so the LP has an optimum on that grid (its constraint matrix is an interval matrix, and
with η = 1 the whole home is a network flow), and trying every trajectory on the grid
finds it. A few slots, a few levels: every combination is tried.
"""

from __future__ import annotations

import itertools
import math
import random
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.domain.charge_plan import BatterySpec, EcoCuteSpec, EvSpec, PlanInputs, PlanStatus
from app.domain.charge_planner import plan_charges
from app.domain.ecocute_cycles import refills
from tests.domain.plan_checks import assert_physical, stored_end_wh

ZONE = ZoneInfo("Asia/Tokyo")
TOLERANCE_YEN = 0.01  # the planner's tie-breaking costs at most ~1e-4 円/kWh per slot


def _slot_money(net_wh: float, pv: float, load: float, buy: float, sell: float | None,
                ) -> float:
    """The cheapest way to settle a slot's net need: buy it, or sell (up to the PV
    surplus) and curtail the rest. inf when the rest cannot be curtailed."""
    if net_wh >= 0:
        return buy * net_wh / 1000
    sold = min(-net_wh, max(pv - load, 0.0)) if sell else 0.0
    if -net_wh - sold > pv + 1e-9:
        return math.inf  # the battery would export
    return -(sell or 0.0) * sold / 1000


# --- a battery with losses: √η = 0.9, a level step of 900 Wh stored ------------------------
STEP = 900.0  # stored; charging one step takes 1000 Wh, discharging one gives 810 Wh


def _battery_case(seed: int) -> PlanInputs:
    rng = random.Random(seed)
    n = 5
    pv, load = [], []
    for _ in range(n):
        a = rng.randint(0, 3)
        base = 810.0 * a
        if rng.random() < 0.5:
            k = rng.randint(0, a)
            pv.append(base - 810.0 * k)  # a deficit of k discharge steps
        else:
            pv.append(base + 1000.0 * rng.randint(1, 2))  # a surplus of charge steps
        load.append(base)
    sell = rng.choice([None, 8.0, 16.0])
    return PlanInputs(
        start=datetime(2026, 3, 2, 12, 0, tzinfo=ZONE),
        buy_yen_per_kwh=tuple(rng.choice([20.0, 30.0, 45.0]) for _ in range(n)),
        sell_yen_per_kwh=(sell,) * n, pv_wh=tuple(pv), load_wh=tuple(load),
        grid_charge_allowed=tuple(rng.random() > 0.3 for _ in range(n)),
        battery=BatterySpec(capacity_wh=4 * STEP, max_charge_w=2000.0 * rng.randint(1, 2),
                            max_discharge_w=1620.0 * rng.randint(1, 2),
                            round_trip_efficiency=0.81, reserve_pct=25.0),
        soc_pct=25.0 * rng.randint(1, 4),
        stored_value_yen_per_kwh=rng.choice([0.0, 15.0]))


def _enumerate_battery(inputs: PlanInputs) -> float:
    b = inputs.battery
    assert b is not None
    levels = range(1, 5)  # steps of STEP; the reserve is one step
    start = round(inputs.soc_pct / 100 * b.capacity_wh / STEP)
    best = math.inf
    for path in itertools.product(levels, repeat=inputs.n):
        total, before = 0.0, start
        for i, after in enumerate(path):
            delta = (after - before) * STEP
            charge = max(delta, 0.0) / 0.9
            discharge = max(-delta, 0.0) * 0.9
            pv, load = inputs.pv_wh[i], inputs.load_wh[i]
            if (charge > b.max_charge_w / 2 + 1e-6 or discharge > b.max_discharge_w / 2 + 1e-6
                    or (not inputs.grid_charge_allowed[i]
                        and charge > max(pv - load, 0.0) + 1e-6)):
                total = math.inf
                break
            total += _slot_money(load + charge - discharge - pv, pv, load,
                                 inputs.buy_yen_per_kwh[i], inputs.sell_yen_per_kwh[i])
            before = after
        value = inputs.stored_value_yen_per_kwh or 0.0
        best = min(best, total - value * path[-1] * STEP / 1000)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_a_lossy_battery_plan_is_the_enumerated_optimum(seed):
    inputs = _battery_case(seed)
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    assert_physical(inputs, plan)
    value = inputs.stored_value_yen_per_kwh or 0.0
    objective = plan.cost_yen - value * stored_end_wh(inputs, plan) / 1000
    assert objective == pytest.approx(_enumerate_battery(inputs), abs=TOLERANCE_YEN)


# --- battery, EcoCute and car together, lossless: a network flow in units of 500 Wh ------
U = 500.0


def _home_case(seed: int) -> PlanInputs:
    rng = random.Random(1000 + seed)
    n = 5  # 05:30 .. 08:00: three night slots, then two of the day window
    pv = [U * rng.randint(0, 1) for _ in range(3)] + [U * rng.randint(0, 4) for _ in range(2)]
    load = [U * rng.randint(0, 2) for _ in range(n)]
    sell = rng.choice([None, 8.0, 16.0])
    return PlanInputs(
        start=datetime(2026, 3, 2, 5, 30, tzinfo=ZONE),
        buy_yen_per_kwh=tuple(rng.choice([20.0, 30.0, 45.0]) for _ in range(n)),
        sell_yen_per_kwh=(sell,) * n, pv_wh=tuple(pv), load_wh=tuple(load),
        battery=BatterySpec(capacity_wh=3 * U, max_charge_w=2 * U * rng.randint(1, 2),
                            max_discharge_w=2 * U * rng.randint(1, 2),
                            round_trip_efficiency=1.0, reserve_pct=0.0),
        soc_pct=100 / 3 * rng.randint(0, 3),
        ev=EvSpec(capacity_wh=10_000.0, level_pct=50.0, target_pct=60.0, departure_slot=3,
                  max_charge_w=2 * U, round_trip_efficiency=1.0),
        ecocute=EcoCuteSpec(heating_wh=2 * U, power_w=2 * U, day_shift=True,
                            day_start=time(7, 0), day_end=time(9, 0)),
        stored_value_yen_per_kwh=rng.choice([0.0, 10.0]))


def _enumerate_home(inputs: PlanInputs) -> float:
    b = inputs.battery
    assert b is not None
    n = inputs.n
    (refill,) = refills(inputs)
    allowed = refill.allowed(n)
    start = round(inputs.soc_pct / 100 * b.capacity_wh / U)
    value = inputs.stored_value_yen_per_kwh or 0.0
    best = math.inf
    for heat in itertools.combinations(allowed, 2):  # two slots of one unit each
        for car in itertools.combinations(range(3), 2):  # the car needs 1000 Wh by slot 3
            for path in itertools.product(range(4), repeat=n):
                total, before = 0.0, start
                for i, after in enumerate(path):
                    delta = (after - before) * U
                    if abs(delta) > (b.max_charge_w if delta > 0 else b.max_discharge_w) / 2:
                        total = math.inf
                        break
                    extra = U * ((i in heat) + (i in car))
                    total += _slot_money(inputs.load_wh[i] + extra + delta - inputs.pv_wh[i],
                                         inputs.pv_wh[i], inputs.load_wh[i],
                                         inputs.buy_yen_per_kwh[i], inputs.sell_yen_per_kwh[i])
                    before = after
                best = min(best, total - value * path[-1] * U / 1000)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_a_home_plan_with_ecocute_and_car_is_the_enumerated_optimum(seed):
    inputs = _home_case(seed)
    plan = plan_charges(inputs)
    assert plan.status is PlanStatus.OPTIMAL
    assert plan.shortfalls == ()
    assert_physical(inputs, plan)
    value = inputs.stored_value_yen_per_kwh or 0.0
    objective = plan.cost_yen - value * stored_end_wh(inputs, plan) / 1000
    assert objective == pytest.approx(_enumerate_home(inputs), abs=TOLERANCE_YEN)


def test_the_cases_are_not_all_alike():
    """The enumeration would prove little if every case planned the same way."""
    kinds = set()
    for seed in range(40):
        inputs = _battery_case(seed)
        kinds |= {d.kind for d in plan_charges(inputs).decisions}
    assert {"grid_charge", "surplus_charge", "discharge"} <= kinds
    kinds = set()
    for seed in range(25):
        kinds |= {d.kind for d in plan_charges(_home_case(seed)).decisions}
    assert {"ecocute_night", "ecocute_surplus", "ev_charge", "discharge"} <= kinds
