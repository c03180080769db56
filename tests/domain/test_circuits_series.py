from __future__ import annotations

import math

import pytest

from app.domain.circuits import CircuitKind, CircuitSpec
from app.domain.series import SeriesKind, SeriesSpec


def test_circuit_keys_and_limits() -> None:
    assert CircuitSpec(CircuitKind.BRANCH, 12, "冷蔵庫").series_key == "circuit.br12"
    assert CircuitSpec(CircuitKind.MAIN, 2, "主幹 L2").key == "main2"
    with pytest.raises(ValueError):
        CircuitSpec(CircuitKind.SPECIAL, 9, "x")
    with pytest.raises(ValueError):
        CircuitSpec(CircuitKind.BRANCH, 0, "x")


def test_bucket_values_per_kind() -> None:
    assert SeriesSpec("p", SeriesKind.POWER, "W").bucket_value(60_000.0, 60) == 1000.0
    assert SeriesSpec("g", SeriesKind.VOLUME, "L").bucket_value(12.5, 30) == 12.5
    assert SeriesSpec("s", SeriesKind.LEVEL, "%").bucket_value(150.0, 3) == 50.0
    assert math.isnan(SeriesSpec("p", SeriesKind.POWER, "W").bucket_value(0.0, 0))
