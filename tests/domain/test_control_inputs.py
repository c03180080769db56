"""From what the devices answered to the planner's inputs."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.control_inputs import (
    MIN_FORECAST_SLOTS,
    BatteryUnknown,
    DeviceState,
    EcoCuteHistory,
    battery_soc,
    battery_spec,
    departure_slot,
    ecocute_spec,
    ev_spec,
    forecast_from,
    net_load,
    refill_began,
    targets,
)
from app.domain.control_view import ControlSettings
from app.domain.energy_forecast import SlotForecast

ZONE = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 1, 22, 4, 30, tzinfo=ZONE)  # a Thursday
BATTERY = "127.0.0.5/027D01"


def test_the_battery_as_it_answers() -> None:
    state = DeviceState(BATTERY, {0xA0: 9800, 0xC8: (100, 3000), 0xC9: (0, 2500), 0xE4: 42})
    spec = battery_spec(state, 35.0)
    assert (spec.capacity_wh, spec.max_charge_w, spec.max_discharge_w, spec.reserve_pct) == \
        (9800, 3000, 2500, 35.0)
    assert battery_soc(state) == 42


def test_the_level_from_the_remaining_energy_when_no_percent() -> None:
    assert battery_soc(DeviceState(BATTERY, {0xD0: 10_000, 0xE2: 2500})) == 25.0
    assert battery_soc(DeviceState(BATTERY, {0xE2: 2500})) is None


@pytest.mark.parametrize(("values", "missing"), [
    ({0xC8: (0, 3000), 0xC9: (0, 3000)}, "capacity"),
    ({0xA0: 9800, 0xC8: (0, 3000)}, "power range"),
    ({0xA0: 9800, 0xC8: (0, 0), 0xC9: (0, 3000)}, "power range"),
])
def test_a_battery_that_does_not_tell_its_limits_is_not_planned(values, missing) -> None:
    with pytest.raises(BatteryUnknown, match=missing):
        battery_spec(DeviceState(BATTERY, values), 30.0)


def test_the_forecast_cut_to_the_plans_start_and_stale_when_short() -> None:
    made = START.replace(hour=3, minute=0)
    f = SlotForecast(made, tuple(float(i) for i in range(96)))
    assert forecast_from(f, START)[:2] == (3.0, 4.0)
    assert len(forecast_from(f, START)) == 93
    late = made.replace(day=23)  # 48 slots on: 48 left, just enough
    assert len(forecast_from(f, late)) == MIN_FORECAST_SLOTS
    assert forecast_from(f, late.replace(hour=4)) is None  # 46 left: stale
    assert forecast_from(f, made.replace(hour=2)) is None  # begins after the start
    assert forecast_from(None, START) is None


def test_targets_follow_the_day_type() -> None:
    weekday = (None,) * 9 + (700.0,) + (None,) * 38  # 04:30 slot on weekdays
    holiday = (None,) * 9 + (300.0,) + (None,) * 38
    settings = ControlSettings(weekday_targets_wh=weekday, holiday_targets_wh=holiday)
    got = targets(settings, START, 96 + 48)
    assert got[0] == 700.0  # Thursday
    assert got[48] == 700.0  # Friday
    assert got[96] == 300.0  # Saturday
    assert sum(t is not None for t in got) == 3


def test_net_load_never_below_zero() -> None:
    assert net_load((500, 500, 500), (600, 100, 0), None, (0, 100)) == (0.0, 300.0, 500.0)


def test_the_refill_in_progress_began_last_night() -> None:
    night = time(23, 0)
    at = START  # 04:30: the night that began at 23:00
    assert refill_began(at, night, False) == START.replace(day=21, hour=23, minute=0)
    noon = START.replace(hour=12)
    assert refill_began(noon, night, True) == START.replace(day=21, hour=23, minute=0)
    assert refill_began(noon, night, False) is None  # tonight's has not begun
    assert refill_began(START.replace(hour=23, minute=30), night, False) == \
        START.replace(hour=23, minute=0)
    assert refill_began(START, time(1, 0), False) == START.replace(hour=1, minute=0)


def test_the_ecocute_is_planned_only_when_its_heating_can_be_set() -> None:
    history = EcoCuteHistory((6000.0, 5000.0), 750.0, 1000.0)
    free = DeviceState("127.0.0.9/026B01", {0xC8: 23}, frozenset({0xB0}))
    spec = ecocute_spec(free, history, 1, True)
    assert (spec.heating_wh, spec.power_w, spec.heated_wh, spec.night_start, spec.day_shift) \
        == (5500.0, 1500.0, 1000.0, time(23), True)
    rated = DeviceState(free.device, {0xDB: 1800, 0xDD: 1200}, frozenset({0xB0}))
    assert ecocute_spec(rated, history, 1, False).power_w == 1800  # winter's rating
    assert ecocute_spec(rated, history, 8, False).power_w == 1200
    fixed = DeviceState(free.device, {0xC8: 23}, frozenset())
    assert ecocute_spec(fixed, history, 1, True) is None
    assert ecocute_spec(free, None, 1, True) is None


def test_the_car_needs_a_departure_a_settable_mode_and_to_be_plugged_in() -> None:
    values = {0xC7: "connected_chargeable_dischargeable", 0xC0: 40_000, 0xE4: 55,
              0xC8: (0, 6000), 0xC9: (0, 6000)}
    v2h = DeviceState("127.0.0.7/027E01", values, frozenset({0xDA}))
    leaves = ControlSettings(ev_departure=time(7, 30), ev_target_pct=90)
    spec = ev_spec(v2h, leaves, START, 96)
    assert (spec.level_pct, spec.target_pct, spec.departure_slot, spec.can_discharge) == \
        (55, 90, 6, True)
    assert ev_spec(v2h, ControlSettings(), START, 96) is None  # no departure set
    unplugged = DeviceState(v2h.device, {**values, 0xC7: "not_connected"}, frozenset({0xDA}))
    assert ev_spec(unplugged, leaves, START, 96) is None
    fixed = DeviceState(v2h.device, values, frozenset())
    assert ev_spec(fixed, leaves, START, 96) is None
    assert departure_slot(START, time(4, 45), 96) is None


def test_the_same_forecast_made_again_from_a_later_half_hour_is_no_new_forecast() -> None:
    from app.domain.control_inputs import new_forecast

    made = START.replace(hour=4, minute=0)
    a = SlotForecast(made, tuple(float(i) for i in range(95)))
    again = SlotForecast(START, tuple(float(i) for i in range(1, 97)))  # one slot further
    assert not new_forecast(a, again, START)
    other = SlotForecast(START, (1.0, 2.5, *tuple(float(i) for i in range(3, 97))))
    assert new_forecast(a, other, START)
    stale = SlotForecast(made - timedelta(hours=30), (0.0,) * 96)  # 18 h left: stale
    assert new_forecast(stale, again, START) and not new_forecast(stale, None, START)
    short = SlotForecast(START, tuple(float(i) for i in range(1, 60)))
    assert new_forecast(short, again, START)  # hours more: a new forecast
