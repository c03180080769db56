"""EV charger (200 V): the commuter's car charges on some evenings after work.

Half of the sessions start when the car is plugged in, the others wait for
the night-rate timer at 23:00; a session may run past midnight, so a day's
profile includes the tail of the previous day's session.
"""

from __future__ import annotations

import numpy as np

from app.sources.simulator.day_context import DayContext
from app.sources.simulator.household import DayPlan
from app.sources.simulator.profiles import Session, add_sessions
from app.sources.simulator.randomness import day_rng


def ev_stay(seed: int, ordinal: int, plan: DayPlan) -> tuple[float, float] | None:
    """(minute the car is plugged in, Wh its session charges) on that day, or None."""
    # Draw everything up front: the same numbers whatever the branch taken.
    u_charge, _, u_energy, _ = day_rng(seed, ordinal, "ev").random(4)
    if plan.commute is not None:
        chance, plug_in = 0.45, plan.commute[1] + 10.0
    else:
        chance = 0.2
        plug_in = plan.away[-1][1] + 5.0 if plan.away else 15.0 * 60
    if u_charge >= chance:
        return None
    return plug_in, 4000.0 + 8000.0 * u_energy


def ev_sessions(seed: int, ordinal: int, plan: DayPlan, charger_w: float) -> list[Session]:
    stay = ev_stay(seed, ordinal, plan)
    if stay is None:
        return []
    plug_in, energy_wh = stay
    _, u_timer, _, u_jitter = day_rng(seed, ordinal, "ev").random(4)
    start = 23 * 60 + 15.0 * u_jitter if u_timer < 0.5 else plug_in
    return [(start, energy_wh / charger_w * 60.0, charger_w)]


def ev_charger(ctx: DayContext, charger_w: float) -> np.ndarray:
    power = np.zeros(ctx.n)  # idle draw not shown: the panel would read it as charging
    add_sessions(power, ev_sessions(ctx.seed, ctx.ordinal, ctx.plan, charger_w))
    add_sessions(power, ev_sessions(ctx.seed, ctx.ordinal - 1, ctx.prev_plan, charger_w),
                 shift=-ctx.prev_n)
    return power
