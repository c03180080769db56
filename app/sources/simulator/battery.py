"""Storage battery: what each mode asks for, and the state of charge that limits it.

Modes (``HomeConfig.battery_mode``):
- "economy": charges from the grid during the night-rate hours (23:00–07:00)
  until full, and covers the house in the evening (16:00–23:00) down to the
  reserve; surplus PV is sold.
- "green" (self-consumption): charges from surplus PV only, and covers the
  house whenever it draws from the grid, down to the reserve.
- "standby": idle; the state of charge stays where it is.

The battery never exports: it discharges at most what the house still lacks,
and in "green" it charges at most the surplus. Round-trip losses are split
evenly between charging and discharging. Requests are vectorised; the state
of charge is integrated minute by minute (the one Python loop of the model),
because a full or empty battery cuts the request short.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.sources.simulator.config import HomeConfig
from app.sources.simulator.profiles import between

NIGHT = (23 * 60, 7 * 60)
EVENING = (16 * 60, 23 * 60)
_LOOKBACKS = (1, 3, 7)  # days; the answer is the same for any look-back once they meet


@dataclass(frozen=True, slots=True)
class BatteryDay:
    charge: np.ndarray  # W into the battery
    discharge: np.ndarray  # W out of the battery
    soc: np.ndarray  # minute mean, %
    end_soc: float  # % at the end of the day


def requests(cfg: HomeConfig, tod: np.ndarray,
             load_after_gen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(charge, discharge) the mode asks for, before the state of charge limits it."""
    limit = cfg.battery_power_w
    shortfall = np.clip(load_after_gen, 0.0, limit)
    if cfg.battery_mode == "economy":
        charge = np.where(between(tod, *NIGHT), limit, 0.0)
        discharge = np.where(between(tod, *EVENING), shortfall, 0.0)
    elif cfg.battery_mode == "green":
        charge = np.clip(-load_after_gen, 0.0, limit)
        discharge = shortfall
    else:
        charge = discharge = np.zeros_like(load_after_gen)
    return charge, discharge


def run_battery(cfg: HomeConfig, tod: np.ndarray, load_after_gen: np.ndarray,
                start_soc: float) -> BatteryDay:
    """Charge, discharge and state of charge over one day from ``start_soc``."""
    n = tod.shape[0]
    if not cfg.has_battery or cfg.battery_mode == "standby":
        zeros = np.zeros(n)
        level = start_soc if cfg.has_battery else 0.0
        return BatteryDay(zeros, zeros.copy(), np.full(n, level), level)
    want_c, want_d = requests(cfg, tod, load_after_gen)
    leg = math.sqrt(cfg.battery_efficiency)
    pct_per_wmin_c = leg / 60.0 / cfg.battery_capacity_wh * 100.0
    pct_per_wmin_d = 1.0 / leg / 60.0 / cfg.battery_capacity_wh * 100.0
    floor, top = cfg.battery_reserve_pct, 100.0
    charge, discharge, soc_mean = [0.0] * n, [0.0] * n, [0.0] * n
    soc = start_soc
    for i, (c, d) in enumerate(zip(want_c.tolist(), want_d.tolist(), strict=True)):
        before = soc
        if c > 0.0:
            room = (top - soc) / pct_per_wmin_c
            if c >= room:  # fills up this minute: land exactly on the bound
                c = room if room > 0.0 else 0.0
                soc = top if soc < top else soc
            else:
                soc += c * pct_per_wmin_c
            charge[i] = c
        elif d > 0.0:
            left = (soc - floor) / pct_per_wmin_d
            if d >= left:  # reaches the reserve this minute
                d = left if left > 0.0 else 0.0
                soc = floor if soc > floor else soc
            else:
                soc -= d * pct_per_wmin_d
            discharge[i] = d
        soc_mean[i] = 0.5 * (before + soc)
    return BatteryDay(np.array(charge), np.array(discharge), np.array(soc_mean), soc)


def soc_at_midnight(cfg: HomeConfig, ordinal: int,
                    end_soc: Callable[[int, float], float]) -> float:
    """State of charge at the start of local day ``ordinal``, from no stored state.

    ``end_soc(day, start)`` runs the battery over one day. Run the days before
    ``ordinal`` from an empty (reserve) and from a full battery: the minute rule
    is monotone in the state, so every possible history lies between these two,
    and once they meet (a full or empty battery forgets its past) the state is
    the same whatever came before - in particular it equals the end of the day
    before as evaluated, so there is no jump at midnight. The look-back grows
    until they meet; a battery that never fills or empties in a week gets the
    middle of the two.
    """
    low = high = 0.0
    for lookback in _LOOKBACKS:
        low, high = cfg.battery_reserve_pct, 100.0
        for day in range(ordinal - lookback, ordinal):
            low, high = end_soc(day, low), end_soc(day, high)
        if low == high:
            return low
    return 0.5 * (low + high)
