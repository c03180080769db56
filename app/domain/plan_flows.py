"""A plan's energy flows per slot, whoever computed them (the linear program or the
self-consumption rule), and who supplied what.

Who supplies what (for the reasons and for "no grid charging"): PV goes first to the
house's own load, then the EcoCute, then the car, then the battery; what the battery
charges beyond the PV left for it came from the grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.domain.charge_plan import PlanInputs

TOLERANCE_WH = 1.0  # below this a flow is rounding, not an action


@dataclass(frozen=True)
class Flows:
    """Wh per slot (arrays of the horizon's length); stored energies at each slot's end."""

    buy: np.ndarray
    sell: np.ndarray
    curtail: np.ndarray
    charge: np.ndarray  # into the battery, AC side
    discharge: np.ndarray  # out of the battery, AC side
    stored: np.ndarray  # in the battery
    ev_charge: np.ndarray
    ev_discharge: np.ndarray
    ev_stored: np.ndarray  # in the car (meaningful while it is planned)
    ecocute: np.ndarray


@dataclass(frozen=True)
class Shares:
    """How much of each consumer's energy came from PV (the rest: grid or storage)."""

    ecocute_pv: np.ndarray
    ev_pv: np.ndarray
    battery_pv: np.ndarray

    def battery_grid(self, flows: Flows) -> np.ndarray:
        return np.maximum(flows.charge - self.battery_pv, 0.0)


def shares(inputs: PlanInputs, flows: Flows) -> Shares:
    pv = np.asarray(inputs.pv_ahead_wh) - flows.curtail + flows.ev_discharge
    left = np.maximum(pv - np.asarray(inputs.load_ahead_wh), 0.0)
    ecocute_pv = np.minimum(flows.ecocute, left)
    left = left - ecocute_pv
    ev_pv = np.minimum(flows.ev_charge, left)
    left = left - ev_pv
    return Shares(ecocute_pv, ev_pv, np.minimum(flows.charge, left))


def cost_yen(inputs: PlanInputs, flows: Flows) -> float:
    sell = np.array([p or 0.0 for p in inputs.sell_yen_per_kwh])
    return float((flows.buy @ np.asarray(inputs.buy_yen_per_kwh) - flows.sell @ sell) / 1000.0)
