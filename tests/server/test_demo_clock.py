"""An accelerated demo panel (--speed) starts its embedded server on the same clock, so
the server's forecasts begin at the home's hour, not the wall's."""

from __future__ import annotations

import argparse

import pytest

import server.main as server_main
from app.services.cloud_wiring import demo_weather_args
from app.sources.clock import AcceleratedClock, SystemClock

EPOCH = 1_780_000_000.0


def test_the_demo_panel_hands_its_clock_to_the_server(monkeypatch) -> None:
    assert "--demo-clock" not in demo_weather_args(3, SystemClock())
    args = demo_weather_args(3, AcceleratedClock(EPOCH, 300.0))
    parsed = server_main.build_parser().parse_args(args)
    monkeypatch.setattr(server_main.time, "time", lambda: EPOCH + 10.0)
    assert parsed.demo_clock() == EPOCH + 3000.0  # ten seconds of the wall, 50 minutes


@pytest.mark.parametrize("text", ["1000", "a:2", "1000:0", "1000:-3"])
def test_a_bad_demo_clock_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        server_main._demo_clock(text)


def test_without_a_demo_clock_the_server_keeps_the_wall_clock() -> None:
    assert server_main.build_parser().parse_args([]).demo_clock is None
