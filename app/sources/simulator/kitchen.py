"""Kitchen loads: fridge, IH cooking heater, microwave, rice cooker, small appliances,
dishwasher, and the kitchen tap's water and hot water."""

from __future__ import annotations

import numpy as np

from app.sources.simulator.day_context import DayContext, Meters
from app.sources.simulator.profiles import add_pulse, cycling, meal_bursts

FRIDGE_PERIOD_MIN = 40.0


def _meal_times(ctx: DayContext) -> list[int]:
    plan = ctx.plan
    return [t for t in (plan.breakfast, plan.lunch, plan.dinner) if t is not None]


def fridge(ctx: DayContext) -> np.ndarray:
    """Compressor cycling every ~40 min; runs longer in a warm kitchen and after meals."""
    room = np.clip(19.0 + 0.45 * (ctx.temp - 15.0), 14.0, 31.0)
    duty = 0.28 + 0.02 * (room - 18.0)
    for meal in _meal_times(ctx):  # door opened, warm food put in
        duty = duty + 0.2 * ((ctx.tod >= meal - 20) & (ctx.tod < meal + 60))
    phase = float((ctx.seed * 7919 + 13) % int(FRIDGE_PERIOD_MIN))  # fixed per home
    running = cycling(ctx.abs_minutes, FRIDGE_PERIOD_MIN, duty, phase)
    compressor_w = 85.0 + 3.0 * (room - 18.0)  # 80-150 W
    power = 9.0 + running * compressor_w
    # Defrost heater once a day in the small hours, compressor off meanwhile.
    defrost = 150 + (ctx.seed % 60)
    power[defrost:defrost + 20] = 165.0
    return power


def ih_cooker(ctx: DayContext) -> np.ndarray:
    """IH cooking heater (200 V): burners at meal times, biggest at dinner."""
    rng = ctx.rng("ih")
    plan = ctx.plan
    power = np.full(ctx.n, 1.5)
    if rng.random() < (0.8 if plan.day_off else 0.65):
        meal_bursts(rng, power, plan.breakfast - 20, 12, int(rng.integers(1, 3)),
                    (5.0, 12.0), (900.0, 1800.0))
    if plan.lunch is not None and rng.random() < 0.7:
        meal_bursts(rng, power, plan.lunch - 25, 15, int(rng.integers(1, 3)),
                    (6.0, 15.0), (1000.0, 2000.0))
    if not plan.is_away(plan.dinner - 40):
        prep = float(rng.uniform(30, 55))
        meal_bursts(rng, power, plan.dinner - prep, prep - 5, int(rng.integers(3, 6)),
                    (4.0, 18.0), (500.0, 1800.0))
    return np.minimum(power, 5800.0)  # the appliance's total limit


def microwave(ctx: DayContext) -> np.ndarray:
    rng = ctx.rng("microwave")
    power = np.full(ctx.n, 0.8)
    for meal in _meal_times(ctx):
        if rng.random() < 0.7:
            meal_bursts(rng, power, meal - 15, 20, int(rng.integers(1, 4)),
                        (0.7, 3.5), (1250.0, 1400.0))
    if rng.random() < 0.35:  # late snack or a warmed drink
        meal_bursts(rng, power, ctx.plan.dinner + 120, 60, 1, (0.5, 2.0), (1250.0, 1400.0))
    return np.minimum(power, 1400.8)  # one dish at a time


def rice_cooker(ctx: DayContext) -> np.ndarray:
    """Cook (preheat, boil, steam) finished at dinner, then keep warm until bedtime."""
    rng = ctx.rng("rice")
    plan = ctx.plan
    power = np.full(ctx.n, 0.9)
    cooks = []
    if rng.random() < 0.85 and not plan.is_away(plan.dinner - 60):
        cooks.append((plan.dinner - 55 + float(rng.uniform(-5, 5)), plan.bedtime - 60))
    if rng.random() < 0.3:  # timer cook ready for breakfast
        cooks.append((plan.breakfast - 55, plan.breakfast + 90))
    for start, warm_until in cooks:
        for offset, minutes, watts in ((0, 10, 150.0), (10, 14, 1050.0), (24, 10, 620.0),
                                       (34, 16, 260.0)):
            add_pulse(power, start + offset, minutes, watts)
        add_pulse(power, start + 50, max(0.0, warm_until - start - 50), 32.0)
    return power


def kitchen_outlet(ctx: DayContext) -> np.ndarray:
    """Kettle, toaster and coffee maker on the kitchen counter sockets."""
    rng = ctx.rng("kitchen_outlet")
    plan = ctx.plan
    power = np.full(ctx.n, 4.0)
    if rng.random() < 0.9:
        add_pulse(power, plan.breakfast - 15 + float(rng.uniform(-3, 3)),
                  float(rng.uniform(2.5, 4.0)), 1250.0)
    if rng.random() < 0.5:
        add_pulse(power, plan.breakfast - 5, float(rng.uniform(2.0, 3.5)), 1000.0)
    if rng.random() < 0.4:
        add_pulse(power, plan.breakfast, float(rng.uniform(4.0, 6.0)), 800.0)
    if plan.at_home_daytime and rng.random() < 0.6:
        add_pulse(power, float(rng.uniform(14 * 60, 16 * 60)), 3.0, 1250.0)
    if rng.random() < 0.5:
        add_pulse(power, plan.dinner + float(rng.uniform(30, 100)), 3.0, 1250.0)
    return np.minimum(power, 2300.0)  # kettle and toaster together at most


def dishwasher(ctx: DayContext, meters: Meters) -> np.ndarray:
    """Built-in dishwasher after dinner: fills, heated wash and rinse, drying."""
    power = np.full(ctx.n, 0.5)
    if not ctx.plan.dishwasher:
        return power
    rng = ctx.rng("dishwasher")
    start = ctx.plan.dinner + float(rng.uniform(50, 110))
    add_pulse(power, start, 70, 55.0)  # circulation pump
    add_pulse(power, start + 5, 20, 1100.0)  # wash heating
    add_pulse(power, start + 45, 10, 1100.0)  # hot rinse
    add_pulse(power, start + 70, 30, 240.0)  # drying
    fills = np.zeros(ctx.n)
    for offset in (0, 25, 38, 44):
        add_pulse(fills, start + offset, 1.0, 3.0)
    meters.draw(fills, 0.0, ctx.cold_water_c)  # heats its own water
    return power


def kitchen_tap(ctx: DayContext, meters: Meters) -> None:
    """Water at the sink while cooking and washing up (hot water from the gas heater)."""
    rng = ctx.rng("kitchen_tap")
    plan = ctx.plan
    taps = np.zeros(ctx.n)
    meal_bursts(rng, taps, plan.breakfast - 20, 40, int(rng.integers(5, 10)),
                (0.3, 1.5), (3.0, 6.0))
    if plan.lunch is not None:
        meal_bursts(rng, taps, plan.lunch - 25, 50, int(rng.integers(3, 7)),
                    (0.3, 1.5), (3.0, 6.0))
    if not plan.is_away(plan.dinner - 40):
        meal_bursts(rng, taps, plan.dinner - 50, 50, int(rng.integers(8, 16)),
                    (0.3, 1.5), (3.0, 6.0))
        washing_up = 4 if plan.dishwasher else 14  # pre-rinse only, or washing by hand
        meal_bursts(rng, taps, plan.dinner + 35, 40, washing_up, (0.5, 1.5), (3.0, 5.0))
    hot_share = 0.75 if ctx.winter else 0.35 if ctx.month in (4, 5, 10, 11) else 0.15
    meters.draw(taps, hot_share, ctx.cold_water_c)
