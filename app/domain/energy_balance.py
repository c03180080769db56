"""Generation and storage over a period: what the house made, stored, bought and sold.

The two rates households are shown:

- self-consumption rate = generation used in the house / generation
  = (generation - sold) / generation
- self-sufficiency rate = consumption covered by own generation / consumption
  = (consumption - bought) / consumption

with generation = PV + fuel cell. Energies in kWh, gas and water in L; None
where the period has no data for that series (not zero: "no meter" and "used
nothing" differ).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.periods import Period


@dataclass(frozen=True)
class EnergyBalance:
    pv_kwh: float | None = None
    fuel_cell_kwh: float | None = None
    bought_kwh: float | None = None
    sold_kwh: float | None = None
    consumption_kwh: float | None = None
    battery_charge_kwh: float | None = None
    battery_discharge_kwh: float | None = None
    ev_charge_kwh: float | None = None
    gas_l: float | None = None
    water_l: float | None = None
    period: Period | None = None  # which request this answers
    anchor: date | None = None

    @property
    def generation_kwh(self) -> float | None:
        """PV + fuel cell; a house with only one of them has the other missing, not zero."""
        if self.pv_kwh is None and self.fuel_cell_kwh is None:
            return None
        return (self.pv_kwh or 0.0) + (self.fuel_cell_kwh or 0.0)

    @property
    def self_consumption_rate(self) -> float | None:
        return _rate(self.generation_kwh, self.sold_kwh)

    @property
    def self_sufficiency_rate(self) -> float | None:
        return _rate(self.consumption_kwh, self.bought_kwh)


def _rate(whole: float | None, exported: float | None) -> float | None:
    """(whole - exported) / whole, clamped to 0..1; None when either is missing or whole is 0.

    Clamped because the raw ratio leaves 0..1 for reasons a household cannot
    act on: a battery charged from the grid makes bought exceed consumption, a
    battery or EV discharging to the grid makes sold exceed generation, and
    separately sampled meters disagree by a little. A rate is read as a share.
    """
    if whole is None or exported is None or whole <= 0:
        return None
    return min(1.0, max(0.0, (whole - exported) / whole))
