"""The planner's inputs: what they refuse, and the prices taken from a rate plan."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.domain.charge_plan import BatterySpec, EcoCuteSpec, EvSpec, PlanInputs
from app.domain.charge_plan_prices import horizon_prices
from app.domain.ecocute_cycles import refills
from app.domain.tariff import SurchargeRate
from app.domain.tariff_json import load_plan

START = datetime.fromisoformat("2026-05-12T23:00:00+09:00")


def make(**changes) -> PlanInputs:
    fields = {"start": START, "buy_yen_per_kwh": (30.0,) * 4, "sell_yen_per_kwh": (),
              "pv_wh": (0.0,) * 4, "load_wh": (200.0,) * 4} | changes
    return PlanInputs(**fields)


def test_empty_optional_columns_fill_the_horizon():
    inputs = make()
    assert inputs.n == 4
    assert inputs.sell_yen_per_kwh == (None,) * 4 and not inputs.sells(0)
    assert inputs.target_wh == (None,) * 4
    assert inputs.grid_charge_allowed == (True,) * 4
    assert inputs.slot_start(3) == datetime.fromisoformat("2026-05-13T00:30:00+09:00")


@pytest.mark.parametrize(("changes", "words"), [
    ({"start": datetime(2026, 5, 12, 23, 0)}, "aware"),
    ({"start": START.replace(minute=10)}, "half hour"),
    ({"buy_yen_per_kwh": ()}, "at least one slot"),
    ({"pv_wh": (0.0,) * 3}, "pv_wh has 3 slots"),
    ({"load_wh": (200.0, math.nan, 0.0, 0.0)}, "load_wh[1]"),
    ({"pv_wh": (0.0, -1.0, 0.0, 0.0)}, "pv_wh[1]"),
    ({"target_wh": (None, math.inf, None, None)}, "target_wh[1]"),
    ({"soc_pct": 120.0}, "soc_pct"),
])
def test_bad_inputs_are_refused_naming_the_field(changes, words):
    with pytest.raises(ValueError, match=words.replace("[", r"\[")):
        make(**changes)


def test_bad_device_specs_are_refused():
    with pytest.raises(ValueError, match="round_trip_efficiency"):
        BatterySpec(9800, 3000, 3000, round_trip_efficiency=1.2)
    with pytest.raises(ValueError, match="capacity_wh"):
        BatterySpec(0, 3000, 3000)
    with pytest.raises(ValueError, match="departure_slot"):
        EvSpec(40_000, 30, 80, -1, 3000)
    with pytest.raises(ValueError, match="half hour"):
        EcoCuteSpec(4500, 1500, night_start=time(23, 15))
    with pytest.raises(ValueError, match="between"):
        EcoCuteSpec(4500, 1500, day_start=time(6, 0))  # overlaps the night that ends at 7


def test_a_car_that_leaves_now_or_is_away_is_not_planned():
    car = EvSpec(40_000, 30, 80, 2, 3000)
    assert make(ev=car).planned_ev == car and make(ev=car).ev_deadline() == 2
    assert make(ev=EvSpec(40_000, 30, 80, 0, 3000)).planned_ev is None
    assert make(ev=EvSpec(40_000, 30, 80, None, 3000, present=False)).planned_ev is None
    assert make(ev=EvSpec(40_000, 30, 80, None, 3000)).ev_deadline() == 4
    assert make(ev=EvSpec(40_000, 30, 80, 9, 3000)).ev_deadline() == 4


def _plan(tiered: bool = False):
    energy = ({"kind": "tiered", "tiers": [{"up_to_kwh": None, "yen_per_kwh": 30.0}]}
              if tiered else {"kind": "time_of_use", "seasons": [
                  {"name": {"ja": "通年", "en": "All year"}, "from": "01-01", "to": "12-31",
                   "weekday": [{"from": "07:00", "to": "23:00", "yen_per_kwh": 35.0},
                               {"from": "23:00", "to": "07:00", "yen_per_kwh": 26.74}],
                   "holiday": [{"from": "00:00", "to": "00:00", "yen_per_kwh": 28.0}]}]})
    return load_plan(json.dumps({
        "schema": "hems-rate-plan/1", "id": "t", "name": {"ja": "t", "en": "t"},
        "company": {"ja": "t", "en": "t"}, "source": None,
        "versions": [{"valid_from": "2020-01-01", "basic": {"kind": "fixed", "yen": 1000.0},
                      "energy": energy, "fuel_adjustment_yen_per_kwh": -1.5,
                      "renewable_surcharge_yen_per_kwh": None}],
        "sell": [{"valid_from": "2020-01-01", "yen_per_kwh": 16.0},
                 {"valid_from": "2026-05-13", "yen_per_kwh": 8.0}],
        "co2": [], "gas": [], "water": []}))


def test_prices_follow_the_bands_the_days_and_what_each_kwh_adds():
    national = (SurchargeRate(date(2026, 5, 1), 3.98),)
    # Friday 2026-05-15 22:00 to Saturday 08:00: weekday bands, then the holiday's price.
    start = datetime.fromisoformat("2026-05-15T22:00:00+09:00")
    buy, sell = horizon_prices(_plan(), start, 20, national)
    added = -1.5 + 3.98
    assert buy[:2] == pytest.approx((35.0 + added,) * 2)  # 22:00, 22:30
    assert buy[2:4] == pytest.approx((26.74 + added,) * 2)  # 23:00, 23:30
    assert buy[4:] == pytest.approx((28.0 + added,) * 16)  # Saturday
    assert sell == (8.0,) * 20
    _, sell = horizon_prices(_plan(), START, 4)
    assert sell == (16.0, 16.0, 8.0, 8.0)  # the new sell price from midnight


def test_a_tiered_plan_has_no_slot_prices():
    with pytest.raises(ValueError, match="tiered"):
        horizon_prices(_plan(tiered=True), START, 4)


def test_slots_count_real_time_across_a_clock_change():
    """Japan has no daylight saving, but the planner does not rely on it."""
    berlin = ZoneInfo("Europe/Berlin")  # 2026-03-29 02:00 -> 03:00
    inputs = make(start=datetime(2026, 3, 29, 0, 0, tzinfo=berlin))
    assert inputs.slot_start(4) == datetime(2026, 3, 29, 3, 0, tzinfo=berlin)
    (refill,) = refills(make(start=datetime(2026, 3, 28, 22, 0, tzinfo=berlin),
                             buy_yen_per_kwh=(30.0,) * 48, pv_wh=(), load_wh=(),
                             ecocute=EcoCuteSpec(4500, 1500)))
    assert len(refill.night) == 14  # 23:00 to 07:00 is 7 hours that night
