"""A plausible AI Solar Charge round for the pictures and the UI tests (not a real one).

The plan is the real planner's (HiGHS) on the sample forecast of `sample_weather`: a
clear winter day, then a day that clouds over and rains from the afternoon, so the
battery charges at night for tomorrow's evening. Time-of-use prices (night 26.74,
day 35.00, evening 43.61 円/kWh; 16 円 for a sold kWh), the simulated home's battery
(9.8 kWh, 3 kW), a car at the charger until 07:30 tomorrow, an EcoCute that may heat in
the day's surplus, and a 30-minute target in the weekday evening. A week of savings.
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

from app.domain.charge_plan import SLOT, BatterySpec, EcoCuteSpec, EvSpec, PlanInputs
from app.domain.charge_planner import plan_charges
from app.domain.charging_rules import RuleResult
from app.domain.control_view import ControlMode, ControlSettings, ControlView, DaySaving
from app.ui.sample_weather import TIMEZONE, sample_weather_view

NIGHT, DAY, EVENING, SELL = 26.74, 35.00, 43.61, 16.0
BATTERY = BatterySpec(capacity_wh=9800.0, max_charge_w=3000.0, max_discharge_w=3000.0,
                      round_trip_efficiency=0.9, reserve_pct=30.0)
DEPARTURE = time(7, 30)
TARGET_WH = 1000.0  # 18:00–20:00 on weekdays


def price_at(moment: datetime) -> float:
    hour = moment.hour
    return NIGHT if hour >= 23 or hour < 7 else EVENING if hour >= 17 else DAY


def sample_settings() -> ControlSettings:
    targets = tuple(TARGET_WH if 36 <= i < 40 else None for i in range(48))
    return ControlSettings(ai_enabled=True, reserve_pct=30.0, ecocute_day_shift=True,
                           ev_departure=DEPARTURE, ev_target_pct=80.0,
                           weekday_targets_wh=targets)


def sample_inputs(now: datetime, settings: ControlSettings | None = None) -> PlanInputs:
    """From the current half hour to the end of tomorrow (aware `now`)."""
    settings = settings or sample_settings()
    weather = sample_weather_view(now)
    assert weather.solar is not None and weather.load is not None
    assert weather.load.forecast is not None
    start = weather.solar.start
    local_start = start.astimezone(start.tzinfo)
    end = datetime.combine(local_start.date() + timedelta(days=2), time(0), start.tzinfo)
    n = round((end - start) / SLOT)
    slots = [start + i * SLOT for i in range(n)]
    departure = datetime.combine(local_start.date() + timedelta(days=1), DEPARTURE,
                                 start.tzinfo)
    weekday = [settings.weekday_targets_wh[s.hour * 2 + s.minute // 30]
               if s.weekday() < 5 else settings.holiday_targets_wh[s.hour * 2 + s.minute // 30]
               for s in slots]
    battery = BatterySpec(BATTERY.capacity_wh, BATTERY.max_charge_w, BATTERY.max_discharge_w,
                          BATTERY.round_trip_efficiency, settings.reserve_pct)
    return PlanInputs(
        start=start, buy_yen_per_kwh=tuple(price_at(s) for s in slots),
        sell_yen_per_kwh=(SELL,) * n, pv_wh=weather.solar.wh[:n],
        load_wh=weather.load.forecast.wh[:n], target_wh=tuple(weekday),
        battery=battery, soc_pct=55.0,
        ev=EvSpec(capacity_wh=40_000.0, level_pct=45.0, target_pct=settings.ev_target_pct,
                  departure_slot=max(0, round((departure - start) / SLOT)),
                  max_charge_w=3000.0),
        # Today's hot water was heated last night: the plan heats tomorrow's.
        ecocute=EcoCuteSpec(heating_wh=4500.0, power_w=1500.0,
                            day_shift=settings.ecocute_day_shift, heated_wh=4500.0))


def sample_savings(now: datetime, days: int = 7) -> tuple[DaySaving, ...]:
    """Recent days, newest (yesterday) first: AI control saved ¥40–¥110 a day."""
    today = now.date()
    rows = []
    for back in range(1, days + 1):
        baseline = 420.0 + 90.0 * math.sin(back * 1.3)
        saved = 75.0 + 35.0 * math.cos(back * 2.1)
        rows.append(DaySaving(today - timedelta(days=back), round(baseline - saved, 1),
                              round(baseline, 1)))
    return tuple(rows)


def sample_control_view(now: datetime) -> ControlView:
    """An AI round made at `now` (aware, in the home's zone)."""
    settings = sample_settings()
    inputs = sample_inputs(now, settings)
    savings = sample_savings(now)
    month = [s for s in savings if s.day.month == now.month and s.day.year == now.year]
    return ControlView(mode=ControlMode.AI, settings=settings, plan=plan_charges(inputs),
                       inputs=inputs, conditions=(RuleResult(True, ()),) * 3,
                       savings=savings,
                       month_saved_yen=sum(s.saved_yen for s in month) if month else 0.0,
                       made_at=now.timestamp())


__all__ = ["TIMEZONE", "sample_control_view", "sample_inputs", "sample_savings",
           "sample_settings"]
