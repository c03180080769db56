"""The simulated home: a seeded physical model of a 4-person house near Tokyo.

    home = SimulatedHome(HomeConfig(seed=1))
    home.circuits, home.series
    home.evaluate(start_minute, minutes)  # minute means of every series
    home.instant(unix_seconds)            # a live reading

Circuit series carry consumption only: PV, battery and fuel cell are on the
board as unmeasured circuits and are reported by the whole-home series (see
``circuit_table``). See ``home`` for determinism and the energy balance, and the
other modules for the physics. No Qt here.
"""

from app.sources.simulator.config import HomeConfig
from app.sources.simulator.home import SimulatedHome

__all__ = ["HomeConfig", "SimulatedHome"]
