"""The control loop's values in the settings table: read back as written, and anything
unreadable read as the defaults, never as an error."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.charge_plan import BatterySpec, EcoCuteSpec, EvSpec, PlanInputs
from app.domain.charging_rules import Reason, RuleResult
from app.domain.control_json import (
    ControlState,
    KeptRound,
    round_from_json,
    round_to_json,
    savings_from_json,
    savings_to_json,
    settings_from_json,
    settings_to_json,
)
from app.domain.control_view import ControlMode, ControlSettings, DaySaving, Fallback

ZONE = ZoneInfo("Asia/Tokyo")


def test_settings_round_trip_and_bad_fields_keep_their_defaults() -> None:
    targets = tuple(None if i % 3 else 800.0 + i for i in range(48))
    settings = ControlSettings(ai_enabled=False, reserve_pct=45.0, ecocute_day_shift=False,
                               ev_departure=time(7, 30), ev_target_pct=90.0,
                               weekday_targets_wh=targets)
    assert settings_from_json(settings_to_json(settings)) == settings
    assert settings_from_json(None) == ControlSettings()
    assert settings_from_json("not json") == ControlSettings()
    bad = settings_from_json('{"reserve_pct": 140, "ai_enabled": "yes", '
                             '"weekday_targets_wh": [1, 2], "ev_target_pct": 70}')
    assert bad == ControlSettings(ev_target_pct=70.0)


def test_state_round_trip() -> None:
    state = ControlState({"a/027D01": 10.0}, 1800.0, {"b/026B01": 20.0},
                         {date(2026, 3, 1): (1 << 48) - 1})
    assert ControlState.from_json(state.to_json()) == state
    assert ControlState.from_json("[1]") == ControlState()


def test_a_day_counts_as_under_ai_control_with_nine_tenths_of_its_half_hours() -> None:
    zone = ZoneInfo("Asia/Tokyo")
    state = ControlState()
    day = datetime(2026, 3, 4, tzinfo=zone)
    for slot in range(43):  # 43 of 48 half hours (90 %)
        state = state.with_ai_slot(day + timedelta(minutes=30 * slot))
    state = state.with_ai_slot(day + timedelta(days=1, hours=23, minutes=30))  # the next day
    assert state.ai_days == {date(2026, 3, 4)}
    assert state.with_ai_slot(day + timedelta(minutes=30)) == state  # counted once
    later = state.with_ai_slot(day + timedelta(days=62))
    assert set(later.ai_slots) == {date(2026, 3, 5), date(2026, 5, 5)}  # two months kept
    assert ControlState(ai_slots={date(2026, 3, 4): (1 << 42) - 1}).ai_days == frozenset()


def test_a_round_is_kept_with_its_inputs() -> None:
    start = datetime(2026, 1, 22, 4, 30, tzinfo=ZONE)
    inputs = PlanInputs(start=start, buy_yen_per_kwh=(26.0, 42.0), sell_yen_per_kwh=(8.0, None),
                        pv_wh=(0.0, 100.0), load_wh=(400.0, 400.0), target_wh=(None, 500.0),
                        battery=BatterySpec(9800, 3000, 2500, 0.9, 35.0), soc_pct=42.0,
                        ev=EvSpec(40_000, 50, 80, 1, 6000, True, 6000),
                        ecocute=EcoCuteSpec(4000, 1500, night_start=time(22), day_shift=True,
                                            heated_wh=500,
                                            daily_heating_wh=((date(2026, 1, 23), 5200.0),)),
                        first_slot_fraction=0.4)  # made at 04:48
    kept = KeptRound(ControlMode.SELF_CONSUMPTION, inputs, Fallback.CONDITION,
                     "not_registered",
                     (RuleResult(False, (Reason("not_registered", "m", {"x": 1}),)),),
                     (DaySaving(date(2026, 1, 21), 500.0, 620.5),), 120.5, 1.7e9, ("n",))
    assert round_from_json(round_to_json(kept)) == kept
    # A round kept before the first slot's share was: a whole first slot.
    older = json.loads(round_to_json(kept))
    del older["inputs"]["first_slot_fraction"]
    again = round_from_json(json.dumps(older))
    assert again is not None and again.inputs.first_slot_fraction == 1.0
    assert round_from_json('{"mode": "ai"}') is None
    assert round_from_json(None) is None


def test_savings_round_trip() -> None:
    days = {date(2026, 1, 20): DaySaving(date(2026, 1, 20), 300.0, 350.0)}
    assert savings_from_json(savings_to_json(days)) == days
    assert savings_from_json("{") == {}
