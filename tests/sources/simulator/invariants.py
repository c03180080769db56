"""The physical invariants every evaluation of a home must satisfy (vectorised checks)."""

from __future__ import annotations

import numpy as np

from app.domain import series as s
from app.domain.circuits import CircuitKind
from app.domain.series import SeriesKind
from app.sources.simulator import SimulatedHome

BALANCE_TOL_W = 1e-6


def balance_error(v: dict[str, np.ndarray]) -> np.ndarray:
    sources = v[s.PV] + v[s.FUEL_CELL] + v[s.GRID_BUY] + v[s.BATTERY_DISCHARGE]
    sinks = v[s.CONSUMPTION] + v[s.GRID_SELL] + v[s.BATTERY_CHARGE]
    return sources - sinks


def assert_invariants(home: SimulatedHome, v: dict[str, np.ndarray], minutes: int) -> None:
    assert set(v) == {spec.key for spec in home.series}
    for key, arr in v.items():
        assert arr.dtype == np.float64 and arr.shape == (minutes,), key
        assert np.isfinite(arr).all(), key
    assert np.abs(balance_error(v)).max() <= BALANCE_TOL_W
    np.testing.assert_array_equal(v[s.CONSUMPTION], v["circuit.main1"] + v["circuit.main2"])
    measured = [c.series_key for c in home.circuits
                if c.measured and c.kind is not CircuitKind.MAIN]
    circuit_sum = np.sum([v[k] for k in measured], axis=0)
    assert (circuit_sum <= v[s.CONSUMPTION] + 1e-9).all(), "circuits add up to more than the house"
    ev = [c.series_key for c in home.circuits if c.name == "EV充電器"]
    if ev:
        np.testing.assert_array_equal(v[s.EV_CHARGE], v[ev[0]])
    else:
        assert not v[s.EV_CHARGE].any()
    assert not ((v[s.GRID_BUY] > 0) & (v[s.GRID_SELL] > 0)).any(), "buying and selling at once"
    for spec in home.series:
        if spec.kind in (SeriesKind.POWER, SeriesKind.VOLUME):
            assert (v[spec.key] >= 0).all(), spec.key
    soc = v[s.BATTERY_SOC]
    assert ((soc >= 0) & (soc <= 100)).all()
    # The battery neither charges and discharges at once, nor feeds the grid.
    assert not ((v[s.BATTERY_CHARGE] > 0) & (v[s.BATTERY_DISCHARGE] > 0)).any()
    assert not ((v[s.BATTERY_DISCHARGE] > 0) & (v[s.GRID_SELL] > 0)).any()
    # The fuel cell never exports: while it runs, nothing is sold.
    assert not ((v[s.FUEL_CELL] > 0) & (v[s.GRID_SELL] > 1e-9)).any()
