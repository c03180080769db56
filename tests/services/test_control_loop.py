"""The AI control loop in the control service, on devices that answer from dicts and a
pinned clock: each seed condition failing alone falls back to self-consumption with its
reason; no or stale forecasts; a solver failure; a device that refuses; a restart mid-plan;
the 30-minute target; the settings saved and re-planned; the watch's own triggers.

The Sets over ECHONET Lite, against the simulated home, are in test_control_e2e.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain import series as s
from app.domain.charge_plan import ActionKind, Plan, PlanStatus
from app.domain.circuits import CircuitKind, CircuitRole, CircuitSpec
from app.domain.commissioning import GridMeter, HomeFacts
from app.domain.control_view import ControlMode, ControlSettings, ControlView, Fallback
from app.domain.energy_forecast import DayAccuracy, DayType, ForecastKind, LearningShortage
from app.domain.events import Cause, EventFilter, EventKind
from app.domain.notices import Template
from app.domain.series import HOME_SERIES
from app.domain.warning_linkage import LinkageState
from app.services.control_loop import ATTEMPTS, ControlLoop
from app.services.control_query import ControlQuery
from app.services.control_service import ControlService
from app.services.cost_query import PLAN_SETTING
from app.store import Store, open_store
from app.store import events as event_store
from app.store import forecasts as forecast_store
from app.store.control_settings import (
    control_settings,
    control_state,
    save_control_settings,
)
from app.store.home_setup import save_home_setup
from app.store.linkage_settings import save_linkage_state, set_linkage_enabled
from tests.fake_clock import FakeClock
from tests.services.control_helpers import (
    BATTERY,
    BATTERY_SETS,
    ECOCUTE,
    PLAN,
    V2H,
    FakeDevices,
    battery_values,
    ready_home,
    sunny,
    view,
)

ZONE = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 1, 22, 4, 40, tzinfo=ZONE)  # a Thursday, before the night price ends
SLOT = NOW.replace(minute=30)
DULL = sunny(SLOT, peak_wh=300.0)  # a grey day: the battery charges at night
LOAD = (600.0,) * 96


class Posted:
    def __init__(self) -> None:
        self.notices: list = []

    def post(self, notice) -> None:
        self.notices.append(notice)

    def of(self, template: Template) -> list:
        return [n for n in self.notices if n.template == template.value]


class Home:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.clock = FakeClock(NOW.timestamp())
        self.link = FakeDevices(self.clock.now)
        self.link.add(BATTERY, battery_values(30.0, "standby"), BATTERY_SETS)
        self.posted = Posted()
        self.registered = True
        with self.store() as store:
            ready_home(store)

    def store(self) -> Store:
        return open_store(self.data, "Asia/Tokyo")

    def service(self, **options) -> ControlService:
        options.setdefault("registered", lambda: self.registered)
        return ControlService(self.store, self.link, self.clock.now, notices=self.posted,
                              **options)

    def history(self) -> list[tuple[int | None, str | None, Cause | None]]:
        with self.store() as store, store.read_sql() as conn:
            kinds = (EventKind.OPERATION, EventKind.SAVING)  # the household's, the control's
            page = event_store.page(conn, EventFilter(kinds=kinds), 100)
        return [(r.epc, r.new, r.cause) for r in reversed(page.records)]


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    yield Home(tmp_path / "data")


def started(qtbot, control: ControlService, weather=None, check=lambda v: True
            ) -> ControlView:
    if weather is not None:
        control.on_weather(weather)
    return wait(qtbot, control, control.start, check)


def wait(qtbot, control: ControlService, act, check=lambda v: True) -> ControlView:
    with qtbot.waitSignal(control.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.made_at > 0 and check(v)) as blocker:
        act()
    return blocker.args[0]


def round_of(qtbot, control: ControlService, act) -> ControlView:
    """The next round's view (a page shown forces one)."""
    before = control.view
    return wait(qtbot, control, act, lambda v: v is not before)


def test_a_home_that_meets_every_condition_follows_the_plan(qtbot, home) -> None:
    control = home.service()
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        assert (v.mode, v.fallback) == (ControlMode.AI, None)
        assert v.plan.status is PlanStatus.OPTIMAL and v.inputs.soc_pct == 30.0
        assert [r.available for r in v.conditions] == [True, True]
        first = v.plan.decisions[0]
        assert (first.kind, first.first_slot) == (ActionKind.GRID_CHARGE, 0)
        watts = round(v.plan.slots[0].battery_charge_w)
        assert home.link.set_of(BATTERY, 0xEB) == [watts]  # the power first, then the mode
        assert home.link.set_of(BATTERY, 0xDA) == ["charging"]
        assert home.history() == [(0xEB, str(watts), Cause.AI_CONTROL),
                                  (0xDA, "charging", Cause.AI_CONTROL)]
        # Nothing changed: the next round sends nothing again.
        round_of(qtbot, control, control.refresh)
        assert len(home.link.sets) == 2
    finally:
        control.shutdown()


def _plan_text(change) -> str:
    data = json.loads(PLAN.read_text())
    change(data)
    return json.dumps(data)


def _two_peaks(data) -> None:
    data["versions"][0]["energy"]["seasons"][0]["weekday"] = [
        {"from": "07:00", "to": "10:00", "yen_per_kwh": 40.0},
        {"from": "10:00", "to": "17:00", "yen_per_kwh": 30.0},
        {"from": "17:00", "to": "23:00", "yen_per_kwh": 42.0},
        {"from": "23:00", "to": "07:00", "yen_per_kwh": 25.0}]


def _facts(**answers) -> HomeFacts:
    return HomeFacts(GridMeter.SMART_METER, **{"pv_full_feed_in": False,
                                               "ev_solar_charging": False, **answers})


BREAKERS = {
    "not_registered": lambda h, st: setattr(h, "registered", False),
    "full_feed_in_pv": lambda h, st: save_home_setup(st, [], _facts(pv_full_feed_in=True)),
    "ev_solar_charging_on": lambda h, st: save_home_setup(st, [],
                                                          _facts(ev_solar_charging=True)),
    "other_controller": lambda h, st: st.set_setting("other_controller", "true"),
    "no_sell_price": lambda h, st: st.set_setting(PLAN_SETTING, _plan_text(
        lambda d: d.update(sell=[]))),
    "price_not_single_peak": lambda h, st: st.set_setting(PLAN_SETTING, _plan_text(_two_peaks)),
    "no_rate_plan": lambda h, st: st.set_setting(PLAN_SETTING, ""),
    "no_measurement_unit": lambda h, st: setattr(h.link, "board", False),
    "weather_warning_linkage": lambda h, st: (set_linkage_enabled(st, True), save_linkage_state(
        st, LinkageState(True, NOW.timestamp() - 600, ("w",), {"battery": "standby"}))),
}


@pytest.mark.parametrize("code", list(BREAKERS))
def test_each_seed_condition_failing_alone_is_self_consumption_with_its_reason(
        qtbot, home, code) -> None:
    with home.store() as store:
        BREAKERS[code](home, store)
    control = home.service()
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        assert (v.mode, v.fallback, v.fallback_detail) == (
            ControlMode.SELF_CONSUMPTION, Fallback.CONDITION, code)
        failing = [r.code for result in v.conditions for r in result.reasons]
        assert code in failing
        assert v.plan is None or v.plan.status is PlanStatus.SELF_CONSUMPTION
        assert home.link.set_of(BATTERY, 0xEB) == []  # nothing of a plan
        if code == "weather_warning_linkage":
            assert home.link.sets == []  # the battery is the linkage's meanwhile
        else:  # self-consumption: the battery's own program (環境)
            assert home.link.set_of(BATTERY, 0xDA) == ["auto"]
    finally:
        control.shutdown()


def test_short_learning_data_is_self_consumption_saying_which_days(qtbot, home) -> None:
    control = home.service()
    try:
        short = (LearningShortage(DayType.WEEKDAY, 3, 5),)
        v = started(qtbot, control, view(SLOT, DULL, LOAD, short))
        assert (v.mode, v.fallback, v.fallback_detail) == (
            ControlMode.SELF_CONSUMPTION, Fallback.LEARNING, "weekday:3/5")
        assert home.link.set_of(BATTERY, 0xDA) == ["auto"]
    finally:
        control.shutdown()


def test_no_forecast_then_a_stale_one_is_self_consumption(qtbot, home) -> None:
    control = home.service(start_grace_ms=0)
    try:
        v = started(qtbot, control)  # no weather view yet
        assert (v.mode, v.fallback) == (ControlMode.SELF_CONSUMPTION, Fallback.NO_FORECAST)
        assert v.plan is None and home.link.set_of(BATTERY, 0xDA) == ["auto"]
        old = SLOT - timedelta(hours=30)  # made 30 h ago: 18 h of it left
        v = wait(qtbot, control, lambda: control.on_weather(
            view(old, sunny(old, peak_wh=300.0), LOAD)), lambda v: v.inputs is None)
        assert (v.fallback, v.fallback_detail) == (Fallback.NO_FORECAST, "solar")
        v = wait(qtbot, control, lambda: control.on_weather(view(SLOT, DULL, LOAD)),
                 lambda v: v.mode is ControlMode.AI)
        assert home.link.set_of(BATTERY, 0xDA) == ["auto", "charging"]
    finally:
        control.shutdown()


def test_a_solver_failure_is_self_consumption_a_notice_and_no_set_of_the_plan(
        qtbot, home) -> None:
    def failing(inputs) -> Plan:
        return Plan(PlanStatus.FAILED, inputs.start, message="time limit reached")

    control = home.service(planner=failing)
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        assert (v.mode, v.fallback, v.fallback_detail) == (
            ControlMode.SELF_CONSUMPTION, Fallback.SOLVER, "time limit reached")
        assert v.plan.status is PlanStatus.SELF_CONSUMPTION  # the fallback's plan is shown
        assert home.link.set_of(BATTERY, 0xEB) == []
        assert home.link.set_of(BATTERY, 0xDA) == ["auto"]
        [notice] = home.posted.of(Template.CONTROL_PLAN_FAILED)
        assert notice.args == {"message": "time limit reached"}
    finally:
        control.shutdown()


def test_a_battery_that_refuses_is_asked_again_told_and_left_out(qtbot, home) -> None:
    home.link.refusing.add((BATTERY, 0xEB))
    control = home.service()
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        assert home.link.set_of(BATTERY, 0xEB) == [home.link.set_of(BATTERY, 0xEB)[0]] * ATTEMPTS
        assert (v.mode, v.fallback, v.fallback_detail) == (
            ControlMode.SELF_CONSUMPTION, Fallback.DEVICE, BATTERY)
        assert home.link.set_of(BATTERY, 0xDA) == []  # never half a plan, nor more Sets
        [notice] = home.posted.of(Template.CONTROL_DEVICE_FAILED)
        assert notice.args["device"] == BATTERY and notice.args["epc"] == 0xEB
        assert notice.args["outcome"] == "refused"
        # Left out until the retry delay: the next round asks it nothing.
        asked = len(home.link.sets)
        v = round_of(qtbot, control, control.refresh)
        assert v.fallback is Fallback.DEVICE and len(home.link.sets) == asked
        with home.store() as store:
            assert BATTERY in control_state(store).failed
        # Half an hour on it is asked again (and now takes it).
        home.link.refusing.clear()
        home.clock.t += 1800
        v = round_of(qtbot, control, control.refresh)
        assert v.fallback is None and home.link.values[BATTERY][0xDA] in ("charging", "standby")
    finally:
        control.shutdown()


def _ecocute_history(store: Store, days: int = 3) -> None:
    """An EcoCute circuit that heated 1.5 kW from 01:00 to 04:00 each of the last days,
    and this night too."""
    heater = CircuitSpec(CircuitKind.SPECIAL, 1, "エコキュート", channel=1,
                         role=CircuitRole.WATER_HEATER)
    save_home_setup(store, [heater], _facts())
    store.define_series(HOME_SERIES)
    first = NOW.replace(hour=0, minute=0) - timedelta(days=days)
    minutes = np.zeros(int((NOW - first).total_seconds() // 60))
    for d in range(days + 1):
        minutes[d * 1440 + 60:d * 1440 + 240] = 1500.0
    store.append(int(first.timestamp() // 60), {heater.series_key: minutes})
    store.flush()


def test_an_ecocute_that_refuses_is_left_out_and_the_battery_goes_on(qtbot, home) -> None:
    with home.store() as store:
        _ecocute_history(store)
    home.link.add(ECOCUTE, {0xB0: "auto", 0xC8: 23}, frozenset({0xB0}))
    home.link.refusing.add((ECOCUTE, 0xB0))
    control = home.service()
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        assert home.link.set_of(ECOCUTE, 0xB0)  # asked (and again), then left out
        assert len(home.link.set_of(ECOCUTE, 0xB0)) == ATTEMPTS
        assert (v.mode, v.fallback) == (ControlMode.AI, None)
        assert v.inputs.ecocute is None  # the plan made again without it
        assert any(n.startswith("replanned_without:") for n in v.notes)
        assert home.link.set_of(BATTERY, 0xDA) == ["charging"]
        assert home.posted.of(Template.CONTROL_DEVICE_FAILED)[0].args["device"] == ECOCUTE
    finally:
        control.shutdown()


def test_an_ecocute_that_can_be_set_is_planned_from_its_history(qtbot, home) -> None:
    with home.store() as store:
        _ecocute_history(store)
    home.link.add(ECOCUTE, {0xB0: "auto", 0xC8: 23}, frozenset({0xB0}))
    control = home.service()
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        spec = v.inputs.ecocute
        assert spec is not None and spec.heating_wh == pytest.approx(4500.0)
        assert spec.power_w == pytest.approx(1500.0)  # 750 Wh in its fullest half hour
        assert spec.heated_wh == pytest.approx(4500.0)  # tonight's was done by 04:00
        # Nothing left to heat this night: its heating stops under the plan's control.
        assert home.link.set_of(ECOCUTE, 0xB0) == ["manual_stop"]
        assert home.history()[-1] == (0xB0, "manual_stop", Cause.AI_CONTROL)
    finally:
        control.shutdown()


def test_a_manual_v2h_charge_leaves_the_car_out_the_battery_goes_on(qtbot, home) -> None:
    home.link.add(V2H, {0xDA: "charging", 0xC7: "connected_chargeable", 0xC0: 40_000,
                        0xE4: 40, 0xC8: (0, 6000), 0xC9: (0, 0)}, frozenset({0xDA}))
    with home.store() as store:
        from app.store.control_settings import save_control_settings
        save_control_settings(store, ControlSettings(
            ai_enabled=True, ev_departure=NOW.time().replace(
            hour=8, minute=0)))
    control = home.service()
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        assert (v.mode, v.fallback) == (ControlMode.AI, None)
        assert [r.code for r in v.conditions[2].reasons] == ["v2h_manual_charge"]
        assert v.inputs.ev is None and home.link.set_of(V2H, 0xDA) == []
        assert home.link.set_of(BATTERY, 0xDA) == ["charging"]
    finally:
        control.shutdown()


def test_the_first_round_waits_for_the_energy_forecasts(qtbot, home) -> None:
    """At start the weather service shows its stored forecast first, without the energy
    forecasts: the first round waits for them (no needless fall back and return)."""
    control = home.service()
    shown: list[ControlView] = []
    control.view_changed.connect(shown.append)
    try:
        control.on_weather(replace(view(SLOT, DULL, LOAD), solar=None, load=None))
        control.start()
        v = wait(qtbot, control, lambda: control.on_weather(view(SLOT, DULL, LOAD)))
        assert v.mode is ControlMode.AI and shown == [v]
        assert home.link.set_of(BATTERY, 0xDA) == ["charging"]  # never "auto" first
    finally:
        control.shutdown()


def test_a_restart_mid_plan_shows_the_kept_plan_then_plans_from_the_devices(
        qtbot, home) -> None:
    first = home.service()
    try:
        before = started(qtbot, first, view(SLOT, DULL, LOAD))
    finally:
        first.shutdown()
    assert home.link.values[BATTERY][0xDA] == "charging"
    # Meanwhile the battery was set to its own program by hand and charged up.
    home.link.values[BATTERY].update({0xDA: "auto", 0xE4: 80})
    home.clock.t += 600
    again = home.service()
    shown: list[ControlView] = []
    again.view_changed.connect(shown.append)
    try:
        again.on_weather(view(SLOT, DULL, LOAD))
        again.start()
        qtbot.waitUntil(lambda: len(shown) >= 2, timeout=20_000)
        kept, fresh = shown[:2]
        assert kept.made_at == before.made_at and kept.inputs == before.inputs
        assert kept.plan.slots == before.plan.slots  # the same plan, made again
        assert fresh.inputs.soc_pct == 80.0  # made again from the device's real level
        assert fresh.made_at == home.clock.t
    finally:
        again.shutdown()


def _bought(store: Store, watts: float, start: datetime, end: datetime) -> None:
    store.define_series(HOME_SERIES)
    n = int((end - start).total_seconds() // 60)
    store.append(int(start.timestamp() // 60), {s.GRID_BUY: np.full(n, watts)})
    store.flush()


def test_an_exceeded_30_minute_target_is_told_once_and_suspends_the_battery_for_the_slot(
        qtbot, home) -> None:
    targets = tuple(500.0 if i == 9 else None for i in range(48))  # 04:30-05:00 on weekdays
    with home.store() as store:
        from app.store.control_settings import save_control_settings
        save_control_settings(store, ControlSettings(ai_enabled=True, weekday_targets_wh=targets))
    control = home.service()
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        assert v.mode is ControlMode.AI and v.inputs.target_wh[0] == 500.0
        # The plan keeps under the target: no charge in this slot (it would buy 3 kWh).
        assert v.plan.slots[0].battery_charge_w == 0.0
        assert home.link.values[BATTERY][0xDA] == "standby"
        with home.store() as store:  # 4 kW for the slot's first 10 minutes: 667 Wh > 500
            _bought(store, 4000.0, SLOT, NOW)
        v = round_of(qtbot, control, control.refresh)
        assert (v.mode, v.fallback) == (ControlMode.SELF_CONSUMPTION, Fallback.TARGET_EXCEEDED)
        assert home.link.values[BATTERY][0xDA] == "auto"
        assert home.history()[-1] == (0xDA, "auto", Cause.SAVING_TARGET)
        [notice] = home.posted.of(Template.SAVING_TARGET_EXCEEDED)
        assert notice.args == {"slot": "04:30–05:00", "target_w": 1000, "actual_w": 1333}
        # Later in the same slot: suspended still, told once.
        home.clock.t += 300
        v = round_of(qtbot, control, control.refresh)
        assert v.fallback is Fallback.TARGET_EXCEEDED
        assert len(home.posted.of(Template.SAVING_TARGET_EXCEEDED)) == 1
        # The next slot: AI control again.
        home.clock.t = SLOT.timestamp() + 1800 + 60
        v = round_of(qtbot, control, control.refresh)
        assert (v.mode, v.fallback) == (ControlMode.AI, None)
        assert home.link.values[BATTERY][0xDA] == "charging"
    finally:
        control.shutdown()


def test_settings_are_saved_then_planned_with_and_off_restores_the_battery(
        qtbot, home) -> None:
    control = home.service()
    try:
        started(qtbot, control, view(SLOT, DULL, LOAD))
        assert home.link.values[BATTERY][0xDA] == "charging"
        v = wait(qtbot, control,
                 lambda: control.set_settings(ControlSettings(ai_enabled=True, reserve_pct=50)),
                 lambda v: v.settings.reserve_pct == 50)
        assert v.inputs.battery.reserve_pct == 50.0
        with home.store() as store:
            assert control_settings(store).reserve_pct == 50.0
        v = wait(qtbot, control, lambda: control.set_settings(ControlSettings(ai_enabled=False)),
                 lambda v: v.mode is ControlMode.OFF)
        assert home.link.values[BATTERY][0xDA] == "auto"  # given back to its own program
        with home.store() as store:
            assert control_state(store).controlled == {}
        asked = len(home.link.sets)
        home.link.values[BATTERY][0xDA] = "standby"  # the household's own choice now
        round_of(qtbot, control, control.refresh)
        assert len(home.link.sets) == asked  # off: left alone
    finally:
        control.shutdown()


# --- the watch (the worker's own triggers, no Qt) ----------------------------------------

@contextmanager
def _watch(home) -> Iterator[ControlLoop]:
    """The control loop as the worker runs it, over the home's store and devices."""
    query = ControlQuery(home.store, home.link, home.clock.now)
    try:
        yield ControlLoop(query, home.link, home.clock.now, ZONE, registered=lambda: True)
    finally:
        query.close()


def test_the_watch_plans_at_each_half_hour_and_after_a_clock_jump(home) -> None:
    weather = view(SLOT, DULL, LOAD)
    with _watch(home) as loop:
        assert loop.tick(weather) is not None  # the first
        assert loop.tick(weather) is None  # nothing changed
        home.clock.t += 60
        assert loop.tick(weather) is None
        home.clock.t = SLOT.timestamp() + 1800  # the half hour
        v = loop.tick(weather)
        assert v is not None and v.inputs.start == SLOT + timedelta(minutes=30)
        home.clock.t -= 3 * 3600  # the clock jumped back (NTP)
        v = loop.tick(weather)
        assert v is not None and v.inputs is None  # the forecast began after: stale
        with home.store() as store:  # the plan changed behind the service's back
            store.set_setting(PLAN_SETTING, _plan_text(lambda d: None) + " ")
        assert loop.tick(weather) is not None
        assert loop.tick(weather) is None


def test_the_plan_hedges_against_the_errors_of_the_judged_days(home) -> None:
    weather = view(SLOT, DULL, LOAD)
    with _watch(home) as loop:
        first = loop.tick(weather)
        assert first is not None and first.inputs.scenarios == ()  # nothing judged yet
        day = SLOT.date()
        rows = [DayAccuracy(kind, day - timedelta(days=k), 50.0, 0.0, 10.0,
                            10.0 * (0.6 + 0.1 * k))
                for k in range(1, 10) for kind in (ForecastKind.SOLAR, ForecastKind.LOAD)]
        with home.store() as store, store.write_sql() as conn:
            forecast_store.save_accuracy(conn, rows)
        home.clock.t = SLOT.timestamp() + 1800
        v = loop.tick(weather)
        assert v is not None and v.plan is not None and v.plan.ok
        scenarios = v.inputs.scenarios
        assert len(scenarios) > 1
        assert sum(x.probability for x in scenarios) == pytest.approx(1.0)
        assert min(x.pv_factor for x in scenarios) < 1.0 < max(x.pv_factor for x in scenarios)


def test_the_watch_plans_again_when_the_level_leaves_the_plans_course(home) -> None:
    weather = view(SLOT, DULL, LOAD)
    with _watch(home) as loop:
        v = loop.tick(weather)
        assert v.plan.slots[0].soc_pct > 30.0
        with home.store() as store:
            store.define_series(HOME_SERIES)
            store.set_live({s.BATTERY_SOC: 31.0}, home.clock.t)
            store.flush()
        assert loop.tick(weather) is None  # on course
        with home.store() as store:
            store.set_live({s.BATTERY_SOC: 75.0}, home.clock.t)
            store.flush()
        assert loop.tick(weather) is not None  # far off: a new plan from the real level
        assert loop.tick(weather) is None  # once per slot


def test_a_discharge_stopped_at_the_reserve_is_outage_care(qtbot, home) -> None:
    """Evening, the battery discharging down to the reserve: the plan holds it there,
    and the history says outage care (停電ケア) did."""
    evening = NOW.replace(hour=18, minute=10)
    home.clock.t = evening.timestamp()
    home.link.values[BATTERY].update({0xDA: "discharging", 0xE4: 30})
    control = home.service()
    try:
        slot = evening.replace(minute=0)
        v = started(qtbot, control, view(slot, sunny(slot, peak_wh=300.0), LOAD))
        assert v.mode is ControlMode.AI and v.plan.slots[0].battery_discharge_w == 0.0
        assert home.history() == [(0xDA, "standby", Cause.OUTAGE_CARE)]
    finally:
        control.shutdown()


def test_a_car_that_can_be_set_is_charged_by_the_plan(qtbot, home) -> None:
    home.link.add(V2H, {0xDA: "auto", 0xC7: "connected_chargeable", 0xC0: 40_000, 0xE4: 40,
                        0xC8: (0, 6000), 0xC9: (0, 0), 0xEB: 6000},
                  frozenset({0xDA, 0xEB}))
    with home.store() as store:
        from app.store.control_settings import save_control_settings
        save_control_settings(store, ControlSettings(ai_enabled=True,
            ev_departure=NOW.time().replace(hour=7, minute=0), ev_target_pct=70.0))
    control = home.service()
    try:
        v = started(qtbot, control, view(SLOT, DULL, LOAD))
        ev = v.inputs.ev
        assert (ev.level_pct, ev.target_pct, ev.departure_slot, ev.can_discharge) == (
            40, 70.0, 5, False)
        # 12 kWh to charge before 07:00 at 6 kW at most: it must start now.
        assert v.plan.slots[0].ev_w > 0
        assert home.link.set_of(V2H, 0xDA) == ["charging"]
        assert home.link.set_of(V2H, 0xEB) == [round(v.plan.slots[0].ev_w)]
    finally:
        control.shutdown()


def test_a_manual_set_from_the_panel_plans_again(qtbot, home) -> None:
    from app.domain.device_command import DeviceCommand

    control = home.service()
    try:
        started(qtbot, control, view(SLOT, DULL, LOAD))
        assert home.link.values[BATTERY][0xDA] == "charging"
        # The household sets the battery by hand; the loop plans from the new state.
        v = round_of(qtbot, control, lambda: control.send(
            DeviceCommand(BATTERY, 0xDA, "standby")))
        assert v.made_at == home.clock.t
        assert home.history()[-3:] == [(0xDA, "charging", Cause.AI_CONTROL),
                                       (0xDA, "standby", Cause.PANEL),
                                       (0xDA, "charging", Cause.AI_CONTROL)]
    finally:
        control.shutdown()


def test_a_battery_found_after_the_start_is_planned_at_once(home) -> None:
    battery = home.link.values.pop(BATTERY)
    weather = view(SLOT, DULL, LOAD)
    with _watch(home) as loop:
        assert loop.tick(weather).fallback is Fallback.NO_BATTERY  # discovery goes on
        assert loop.tick(weather) is None
        home.link.values[BATTERY] = battery
        v = loop.tick(weather)
        assert v is not None and v.mode is ControlMode.AI


# --- a round in mid-slot plans the slot as the round at its start did (issue 18) -----------

NOON = NOW.replace(hour=13, minute=0)
HEATER = CircuitSpec(CircuitKind.SPECIAL, 1, "エコキュート", channel=1,
                     role=CircuitRole.WATER_HEATER)


def _heating_by_day(store: Store, until: datetime) -> None:
    """An EcoCute that heated 4.5 kWh at 1.5 kW from 11:00 on each of the last three days
    (its refills moved into the day's sun, 沸き上げシフト), and today from 11:00 to
    `until`."""
    first = NOON.replace(hour=0) - timedelta(days=3)
    minutes = np.zeros(int((until - first).total_seconds() // 60))
    for d in range(4):
        minutes[d * 1440 + 660:d * 1440 + 840] = 1500.0
    store.append(int(first.timestamp() // 60), {HEATER.series_key: minutes})
    store.flush()


def test_a_round_in_mid_slot_keeps_the_battery_mode_of_the_slots_round(home) -> None:
    """The live panel's battery flipped between discharging and surplus charging four
    times an hour: the round at 14:22 (a new weather view) counted the EcoCute's heating
    of 14:00-14:22 as done, while the plan's first slot still had the whole half hour's
    sun to heat with (now the first slot is the rest of the half hour). Here the sun
    left over until the day window ends (16:00, 1.1 kWh) falls short of what is left to
    heat at 13:00 (1.5 kWh), so the battery helps in the first slot; 22 minutes later,
    with nothing new to know, it still does."""
    with home.store() as store:
        save_home_setup(store, [HEATER], _facts(pv_capacity_w=5500.0))
        store.define_series(HOME_SERIES)
        save_control_settings(store, ControlSettings(ai_enabled=True, ecocute_day_shift=True))
        _heating_by_day(store, NOON)
    _following_battery(home, 100.0)
    home.link.add(ECOCUTE, {0xB0: "auto", 0xC8: 23}, frozenset({0xB0}))
    pv = [700.0, 500.0, 300.0, *sunny(NOON + timedelta(minutes=90), 93, 300.0)]
    weather = view(NOON, pv, (150.0,) * 96)
    home.clock.t = NOON.timestamp() + 30
    with _watch(home) as loop:
        v = loop.tick(weather)
        assert v.mode is ControlMode.AI and v.inputs.ecocute is not None
        assert v.inputs.ecocute.heated_wh == pytest.approx(3000.0)  # 11:00-13:00
        assert v.plan.slots[0].battery_discharge_w > 20.0
        assert home.link.values[BATTERY][0xDA] == "discharging"
        assert home.link.values[ECOCUTE][0xB0] == "manual_heating"
        sets = len(home.link.sets)

        with home.store() as store:  # it heated on, as planned, until 13:22
            _heating_by_day(store, NOON + timedelta(minutes=22))
        home.clock.t = NOON.timestamp() + 22 * 60
        v = loop.tick(weather, ("weather",))  # the same forecasts, made again
        assert v is not None
        # Counted to now, and the first slot is the 8 minutes left of it.
        assert v.inputs.ecocute.heated_wh == pytest.approx(3000.0 + 1500.0 * 22 / 60)
        assert v.inputs.first_slot_fraction == pytest.approx(8 / 30)
        assert v.plan.slots[0].battery_discharge_w > 20.0
        assert home.link.values[BATTERY][0xDA] == "discharging"
        assert home.link.sets[sets:] == []  # nothing to Set: nothing material changed


def test_a_round_at_22_past_charges_at_the_power_that_gets_the_slots_energy_in(home) -> None:
    """A night grid charge re-planned 8 minutes before the night price ends: the plan's
    first slot is those 8 minutes, so the battery is Set to the power that stores the
    planned energy by 07:00 (a whole half hour at that energy's power stored 8/30 of it)."""
    last = NOW.replace(hour=6, minute=30)  # the night price's last slot (then 40 円)
    home.clock.t = last.timestamp() + 22 * 60
    home.link.values[BATTERY].update(battery_values(97.0, "standby"))
    weather = view(last, DULL, LOAD)
    with _watch(home) as loop:
        v = loop.tick(weather)
        assert v.mode is ControlMode.AI
        assert v.inputs.first_slot_fraction == pytest.approx(8 / 30)
        room_wh = 0.03 * 9800 / 0.9 ** 0.5  # to full, on the AC side
        first = v.plan.slots[0]
        assert first.battery_charge_w * 8 / 60 == pytest.approx(room_wh, rel=1e-3)
        assert home.link.values[BATTERY][0xDA] == "charging"
        assert home.link.values[BATTERY][0xEB] == round(first.battery_charge_w)
        assert home.link.values[BATTERY][0xEB] > 2000  # not the 620 W of a whole slot
        assert v.plan.slots[1].battery_charge_w < 20.0  # 07:00: the day price


def _following_battery(home, soc: float) -> dict:
    """A battery whose charging and discharging methods can be Set (it can follow the
    house); what it answers."""
    home.link.add(BATTERY, {**battery_values(soc, "auto"), 0xC1: "designated_power",
                            0xC2: "designated_power"}, BATTERY_SETS | {0xC1, 0xC2})
    return home.link.values[BATTERY]


def _live(home, consumption_w: float, pv_w: float, soc: float | None = None) -> None:
    values = {s.CONSUMPTION: consumption_w, s.PV: pv_w, s.FUEL_CELL: 0.0}
    if soc is not None:
        values[s.BATTERY_SOC] = soc
    with home.store() as store:
        store.define_series(HOME_SERIES)
        store.set_live(values, home.clock.t)
        store.flush()


def test_a_hold_covers_a_shortfall_the_forecast_did_not_show_and_charges_again_after(
        home) -> None:
    """Late morning, a sunny forecast: the plan stores the surplus. A cloud and a kettle
    (the house lacks 1.2 kW) turn the battery to load following within the minute, at
    the morning price; the sun back, it charges from the surplus again. A house near
    balance does not turn it about."""
    morning = NOW.replace(hour=10, minute=10)
    home.clock.t = morning.timestamp()
    slot = morning.replace(minute=0)
    weather = view(slot, sunny(slot), LOAD)
    battery = _following_battery(home, 60.0)
    with _watch(home) as loop:
        _live(home, 600.0, 1800.0)
        v = loop.tick(weather)
        assert v.mode is ControlMode.AI and v.plan.slots[0].battery_discharge_w == 0.0
        assert v.inputs.buy_yen_per_kwh[0] > min(v.inputs.buy_yen_per_kwh)
        assert (battery[0xC1], battery[0xDA]) == ("surplus", "charging")
        home.clock.t += 60
        _live(home, 1500.0, 300.0)
        assert loop.tick(weather) is not None  # turned: a round
        assert (battery[0xC2], battery[0xDA]) == ("load_following", "discharging")
        home.clock.t += 60
        _live(home, 700.0, 680.0)  # near balance: as it was
        assert loop.tick(weather) is None
        assert battery[0xDA] == "discharging"
        home.clock.t += 60
        _live(home, 500.0, 1700.0)
        assert loop.tick(weather) is not None
        assert (battery[0xC1], battery[0xDA]) == ("surplus", "charging")
        assert [h[:2] for h in home.history()[-2:]] == [(0xDA, "discharging"),
                                                        (0xDA, "charging")]


def test_a_battery_at_its_reserve_is_not_turned_to_cover_a_shortfall(home) -> None:
    """Late morning, the battery at the outage-care reserve: a shortfall would turn it to
    load following for nothing (it stops at the reserve), so the loop neither runs a
    round nor Sets it. Once the battery has stored some surplus, it covers again."""
    morning = NOW.replace(hour=10, minute=10)
    home.clock.t = morning.timestamp()
    slot = morning.replace(minute=0)
    weather = view(slot, sunny(slot), LOAD)
    battery = _following_battery(home, 30.0)  # the default reserve
    with _watch(home) as loop:
        _live(home, 600.0, 1800.0)
        v = loop.tick(weather)
        assert v.mode is ControlMode.AI and v.inputs.battery.reserve_pct == 30.0
        assert (battery[0xC1], battery[0xDA]) == ("surplus", "charging")
        sets = len(home.history())
        home.clock.t += 60
        _live(home, 1800.0, 600.0)
        assert loop.tick(weather) is None  # no turn: nothing to cover with
        assert battery[0xDA] == "charging" and len(home.history()) == sets
        home.clock.t += 60
        _live(home, 1800.0, 600.0, soc=34.0)
        battery[0xE4] = 34.0
        assert loop.tick(weather) is not None  # the level rose: it covers
        assert (battery[0xC2], battery[0xDA]) == ("load_following", "discharging")


def test_a_discharge_stores_a_surplus_the_forecast_did_not_show(home) -> None:
    """Late afternoon, a grey forecast: the plan discharges into the house. A sunny
    spell leaves 0.5 kW over: the battery stores it rather than the grid buying it at
    16 円, and covers the house again when the sun has gone."""
    afternoon = NOW.replace(hour=15, minute=10)
    home.clock.t = afternoon.timestamp()
    slot = afternoon.replace(minute=0)
    weather = view(slot, sunny(slot, peak_wh=100.0), LOAD)
    battery = _following_battery(home, 90.0)
    with _watch(home) as loop:
        _live(home, 1300.0, 100.0)
        v = loop.tick(weather)
        assert v.plan.slots[0].battery_discharge_w > 0.0
        assert (battery[0xC2], battery[0xDA]) == ("load_following", "discharging")
        home.clock.t += 60
        _live(home, 400.0, 900.0)
        assert loop.tick(weather) is not None
        assert (battery[0xC1], battery[0xDA]) == ("surplus", "charging")
        home.clock.t += 60
        _live(home, 1200.0, 200.0)
        assert loop.tick(weather) is not None
        assert battery[0xDA] == "discharging"


def test_a_hold_in_the_cheapest_hours_buys_the_shortfall(home) -> None:
    """At night a full battery is held for the dearer day: a shortfall is bought."""
    weather = view(SLOT, DULL, LOAD)
    _following_battery(home, 100.0)
    with _watch(home) as loop:
        _live(home, 2500.0, 0.0)
        v = loop.tick(weather)
        assert v.plan.slots[0].battery_discharge_w == 0.0
        assert v.inputs.buy_yen_per_kwh[0] == min(v.inputs.buy_yen_per_kwh)
        assert home.link.values[BATTERY][0xDA] == "charging"  # from the surplus: none
        home.clock.t += 60
        assert loop.tick(weather) is None
        assert home.link.values[BATTERY][0xDA] == "charging"
