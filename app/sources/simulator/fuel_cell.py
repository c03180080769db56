"""ENE-FARM fuel cell: generates while the house needs hot water, never exports.

It runs in the morning and from late afternoon to bedtime (all day at home on
days off in the cold season), following the house load (after PV) within
200–700 W with a few minutes' lag (less only while warming up, or when the
house needs less); reverse-power prevention keeps its output at or below that
load, so nothing it makes reaches the grid. The gas it burns
(electrical efficiency ~25–35 % of the gas energy, plus the reformer's idle
heat) goes to the gas meter.
"""

from __future__ import annotations

import numpy as np

from app.sources.simulator.day_context import GAS_KJ_PER_L, DayContext
from app.sources.simulator.profiles import between, minutes_since_start

MIN_W = 200.0
MAX_W = 700.0
_IDLE_HEAT_W = 150.0  # keeps the reformer hot while running
_LAG_MIN = 5


def running_mask(ctx: DayContext) -> np.ndarray:
    plan, tod = ctx.plan, ctx.tod
    morning_end = plan.commute[0] + 30 if plan.commute else plan.breakfast + 120
    on = between(tod, plan.wake - 40, morning_end)
    on |= between(tod, plan.dinner - 120, plan.bedtime + 20)
    if plan.day_off and ctx.weather.mean_c < 15.0:
        on |= plan.home_awake(tod)
    return on


def _lagged(demand: np.ndarray) -> np.ndarray:
    """Mean of the last few minutes: the unit ramps slowly."""
    c = np.concatenate(([0.0], np.cumsum(demand)))
    idx = np.arange(demand.shape[0])
    lo = np.maximum(idx + 1 - _LAG_MIN, 0)
    return (c[idx + 1] - c[lo]) / (idx + 1 - lo)


def fuel_cell(ctx: DayContext, load_after_pv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(electric output W, gas L/min) for the house load left after PV."""
    demand = np.maximum(load_after_pv, 0.0)
    running = running_mask(ctx)
    warm_up = np.minimum(minutes_since_start(running) / 20.0, 1.0)  # start-up ramp
    target = np.clip(_lagged(demand), MIN_W, MAX_W) * warm_up
    power = np.where(running, np.minimum(target, demand), 0.0)
    efficiency = 0.25 + 0.10 * np.clip((power - MIN_W) / (MAX_W - MIN_W), 0.0, 1.0)
    gas_w = np.where(running, power / efficiency + _IDLE_HEAT_W, 0.0)
    return power, gas_w * 60.0 / 1000.0 / GAS_KJ_PER_L
