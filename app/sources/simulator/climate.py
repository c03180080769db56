"""Room air conditioners, and the gas fan heater for cold mornings.

An air conditioner runs while its room is used and the outdoor temperature
calls for it: cooling to ~27 °C on warm days and hot nights, heating to
~20 °C in the cold season. Electric power = heat load / COP, within the
inverter's range, with a pull-down boost after switching on.
"""

from __future__ import annotations

import numpy as np

from app.sources.simulator.day_context import DayContext, Meters
from app.sources.simulator.profiles import add_pulse, between, minutes_since_start, modulate

COOL_SETPOINT_C = 27.0
HEAT_SETPOINT_C = 20.0
_HEATING_MONTHS = (11, 12, 1, 2, 3, 4, 5, 10)


def _air_conditioner(ctx: DayContext, name: str, occupied: np.ndarray, ua_w_per_k: float,
                     max_w: float, min_w: float, gains_w: np.ndarray,
                     cool_from_c: float = 26.0) -> np.ndarray:
    t = ctx.temp
    cool = occupied & (t >= cool_from_c)
    heat = occupied & (t <= 14.5) & (ctx.month in _HEATING_MONTHS) & (ctx.weather.mean_c < 16.0)
    cop_cool = np.clip(5.2 - 0.13 * (t - COOL_SETPOINT_C), 2.5, 6.0)
    cop_heat = np.clip(3.3 + 0.07 * (t - 7.0), 1.8, 5.0)
    cool_w = np.maximum(ua_w_per_k * (t - COOL_SETPOINT_C) + gains_w + 250.0, 0.0) / cop_cool
    heat_w = np.maximum(ua_w_per_k * (HEAT_SETPOINT_C - t) - gains_w, 0.0) / cop_heat
    running = cool | heat
    steady = np.clip(np.where(cool, cool_w, heat_w), min_w, max_w)
    # Pull-down: full power after switching on, easing to the steady load.
    boost = (max_w - steady) * np.exp(-minutes_since_start(running) / 12.0)
    power = (steady + boost) * modulate(ctx.rng(f"ac.{name}"), ctx.n, 0.05, 6.0)
    return np.where(running, np.minimum(power, max_w), 1.5)


def living_ac(ctx: DayContext) -> np.ndarray:
    """LDK air conditioner (200 V, 4.0 kW class)."""
    gains = 0.8 * ctx.ghi + 300.0  # sun through the windows, people and appliances
    occupied = ctx.plan.home_awake(ctx.tod)
    return _air_conditioner(ctx, "living", occupied, 170.0, 1900.0, 170.0, gains)


def kids_room_used(ctx: DayContext, name: str) -> np.ndarray:
    rng = ctx.rng(f"room.{name}")
    plan, tod = ctx.plan, ctx.tod
    if plan.kids_school is not None:
        back = plan.kids_school[1] + float(rng.uniform(10, 40))
        used = between(tod, back, plan.dinner - 10)
    else:
        start = float(rng.uniform(9 * 60, 14 * 60))
        used = between(tod, start, start + float(rng.uniform(60, 180)))
        for s, e in plan.away:
            used &= ~between(tod, s, e)
    used |= between(tod, plan.dinner + float(rng.uniform(40, 80)), plan.kids_bed)
    return used


def kids_room_ac(ctx: DayContext, name: str) -> np.ndarray:
    """Children's room air conditioner (100 V, 2.2 kW class); sleep cooling on hot nights."""
    plan, tod = ctx.plan, ctx.tod
    used = kids_room_used(ctx, name)
    asleep = between(tod, plan.kids_bed, plan.kids_wake)
    morning = between(tod, plan.kids_wake - 15, plan.kids_wake + 10)
    hot_night = asleep & (ctx.temp >= 25.0)
    occupied = used | hot_night | (morning & (ctx.temp < 8.0))
    gains = 0.15 * ctx.ghi + 80.0
    return _air_conditioner(ctx, name, occupied, 55.0, 750.0, 110.0, gains, cool_from_c=25.0)


def master_bedroom_ac(ctx: DayContext) -> np.ndarray:
    """Master bedroom: cools hot nights; warms the room before bed and on waking."""
    plan, tod, t = ctx.plan, ctx.tod, ctx.temp
    night = between(tod, plan.bedtime - 20, plan.wake)
    warm_up = between(tod, plan.bedtime - 40, plan.bedtime) | between(tod, plan.wake - 25,
                                                                      plan.wake + 5)
    occupied = (night & (t >= 25.0)) | (warm_up & (t < 11.0))
    gains = np.full(ctx.n, 60.0)
    return _air_conditioner(ctx, "master", occupied, 65.0, 850.0, 110.0, gains,
                            cool_from_c=25.0)


def gas_fan_heater(ctx: DayContext, meters: Meters) -> np.ndarray:
    """ガスファンヒーター in the living room on cold mornings: fast heat from gas.

    Returns its electric draw (ignition heater, then fan and controls).
    """
    power = np.zeros(ctx.n)
    plan = ctx.plan
    start = plan.wake + 2
    if plan.is_away(start) or float(np.interp(start, ctx.tod, ctx.temp)) >= 8.0:
        return power
    end = plan.commute[0] if plan.commute else start + 90
    end = min(end, start + 120)
    add_pulse(power, start, 3, 430.0)
    add_pulse(power, start + 3, end - start - 3, 14.0)
    heat = np.zeros(ctx.n)
    add_pulse(heat, start, 15, 3.2)  # kW: full blast first, then modulating
    add_pulse(heat, start + 15, end - start - 15, 1.3)
    meters.add_gas_heat(heat, 0.95)
    return power


def electric_carpet(ctx: DayContext) -> np.ndarray:
    """ホットカーペット in winter evenings, thermostat-cycled."""
    plan = ctx.plan
    if ctx.weather.mean_c >= 10.0:
        return np.zeros(ctx.n)
    on = between(ctx.tod, plan.dinner + 30, plan.bedtime - 30) & plan.home_awake(ctx.tod)
    duty = np.mod(ctx.abs_minutes, 20.0) < 11.0
    return np.where(on & duty, 380.0, 0.0)
