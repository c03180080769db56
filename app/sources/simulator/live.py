"""Live readings: a minute's mean plus a few percent of wobble that averages out.

Each load circuit, the unmeasured rest of each phase and the PV output get a
sum of sines with 1, 2 and 3 whole cycles per minute, with phases drawn for
that minute: the wobble is zero-mean over the minute (exactly so for samples
evenly spread over it), deterministic, and different for every circuit. Mains
and consumption are re-added from the wobbled parts; the fuel cell and battery
hold their minute values (they are controlled, not noisy) unless that would
export; the grid takes the difference, so the energy balance holds at every
instant.
"""

from __future__ import annotations

import numpy as np

from app.domain import series as s
from app.sources.simulator.circuit_table import BOTH, L1, L2, BoardCircuit
from app.sources.simulator.randomness import minute_rng

_AMPLITUDES = np.array([0.02, 0.012, 0.008])  # at most ±4 %
_HARMONICS = np.array([1.0, 2.0, 3.0])
_MAIN1, _MAIN2 = "circuit.main1", "circuit.main2"


def _share(circuit: BoardCircuit, phase: str) -> float:
    return 0.5 if circuit.phase == BOTH else 1.0 if circuit.phase == phase else 0.0


class LiveJitter:
    def __init__(self, seed: int, measured: tuple[BoardCircuit, ...]) -> None:
        self._seed = seed
        self._keys = [c.spec.series_key for c in measured]
        self._l1 = np.array([_share(c, L1) for c in measured])
        self._l2 = np.array([_share(c, L2) for c in measured])
        ev = [c.spec.series_key for c in measured if c.load == "ev"]
        self._ev_key = ev[0] if ev else None

    def factors(self, minute: int, fraction: float, count: int) -> np.ndarray:
        """1 + wobble for ``count`` parts at ``fraction`` (0..1) of the minute."""
        phases = minute_rng(self._seed, minute, "live").random((count, _HARMONICS.size))
        wobble = np.sin(2.0 * np.pi * (_HARMONICS * fraction + phases)) @ _AMPLITUDES
        return 1.0 + wobble

    def apply(self, values: dict[str, float], minute: int, fraction: float) -> dict[str, float]:
        m = len(self._keys)
        f = self.factors(minute, fraction, m + 3)  # circuits, rest of L1, rest of L2, PV
        loads = np.array([values[k] for k in self._keys])
        rest1 = max(values[_MAIN1] - float(loads @ self._l1), 0.0)
        rest2 = max(values[_MAIN2] - float(loads @ self._l2), 0.0)
        live = loads * f[:m]
        out = dict(values)
        out.update(zip(self._keys, live.tolist(), strict=True))
        out[_MAIN1] = float(live @ self._l1) + rest1 * float(f[m])
        out[_MAIN2] = float(live @ self._l2) + rest2 * float(f[m + 1])
        out[s.CONSUMPTION] = out[_MAIN1] + out[_MAIN2]
        out[s.PV] = values[s.PV] * float(f[m + 2])
        if self._ev_key is not None:
            out[s.EV_CHARGE] = out[self._ev_key]
        # Fuel cell and battery never export: they give way if the load dips.
        lack = max(out[s.CONSUMPTION] - out[s.PV], 0.0)
        out[s.FUEL_CELL] = min(values[s.FUEL_CELL], lack)
        out[s.BATTERY_DISCHARGE] = min(values[s.BATTERY_DISCHARGE], lack - out[s.FUEL_CELL])
        grid = (out[s.CONSUMPTION] + out[s.BATTERY_CHARGE]
                - out[s.PV] - out[s.FUEL_CELL] - out[s.BATTERY_DISCHARGE])
        out[s.GRID_BUY] = max(grid, 0.0)
        out[s.GRID_SELL] = max(-grid, 0.0)
        return out
