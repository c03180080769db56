"""SPEC §8: when battery and EV surplus charging and AI Solar Charge Plus are available."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from app.domain.charging_rules import (
    HomeSettings,
    Reason,
    ai_solar_charge,
    battery_surplus,
    ev_surplus,
    price_condition,
)
from app.domain.tariff import (
    Band,
    DaySchedule,
    FixedBasic,
    FlatEnergy,
    MonthDay,
    PlanVersion,
    RatePlan,
    Season,
    SellPrice,
    Text,
    Tier,
    TieredEnergy,
    TimeOfUseEnergy,
)

DAY = date(2026, 11, 25)
HOME = HomeSettings()


def day(*bands: tuple[int, int, float]) -> DaySchedule:
    return DaySchedule(tuple(Band(time(a % 24), time(b % 24), p) for a, b, p in bands))


def tou(weekday: DaySchedule, holiday: DaySchedule | None = None) -> TimeOfUseEnergy:
    return TimeOfUseEnergy((Season(Text("通年", "All year"), MonthDay(1, 1), MonthDay(12, 31),
                                   weekday, holiday or weekday),))


NIGHT_DAY = tou(day((7, 23, 30), (23, 7, 20)))  # one peak: 20 at night, 30 by day
TWO_PEAKS = tou(day((0, 7, 20), (7, 10, 35), (10, 17, 28), (17, 21, 38), (21, 0, 25)))


def plan(energy=NIGHT_DAY, sell: float | None = 17.0, adjust: float = 0.0) -> RatePlan:
    return RatePlan("p", Text("プラン", "Plan"), Text("会社", "Co"), None,
                    (PlanVersion(date(2024, 1, 1), FixedBasic(1000), energy, adjust, 0.0),),
                    sell=() if sell is None else (SellPrice(date(2024, 1, 1), sell),))


def codes(result) -> list[str]:
    return [reason.code for reason in result.reasons]


def test_a_night_and_day_plan_allows_everything() -> None:
    for rule in (battery_surplus, ev_surplus, ai_solar_charge):
        result = rule(plan(), HOME, DAY)
        assert result.available and result.reasons == () and result.messages == ()


@pytest.mark.parametrize(("sell", "ok"), [
    (17.0, True),  # max > min ≥ sell
    (20.0, True),  # min == sell
    (25.0, True),  # max > sell ≥ min
    (30.0, False),  # sell == max: storing earns nothing
    (40.0, False),
])
def test_the_price_condition(sell: float, ok: bool) -> None:
    reasons = price_condition(plan(sell=sell), DAY)
    assert (reasons == []) is ok
    if not ok:
        assert [r.code for r in reasons] == ["sell_price_not_below_max"]
        assert reasons[0].message.startswith(f"the sell price ({sell:.2f} yen/kWh) is not below "
                                             "the highest buy price (30.00 yen/kWh")


def test_adjustments_count_against_the_sell_price() -> None:
    assert price_condition(plan(sell=31.0, adjust=2.0), DAY) == []


def test_flat_and_tiered_plans_fail_the_price_condition_but_suit_ai_charge() -> None:
    for energy in (FlatEnergy(31.0), TieredEnergy((Tier(120, 29.8), Tier(None, 36.4)))):
        assert codes(battery_surplus(plan(energy), HOME, DAY)) == ["price_not_time_varying"]
        assert codes(ev_surplus(plan(energy), HOME, DAY)) == ["price_not_time_varying"]
        assert ai_solar_charge(plan(energy), HOME, DAY).available


def test_two_peaks_stop_only_ai_solar_charge() -> None:
    assert battery_surplus(plan(TWO_PEAKS), HOME, DAY).available
    result = ai_solar_charge(plan(TWO_PEAKS), HOME, DAY)
    assert codes(result) == ["price_not_single_peak", "price_not_single_peak"]
    assert result.messages[0] == ("more than one price peak a day: All year weekday: the price "
                                  "falls at 10:00 before the peak at 17:00")
    assert result.reasons[1].params["day_kind"] == "holiday"


def test_home_settings_each_give_their_reason() -> None:
    home = replace(HOME, battery_supported=False, battery_mode="economy",
                   weather_warning_linkage=True, buying_during_surplus=True,
                   ev_charger_circuit_measured=False, full_feed_in_pv=True, registered=False,
                   other_controller=True, ev_solar_charging_on=True)
    assert codes(battery_surplus(plan(), home, DAY)) == [
        "battery_not_supported", "battery_mode_not_allowed", "weather_warning_linkage",
        "buying_during_surplus"]
    assert codes(ev_surplus(plan(), home, DAY)) == ["ev_circuit_not_measured",
                                                    "buying_during_surplus"]
    assert codes(ai_solar_charge(plan(), home, DAY)) == [
        "full_feed_in_pv", "not_registered", "other_controller", "ev_solar_charging_on",
        "weather_warning_linkage"]
    assert battery_surplus(plan(), replace(HOME, battery_mode="custom"), DAY).available


def test_no_sell_price_and_no_version() -> None:
    assert codes(ai_solar_charge(plan(sell=None), HOME, DAY)) == ["no_sell_price"]
    assert codes(battery_surplus(plan(sell=None), HOME, DAY)) == ["no_sell_price"]
    early = date(2023, 12, 31)
    assert codes(ev_surplus(plan(), HOME, early)) == ["no_plan_version", "no_sell_price"]
    assert codes(ai_solar_charge(plan(), HOME, early)) == ["no_plan_version", "no_sell_price"]


def test_reasons_print_as_their_message() -> None:
    assert str(Reason("x", "a message")) == "a message"
