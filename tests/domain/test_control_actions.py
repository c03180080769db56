"""The plan's current slot as ECHONET Lite Sets: modes, powers inside the device's range,
nothing the device already has, the own program for self-consumption."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from app.domain.charge_plan import BatterySpec, EcoCuteSpec, PlanInputs
from app.domain.charge_planner import plan_charges, self_consumption_plan
from app.domain.control_actions import (
    COVER_W,
    Setting,
    battery_settings,
    covering,
    ecocute_settings,
    follows_house,
    needed,
    own_program,
    planned_cover,
)
from app.domain.control_inputs import DeviceState
from app.domain.events import Cause

ZONE = ZoneInfo("Asia/Tokyo")
BATTERY = "127.0.0.5/027D01"
ECOCUTE = "127.0.0.9/026B01"
NIGHT_PRICE, DAY_PRICE = 26.0, 42.0


def inputs(start_hour: int, soc: float, pv: float = 0.0, **more) -> PlanInputs:
    """Night 23-7 cheap, day dear, a flat house load, PV `pv` Wh per slot 9-15 h."""
    start = datetime(2026, 1, 22, start_hour, 0, tzinfo=ZONE)
    hours = [(start_hour + i / 2) % 24 for i in range(48)]
    buy = tuple(NIGHT_PRICE if h >= 23 or h < 7 else DAY_PRICE for h in hours)
    solar = tuple(pv if 9 <= h < 15 else 0.0 for h in hours)
    return PlanInputs(start=start, buy_yen_per_kwh=buy, sell_yen_per_kwh=(8.0,) * 48,
                      pv_wh=solar, load_wh=(400.0,) * 48,
                      battery=BatterySpec(9800, 3000, 3000, 0.9, 30.0), soc_pct=soc, **more)


def battery(values=None, settable=frozenset({0xDA, 0xEB, 0xEC}), **extra) -> DeviceState:
    base = {0xDA: "auto", 0xC8: (500, 2500), 0xC9: (0, 3000), 0xEB: 0, 0xEC: 0}
    return DeviceState(BATTERY, {**base, **(values or {}), **extra}, settable)


def test_a_night_grid_charge_sets_the_power_then_the_mode() -> None:
    plan = plan_charges(inputs(5, 30.0))
    assert plan.slots[0].battery_charge_w > 0
    sets = battery_settings(plan, battery())
    assert [(s.epc, s.cause) for s in sets] == [(0xEB, Cause.AI_CONTROL),
                                                (0xDA, Cause.AI_CONTROL)]
    assert sets[1].value == "charging"
    assert 500 <= sets[0].value <= 2500  # inside the device's charge range


def test_a_power_is_never_outside_the_devices_range() -> None:
    plan = plan_charges(inputs(5, 30.0))
    watts = plan.slots[0].battery_charge_w
    narrow = battery({0xC8: (0, round(watts / 2))})
    assert battery_settings(plan, narrow)[0].value == round(watts / 2)
    high_floor = battery({0xC8: (round(watts) + 400, 5000)})
    assert battery_settings(plan, high_floor)[0].value == round(watts) + 400


def test_without_a_settable_power_only_the_mode() -> None:
    plan = plan_charges(inputs(5, 30.0))
    sets = battery_settings(plan, battery(settable=frozenset({0xDA})))
    assert [(s.epc, s.value) for s in sets] == [(0xDA, "charging")]
    assert [s.epc for s in battery_settings(plan, battery(settable=None))] == [0xDA]


def test_the_evening_discharges_and_a_surplus_charge_is_said_so() -> None:
    evening = plan_charges(inputs(18, 90.0))
    sets = battery_settings(evening, battery())
    assert [(s.epc, s.value) for s in sets][-1] == (0xDA, "discharging")
    assert sets[0].epc == 0xEC
    sunny = plan_charges(inputs(14, 30.0, pv=2000.0))  # the last sunny hour
    sets = battery_settings(sunny, battery())
    assert sets[-1].value == "charging" and {s.cause for s in sets} == {Cause.SURPLUS_CHARGING}


def test_a_slot_without_a_battery_action_holds_the_level() -> None:
    # At the reserve, one price all day and no sun: nothing to gain, it holds.
    flat = plan_charges(replace(inputs(23, 30.0), buy_yen_per_kwh=(30.0,) * 48))
    assert flat.slots[0].battery_charge_w == 0 and flat.slots[0].battery_discharge_w == 0
    assert [(s.epc, s.value) for s in battery_settings(flat, battery())] == \
        [(0xDA, "standby")]


def test_only_what_the_device_lacks_is_set() -> None:
    wanted = [Setting(BATTERY, 0xEB, 1500, Cause.AI_CONTROL),
              Setting(BATTERY, 0xDA, "charging", Cause.AI_CONTROL)]
    assert needed(wanted, battery({0xEB: 1495, 0xDA: "charging"})) == []
    assert needed(wanted, battery({0xEB: 1400, 0xDA: "charging"})) == wanted[:1]
    assert needed(wanted, battery({0xEB: 1500, 0xDA: "auto"})) == wanted[1:]


def test_self_consumption_is_the_devices_own_program_and_the_reserve() -> None:
    sets = own_program(battery(), Cause.AI_CONTROL, 40.0)
    assert [(s.epc, s.value) for s in sets] == [(0xDA, "auto")]  # no floor to Set
    floor = battery(settable=frozenset({0xDA, 0xA7}))
    sets = own_program(floor, Cause.SAVING_TARGET, 40.0)
    assert [(s.epc, s.value, s.cause) for s in sets] == [
        (0xA7, 40, Cause.OUTAGE_CARE), (0xDA, "auto", Cause.SAVING_TARGET)]
    eco = DeviceState(ECOCUTE, {0xB0: "manual_stop"}, frozenset({0xB0}))
    assert [(s.epc, s.value) for s in own_program(eco, Cause.AI_CONTROL)] == [(0xB0, "auto")]


def test_the_ecocute_heats_in_the_slots_the_plan_heats() -> None:
    spec = EcoCuteSpec(heating_wh=3000.0, power_w=1500.0, day_shift=True)
    sunny = inputs(14, 100.0, pv=2500.0, ecocute=spec)  # the window closes at 15:00
    plan = plan_charges(sunny)
    eco = DeviceState(ECOCUTE, {0xB0: "auto"}, frozenset({0xB0}))
    heats = plan.slots[0].ecocute_w > 0
    assert heats  # full battery, sun: the refill moves into it
    assert [(s.epc, s.value) for s in ecocute_settings(plan, eco)] == [(0xB0, "manual_heating")]
    night = self_consumption_plan(inputs(10, 30.0, ecocute=spec))
    assert night.slots[0].ecocute_w == 0
    assert [s.value for s in ecocute_settings(night, eco)] == ["manual_stop"]


def test_where_the_battery_can_follow_the_home_it_does() -> None:
    """With the methods settable, a surplus charge (and a hold) takes what PV really leaves
    over and a discharge covers what the house really lacks; a grid charge keeps its
    planned power."""
    both = frozenset({0xDA, 0xEB, 0xEC, 0xC1, 0xC2})
    sunny = plan_charges(inputs(14, 30.0, pv=2000.0))
    assert [(s.epc, s.value) for s in battery_settings(sunny, battery(settable=both))] == [
        (0xC1, "surplus"), (0xDA, "charging")]
    evening = plan_charges(inputs(18, 90.0))
    assert [(s.epc, s.value) for s in battery_settings(evening, battery(settable=both))] == [
        (0xC2, "load_following"), (0xDA, "discharging")]
    night = battery_settings(plan_charges(inputs(5, 30.0)), battery(settable=both))
    assert [s.epc for s in night] == [0xC1, 0xEB, 0xDA]
    assert night[0].value == "designated_power" and 500 <= night[1].value <= 2500


def test_above_the_cheapest_price_the_battery_follows_the_house_both_ways() -> None:
    """By day a surplus charge covers a shortfall when told the house lacks power, and a
    discharge stores a surplus when told the house has one; a night grid charge keeps its
    power whatever the house does; a battery without the method holds as planned."""
    both = frozenset({0xDA, 0xEB, 0xEC, 0xC1, 0xC2})
    day = inputs(14, 30.0, pv=2000.0)
    sunny = plan_charges(day)
    assert follows_house(sunny, day.buy_yen_per_kwh) and not planned_cover(sunny)
    assert [(s.epc, s.value, s.cause) for s in battery_settings(
        sunny, battery(settable=both), cover=True)] == [
        (0xC2, "load_following", Cause.AI_CONTROL), (0xDA, "discharging", Cause.AI_CONTROL)]
    charge_only = frozenset({0xDA, 0xEB, 0xEC, 0xC1})
    assert [(s.epc, s.value) for s in battery_settings(
        sunny, battery(settable=charge_only), cover=True)] == [(0xC1, "surplus"),
                                                                (0xDA, "charging")]
    evening_inputs = inputs(18, 90.0)
    evening = plan_charges(evening_inputs)
    assert follows_house(evening, evening_inputs.buy_yen_per_kwh) and planned_cover(evening)
    assert [(s.epc, s.value) for s in battery_settings(
        evening, battery(settable=both), cover=False)] == [(0xC1, "surplus"),
                                                            (0xDA, "charging")]
    assert [s.value for s in battery_settings(evening, battery(settable=both))] == [
        "load_following", "discharging"]  # no reading of the house: as planned
    night_inputs = inputs(5, 30.0)
    night = plan_charges(night_inputs)
    assert not follows_house(night, night_inputs.buy_yen_per_kwh)
    assert [s.epc for s in battery_settings(night, battery(settable=both), cover=True)] == [
        0xC1, 0xEB, 0xDA]


def test_only_a_price_above_the_horizons_cheapest_follows_the_house() -> None:
    day = plan_charges(inputs(14, 30.0, pv=2000.0))
    assert follows_house(day, (42.0, 26.0, 42.0))
    assert not follows_house(day, (26.0, 42.0, 26.0))
    assert not follows_house(day, (30.0, 30.0))  # one price all along: nothing dearer
    assert not follows_house(day, ())


def test_covering_turns_only_beyond_the_band() -> None:
    assert not covering(False, None) and covering(True, None)  # no reading: as it was
    assert covering(False, COVER_W + 1) and not covering(False, COVER_W - 1)
    assert covering(True, 0.0) and covering(True, -COVER_W + 1)  # near balance: as it was
    assert not covering(True, -COVER_W - 1)
    assert not covering(False, -500.0)


def test_a_turn_the_battery_cannot_act_on_is_not_made() -> None:
    """At its reserve a battery has nothing to cover with; full, no room to store."""
    assert not covering(False, 1200.0, soc_pct=30.2, reserve_pct=30.0)
    assert covering(False, 1200.0, soc_pct=31.0, reserve_pct=30.0)
    assert covering(True, -900.0, soc_pct=99.8, reserve_pct=30.0)
    assert not covering(True, -900.0, soc_pct=98.0, reserve_pct=30.0)
    # No turn asked: the level changes nothing.
    assert covering(True, 500.0, soc_pct=30.0, reserve_pct=30.0)
    assert not covering(False, -500.0, soc_pct=100.0, reserve_pct=30.0)
