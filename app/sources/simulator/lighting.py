"""LED lighting: on where people are and it is dark (earlier on grey days)."""

from __future__ import annotations

import numpy as np

from app.sources.simulator.climate import kids_room_used
from app.sources.simulator.day_context import DayContext
from app.sources.simulator.profiles import add_pulse, between


def living_light(ctx: DayContext) -> np.ndarray:
    plan = ctx.plan
    on = plan.home_awake(ctx.tod) & ctx.dark()
    level = np.where(ctx.tod < plan.kids_bed, 72.0, 45.0)  # dimmed once the children sleep
    return np.where(on, level, 0.0)


def dining_light(ctx: DayContext) -> np.ndarray:
    plan, tod = ctx.plan, ctx.tod
    meals = between(tod, plan.breakfast - 20, plan.breakfast + 25)
    meals |= between(tod, plan.dinner - 10, plan.dinner + 60)
    if plan.lunch is not None:
        meals |= between(tod, plan.lunch - 5, plan.lunch + 40)
    return np.where(meals & ctx.dark(8.0), 40.0, 0.0)


def kitchen_light(ctx: DayContext) -> np.ndarray:
    plan, tod = ctx.plan, ctx.tod
    cooking = between(tod, plan.breakfast - 30, plan.breakfast + 15)
    cooking |= between(tod, plan.dinner - 60, plan.dinner + 90)
    return np.where(cooking & ctx.dark(8.0), 34.0, 0.0)


def entrance_light(ctx: DayContext) -> np.ndarray:
    """Motion-sensor light at the door: a minute or two at each leaving and arriving."""
    plan = ctx.plan
    moves = [t for pair in (plan.commute, plan.kids_school) if pair for t in pair]
    moves += [t for pair in plan.away for t in pair]
    pulses = np.zeros(ctx.n)
    for t in moves:
        add_pulse(pulses, float(t), 1.5, 12.0)
    return np.where(ctx.dark(), np.minimum(pulses, 12.0), 0.0)


def hall_light(ctx: DayContext) -> np.ndarray:
    """Corridor and stairs: short trips in the dark, including night visits to the toilet."""
    rng = ctx.rng("hall_light")
    plan = ctx.plan
    pulses = np.zeros(ctx.n)
    for t in rng.uniform(plan.wake, plan.bedtime, int(rng.integers(10, 20))):
        add_pulse(pulses, float(t), 2.0, 16.0)
    for t, _ in plan.toilet_uses:
        add_pulse(pulses, float(t) - 0.5, 2.5, 16.0)
    return np.where(ctx.dark(), np.minimum(pulses, 16.0), 0.0)


def washitsu_light(ctx: DayContext) -> np.ndarray:
    """The tatami room is used now and then: guests, folding laundry, a quiet evening."""
    rng = ctx.rng("washitsu")
    on = np.zeros(ctx.n, dtype=bool)
    if rng.random() < 0.3:
        start = float(rng.uniform(19.5 * 60, 21.5 * 60))
        on |= between(ctx.tod, start, start + float(rng.uniform(40, 100)))
    if ctx.plan.laundry is not None and rng.random() < 0.4:
        start = float(rng.uniform(15 * 60, 17 * 60))
        on |= between(ctx.tod, start, start + 20)
    return np.where(on & ctx.dark(8.0), 38.0, 0.0)


def kids_room_light(ctx: DayContext, name: str) -> np.ndarray:
    return np.where(kids_room_used(ctx, name) & ctx.dark(8.0), 32.0, 0.0)


def master_bedroom_light(ctx: DayContext) -> np.ndarray:
    plan, tod = ctx.plan, ctx.tod
    on = between(tod, plan.bedtime - 40, plan.bedtime) | between(tod, plan.wake - 5,
                                                                plan.wake + 15)
    return np.where(on & ctx.dark(), 30.0, 0.0)


def bath_light(ctx: DayContext) -> np.ndarray:
    """The bathroom has small windows: light on whenever someone bathes."""
    plan = ctx.plan
    power = np.zeros(ctx.n)
    add_pulse(power, plan.bath + 20.0, 30.0 * plan.evening_showers + 20.0, 20.0)
    if plan.morning_shower:
        add_pulse(power, plan.wake + 5.0, 8.0, 20.0)
    return power


def outdoor_light(ctx: DayContext) -> np.ndarray:
    """Porch and garden lights: dusk sensor, timer off at 23:30."""
    on = ctx.dark(0.0) & (ctx.tod >= 12 * 60) & (ctx.tod < 23.5 * 60)
    return np.where(on, 16.0, 0.8)
