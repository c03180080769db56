"""The seed's conditions for battery / V2H AI control, one failing at a time, and the
fallback each gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.charging_rules import (
    EV_SOLAR_CHARGING,
    FULL_FEED_IN,
    NO_SELL_PRICE,
    NOT_REGISTERED,
    NOT_SINGLE_PEAK,
    OTHER_CONTROLLER,
    WEATHER_WARNING,
    HomeSettings,
)
from app.domain.control_conditions import (
    BATTERY,
    LEARNING_SHORT,
    NO_MEASUREMENT_UNIT,
    NO_RATE_PLAN,
    TARGET_EXCEEDED,
    V2H,
    V2H_MANUAL_CHARGE,
    ControlFacts,
    fallback_of,
    judge,
    v2h_allowed,
)
from app.domain.control_view import Fallback
from app.domain.energy_forecast import DayType, LearningShortage
from tests.domain.test_charging_rules import TWO_PEAKS, plan

DAY = date(2026, 1, 22)
GOOD = ControlFacts(plan(), HomeSettings(), DAY, measurement_unit=True, shortages=(),
                    linkage_in_force=False, target_exceeded=False, v2h_present=True)


def codes(results) -> list[str]:
    return [reason.code for result in results for reason in result.reasons]


def test_a_home_that_meets_every_condition_runs_the_plan() -> None:
    results = judge(GOOD)
    assert [r.available for r in results] == [True, True, True]
    assert fallback_of(results) is None and v2h_allowed(results)


@pytest.mark.parametrize(("facts", "code", "fallback"), [
    (replace(GOOD, rate_plan=None), NO_RATE_PLAN, Fallback.CONDITION),
    (replace(GOOD, rate_plan=plan(sell=None)), NO_SELL_PRICE, Fallback.CONDITION),
    (replace(GOOD, rate_plan=plan(TWO_PEAKS)), NOT_SINGLE_PEAK, Fallback.CONDITION),
    (replace(GOOD, home=HomeSettings(full_feed_in_pv=True)), FULL_FEED_IN, Fallback.CONDITION),
    (replace(GOOD, home=HomeSettings(registered=False)), NOT_REGISTERED, Fallback.CONDITION),
    (replace(GOOD, home=HomeSettings(other_controller=True)), OTHER_CONTROLLER,
     Fallback.CONDITION),
    (replace(GOOD, home=HomeSettings(ev_solar_charging_on=True)), EV_SOLAR_CHARGING,
     Fallback.CONDITION),
    (replace(GOOD, measurement_unit=False), NO_MEASUREMENT_UNIT, Fallback.CONDITION),
    (replace(GOOD, linkage_in_force=True), WEATHER_WARNING, Fallback.CONDITION),
    (replace(GOOD, shortages=(LearningShortage(DayType.HOLIDAY, 3, 5),)), LEARNING_SHORT,
     Fallback.LEARNING),
    (replace(GOOD, target_exceeded=True), TARGET_EXCEEDED, Fallback.TARGET_EXCEEDED),
])
def test_each_condition_failing_alone_is_the_fallback_with_its_reason(facts, code,
                                                                       fallback) -> None:
    results = judge(facts)
    assert code in codes(results)
    kind, detail = fallback_of(results)
    assert kind is fallback
    if fallback is Fallback.CONDITION:
        assert detail == code
    if fallback is Fallback.LEARNING:
        assert detail == "holiday:3/5"


def test_the_device_conditions_name_their_device() -> None:
    results = judge(replace(GOOD, linkage_in_force=True))
    battery, v2h = results[1], results[2]
    assert [r.params["device"] for r in battery.reasons] == [BATTERY]
    assert [r.params["device"] for r in v2h.reasons] == [V2H]


def test_a_manual_v2h_charge_stops_the_v2h_alone() -> None:
    results = judge(replace(GOOD, v2h_manual_charge=True))
    assert results[1].available and not results[2].available
    assert codes(results[2:]) == [V2H_MANUAL_CHARGE]
    assert fallback_of(results) is None  # the battery still follows the plan
    assert not v2h_allowed(results)


def test_a_target_exceeded_suspends_the_battery_not_the_v2h() -> None:
    results = judge(replace(GOOD, target_exceeded=True))
    assert not results[1].available and results[2].available


def test_no_v2h_no_v2h_result() -> None:
    assert len(judge(replace(GOOD, v2h_present=False))) == 2
    assert not v2h_allowed(judge(replace(GOOD, v2h_present=False)))


def test_a_hard_condition_comes_before_short_learning_data() -> None:
    facts = replace(GOOD, home=HomeSettings(registered=False),
                    shortages=(LearningShortage(DayType.WEEKDAY, 2, 5),))
    assert fallback_of(judge(facts)) == (Fallback.CONDITION, NOT_REGISTERED)
