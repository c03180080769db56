"""How device readings become series: the board's main line and the derived consumption."""

from __future__ import annotations

import pytest

from app.domain import series as s
from app.domain.commissioning import ChannelMap
from app.sources.echonet_readings import (
    BATTERY,
    BOARD,
    PV,
    SMART_METER,
    series_values,
    with_consumption,
)


def test_board_main_line_is_grid_power_signed_like_the_meter() -> None:
    board_is_grid = ChannelMap(board_is_grid=True)  # the installer's choice: no smart meter
    assert series_values(BOARD, {0xC6: -2977}, board_is_grid) == {
        s.GRID_BUY: 0.0, s.GRID_SELL: 2977.0}
    assert series_values(BOARD, {0xC6: 634}, board_is_grid) == {
        s.GRID_BUY: 634.0, s.GRID_SELL: 0.0}
    # With a smart meter as the grid meter, the board's main line does not compete with it.
    assert series_values(BOARD, {0xC6: 634}) == {}


def test_consumption_is_grid_plus_what_the_house_makes_minus_what_it_stores() -> None:
    values = {s.GRID_BUY: 0.0, s.GRID_SELL: 2977.0, s.PV: 3800.0,
              s.BATTERY_CHARGE: 200.0, s.BATTERY_DISCHARGE: 0.0}
    got = with_consumption(values, {SMART_METER, PV, BATTERY})
    assert got[s.CONSUMPTION] == pytest.approx(3800.0 - 2977.0 - 200.0)
    assert {k: v for k, v in got.items() if k != s.CONSUMPTION} == values


def test_no_consumption_while_a_term_is_stale() -> None:
    values = {s.GRID_BUY: 500.0, s.GRID_SELL: 0.0}  # the PV inverter went quiet
    assert s.CONSUMPTION not in with_consumption(values, {SMART_METER, PV})
    assert with_consumption(values, {SMART_METER})[s.CONSUMPTION] == 500.0  # no PV at all
