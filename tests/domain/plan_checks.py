"""Checks that a plan is physically possible for its inputs, read from the plan alone."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest

from app.domain.charge_plan import SLOT_HOURS, Plan, PlanInputs
from app.domain.ecocute_cycles import refills

TOL = 0.05  # Wh: the solver's rounding, far below a metered watt-hour


@dataclass(frozen=True)
class PlanFlows:
    buy: np.ndarray
    sell: np.ndarray
    charge: np.ndarray
    discharge: np.ndarray
    ev_charge: np.ndarray
    ev_discharge: np.ndarray
    ecocute: np.ndarray
    curtailed: np.ndarray
    soc: np.ndarray


def flows_of(plan: Plan, fractions: tuple[float, ...] | None = None) -> PlanFlows:
    """`fractions`: the share of each slot the plan covers (`PlanInputs.fractions`)."""
    def column(name: str) -> np.ndarray:
        return np.array([getattr(s, name) or 0.0 for s in plan.slots], dtype=float)

    hours = SLOT_HOURS * (np.ones(len(plan.slots)) if fractions is None
                          else np.asarray(fractions, dtype=float))
    ev = column("ev_w") * hours
    return PlanFlows(buy=column("grid_buy_wh"), sell=column("grid_sell_wh"),
                     charge=column("battery_charge_w") * hours,
                     discharge=column("battery_discharge_w") * hours,
                     ev_charge=np.maximum(ev, 0.0), ev_discharge=np.maximum(-ev, 0.0),
                     ecocute=column("ecocute_w") * hours,
                     curtailed=column("curtailed_wh"), soc=column("soc_pct"))


def stored_end_wh(inputs: PlanInputs, plan: Plan) -> float:
    assert inputs.battery is not None
    return flows_of(plan).soc[-1] / 100 * inputs.battery.capacity_wh


def assert_physical(inputs: PlanInputs, plan: Plan) -> None:
    n = inputs.n
    f = flows_of(plan, inputs.fractions)
    hours = SLOT_HOURS * np.asarray(inputs.fractions)  # a slot's energy at 1 W
    assert len(plan.slots) == n
    pv, load = np.asarray(inputs.pv_ahead_wh), np.asarray(inputs.load_ahead_wh)
    for name in ("buy", "sell", "charge", "discharge", "ev_charge", "ecocute", "curtailed"):
        assert (getattr(f, name) >= -TOL).all(), name
    supply = pv - f.curtailed + f.buy + f.discharge + f.ev_discharge
    use = load + f.sell + f.charge + f.ev_charge + f.ecocute
    np.testing.assert_allclose(supply, use, atol=TOL)
    assert (f.curtailed <= pv + TOL).all()
    # Only surplus PV (and a battery that may sell) is sold; nothing where no price.
    battery = inputs.battery
    export = battery.max_discharge_w * hours if battery and battery.may_sell else np.zeros(n)
    for i in range(n):
        cap = max(pv[i] - load[i], 0.0) + export[i] if inputs.sells(i) else 0.0
        assert f.sell[i] <= cap + TOL, f"slot {i} sells {f.sell[i]} > {cap}"
        assert min(f.buy[i], f.sell[i]) <= TOL, f"slot {i} buys and sells"
        assert min(f.charge[i], f.discharge[i]) <= TOL, f"slot {i} charges and discharges"
    if battery is not None:
        leg = math.sqrt(battery.round_trip_efficiency)
        cap = battery.capacity_wh
        before = np.r_[inputs.soc_pct, f.soc[:-1]] / 100 * cap
        after = before + leg * f.charge - f.discharge / leg
        np.testing.assert_allclose(after, f.soc / 100 * cap, atol=TOL)
        floor = min(battery.reserve_pct, inputs.soc_pct)
        assert (f.soc >= floor - 1e-4).all(), f"below the reserve: {f.soc.min()}"
        assert (f.soc <= 100 + 1e-4).all()
        assert (f.charge <= battery.max_charge_w * hours + TOL).all()
        assert (f.discharge <= battery.max_discharge_w * hours + TOL).all()
    else:
        assert (f.charge <= TOL).all() and (f.discharge <= TOL).all()
    ev = inputs.planned_ev
    deadline = inputs.ev_deadline()
    if ev is not None:
        assert (f.ev_charge[deadline:] <= TOL).all() and (f.ev_discharge[deadline:] <= TOL).all()
        assert (f.ev_charge <= ev.max_charge_w * hours + TOL).all()
        if not ev.can_discharge:
            assert (f.ev_discharge <= TOL).all()
        level = ev.level_pct / 100 * ev.capacity_wh
        for i in range(deadline):
            level += f.ev_charge[i] * ev.leg_efficiency - f.ev_discharge[i] / ev.leg_efficiency
            assert abs(level - plan.slots[i].ev_level_pct / 100 * ev.capacity_wh) < TOL
    else:
        assert (f.ev_charge <= TOL).all() and (f.ev_discharge <= TOL).all()
    spec = inputs.ecocute
    if spec is not None:
        allowed = {i for r in refills(inputs) for i in r.allowed(n)}
        assert (f.ecocute <= spec.power_w * hours + TOL).all()
        assert all(f.ecocute[i] <= TOL for i in range(n) if i not in allowed)
    else:
        assert (f.ecocute <= TOL).all()
    sell_price = np.array([p or 0.0 for p in inputs.sell_yen_per_kwh])
    cost = (f.buy @ np.asarray(inputs.buy_yen_per_kwh) - f.sell @ sell_price) / 1000
    assert plan.cost_yen == pytest.approx(cost, abs=1e-6)
