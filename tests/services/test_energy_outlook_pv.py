"""The solar forecast follows the PV array the installer answered on the commissioning page:
its rating, tilt and facing, stored as HomeFacts the way the page saves them."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest

from app.domain import series as s
from app.domain.commissioning import HomeFacts
from app.domain.energy_forecast import PvInstallation
from app.services import energy_outlook as eo
from app.store import open_store
from app.store.home_setup import save_home_setup
from tests.services.test_weather_energy import NOW, TODAY, TOMORROW, TZ, ZONE, pin_days, profile
from tests.services.weather_helpers import forecast

SENT = forecast(NOW.astimezone(UTC) - timedelta(hours=1))  # clear, 72 h from noon


def tomorrow_wh(data: Path, facts: HomeFacts) -> tuple[float, ...]:
    """Tomorrow's PV per half hour (local), forecast for the array of `facts`."""
    with open_store(data, TZ) as store:
        save_home_setup(store, (), facts)  # as the commissioning page saves
        o = eo.outlook(store, SENT, NOW.timestamp(), ZONE)
    assert o.solar is not None and o.factor == 1.0  # no history: the model as it is
    day = eo.day_slice(o.solar, TOMORROW, ZONE)
    assert day is not None
    return day.wh


def array(kw: float = 5.5, tilt: float = 30.0, azimuth: float = 180.0) -> HomeFacts:
    return HomeFacts(pv_capacity_w=kw * 1000, pv_tilt_deg=tilt, pv_azimuth_deg=azimuth)


def halves(wh: tuple[float, ...]) -> tuple[float, float]:
    """(before noon, after noon) of a local day's 48 slots."""
    return sum(wh[:24]), sum(wh[24:])


def test_the_installers_array_is_what_the_forecast_is_made_for(tmp_path) -> None:
    with open_store(tmp_path, TZ) as store:
        save_home_setup(store, (), array(5.5, 20.0, 135.0))
        assert eo.installation(store, TODAY, ZONE) == PvInstallation(5500.0, 20.0, 135.0)


def test_the_rating_scales_the_forecast(tmp_path) -> None:
    small = sum(tomorrow_wh(tmp_path / "a", array(kw=4.0)))
    large = sum(tomorrow_wh(tmp_path / "b", array(kw=8.0)))
    assert small > 10_000  # a clear December day: kWh worth the name
    assert large == pytest.approx(2 * small, rel=1e-3)


def test_the_facing_moves_the_generation_through_the_day(tmp_path) -> None:
    east = halves(tomorrow_wh(tmp_path / "east", array(azimuth=90.0)))
    south = halves(tomorrow_wh(tmp_path / "south", array(azimuth=180.0)))
    west = halves(tomorrow_wh(tmp_path / "west", array(azimuth=270.0)))
    assert east[0] > 1.5 * east[1]  # the morning sun
    assert west[1] > 1.5 * west[0]  # the afternoon sun
    assert south[0] == pytest.approx(south[1], rel=0.15)  # solar noon is near 12:00 here
    assert sum(south) > sum(east) and sum(south) > sum(west)  # winter: south is best


def test_the_tilt_catches_the_low_winter_sun(tmp_path) -> None:
    flat = sum(tomorrow_wh(tmp_path / "flat", array(tilt=0.0)))
    steep = sum(tomorrow_wh(tmp_path / "steep", array(tilt=40.0)))
    assert steep > 1.2 * flat


def test_without_a_rating_the_measured_generation_stands_in_with_the_answered_angles(
        tmp_path) -> None:
    pin_days(tmp_path, TODAY - timedelta(days=7), 7, {s.PV: profile(1200.0, (10, 14))})
    with open_store(tmp_path, TZ) as store:
        save_home_setup(store, (), HomeFacts(pv_tilt_deg=10.0, pv_azimuth_deg=202.5))
        assert eo.installation(store, TODAY, ZONE) == PvInstallation(1200.0, 10.0, 202.5)
