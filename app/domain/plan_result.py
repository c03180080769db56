"""The Plan made of a plan's flows: slot actions, cost, shortfalls and explained decisions,
so that a plan reads the same whichever way it was made."""

from __future__ import annotations

from app.domain.charge_plan import (
    SLOT_HOURS,
    Plan,
    PlanInputs,
    PlanStatus,
    Shortfall,
    ShortfallKind,
    SlotPlan,
)
from app.domain.ecocute_cycles import refills
from app.domain.plan_decisions import decisions
from app.domain.plan_flows import TOLERANCE_WH, Flows, cost_yen


def _shortfalls(inputs: PlanInputs, flows: Flows) -> tuple[Shortfall, ...]:
    out: list[Shortfall] = []
    ev, deadline = inputs.planned_ev, inputs.ev_deadline()
    if ev is not None and deadline > 0:
        missing = ev.target_pct / 100.0 * ev.capacity_wh - flows.ev_stored[deadline - 1]
        if missing > TOLERANCE_WH:
            out.append(Shortfall(ShortfallKind.EV_TARGET, float(missing),
                                 inputs.slot_start(deadline)))
    for refill in refills(inputs):
        heated = float(sum(flows.ecocute[i] for i in refill.allowed(inputs.n)))
        missing = refill.min_in_horizon_wh(inputs.n) - heated
        if missing > TOLERANCE_WH:
            out.append(Shortfall(ShortfallKind.ECOCUTE_HEATING, missing, refill.deadline))
    return tuple(out)


def build_plan(inputs: PlanInputs, flows: Flows, status: PlanStatus,
               solve_ms: float = 0.0) -> Plan:
    battery, ev = inputs.battery, inputs.planned_ev
    deadline = inputs.ev_deadline()
    slots = []
    for i, share in enumerate(inputs.fractions):
        hours = SLOT_HOURS * share  # the first slot's powers: over its rest only
        soc = None if battery is None else float(flows.stored[i] / battery.capacity_wh * 100)
        ev_level = (float(flows.ev_stored[i] / ev.capacity_wh * 100)
                    if ev is not None and i < deadline else None)
        slots.append(SlotPlan(
            start=inputs.slot_start(i),
            battery_charge_w=float(flows.charge[i] / hours),
            battery_discharge_w=float(flows.discharge[i] / hours),
            grid_buy_wh=float(flows.buy[i]), grid_sell_wh=float(flows.sell[i]),
            soc_pct=soc,
            ev_w=float((flows.ev_charge[i] - flows.ev_discharge[i]) / hours),
            ev_level_pct=ev_level, ecocute_w=float(flows.ecocute[i] / hours),
            curtailed_wh=float(flows.curtail[i])))
    end_stored = float(flows.stored[-1]) if battery is not None else 0.0
    if ev is not None and ev.can_discharge and ev.departure_slot is None:
        end_stored += float(flows.ev_stored[-1])
    return Plan(status=status, start=inputs.start, slots=tuple(slots),
                decisions=decisions(inputs, flows), shortfalls=_shortfalls(inputs, flows),
                cost_yen=cost_yen(inputs, flows), end_stored_wh=end_stored, solve_ms=solve_ms)
