"""Energy balance rates, with numbers worked by hand."""

from __future__ import annotations

import pytest

from app.domain.energy_balance import EnergyBalance


def test_rates_from_hand_numbers() -> None:
    # 10 kWh PV + 2 kWh fuel cell = 12 generated; 3 sold -> 9 used at home: 9/12 = 0.75.
    # 15 kWh used, 6 bought -> 9 covered by own generation: 9/15 = 0.6.
    b = EnergyBalance(pv_kwh=10.0, fuel_cell_kwh=2.0, sold_kwh=3.0, bought_kwh=6.0,
                      consumption_kwh=15.0)
    assert b.generation_kwh == pytest.approx(12.0)
    assert b.self_consumption_rate == pytest.approx(0.75)
    assert b.self_sufficiency_rate == pytest.approx(0.6)


def test_a_house_without_fuel_cell_counts_pv_alone() -> None:
    b = EnergyBalance(pv_kwh=8.0, sold_kwh=2.0, bought_kwh=0.0, consumption_kwh=6.0)
    assert b.fuel_cell_kwh is None
    assert b.generation_kwh == pytest.approx(8.0)
    assert b.self_consumption_rate == pytest.approx(0.75)
    assert b.self_sufficiency_rate == pytest.approx(1.0)


def test_rates_are_clamped_to_0_1() -> None:
    # A night of charging the battery from the grid: bought (9) > consumption (5).
    night = EnergyBalance(pv_kwh=0.5, sold_kwh=0.0, bought_kwh=9.0, consumption_kwh=5.0)
    assert night.self_sufficiency_rate == 0.0
    # Battery discharging to the grid: sold (4) > generation (1).
    exporting = EnergyBalance(pv_kwh=1.0, sold_kwh=4.0, bought_kwh=0.0, consumption_kwh=2.0)
    assert exporting.self_consumption_rate == 0.0
    assert EnergyBalance(pv_kwh=2.0, sold_kwh=-0.1).self_consumption_rate == 1.0


def test_no_denominator_or_missing_data_gives_none() -> None:
    dark = EnergyBalance(pv_kwh=0.0, fuel_cell_kwh=0.0, sold_kwh=0.0, bought_kwh=3.0,
                         consumption_kwh=3.0)
    assert dark.self_consumption_rate is None  # 0 generated: no rate, not 0 % nor 100 %
    assert dark.self_sufficiency_rate == 0.0
    empty = EnergyBalance()
    assert empty.generation_kwh is None
    assert empty.self_consumption_rate is None and empty.self_sufficiency_rate is None
    assert EnergyBalance(pv_kwh=5.0).self_consumption_rate is None  # sold unknown
    assert EnergyBalance(consumption_kwh=0.0, bought_kwh=0.0).self_sufficiency_rate is None


def test_is_immutable() -> None:
    b = EnergyBalance(pv_kwh=1.0)
    with pytest.raises(AttributeError):
        b.pv_kwh = 2.0  # type: ignore[misc]
