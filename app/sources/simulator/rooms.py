"""Room outlets and always-on equipment: TV, PC, chargers, kotatsu, ventilation,
network, the gas water heater's controls, robot vacuum, garage."""

from __future__ import annotations

import numpy as np

from app.sources.simulator.climate import kids_room_used
from app.sources.simulator.day_context import DayContext, Meters
from app.sources.simulator.profiles import add_pulse, between, cycling, modulate


def _not_away(ctx: DayContext, on: np.ndarray) -> np.ndarray:
    for start, end in ctx.plan.away:
        on &= ~between(ctx.tod, start, end)
    return on


def tv(ctx: DayContext) -> np.ndarray:
    """Living-room TV with recorder; morning news, evenings, and days off; games."""
    rng = ctx.rng("tv")
    plan, tod = ctx.plan, ctx.tod
    on = np.zeros(ctx.n, dtype=bool)
    if rng.random() < 0.7:
        leave = plan.commute[0] if plan.commute else plan.breakfast + 60
        on |= between(tod, plan.wake + 10, leave)
    on |= between(tod, plan.dinner - float(rng.uniform(20, 90)), plan.bedtime - 20)
    if plan.day_off:
        start = float(rng.uniform(9 * 60, 11 * 60))
        on |= between(tod, start, start + float(rng.uniform(60, 150)))
    elif plan.at_home_daytime and rng.random() < 0.4:
        on |= between(tod, 12 * 60, 13 * 60)
    on = _not_away(ctx, on)
    power = np.where(on, 115.0 * modulate(rng, ctx.n, 0.12, 3.0), 0.5) + 9.0  # recorder
    if plan.day_off and rng.random() < 0.5:  # game console in the afternoon
        add_pulse(power, float(rng.uniform(13 * 60, 16 * 60)), float(rng.uniform(40, 120)), 95.0)
    return power


def living_outlet(ctx: DayContext, heater_w: np.ndarray, carpet_w: np.ndarray) -> np.ndarray:
    """Air purifier, phone chargers, vacuum cleaner, plus the fan heater and carpet."""
    rng = ctx.rng("living_outlet")
    plan = ctx.plan
    power = np.full(ctx.n, 8.0) + heater_w + carpet_w
    power += np.where(between(ctx.tod, plan.dinner, plan.bedtime), 12.0, 0.0)  # chargers
    if rng.random() < (0.6 if plan.day_off else 0.4) and plan.at_home_daytime:
        add_pulse(power, float(rng.uniform(9.5 * 60, 11 * 60)), float(rng.uniform(10, 25)), 850.0)
    return power


def pc(ctx: DayContext) -> np.ndarray:
    """Study desktop PC: telework days, some evenings."""
    rng = ctx.rng("pc")
    plan, tod = ctx.plan, ctx.tod
    on = np.zeros(ctx.n, dtype=bool)
    if plan.commute is not None and plan.at_home_daytime and not plan.away:
        on |= between(tod, 9 * 60, 12 * 60) | between(tod, 13 * 60, 18 * 60)
    if rng.random() < 0.5:
        on |= between(tod, float(rng.uniform(20.5 * 60, 21.5 * 60)), plan.bedtime - 15)
    if plan.day_off and rng.random() < 0.4:
        start = float(rng.uniform(13 * 60, 16 * 60))
        on |= between(tod, start, start + 90)
    return np.where(on, 135.0 * modulate(rng, ctx.n, 0.15, 4.0), 2.0)


def kids_outlet(ctx: DayContext, name: str, active_w: float) -> np.ndarray:
    """Desk lamp, charger, a game PC in the elder child's room."""
    used = kids_room_used(ctx, name)
    rng = ctx.rng(f"outlet.{name}")
    return np.where(used, active_w * modulate(rng, ctx.n, 0.2, 5.0), 2.0)


def master_outlet(ctx: DayContext) -> np.ndarray:
    """Chargers overnight; an electric blanket on cold nights."""
    plan = ctx.plan
    night = between(ctx.tod, plan.bedtime - 30, plan.wake)
    power = np.where(night, 9.0, 1.5)
    if ctx.weather.min_c < 5.0:
        blanket = cycling(ctx.abs_minutes, 30.0, 0.5, 7.0) * 55.0
        power = power + np.where(night, blanket, 0.0)
    return power


def washitsu_outlet(ctx: DayContext) -> np.ndarray:
    """Kotatsu (こたつ) on winter evenings, an iron now and then."""
    rng = ctx.rng("washitsu_outlet")
    plan = ctx.plan
    power = np.full(ctx.n, 0.6)
    if ctx.weather.mean_c < 9.0 and rng.random() < 0.6:
        on = _not_away(ctx, between(ctx.tod, plan.dinner + 40, plan.bedtime - 40))
        power += np.where(on, 160.0 * cycling(ctx.abs_minutes, 15.0, 0.45, 3.0), 0.0)
    if rng.random() < 0.15:
        add_pulse(power, float(rng.uniform(14 * 60, 21 * 60)), float(rng.uniform(10, 25)), 1200.0)
    return power


def ventilation(ctx: DayContext, ih_w: np.ndarray) -> np.ndarray:
    """24-hour ventilation fans, and the range hood while the IH cooks (+10 min)."""
    cooking = ih_w > 100.0
    idx = np.flatnonzero(cooking)
    hood = np.zeros(ctx.n, dtype=bool)
    if idx.size:
        hood[idx] = True
        for k in range(1, 11):  # stays on a few minutes after cooking
            hood[np.minimum(idx + k, ctx.n - 1)] = True
    return 21.0 + np.where(hood, 58.0, 0.0)


def network(ctx: DayContext) -> np.ndarray:
    """ONU, router, Wi-Fi access points and the HEMS gateway: always on."""
    return 17.0 + 1.5 * np.sin(ctx.abs_minutes * (2 * np.pi / 97.0))


def water_heater_controls(ctx: DayContext, meters: Meters) -> np.ndarray:
    """Gas water heater (給湯器): controls, the burner fan while it heats, and its
    freeze-protection heater on frosty nights."""
    freeze = np.where(ctx.temp < 1.0, 95.0, 0.0)
    return 6.0 + 62.0 * np.minimum(meters.boiler_on, 1.0) + freeze


def hall_outlet(ctx: DayContext) -> np.ndarray:
    """Robot vacuum: runs while the house is empty, then recharges."""
    rng = ctx.rng("robot")
    power = np.full(ctx.n, 2.5)
    if ctx.plan.away and rng.random() < 0.7:
        start = ctx.plan.away[0][0] + 15.0
        add_pulse(power, start + 50.0, 90.0, 28.0)
    return power


def garage_outlet(ctx: DayContext) -> np.ndarray:
    rng = ctx.rng("garage")
    power = np.full(ctx.n, 1.0)
    if ctx.plan.day_off and rng.random() < 0.12:  # power tools, car vacuum
        add_pulse(power, float(rng.uniform(10 * 60, 16 * 60)), float(rng.uniform(10, 40)), 450.0)
    return power
