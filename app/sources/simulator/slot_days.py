"""A local day of the simulated home in 30-minute slots, straight from the model (no nodes,
no battery run): what the roof gave and what the house needed, for studies over a year.

The EcoCute's heat pump is counted apart from the rest of the house: its refill runs
(``ecocute.RefillRun``) are energy a controller may move, the rest of its circuit
(standby, keeping the bath warm) is not. ``base_wh`` is what a planner calls the load:
the house without the battery, the EcoCute's heating and the fuel cell's output (which
follows the load: taken as the model has it; where it covered the EcoCute at night,
that part is lost, 0 at most). The car's charging stays in it (the model's sessions);
``ev_stay`` tells when the car of that day's session was plugged in and what it took, for
a planner that charges the car itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from app.domain import series as s
from app.sources.simulator.home import SimulatedHome

SLOTS = 48
SLOT_MIN = 30


@dataclass(frozen=True, slots=True)
class DaySlots:
    day: date
    pv_wh: np.ndarray  # per slot
    consumption_wh: np.ndarray  # the whole house (EcoCute and car included)
    ecocute_heating_wh: np.ndarray  # the heat pump's refill runs, within the consumption
    fuel_cell_wh: np.ndarray
    ev_wh: np.ndarray
    refill_wh: float  # the run that refills this day's hot water (heated the night after)
    heat_pump_w: float  # the heat pump's power that day
    ev_stay: tuple[float, float] | None = None  # (minute plugged in, Wh) of the day's session

    @property
    def base_wh(self) -> np.ndarray:
        return np.maximum(self.consumption_wh - self.ecocute_heating_wh - self.fuel_cell_wh,
                          0.0)


def _slot_wh(minutes: np.ndarray) -> np.ndarray:
    return minutes.reshape(SLOTS, SLOT_MIN).sum(axis=1) / 60.0


def day_slots(home: SimulatedHome, ordinal: int) -> DaySlots:
    """Local day ``ordinal`` in 48 slots (a day of 1440 minutes: Japan keeps no summer
    time; another length raises ValueError)."""
    values = home.day_loads(ordinal)
    n = values[s.PV].shape[0]
    if n != SLOTS * SLOT_MIN:
        raise ValueError(f"day {date.fromordinal(ordinal)} has {n} minutes, not 1440")
    heating = np.zeros(SLOTS)
    edges = np.arange(SLOTS + 1) * float(SLOT_MIN)
    for day in (ordinal - 1, ordinal):  # yesterday's run ends this morning
        run = home.ecocute_run(day)
        offset = float(home.midnight_minute(ordinal) - home.midnight_minute(day))
        done = np.array([run.heated_wh(offset + e) for e in edges])
        heating += np.diff(done)
    today = home.ecocute_run(ordinal)
    return DaySlots(
        day=date.fromordinal(ordinal), pv_wh=_slot_wh(values[s.PV]),
        consumption_wh=_slot_wh(values[s.CONSUMPTION]), ecocute_heating_wh=heating,
        fuel_cell_wh=_slot_wh(values[s.FUEL_CELL]), ev_wh=_slot_wh(values[s.EV_CHARGE]),
        refill_wh=today.energy_wh, heat_pump_w=today.power_w, ev_stay=home.ev_stay(ordinal))
