"""The charging rules judge the home as it is: nothing the panel does not know passes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.charging_rules import (
    BATTERY_MODE,
    BATTERY_NOT_SUPPORTED,
    EV_CIRCUIT_NOT_MEASURED,
    NOT_REGISTERED,
    UNANSWERED,
    WEATHER_WARNING,
    HomeSettings,
    ai_solar_charge,
    battery_surplus,
    ev_surplus,
)
from app.domain.circuits import CircuitKind, CircuitRole, CircuitSpec
from app.domain.commissioning import HomeFacts
from app.domain.home_rules_state import seed_battery_mode, settings_from_home
from app.domain.tariff_json import load_plan

PLAN = Path(__file__).parents[1] / "ui" / "test_plan.json"
EV = CircuitSpec(CircuitKind.SPECIAL, 6, "EV充電器", channel=4, role=CircuitRole.EV_CHARGER)


def _codes(result) -> set[str]:
    return {reason.code for reason in result.reasons}


def _home(**kw) -> HomeSettings:
    args = {"circuits": (), "facts": HomeFacts(), "device_classes": (), "battery_mode": None,
            "registered": False, "linkage_in_force": False, **kw}
    return settings_from_home(HomeSettings(), **args)


@pytest.mark.parametrize("reported, seed", [("auto", "environment"), ("charging", "charging"),
                                            ("standby", "standby"), (None, "unknown")])
def test_the_batterys_own_mode_in_the_seeds_terms(reported, seed):
    assert seed_battery_mode(reported) == seed


def test_a_home_never_set_up_passes_nothing_that_depends_on_it():
    plan, day = load_plan(PLAN.read_bytes()), date(2026, 7, 15)
    home = _home()
    assert BATTERY_NOT_SUPPORTED in _codes(battery_surplus(plan, home, day))
    assert BATTERY_MODE in _codes(battery_surplus(plan, home, day))  # mode unknown
    assert EV_CIRCUIT_NOT_MEASURED in _codes(ev_surplus(plan, home, day))
    ai = ai_solar_charge(plan, home, day)
    assert NOT_REGISTERED in _codes(ai)
    assert [r.params["question"] for r in ai.reasons if r.code == UNANSWERED] == [
        "full_feed_in_pv", "ev_solar_charging_on"]


def test_a_set_up_home_passes_what_it_has():
    plan, day = load_plan(PLAN.read_bytes()), date(2026, 7, 15)
    home = _home(circuits=(EV,), facts=HomeFacts(pv_full_feed_in=False, ev_solar_charging=False),
                 device_classes=(0x0287, 0x027D), battery_mode="auto", registered=True)
    assert home.battery_supported and home.battery_mode == "environment"
    assert home.ev_charger_circuit_measured and home.registered
    for rule in (battery_surplus, ev_surplus, ai_solar_charge):
        assert not {BATTERY_NOT_SUPPORTED, BATTERY_MODE, EV_CIRCUIT_NOT_MEASURED,
                    NOT_REGISTERED, UNANSWERED} & _codes(rule(plan, home, day))


def test_an_ev_circuit_counts_only_when_it_is_measured_on_a_channel():
    assert not _home(circuits=(CircuitSpec(CircuitKind.SPECIAL, 6, "EV充電器",
                                           role=CircuitRole.EV_CHARGER),)
                     ).ev_charger_circuit_measured
    assert _home(circuits=(EV,)).ev_charger_circuit_measured


def test_a_weather_warning_charge_in_force_stops_battery_surplus_and_ai_control():
    plan, day = load_plan(PLAN.read_bytes()), date(2026, 7, 15)
    home = _home(circuits=(EV,), facts=HomeFacts(pv_full_feed_in=False, ev_solar_charging=False),
                 device_classes=(0x027D,), battery_mode="auto", registered=True,
                 linkage_in_force=True)
    assert WEATHER_WARNING in _codes(battery_surplus(plan, home, day))
    assert WEATHER_WARNING in _codes(ai_solar_charge(plan, home, day))
    assert WEATHER_WARNING not in _codes(ev_surplus(plan, home, day))  # the seed: not for EV
    assert not _home(linkage_in_force=False).weather_warning_linkage
