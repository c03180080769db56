"""What each device should be set to now, and the Sets that get it there (pure).

The plan's current slot says what the battery, the car and the EcoCute do; here that
becomes ECHONET Lite properties:

* battery (0x027D): 0xDA "charging" with 0xEB the charge power, "discharging" with 0xEC
  the discharge power, or "standby" (hold the level). A surplus charge is Set the same
  way as a grid charge (at the planned power: the battery's own program would discharge
  where the plan holds). Self-consumption is "auto", the battery's own program (the
  seed's 環境 mode); with it, where the battery has a discharge floor it can be Set
  (0xA7), the outage-care reserve (停電ケア). Under the plan, see `battery_settings`: the
  battery follows the home where the plan allows, and above the horizon's cheapest price,
  unless charging from the grid, both ways, whatever the forecast said (`follows_house`).
* the car (0x027E): the same modes and powers; self-consumption: its own "auto".
* the EcoCute (0x026B): 0xB0 "manual_heating" in a slot the plan heats, "manual_stop"
  otherwise; self-consumption: "auto", its own night program.

A power is Set only where the device's Set map has it, always inside its range (0xC8 /
0xC9) and before the mode (the mode's first minutes run at the new power). A property
already at the wanted value is not Set again; a power counts as equal within POWER_TOL_W.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.charge_plan import ActionKind, Plan
from app.domain.control_inputs import (
    BATTERY_CLASS,
    CHARGE_METHOD_EPC,
    CHARGE_POWER_EPC,
    DISCHARGE_METHOD_EPC,
    DISCHARGE_POWER_EPC,
    ECOCUTE_CLASS,
    HEATING_EPC,
    MODE_EPC,
    RESERVE_EPC,
    V2H_CLASS,
    DeviceState,
)
from app.domain.events import Cause

FLOW_TOL_W = 20.0  # a planned flow below this is no action (the LP's rounding)
COVER_W = 100.0  # a following battery turns to cover a lack, or to store a surplus, above this
PRICE_TOL = 1e-9  # 円/kWh
LEVEL_TOL_PCT = 0.5  # a level this close to the reserve, or to full, is there
POWER_TOL_W = 10.0
OWN_PROGRAM = {BATTERY_CLASS: (MODE_EPC, "auto"), V2H_CLASS: (MODE_EPC, "auto"),
               ECOCUTE_CLASS: (HEATING_EPC, "auto")}


@dataclass(frozen=True, slots=True)
class Setting:
    """One property of one device to Set, and why (the history's cause)."""

    device: str
    epc: int
    value: Any
    cause: Cause


def _power(state: DeviceState, epc: int, watts: float) -> int | None:
    """`watts` inside the device's range for that direction, or None: it cannot be Set."""
    if not state.can_set(epc, unknown=False):
        return None
    limits = state.power_range(0xC8 if epc == CHARGE_POWER_EPC else 0xC9)
    if limits is not None:
        watts = min(max(watts, limits[0]), limits[1])
    return round(watts)


def _mode_and_power(state: DeviceState, charge_w: float, discharge_w: float,
                    cause: Cause) -> list[Setting]:
    out = []
    if charge_w >= FLOW_TOL_W:
        power, epc, mode = _power(state, CHARGE_POWER_EPC, charge_w), CHARGE_POWER_EPC, \
            "charging"
    elif discharge_w >= FLOW_TOL_W:
        power, epc, mode = _power(state, DISCHARGE_POWER_EPC, discharge_w), \
            DISCHARGE_POWER_EPC, "discharging"
    else:
        return [Setting(state.device, MODE_EPC, "standby", cause)]
    if power is not None:
        out.append(Setting(state.device, epc, power, cause))
    out.append(Setting(state.device, MODE_EPC, mode, cause))
    return out


def current_kind(plan: Plan, kinds: Iterable[ActionKind]) -> ActionKind | None:
    """The plan's decision of one of `kinds` that covers its first slot."""
    wanted = set(kinds)
    return next((d.kind for d in plan.decisions
                 if d.kind in wanted and d.first_slot <= 0 < d.end_slot), None)


def follows_house(plan: Plan, buy_yen_per_kwh: Sequence[float]) -> bool:
    """Whether the battery follows the house both ways in the plan's first slot, whatever
    the plan expected there: it covers a shortfall and stores a surplus, the minute they
    come (`covering`). It does unless the slot charges from the grid or is priced at the
    horizon's cheapest, where a hold keeps the energy for dearer hours. A forecast is
    never exact: a plan that held for a surplus to come bought a cloud's or a kettle's
    shortfall at 43-51 円 with the battery nearly full, and one that discharged for a
    shortfall sold a sunny spell at 15 円. Over the simulated year following took the
    forecast control from 77 % to 84 % of perfect control's saving (the control
    benchmark); not covering where a dearer hour came before the cheap ones did worse."""
    return current_kind(plan, (ActionKind.GRID_CHARGE,)) is not ActionKind.GRID_CHARGE \
        and len(buy_yen_per_kwh) > 0 and buy_yen_per_kwh[0] > min(buy_yen_per_kwh) + PRICE_TOL


def planned_cover(plan: Plan) -> bool:
    """What the plan expected in its first slot: a discharge covers a shortfall."""
    return plan.slots[0].battery_discharge_w >= FLOW_TOL_W


def covering(was: bool, shortfall_w: float | None, *, soc_pct: float | None = None,
             reserve_pct: float = 0.0) -> bool:
    """Whether a battery that follows the house covers it now: from a shortfall above
    COVER_W until a surplus above COVER_W (in between, as it was: a house near balance
    does not make the battery turn about each minute). No reading: as it was. With the
    battery's level (`soc_pct`), a turn it could not act on is not made: to cover at its
    reserve, or to store when full, would be two Sets and two history entries for
    nothing (at the reserve the battery stops discharging by itself)."""
    if shortfall_w is None:
        return was
    now = shortfall_w > -COVER_W if was else shortfall_w > COVER_W
    if soc_pct is not None and now != was:
        if now and soc_pct <= reserve_pct + LEVEL_TOL_PCT:
            return was
        if not now and soc_pct >= 100.0 - LEVEL_TOL_PCT:
            return was
    return now


def battery_settings(plan: Plan, state: DeviceState, *, cover: bool | None = None
                     ) -> list[Setting]:
    """The battery in the plan's first slot.

    A forecast is never exact, so the battery follows the home where the plan allows:
    a charge from the surplus, and a hold, run as surplus charging (0xC1 "surplus": it
    takes what PV really leaves over, nothing at night) and a discharge as load following
    (0xC2: it covers what the house really lacks). Only a charge from the grid runs at
    the planned power. Fixed powers
    for every slot cost more than no control at all over a simulated year (the control
    benchmark): a surplus that came early was sold and a load that came late was bought.
    `cover` (where the battery follows the house: `follows_house`, `covering`): True,
    the house lacks power now: load following; False, it has a surplus: surplus charging;
    None: as the plan has it.
    """
    slot = plan.slots[0]
    kind = current_kind(plan, (ActionKind.GRID_CHARGE, ActionKind.SURPLUS_CHARGE,
                               ActionKind.DISCHARGE))
    cause = Cause.SURPLUS_CHARGING if kind is ActionKind.SURPLUS_CHARGE else Cause.AI_CONTROL
    charging, discharging = (slot.battery_charge_w >= FLOW_TOL_W,
                             slot.battery_discharge_w >= FLOW_TOL_W)
    if cover is not None and kind is not ActionKind.GRID_CHARGE and state.can_set(
            DISCHARGE_METHOD_EPC if cover else CHARGE_METHOD_EPC, unknown=False):
        charging, discharging = not cover, cover  # else the method it lacks: as planned
        if cover:
            cause = Cause.AI_CONTROL
    if not discharging and kind is not ActionKind.GRID_CHARGE \
            and state.can_set(CHARGE_METHOD_EPC, unknown=False):
        return [Setting(state.device, CHARGE_METHOD_EPC, "surplus", cause),
                Setting(state.device, MODE_EPC, "charging", cause)]
    if discharging and state.can_set(DISCHARGE_METHOD_EPC, unknown=False):
        return [Setting(state.device, DISCHARGE_METHOD_EPC, "load_following", cause),
                Setting(state.device, MODE_EPC, "discharging", cause)]
    method = [Setting(state.device, CHARGE_METHOD_EPC, "designated_power", cause)] \
        if charging and state.can_set(CHARGE_METHOD_EPC, unknown=False) else []
    return method + _mode_and_power(state, slot.battery_charge_w, slot.battery_discharge_w,
                                    cause)


def ev_settings(plan: Plan, state: DeviceState) -> list[Setting]:
    slot = plan.slots[0]
    return _mode_and_power(state, max(slot.ev_w, 0.0), max(-slot.ev_w, 0.0),
                           Cause.AI_CONTROL)


def ecocute_settings(plan: Plan, state: DeviceState) -> list[Setting]:
    heating = plan.slots[0].ecocute_w >= FLOW_TOL_W
    return [Setting(state.device, HEATING_EPC, "manual_heating" if heating else "manual_stop",
                    Cause.AI_CONTROL)]


def own_program(state: DeviceState, cause: Cause, reserve_pct: float | None = None
                ) -> list[Setting]:
    """Self-consumption: the device's own program; the battery's floor at the reserve
    where it can be Set."""
    out = []
    if reserve_pct is not None and state.class_code == BATTERY_CLASS \
            and state.can_set(RESERVE_EPC, unknown=False):
        out.append(Setting(state.device, RESERVE_EPC, round(reserve_pct), Cause.OUTAGE_CARE))
    epc, value = OWN_PROGRAM[state.class_code]
    out.append(Setting(state.device, epc, value, cause))
    return out


def needed(settings: Iterable[Setting], state: DeviceState) -> list[Setting]:
    """The settings the device does not have yet (what it answered now)."""
    out = []
    for s in settings:
        now = state.values.get(s.epc)
        if isinstance(s.value, int | float) and isinstance(now, int | float) \
                and not isinstance(now, bool) and abs(now - s.value) < POWER_TOL_W \
                and s.epc in (CHARGE_POWER_EPC, DISCHARGE_POWER_EPC):
            continue
        if now == s.value:
            continue
        out.append(s)
    return out
