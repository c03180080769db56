"""Self-consumption: what the home does with no plan (the fallback, and the baseline that
savings are measured against).

Slot by slot, with no forecast: the EcoCute heats in its night window, finishing at the
window's end as the unit itself does (no day-time shift); the car, once plugged in,
charges at full power until its target; the battery charges from what PV has left over
and covers what the house still lacks, down to its reserve, never from or to the grid
(the simulator's "green" mode); what is left over is sold, or curtailed where nothing is
sold, and what is still missing is bought.
"""

from __future__ import annotations

import numpy as np

from app.domain.charge_plan import SLOT_HOURS, Plan, PlanInputs, PlanStatus
from app.domain.ecocute_cycles import refills
from app.domain.plan_flows import Flows
from app.domain.plan_result import build_plan


def _ecocute_at_night(inputs: PlanInputs) -> np.ndarray:
    """Each refill in the last slots of its night still to come, at full power."""
    out = np.zeros(inputs.n)
    for refill in refills(inputs):
        left = refill.required_wh
        for slot in sorted((i for i in refill.night if i >= 0), reverse=True):
            if left <= 0.0:
                break
            energy = min(left, refill.max_slot_wh * (inputs.first_slot_fraction
                                                     if slot == 0 else 1.0))
            if slot < inputs.n:
                out[slot] = energy
            left -= energy
    return out


def _ev_at_once(inputs: PlanInputs) -> tuple[np.ndarray, np.ndarray]:
    """(charge, stored): full power from now until the target or the departure."""
    charge, stored = np.zeros(inputs.n), np.zeros(inputs.n)
    ev = inputs.planned_ev
    if ev is None:
        return charge, stored
    level, target = ev.level_pct / 100 * ev.capacity_wh, ev.target_pct / 100 * ev.capacity_wh
    leg = ev.leg_efficiency
    for i, share in enumerate(inputs.fractions[:inputs.ev_deadline()]):
        charge[i] = max(0.0, min(ev.max_charge_w * SLOT_HOURS * share, (target - level) / leg))
        level += charge[i] * leg
        stored[i] = level
    return charge, stored


def self_consumption_plan(inputs: PlanInputs) -> Plan:
    n = inputs.n
    ecocute = _ecocute_at_night(inputs)
    ev_charge, ev_stored = _ev_at_once(inputs)
    need = np.asarray(inputs.load_ahead_wh) + ecocute + ev_charge - np.asarray(inputs.pv_ahead_wh)
    buy, sell, curtail = np.zeros(n), np.zeros(n), np.zeros(n)
    charge, discharge, stored = np.zeros(n), np.zeros(n), np.zeros(n)
    battery = inputs.battery
    energy = 0.0
    if battery is not None:
        energy = inputs.soc_pct / 100 * battery.capacity_wh
        floor = min(battery.reserve_pct / 100 * battery.capacity_wh, energy)
        leg = battery.leg_efficiency
    for i, share in enumerate(inputs.fractions):
        lack = float(need[i])
        hours = SLOT_HOURS * share  # the first slot: its rest only
        if battery is not None:
            if lack < 0.0:
                charge[i] = min(-lack, battery.max_charge_w * hours,
                                (battery.capacity_wh - energy) / leg)
                energy += charge[i] * leg
                lack += charge[i]
            elif lack > 0.0:
                discharge[i] = min(lack, battery.max_discharge_w * hours,
                                   max(0.0, energy - floor) * leg)
                energy -= discharge[i] / leg
                lack -= discharge[i]
            stored[i] = energy
        if lack > 0.0:
            buy[i] = lack
        elif inputs.sells(i):
            sell[i] = -lack
        else:
            curtail[i] = -lack
    flows = Flows(buy=buy, sell=sell, curtail=curtail, charge=charge, discharge=discharge,
                  stored=stored, ev_charge=ev_charge, ev_discharge=np.zeros(n),
                  ev_stored=ev_stored, ecocute=ecocute)
    return build_plan(inputs, flows, PlanStatus.SELF_CONSUMPTION)
