"""Bath, washroom and toilets: washing machine, bathroom dryer, hair dryer,
warm-water toilet seats, and the water of bath, showers, basin and toilets.

The bath and showers take hot water from the EcoCute tank, so they count as
water here and as heat that the EcoCute replaces at night (``hot_water_litres``).
"""

from __future__ import annotations

import numpy as np

from app.sources.simulator.day_context import DayContext, Meters
from app.sources.simulator.household import DayPlan
from app.sources.simulator.profiles import add_pulse, meal_bursts

BATH_LITRES = 180.0
SHOWER_LPM = 9.0
_WASH_CYCLE_MIN = 50.0
# Vertical washer, one load: (offset, minutes, watts) and (offset, minutes, L/min) of fills.
_WASH_POWER = ((0, 3, 40.0), (3, 12, 260.0), (15, 3, 360.0), (18, 3, 40.0), (21, 6, 210.0),
               (27, 3, 380.0), (30, 3, 40.0), (33, 5, 210.0), (38, 8, 430.0))
_WASH_FILLS = ((0, 3, 12.0), (18, 3, 12.0), (30, 3, 12.0))


def _showers(plan: DayPlan) -> list[tuple[float, float]]:
    """(start, minutes) of tonight's showers and the morning one; spacing from the plan."""
    showers = []
    t = plan.bath + 25.0
    for k in range(plan.evening_showers):
        minutes = 5.0 + 1.3 * ((plan.bath + 7 * k) % 4)
        showers.append((t, minutes))
        t += minutes + 12.0 + 4.0 * (k % 3)
    if plan.morning_shower:
        showers.append((plan.wake + 5.0, 7.0))
    return showers


def hot_water_litres(plan: DayPlan) -> float:
    """Litres of ~40 °C water taken from the EcoCute tank during the day."""
    return BATH_LITRES + SHOWER_LPM * sum(minutes for _, minutes in _showers(plan))


def bath_water(ctx: DayContext, meters: Meters) -> None:
    flow = np.zeros(ctx.n)
    add_pulse(flow, ctx.plan.bath, 15.0, BATH_LITRES / 15.0)
    for start, minutes in _showers(ctx.plan):
        add_pulse(flow, start, minutes, SHOWER_LPM)
    meters.draw(flow, 0.0, ctx.cold_water_c)  # hot water comes from the EcoCute tank
    rng = ctx.rng("basin")
    basin = np.zeros(ctx.n)
    meal_bursts(rng, basin, ctx.plan.wake, 80, int(rng.integers(4, 9)), (0.5, 2.0), (2.0, 4.0))
    meal_bursts(rng, basin, ctx.plan.kids_bed - 30, 120, int(rng.integers(3, 7)),
                (0.5, 1.5), (2.0, 4.0))
    meters.draw(basin, 0.5 if ctx.winter else 0.1, ctx.cold_water_c)
    hot_dry_evening = ctx.month in (6, 7, 8, 9) and ctx.weather.category == "clear"
    if hot_dry_evening and ctx.day_off and rng.random() < 0.5:
        garden = np.zeros(ctx.n)
        add_pulse(garden, 17 * 60 + float(rng.uniform(0, 60)), 10.0, 15.0)
        meters.draw(garden, 0.0, ctx.cold_water_c)  # watering the garden


def washing_machine(ctx: DayContext, meters: Meters) -> np.ndarray:
    power = np.full(ctx.n, 1.0)
    if ctx.plan.laundry is None:
        return power
    fills = np.zeros(ctx.n)
    for k in range(ctx.plan.laundry_loads):
        start = ctx.plan.laundry + k * (_WASH_CYCLE_MIN + 5.0)
        for offset, minutes, watts in _WASH_POWER:
            add_pulse(power, start + offset, minutes, watts)
        for offset, minutes, lpm in _WASH_FILLS:
            add_pulse(fills, start + offset, minutes, lpm)
    meters.draw(fills, 0.0, ctx.cold_water_c)
    return power


def bathroom_dryer(ctx: DayContext) -> np.ndarray:
    """浴室暖房乾燥機: dries laundry indoors, pre-warms the bathroom on cold evenings,
    and ventilates after the bath."""
    plan = ctx.plan
    rng = ctx.rng("bath_dryer")
    power = np.full(ctx.n, 9.0)  # continuous ventilation
    if plan.laundry is not None and plan.dry_indoors:
        start = plan.laundry + plan.laundry_loads * (_WASH_CYCLE_MIN + 5.0) + 5.0
        add_pulse(power, start, float(rng.uniform(120, 180)), 1200.0)
    if float(np.interp(plan.bath, ctx.tod, ctx.temp)) < 10.0:
        add_pulse(power, plan.bath - 5.0, 25.0, 1250.0)  # against heat shock (ヒートショック)
    add_pulse(power, plan.bath + 15.0, 150.0, 18.0)  # drying the room after bathing
    return power


def washroom_outlet(ctx: DayContext) -> np.ndarray:
    """Hair dryer after bathing and in the morning; toothbrush and shaver chargers."""
    rng = ctx.rng("washroom")
    plan = ctx.plan
    power = np.full(ctx.n, 3.0)
    meal_bursts(rng, power, plan.bath + 40.0, 100.0, plan.evening_showers,
                (3.0, 8.0), (1100.0, 1250.0))
    if rng.random() < 0.5:
        meal_bursts(rng, power, plan.wake + 10.0, 40.0, 1, (3.0, 6.0), (1100.0, 1250.0))
    return np.minimum(power, 1253.0)  # one hair dryer


def toilets(ctx: DayContext, meters: Meters) -> tuple[np.ndarray, np.ndarray]:
    """Warm-water toilet seats (温水洗浄便座) on 1F and 2F: seat heating always,
    instant water heating during each visit; each visit flushes 4.8 L."""
    seat_w = 26.0 if ctx.winter else 5.0 if ctx.month in (6, 7, 8, 9) else 14.0
    seats = (np.full(ctx.n, seat_w), np.full(ctx.n, seat_w * 0.9))
    flush = np.zeros(ctx.n)
    for minute, which in ctx.plan.toilet_uses:
        add_pulse(seats[which], float(minute), 1.0, 950.0)
        add_pulse(flush, float(minute + 1), 0.5, 9.6)
    meters.draw(flush, 0.0, ctx.cold_water_c)
    return np.minimum(seats[0], seat_w + 950.0), np.minimum(seats[1], seat_w * 0.9 + 950.0)
