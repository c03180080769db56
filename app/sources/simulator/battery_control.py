"""The simulated battery under a controller's operation mode (ECHONET Lite 0xDA Set).

The model (`battery`) runs the battery by its own program (``HomeConfig.battery_mode``)
as a pure function of time. The house the nodes serve lets a controller override
that, live, the way a real battery obeys its 0xDA operation mode:

- "charging": charges by its charging method (0xC1): "designated_power" (as it comes)
  at the charging power setting (0xEB, its power limit until Set), "maximum" at its
  power limit, "surplus" from what PV leaves over only; until full (100 %), then holds
  there, idle;
- "rapid_charging": at its power limit whatever the method;
- "discharging": by its discharging method (0xC2): "designated_power" (as it comes) the
  discharging power setting (0xEC, its limit until Set) but no more than the house
  lacks (consumption - PV - fuel cell), "load_following" and "maximum" what the house
  lacks up to the power limit; down to the reserve (停電ケア); it never exports;
- "standby": idle, the level stays where it is;
- "auto": the model's own behaviour again.

The reserve is the AC discharge lower limit (0xA7), the model's ``battery_reserve_pct``
until Set. Set otherwise, the battery keeps its own level in every mode (the model's
knows only its own reserve) and runs the model's rule from it under "auto".

How the level rejoins the model after "auto": the model's level is a function of time
that knows nothing of the override, so the battery does not jump to it (energy would
appear or vanish). It keeps its own level and runs the model's own rule
(`battery.requests`, "economy" or "green") from there. That rule is monotone in the
level, so the two levels only come closer, and they are equal as soon as both are
full or both at the reserve (the argument of `battery.soc_at_midnight`); "economy"
fills up every night, "green" on a sunny day. From then on the readings are the
model's own again, exactly. (A model in "standby" never moves: the level it was left
at stays.)

The battery's flows are the mean over each step, so the energy the meters integrate
is the energy that moved the level (round-trip losses split evenly, as in the
model); the grid takes the difference, so the energy balance holds at every step:
    pv + fuelcell + grid_buy + battery_discharge == consumption + grid_sell + battery_charge
"""

from __future__ import annotations

import math

import numpy as np

from app.domain import series as s
from app.sources.simulator.battery import requests
from app.sources.simulator.config import HomeConfig

# Modes a household (or the panel) may Set; test/restart stay with the installer.
SETTABLE_MODES = frozenset({"auto", "charging", "rapid_charging", "discharging", "standby"})
REJOIN_PCT = 0.05  # levels this close are the same (the model's is a minute mean)
# 0xC1 / 0xC2 methods the battery carries out (designated current is not offered).
CHARGE_METHODS = frozenset({"maximum", "surplus", "designated_power"})
DISCHARGE_METHODS = frozenset({"maximum", "load_following", "designated_power"})


class ControlledBattery:
    """The battery's level while it is not the model's own (``level`` None: the model's)."""

    def __init__(self, config: HomeConfig) -> None:
        self.config = config
        self.level: float | None = None
        self.charge_method = "designated_power"  # 0xC1
        self.discharge_method = "designated_power"  # 0xC2
        self.reserve_pct = config.battery_reserve_pct  # 0xA7
        self.charge_power_w = config.battery_power_w  # 0xEB
        self.discharge_power_w = config.battery_power_w  # 0xEC
        leg = math.sqrt(config.battery_efficiency)
        capacity = config.battery_capacity_wh
        self._pct_per_wh_in = leg / capacity * 100.0 if capacity else 0.0
        self._pct_per_wh_out = 1.0 / leg / capacity * 100.0 if capacity else 0.0

    def take_over(self, model_level: float) -> None:
        """A mode other than "auto" was Set: from now on the level is ours (if not yet)."""
        if self.level is None:
            self.level = model_level

    def power_in_range(self, watts: float) -> bool:
        """A charging / discharging power setting the battery accepts (its 0xC8 / 0xC9)."""
        return 0.0 <= watts <= self.config.battery_power_w

    def step(self, mode: str, values: dict[str, float], minute_of_day: float,
             hours: float, follows_model: bool = True) -> dict[str, float]:
        """The reading ``values`` (the model's, at the end of a step of ``hours``) with the
        battery, its level and the grid as the controlled battery makes them.

        ``follows_model`` False: the house's load is no longer the model's (a controlled
        EcoCute or car), so the model's battery flows, made for the model's load, do not
        apply: the battery runs its mode's rule on its own level (the model's own rule
        under "auto") and the grid is balanced on the load as it is."""
        if not self.config.has_battery:
            return values if follows_model else _balanced(values, 0.0, 0.0)
        follows_model = follows_model and self.reserve_pct == self.config.battery_reserve_pct
        if self.level is None:
            if mode == "auto" and follows_model:
                return values
            self.take_over(values.get(s.BATTERY_SOC, 0.0))
        assert self.level is not None
        supply = values.get(s.CONSUMPTION, 0.0) - values.get(s.PV, 0.0)
        lack = supply - min(values.get(s.FUEL_CELL, 0.0), max(supply, 0.0))
        charge, discharge = self._limited(*self._wanted(mode, lack, minute_of_day), hours)
        if (mode == "auto" and follows_model
                and abs(self.level - values.get(s.BATTERY_SOC, 0.0)) <= REJOIN_PCT):
            self.level = None  # the model's own battery again, exactly
            return values
        out = _balanced(values, charge, discharge)
        out[s.BATTERY_SOC] = self.level
        return out

    def _wanted(self, mode: str, lack: float, minute_of_day: float) -> tuple[float, float]:
        limit = self.config.battery_power_w
        if mode == "rapid_charging" or (mode == "charging" and self.charge_method == "maximum"):
            return limit, 0.0
        if mode == "charging":
            if self.charge_method == "surplus":
                return min(max(-lack, 0.0), limit), 0.0
            return min(self.charge_power_w, limit), 0.0
        if mode == "discharging":
            wanted = limit if self.discharge_method != "designated_power" else min(
                self.discharge_power_w, limit)
            return 0.0, min(max(lack, 0.0), wanted)  # never exports
        if mode == "auto":  # the model's own rule, on our level
            charge, discharge = requests(self.config, np.array([minute_of_day]),
                                         np.array([lack]))
            return float(charge[0]), float(discharge[0])
        return 0.0, 0.0  # standby (and anything else): idle

    def _limited(self, charge: float, discharge: float, hours: float) -> tuple[float, float]:
        """The step's mean flows once full or at the reserve, moving the level by them."""
        assert self.level is not None
        top, floor = 100.0, self.reserve_pct
        if charge > 0.0:
            if self.level >= top:
                return 0.0, 0.0
            if hours <= 0.0:
                return charge, 0.0  # no time passed: the power now, the level unmoved
            room_w = (top - self.level) / self._pct_per_wh_in / hours
            if charge >= room_w:
                self.level = top
                return room_w, 0.0
            self.level += charge * hours * self._pct_per_wh_in
            return charge, 0.0
        if discharge > 0.0:
            if self.level <= floor:
                return 0.0, 0.0
            if hours <= 0.0:
                return 0.0, discharge
            left_w = (self.level - floor) / self._pct_per_wh_out / hours
            if discharge >= left_w:
                self.level = floor
                return 0.0, left_w
            self.level -= discharge * hours * self._pct_per_wh_out
            return 0.0, discharge
        return 0.0, 0.0


def _balanced(values: dict[str, float], charge: float, discharge: float) -> dict[str, float]:
    """``values`` with the battery's flows, the fuel cell kept from exporting and the grid
    taking the difference (the energy balance)."""
    out = dict(values)
    supply = out.get(s.CONSUMPTION, 0.0) - out.get(s.PV, 0.0)
    out[s.FUEL_CELL] = min(out.get(s.FUEL_CELL, 0.0), max(supply, 0.0))  # never exports
    grid = supply - out[s.FUEL_CELL] + charge - discharge
    out[s.BATTERY_CHARGE], out[s.BATTERY_DISCHARGE] = charge, discharge
    out[s.GRID_BUY], out[s.GRID_SELL] = max(grid, 0.0), max(-grid, 0.0)
    return out
