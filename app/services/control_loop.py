"""The AI control loop's work, on the control service's worker (AIソーラーチャージ).

`tick` is called every minute of the home's clock and at once on any change; it watches
what is cheap to watch (the store) and runs a round when one is due:

* the half hour changed, or the clock jumped (the plan starts at the current half hour);
* the service asked: a new weather view, the settings changed, a manual Set, the
  weather-warning linkage began or ended, a page shown, the panel started;
* the rate plan, the settings or the linkage's state changed in the store (the command
  line or another page), or a device was found (discovery goes on after the start);
* the battery's level left the plan's course by more than SOC_REPLAN_PCT (once a slot);
* where the battery follows the house (above the horizon's cheapest price, no grid
  charge: control_actions.follows_house), the house turned from a surplus to a shortfall
  or back (`covering`): the battery is turned about;
* the purchase of this slot passed its 30-minute target (節電設定): a notice, once per
  slot, and the battery's AI control suspended for the rest of the slot.

A round reads the devices' real state, judges the seed's conditions, makes the plan (or
the self-consumption fallback, with the reason) and sends the Sets of the plan's current
slot, each confirmed by reading it back and recorded with its cause. A device that will
not take a Set is asked again, then a notice says so and the plan is made again without
it (until RETRY_S later). While the weather-warning linkage is in force the battery and
the V2H stand are the linkage's: the loop leaves them alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.domain import series as s
from app.domain.charge_plan import Plan, PlanInputs
from app.domain.charge_plan_prices import horizon_prices
from app.domain.charge_planner import plan_charges, self_consumption_plan
from app.domain.circuits import CircuitRole
from app.domain.control_actions import (
    Setting,
    battery_settings,
    covering,
    ecocute_settings,
    ev_settings,
    follows_house,
    needed,
    own_program,
    planned_cover,
)
from app.domain.control_conditions import (
    ControlFacts,
    fallback_of,
    judge,
    v2h_allowed,
)
from app.domain.control_inputs import (
    BATTERY_CLASS,
    ECOCUTE_CLASS,
    HORIZON_SLOTS,
    MODE_EPC,
    READ_EPCS,
    SET_MAP_EPC,
    V2H_CLASS,
    BatteryUnknown,
    DeviceState,
    battery_soc,
    battery_spec,
    ecocute_spec,
    ev_spec,
    forecast_from,
    net_load,
    night_start,
    refill_began,
    targets,
)
from app.domain.control_json import ControlState, KeptRound
from app.domain.control_view import (
    ControlMode,
    ControlSettings,
    ControlView,
    Fallback,
)
from app.domain.device_command import CommandOutcome, CommandResult, DeviceCommand
from app.domain.events import Cause, device_key
from app.domain.forecast_scenarios import LEARN_DAYS as SCENARIO_DAYS
from app.domain.forecast_scenarios import Scenario, learnt_scenarios
from app.domain.notices import Importance, Template, home_notice
from app.domain.weather import WeatherView
from app.services.control_query import ANSWER_WAIT_S, ControlQuery
from app.services.control_savings_query import savings
from app.services.cost_query import PLAN_SETTING, household_plan, national_surcharge
from app.services.energy_outlook import slot_start, temperatures
from app.services.plan_query import home_state
from app.sources.device_link import DeviceLink
from app.store import forecasts as forecast_store
from app.store.control_settings import (
    SETTINGS_KEY,
    control_settings,
    control_state,
    last_round,
    save_control_state,
    save_round,
)
from app.store.linkage_settings import LINKAGE_STATE_SETTING, linkage_state

from . import control_measured as measured

log = logging.getLogger(__name__)

ATTEMPTS = 2  # a refused Set is asked once more before the device is left out
RETRY_S = 1800.0  # a device left out is tried again after half an hour
SOC_REPLAN_PCT = 10.0  # the battery this far off the plan's course: plan again
SLOT_S = 1800.0
MIN_SLOT_LEFT = 1 / 60  # half a minute: the first slot is never planned as empty
BOARD_CLASS, SMART_METER_CLASS = 0x0287, 0x0288
# Plan, a device refuses, plan again without it: at most once per device, and a last
# plan that has none left to refuse.
MAX_PASSES = 1 + len(READ_EPCS)
Post = Callable[[object], None]


def slot_left(start: datetime, now: float) -> float:
    """The share of the half hour from `start` still ahead at `now` (a round at :22 has
    8 of 30 minutes): the plan's first slot is that rest, so a charge planned for it
    runs at the power that gets its energy in before the slot ends."""
    left = (start.timestamp() + SLOT_S - now) / SLOT_S
    return min(max(left, MIN_SLOT_LEFT), 1.0)


class ControlLoop:
    def __init__(self, query: ControlQuery, link: DeviceLink, now: Callable[[], float],
                 zone: ZoneInfo, *, registered: Callable[[], bool],
                 post: Post | None = None,
                 planner: Callable[[PlanInputs], Plan] = plan_charges) -> None:
        self._query = query
        self._link = link
        self._now = now
        self._zone = zone
        self._registered = registered
        self._post = post
        self._planner = planner
        self._home = home_state(registered, now)
        self.last: ControlView | None = None
        self._slot: datetime | None = None  # the slot of the last round
        self._fingerprint: tuple | None = None
        self._soc_slot: datetime | None = None  # a level drift already re-planned
        # Following the house: the slot, whether it covers, the battery's level and reserve.
        self._cover: tuple[datetime, bool, float, float] | None = None

    @property
    def store(self):
        return self._query.store

    # --- the watch --------------------------------------------------------------------

    def kept(self) -> ControlView | None:
        """The last round as kept in the store (its plan made again), for a restart."""
        kept = last_round(self.store)
        if kept is None:
            return None
        plan = None
        if kept.inputs is not None:
            plan = (self._planner(kept.inputs) if kept.mode is ControlMode.AI
                    else self_consumption_plan(kept.inputs))
        view = ControlView(kept.mode, control_settings(self.store), plan, kept.inputs,
                           kept.fallback, kept.fallback_detail, kept.conditions, kept.savings,
                           kept.month_saved_yen, kept.made_at, kept.notes)
        if self.last is None:
            self.last = view
        return view

    def tick(self, weather: WeatherView | None, why: Iterable[str] = ()) -> ControlView | None:
        """A round if one is due (see the module doc); None: nothing changed."""
        store, now = self.store, self._now()
        start = slot_start(now, self._zone)
        reasons = set(why)
        settings = control_settings(store)
        state = control_state(store)
        if self._watch_target(settings, state, start, now):
            reasons.add("target")
        if self.last is None or self._slot != start or now < self.last.made_at - 60.0:
            reasons.add("slot")
        if self._fingerprint != self._fingerprint_now():
            reasons.add("settings")
        if self._flow_turned(start, now):
            reasons.add("flow")
        if self._drifted(start, now):
            self._soc_slot = start
            reasons.add("soc")
        if not reasons:
            return None
        log.info("control round (%s)", ", ".join(sorted(reasons)))
        return self.round(weather)

    def _fingerprint_now(self) -> tuple:
        """What a new plan depends on besides the clock and the devices' values: the rate
        plan, the settings, the linkage's state, and which devices were found (a panel
        starts before discovery has found the battery)."""
        store = self.store
        found = tuple(sorted(d for cls, d in self._found().items()
                             if cls in READ_EPCS or cls == BOARD_CLASS))
        return (store.get_setting(PLAN_SETTING), store.get_setting(SETTINGS_KEY),
                store.get_setting(LINKAGE_STATE_SETTING), found)

    def _watch_target(self, settings: ControlSettings, state: ControlState, start: datetime,
                      now: float) -> bool:
        """The purchase of this slot passed its target: told once, the round re-planned."""
        target = targets(settings, start, 1)[0]
        if target is None or state.target_slot == start.timestamp() or not settings.ai_enabled:
            return False
        bought = measured.bought_in_slot(self.store, start, now)
        if bought is None or bought <= target:
            return False
        save_control_state(self.store, replace(state, target_slot=start.timestamp()))
        end = start + timedelta(minutes=30)
        if self._post is not None:
            self._post(home_notice(
                Template.SAVING_TARGET_EXCEEDED, now,
                {"slot": f"{start:%H:%M}–{end:%H:%M}", "target_w": round(target * 2),
                 "actual_w": round(bought * 2)}, Importance.NORMAL, f"{start.timestamp():.0f}"))
        log.info("30-minute target exceeded in %s: %.0f > %.0f Wh", start, bought, target)
        return True

    def _drifted(self, start: datetime, now: float) -> bool:
        """The battery's level is off the plan's course (once per slot)."""
        last = self.last
        if last is None or last.plan is None or not last.plan.slots or self._soc_slot == start \
                or last.inputs is None or last.inputs.battery is None:
            return False
        index = int((start - last.plan.start) / timedelta(minutes=30))
        if not 0 <= index < len(last.plan.slots):
            return False
        before = (last.inputs.soc_pct if index == 0 else last.plan.slots[index - 1].soc_pct)
        after = last.plan.slots[index].soc_pct
        level = measured.live_soc(self.store, now)
        if level is None or before is None or after is None:
            return False
        # The plan's first slot runs from when it was made (a round in mid-slot).
        since = max(start.timestamp(), last.made_at) if index == 0 else start.timestamp()
        end = start.timestamp() + SLOT_S
        share = min(1.0, max(0.0, (now - since) / max(end - since, 1.0)))
        expected = before + (after - before) * share
        return abs(level - expected) > SOC_REPLAN_PCT

    # --- a round ----------------------------------------------------------------------

    def round(self, weather: WeatherView | None) -> ControlView:
        store, now = self.store, self._now()
        start = slot_start(now, self._zone)
        settings, state = control_settings(store), control_state(store)
        self._slot, self._fingerprint = start, self._fingerprint_now()
        found = self._found()
        states = {cls: self._read(device) for cls, device in found.items()
                  if cls in READ_EPCS}
        failed = {d for d, at in state.failed.items() if 0 <= now - at < RETRY_S}
        linkage = linkage_state(store).in_force
        notes: list[str] = []
        view: ControlView | None = None
        for _ in range(MAX_PASSES):
            view, wanted = self._decide(settings, state, weather, states, failed, linkage,
                                        BOARD_CLASS in found, start, now, notes)
            refused = self._apply(wanted, states, state)
            state = control_state(store)
            if not refused:
                break
            failed |= refused
            state = replace(state, failed={**state.failed, **{d: now for d in refused}})
            save_control_state(store, state)
            notes.append("replanned_without:" + ",".join(sorted(refused)))
        assert view is not None
        state = replace(state, failed={d: at for d, at in state.failed.items()
                                       if 0 <= now - at < RETRY_S})
        if view.mode is ControlMode.AI:
            state = state.with_ai_slot(start)
        save_control_state(store, state)
        save_round(store, KeptRound(view.mode, view.inputs, view.fallback, view.fallback_detail,
                                    view.conditions, view.savings, view.month_saved_yen,
                                    view.made_at, view.notes))
        self.last = view
        return view

    def _found(self) -> dict[int, str]:
        """The first device found of each class the loop asks (battery, V2H, EcoCute,
        and whether a measurement unit is there)."""
        found: dict[int, str] = {}
        for seen in self._link.devices():
            if seen.class_code not in found:
                found[seen.class_code] = device_key(seen.address, seen.eoj)
        return found

    def _read(self, device: str) -> DeviceState | None:
        class_code = int(device.rpartition("/")[2], 16) >> 8
        epcs = READ_EPCS.get(class_code)
        if epcs is None:
            return None
        try:
            values = self._link.query(device, epcs).result(ANSWER_WAIT_S)
        except FutureTimeout:
            values = {}
        if not values:
            return DeviceState(device, {}, None)
        settable = values.get(SET_MAP_EPC)
        return DeviceState(device, {k: v for k, v in values.items() if k != SET_MAP_EPC},
                           frozenset(settable) if isinstance(settable, set | frozenset)
                           else None)

    def _decide(self, settings: ControlSettings, state: ControlState,
                weather: WeatherView | None, states: dict[int, DeviceState | None],
                failed: set[str], linkage: bool, measurement_unit: bool, start: datetime,
                now: float, notes: list[str]) -> tuple[ControlView, dict[str, list[Setting]]]:
        store = self.store
        rate_plan = household_plan(store)
        battery = states.get(BATTERY_CLASS)
        v2h, ecocute = states.get(V2H_CLASS), states.get(ECOCUTE_CLASS)
        load_outlook = weather.load if weather is not None else None
        facts = ControlFacts(
            rate_plan, self._home(store), start.date(),
            measurement_unit=measurement_unit,
            shortages=load_outlook.shortages if load_outlook is not None else (),
            linkage_in_force=linkage, target_exceeded=state.target_slot == start.timestamp(),
            v2h_present=v2h is not None,
            v2h_manual_charge=v2h is not None and v2h.text(MODE_EPC) == "charging"
            and v2h.device not in state.controlled)
        conditions = judge(facts)

        mode = ControlMode.AI if settings.ai_enabled else ControlMode.OFF
        fallback: tuple[Fallback, str] | None = None
        if battery is None:
            fallback = (Fallback.NO_BATTERY, "")
        elif battery.device in failed:
            fallback = (Fallback.DEVICE, battery.device)
        elif not battery.values:
            fallback = (Fallback.DEVICE, f"{battery.device}: no answer")
        fallback = fallback or fallback_of(conditions)

        n = HORIZON_SLOTS
        pv = forecast_from(weather.solar if weather else None, start, n)
        load = forecast_from(load_outlook.forecast if load_outlook else None, start, n)
        inputs: PlanInputs | None = None
        spec = soc = None
        if battery is not None and battery.values:
            try:
                spec = battery_spec(battery, settings.reserve_pct)
                soc = battery_soc(battery)
            except BatteryUnknown as exc:
                fallback = fallback or (Fallback.DEVICE, f"{battery.device}: {exc}")
            if soc is None and spec is not None:
                fallback = fallback or (Fallback.DEVICE, f"{battery.device}: level")
                spec = None
        prices = None
        if rate_plan is not None:
            try:
                prices = horizon_prices(rate_plan, start, n, national_surcharge())
            except (ValueError, LookupError) as exc:
                fallback = fallback or (Fallback.CONDITION, f"no_slot_prices: {exc}")
        if pv is None or load is None:
            fallback = fallback or (Fallback.NO_FORECAST,
                                    "solar" if pv is None else "load")
        if prices is not None and pv is not None and load is not None:
            n = min(len(pv), len(load))
            eco_spec = ev = None
            if ecocute is not None and ecocute.device not in failed and ecocute.values:
                eco_spec = self._ecocute(ecocute, settings, start, now)
                if eco_spec is None:
                    notes.append("ecocute_own_program")
            if v2h is not None and v2h.device not in failed and v2h.values \
                    and v2h_allowed(conditions) and not linkage:
                ev = ev_spec(v2h, settings, start, n)
            # The load forecast counts what the plan schedules itself (the EcoCute, the
            # car) and what the fuel cell supplies: their own forecasts come off it.
            heater = measured.role_series(store, CircuitRole.WATER_HEATER)
            temps = temperatures(store, weather.forecast if weather else None, now,
                                 self._zone)
            house = net_load(
                load[:n],
                measured.profile(store, heater, start, n, temps) if eco_spec else None,
                measured.profile(store, s.FUEL_CELL, start, n, temps),
                measured.profile(store, s.EV_CHARGE, start, n, temps) if ev else None)
            inputs = PlanInputs(start=start, buy_yen_per_kwh=prices[0][:n],
                                sell_yen_per_kwh=prices[1][:n], pv_wh=pv[:n], load_wh=house,
                                target_wh=targets(settings, start, n),
                                battery=spec, soc_pct=soc or 0.0, ev=ev, ecocute=eco_spec,
                                first_slot_fraction=slot_left(start, now),
                                # How wrong the forecasts have been: the plan hedges.
                                scenarios=self._scenarios())

        plan: Plan | None = None
        if mode is ControlMode.AI and fallback is None and inputs is not None:
            plan = self._planner(inputs)
            if not plan.ok:
                fallback = (Fallback.SOLVER, plan.message)
                self._post_plan_failed(plan.message, now)
                plan = None
        if mode is ControlMode.AI and fallback is not None:
            mode = ControlMode.SELF_CONSUMPTION
        if mode is ControlMode.OFF:
            fallback = None  # the household's choice, not a fallback
        if plan is None and inputs is not None:
            plan = self_consumption_plan(inputs)

        wanted = self._wanted(mode, fallback, plan, inputs, settings, state, states, failed,
                              linkage)
        saving_days, month = savings(store, rate_plan, start.date(), self._zone,
                                     spec, inputs.ecocute if inputs else None, state.ai_days)
        view = ControlView(mode, settings, plan, inputs,
                           None if fallback is None else fallback[0],
                           "" if fallback is None else fallback[1], conditions, saving_days,
                           month, now, tuple(notes))
        return view, wanted

    def _scenarios(self) -> tuple[Scenario, ...]:
        """The forecasts' errors of the last judged days, as scenarios the plan hedges
        against (none while too few days are judged)."""
        with self.store.read_sql() as conn:
            return learnt_scenarios(forecast_store.recent_accuracy(conn, SCENARIO_DAYS))

    def _ecocute(self, state: DeviceState, settings: ControlSettings, start: datetime,
                 now: float):
        """The EcoCute as the plan from `now` sees it: what its refill has done is counted
        up to now, and the plan's first slot is the rest of the half hour
        (`first_slot_fraction`: its sun, its load and a heating of that share), so the
        heat made earlier in the slot is counted once (issue 18)."""
        store = self.store
        began = refill_began(start, night_start(state), settings.ecocute_day_shift)
        history = measured.ecocute_history(store, measured.role_series(
            store, CircuitRole.WATER_HEATER), start.date(), self._zone, began, now)
        return ecocute_spec(state, history, start.month, settings.ecocute_day_shift)

    def _wanted(self, mode: ControlMode, fallback: tuple[Fallback, str] | None,
                plan: Plan | None, inputs: PlanInputs | None, settings: ControlSettings,
                state: ControlState, states: dict[int, DeviceState | None], failed: set[str],
                linkage: bool) -> dict[str, list[Setting]]:
        """The settings of each device this round (a device absent: left as it is)."""
        out: dict[str, list[Setting]] = {}
        self._cover = None  # set below where the battery follows the house
        battery, v2h = states.get(BATTERY_CLASS), states.get(V2H_CLASS)
        ecocute = states.get(ECOCUTE_CLASS)
        usable = {cls: st for cls, st in ((BATTERY_CLASS, battery), (V2H_CLASS, v2h),
                                          (ECOCUTE_CLASS, ecocute))
                  if st is not None and st.values and st.device not in failed}
        if linkage:  # the linkage charges the battery and the V2H: not ours meanwhile
            usable.pop(BATTERY_CLASS, None)
            usable.pop(V2H_CLASS, None)

        def restore(st: DeviceState, cause: Cause = Cause.AI_CONTROL) -> None:
            if st.device in state.controlled or st.class_code == BATTERY_CLASS:
                out[st.device] = own_program(st, cause, settings.reserve_pct
                                             if st.class_code == BATTERY_CLASS else None)

        if mode is ControlMode.OFF:
            for st in usable.values():
                if st.device in state.controlled:
                    out[st.device] = own_program(st, Cause.AI_CONTROL)
            return out
        if mode is ControlMode.SELF_CONSUMPTION or plan is None or inputs is None:
            cause = Cause.SAVING_TARGET if fallback and fallback[0] is Fallback.TARGET_EXCEEDED \
                else Cause.AI_CONTROL
            for st in usable.values():
                restore(st, cause if st.class_code == BATTERY_CLASS else Cause.AI_CONTROL)
            return out
        if BATTERY_CLASS in usable:
            st = usable[BATTERY_CLASS]
            wanted = battery_settings(plan, st, cover=self._covers(plan, inputs))
            out[st.device] = self._outage_care(wanted, st, inputs)
        if V2H_CLASS in usable:
            st = usable[V2H_CLASS]
            if inputs.planned_ev is not None:
                out[st.device] = ev_settings(plan, st)
            else:
                restore(st)
        if ECOCUTE_CLASS in usable:
            st = usable[ECOCUTE_CLASS]
            if inputs.ecocute is not None:
                out[st.device] = ecocute_settings(plan, st)
            else:
                restore(st)
        return out

    def _covers(self, plan: Plan, inputs: PlanInputs) -> bool | None:
        """Where the battery follows the house (control_actions.follows_house), whether it
        covers a shortfall now (True) or stores a surplus (False); None: as planned."""
        if not follows_house(plan, inputs.buy_yen_per_kwh):
            return None
        now = self._now()
        start = slot_start(now, self._zone)
        kept = self._cover
        was = kept[1] if kept is not None and kept[0] == start else planned_cover(plan)
        reserve = inputs.battery.reserve_pct if inputs.battery is not None else 0.0
        now_covering = covering(was, measured.live_shortfall(self.store, now),
                                soc_pct=inputs.soc_pct, reserve_pct=reserve)
        self._cover = (start, now_covering, inputs.soc_pct, reserve)
        return now_covering

    def _flow_turned(self, start: datetime, now: float) -> bool:
        """A battery following the house whose house turned from surplus to shortfall
        or back, where the battery can act on the turn (its live level, else the last
        round's)."""
        if self._cover is None or self._cover[0] != start:
            return False
        _, was, soc, reserve = self._cover
        live = measured.live_soc(self.store, now)
        return covering(was, measured.live_shortfall(self.store, now),
                        soc_pct=soc if live is None else live, reserve_pct=reserve) != was

    @staticmethod
    def _outage_care(wanted: list[Setting], st: DeviceState, inputs: PlanInputs
                     ) -> list[Setting]:
        """A discharge the plan stops because the level reached the reserve is outage
        care's doing (停電ケア), and the history says so."""
        battery = inputs.battery
        if battery is None or st.text(MODE_EPC) != "discharging" \
                or inputs.soc_pct > battery.reserve_pct + 0.5 \
                or any(x.value == "discharging" for x in wanted):
            return wanted
        return [replace(x, cause=Cause.OUTAGE_CARE) for x in wanted]

    # --- the Sets ---------------------------------------------------------------------

    def _apply(self, wanted: dict[str, list[Setting]],
               states: dict[int, DeviceState | None], state: ControlState) -> set[str]:
        """Send what each device lacks; the devices that refused (after ATTEMPTS)."""
        refused: set[str] = set()
        controlled = dict(state.controlled)
        by_device = {st.device: (cls, st) for cls, st in states.items() if st is not None}
        for device, settings in wanted.items():
            cls, st = by_device[device]
            for setting in needed(settings, st):
                result = self._set(setting)
                if not result.accepted:
                    refused.add(device)
                    self._post_refused(setting, result)
                    break
                st = replace(st, values={**st.values, setting.epc: setting.value})
            else:
                own = all(x.value == "auto" for x in settings if x.epc in (MODE_EPC, 0xB0))
                if own:
                    controlled.pop(device, None)
                else:
                    controlled[device] = self._now()
            states[cls] = st
        if controlled != dict(state.controlled):
            save_control_state(self.store, replace(control_state(self.store),
                                                   controlled=controlled))
        return refused

    def _set(self, setting: Setting) -> CommandResult:
        command = DeviceCommand(setting.device, setting.epc, setting.value, setting.cause)
        result = None
        for _ in range(ATTEMPTS):
            try:
                result = self._query.send(command)
            except ValueError as exc:  # a value the class table cannot carry: ours
                log.error("control: %s 0x%02X <- %r: %s", setting.device, setting.epc,
                          setting.value, exc)
                return CommandResult(command, CommandOutcome.REFUSED, self._now(),
                                     detail=str(exc))
            if result.accepted or result.outcome is CommandOutcome.UNREACHABLE:
                break  # an unreachable device was retried by the client already
        assert result is not None
        return result

    def _post_refused(self, setting: Setting, result: CommandResult) -> None:
        log.warning("control: %s refused 0x%02X <- %r (%s): planning without it",
                    setting.device, setting.epc, setting.value, result.outcome.value)
        if self._post is None:
            return
        self._post(home_notice(
            Template.CONTROL_DEVICE_FAILED, self._now(),
            {"device": setting.device, "name": "", "epc": setting.epc,
             "value": str(setting.value), "outcome": result.outcome.value},
            Importance.NORMAL, setting.device))

    def _post_plan_failed(self, message: str, now: float) -> None:
        log.error("control: no plan (%s); self-consumption", message)
        if self._post is not None:
            self._post(home_notice(Template.CONTROL_PLAN_FAILED, now, {"message": message},
                                   Importance.NORMAL, "solver"))
