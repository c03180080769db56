"""The PV forecast from hourly weather, and the home's calibration factor."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from pvlib.irradiance import get_extra_radiation
from pvlib.location import Location

from app.domain.energy_forecast import PvInstallation
from app.domain.solar_forecast import FACTOR_BOUNDS, calibration_factor, solar_forecast
from app.domain.weather import HourlyWeather

TZ = ZoneInfo("Asia/Tokyo")
LAT, LON = 35.68, 139.77
ROOF = PvInstallation(capacity_w=5500.0, tilt_deg=30.0, azimuth_deg=180.0)
SLOT_MAX_WH = ROOF.capacity_w / 2  # a 30-minute slot at the conditioner's rating


def clear_hours(day: datetime, hours: int = 48, clearness: float = 1.0,
                temp_c: float = 25.0) -> list[HourlyWeather]:
    """Hourly rows of a cloudless sky (pvlib's clear sky, hour means) from local ``day``."""
    start = day.astimezone(UTC)
    minutes = pd.date_range(start, periods=hours * 60, freq="1min") + pd.Timedelta(seconds=30)
    sky = Location(LAT, LON).get_clearsky(
        minutes, dni_extra=get_extra_radiation(minutes.day_of_year.to_numpy()),
        interp_turbidity=False)
    ghi = sky["ghi"].to_numpy().reshape(hours, 60)
    return [HourlyWeather(at=start + timedelta(hours=h), temp_c=temp_c, cloud_pct=0.0,
                          precip_mm=0.0, ghi_wm2=float(clearness * ghi[h].mean()))
            for h in range(hours)]


def local_slot(hour: float) -> int:
    return int(hour * 2)


SUMMER = datetime(2026, 6, 21, tzinfo=TZ)
WINTER = datetime(2026, 12, 21, tzinfo=TZ)


def test_a_clear_summer_noon_comes_near_the_rating() -> None:
    forecast = solar_forecast(clear_hours(SUMMER), ROOF, LAT, LON, SUMMER, slots=48)
    noon = forecast.wh[local_slot(11.5)]  # 11:30-12:00, around solar noon in Tokyo
    # PVWatts: ~1000 W/m² on the plane, hot cells (-0.4 %/K), 14 % losses, 96 % inverter.
    assert 0.65 * SLOT_MAX_WH < noon < 0.9 * SLOT_MAX_WH
    assert max(forecast.wh) == noon or max(forecast.wh) < 1.02 * noon


def test_the_factor_scales_and_the_rating_clips() -> None:
    hours = clear_hours(SUMMER)
    plain = np.array(solar_forecast(hours, ROOF, LAT, LON, SUMMER, 48).wh)
    half = np.array(solar_forecast(hours, ROOF, LAT, LON, SUMMER, 48, factor=0.5).wh)
    np.testing.assert_allclose(half, 0.5 * plain, atol=0.1)
    big = np.array(solar_forecast(hours, ROOF, LAT, LON, SUMMER, 48, factor=2.0).wh)
    assert big.max() <= SLOT_MAX_WH + 0.1  # never above the conditioner's rating
    assert big[local_slot(11.5)] > 0.98 * SLOT_MAX_WH  # 2 x a clear noon: clipped
    assert big[local_slot(7)] == pytest.approx(2.0 * plain[local_slot(7)], abs=0.2)


def test_made_again_from_a_later_half_hour_it_says_the_same_of_each_slot() -> None:
    """The weather service makes the forecast again each half hour from the new slot;
    with the same weather every slot keeps its value (else the control loop reads a new
    forecast and plans again in mid-slot, issue 18). Temperatures that change from hour
    to hour matter here: the cells' temperature is interpolated between the hours."""
    hours = [replace(h, temp_c=5.0 + 3.0 * (i % 5)) for i, h in
             enumerate(clear_hours(WINTER - timedelta(days=1), hours=72))]
    first = solar_forecast(hours, ROOF, LAT, LON, WINTER.replace(hour=9), 48).wh
    for later in (1, 2, 3):
        again = solar_forecast(hours, ROOF, LAT, LON,
                               WINTER.replace(hour=9) + later * timedelta(minutes=30), 48).wh
        assert again[:48 - later] == first[later:]
    assert first[local_slot(3)] > 0  # 12:00-12:30 (the day's slots are counted from 09:00)


def test_nothing_at_night() -> None:
    wh = solar_forecast(clear_hours(SUMMER), ROOF, LAT, LON, SUMMER, 48).wh
    assert not any(wh[:local_slot(4)]) and not any(wh[local_slot(19.5):])
    assert wh[local_slot(5)] > 0  # June sunrise in Tokyo is at 04:25


def test_tilt_and_azimuth_matter() -> None:
    hours = clear_hours(WINTER)

    def day_wh(roof: PvInstallation) -> np.ndarray:
        return np.array(solar_forecast(hours, roof, LAT, LON, WINTER, 48).wh)

    south = day_wh(ROOF)
    flat = day_wh(PvInstallation(5500.0, tilt_deg=0.0))
    north = day_wh(PvInstallation(5500.0, tilt_deg=30.0, azimuth_deg=0.0))
    east = day_wh(PvInstallation(5500.0, tilt_deg=30.0, azimuth_deg=90.0))
    # The low winter sun: a south roof beats a flat one, which beats a north roof.
    assert south.sum() > 1.3 * flat.sum() > 1.3 * north.sum()
    slots = np.arange(48) + 0.5
    centre = lambda wh: (wh * slots).sum() / wh.sum() / 2  # noqa: E731  (hours)
    assert centre(east) < centre(south) - 1.0  # an east roof produces in the morning


def test_clouds_and_heat_lower_the_output() -> None:
    clear = solar_forecast(clear_hours(SUMMER), ROOF, LAT, LON, SUMMER, 48).wh
    grey = solar_forecast(clear_hours(SUMMER, clearness=0.3), ROOF, LAT, LON, SUMMER, 48).wh
    hot = solar_forecast(clear_hours(SUMMER, temp_c=35.0), ROOF, LAT, LON, SUMMER, 48).wh
    assert sum(grey) < 0.4 * sum(clear)
    assert 0.9 * sum(clear) < sum(hot) < 0.98 * sum(clear)  # -0.4 %/K of cell heat


def test_slots_follow_start_and_stop_where_the_forecast_ends() -> None:
    hours = clear_hours(SUMMER, hours=24)
    whole = solar_forecast(hours, ROOF, LAT, LON, SUMMER, slots=96)
    assert len(whole.wh) == 48  # 24 hours of weather: 48 slots, none made up
    later_start = SUMMER + timedelta(hours=10, minutes=30)
    later = solar_forecast(hours, ROOF, LAT, LON, later_start, slots=4)
    assert later.start == later_start
    assert later.wh == whole.wh[21:25]
    assert whole.day_totals_kwh("Asia/Tokyo")[SUMMER.date()] == pytest.approx(
        sum(whole.wh) / 1000)


def test_start_must_be_an_aware_half_hour() -> None:
    hours = clear_hours(SUMMER, hours=3)
    with pytest.raises(ValueError, match="half-hour"):
        solar_forecast(hours, ROOF, LAT, LON, SUMMER + timedelta(minutes=10), slots=2)
    with pytest.raises(ValueError, match="aware"):
        solar_forecast(hours, ROOF, LAT, LON, SUMMER.replace(tzinfo=None), slots=2)


# ---------------------------------------------------------------- calibration
def test_calibration_learns_the_roofs_ratio() -> None:
    rng = np.random.default_rng(3)
    modelled = rng.uniform(8000, 30000, 28)
    measured = 0.85 * modelled * rng.normal(1.0, 0.05, 28)
    assert calibration_factor(measured, modelled) == pytest.approx(0.85, abs=0.02)


def test_calibration_shrugs_off_an_outlier_day() -> None:
    modelled = np.full(21, 20000.0)
    measured = np.full(21, 18000.0)
    measured[5] = 0.0  # snow on the panels
    measured[9] = 90000.0  # a bad reading
    assert calibration_factor(measured, modelled) == pytest.approx(0.9, abs=1e-6)


def test_calibration_is_bounded_and_needs_days() -> None:
    modelled = np.full(14, 20000.0)
    assert calibration_factor(modelled * 3.0, modelled) == FACTOR_BOUNDS[1]
    assert calibration_factor(modelled * 0.1, modelled) == FACTOR_BOUNDS[0]
    assert calibration_factor(modelled[:6] * 0.8, modelled[:6]) == 1.0  # too few days
    # Dark days say little: six good days and many dark ones are still too few.
    dark = np.concatenate([np.full(6, 20000.0), np.full(10, 500.0)])
    assert calibration_factor(dark * 0.8, dark) == 1.0
    with pytest.raises(ValueError):
        calibration_factor([1.0, 2.0], [1.0])
