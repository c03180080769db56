"""Expected PV energy per 30-minute slot, from an hourly weather forecast, with pvlib.

The chain (evaluated every 5 minutes, summed per slot):

1. the sun's position (SPA) and the clear sky (Ineichen-Perez, the site's Linke turbidity);
2. the forecast hour's mean GHI spread over the hour along the clear sky (a constant
   clear-sky index per hour keeps the hour's energy and gives sunrise and sunset their shape);
3. GHI split into beam and diffuse (Erbs), transposed to the plane of the array
   (Hay-Davies, ground reflection), reflection losses on the beam (physical IAM);
4. cell temperature from the forecast air temperature (Faiman, 1 m/s: forecasts carry no
   wind here), PVWatts DC (-0.4 %/K, DC nameplate = the conditioner's rating), PVWatts'
   default system losses (14 %), and the PVWatts inverter, clipped at its rating;
5. times the home's calibration ``factor`` (what this model misses about this roof:
   shading, soiling, a larger or smaller array than its rating), still clipped at capacity.

``calibration_factor`` learns that factor from the home's own days. pvlib and pandas are
imported inside the functions: the panel's start-up never loads them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import numpy as np

from app.domain.energy_forecast import SLOT, PvInstallation, SlotForecast
from app.domain.weather import HourlyWeather

STEP_MINUTES = 5
_STEPS_PER_SLOT = 30 // STEP_MINUTES
_HOUR = timedelta(hours=1)
_MAX_CLEARNESS = 1.2  # a forecast hour brighter than this x the clear sky is not believed
_WIND_MS = 1.0
_GAMMA_PDC = -0.004  # per K: crystalline silicon
_ALBEDO = 0.2

MIN_CALIBRATION_DAYS = 7
FACTOR_BOUNDS = (0.4, 1.4)
_MIN_DAY_FRACTION = 0.15  # days the model puts below this share of the best day say little


def solar_forecast(hourly: Sequence[HourlyWeather], installation: PvInstallation, lat: float,
                   lon: float, start: datetime, slots: int = 96,
                   factor: float = 1.0) -> SlotForecast:
    """Wh per 30-minute slot from ``start`` (aware, on a half-hour boundary).

    Stops at the first slot the forecast's hours do not cover (a forecast that is getting
    old gives fewer slots, never made-up ones).
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    start_utc = start.astimezone(UTC)
    if start_utc.second or start_utc.microsecond or start_utc.minute % 30:
        raise ValueError(f"start {start.isoformat()} is not on a half-hour boundary")
    if slots < 0:
        raise ValueError(f"slots must not be negative, not {slots}")
    rows = {row.at.astimezone(UTC): row for row in hourly}
    covered = 0
    while covered < slots and _hour_of(start_utc + covered * SLOT) in rows:
        covered += 1
    if covered == 0 or installation.capacity_w <= 0:
        return SlotForecast(start, (0.0,) * covered)

    first_hour = _hour_of(start_utc)
    hours = math.ceil((start_utc + covered * SLOT - first_hour) / _HOUR)
    # Points in the middle of each 5-minute step over whole hours (for the hour means).
    offsets = (np.arange(hours * 60 // STEP_MINUTES) + 0.5) * STEP_MINUTES
    times = _utc_index(first_hour, offsets)
    ghi_hour = np.array([rows[first_hour + i * _HOUR].ghi_wm2 for i in range(hours)])
    # Temperatures are hour means, placed at the hours' middles and interpolated; the
    # hours just outside the span join in where the forecast has them, so that a slot's
    # value does not depend on where the span starts (a forecast made again from the next
    # half hour must give the same values, or it reads as a new forecast: issue 18).
    span = [i for i in range(-1, hours + 1) if first_hour + i * _HOUR in rows]
    temps = (np.array([(i + 0.5) * 60.0 for i in span]),
             np.array([rows[first_hour + i * _HOUR].temp_c for i in span]))

    power = _ac_power(times, ghi_hour, temps, installation, lat, lon)
    power = np.minimum(power * max(factor, 0.0), installation.capacity_w)
    skip = int((start_utc - first_hour) / timedelta(minutes=STEP_MINUTES))
    steps = power[skip:skip + covered * _STEPS_PER_SLOT].reshape(covered, _STEPS_PER_SLOT)
    wh = steps.sum(axis=1) * STEP_MINUTES / 60.0
    return SlotForecast(start, tuple(float(round(v, 1)) for v in wh))


def _hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _utc_index(first_hour: datetime, offsets_min: np.ndarray):  # -> pd.DatetimeIndex
    import pandas as pd

    return pd.Timestamp(first_hour) + pd.to_timedelta(offsets_min, unit="min")


def _ac_power(times, ghi_hour: np.ndarray, temps: tuple[np.ndarray, np.ndarray],
              installation: PvInstallation, lat: float, lon: float) -> np.ndarray:
    """AC watts at each point of ``times`` (5-minute midpoints of whole forecast hours);
    ``temps``: air temperatures (°C) at minutes from the first hour's start."""
    from pvlib import iam, inverter, irradiance, pvsystem, temperature
    from pvlib.location import Location

    site = Location(lat, lon)
    sun = site.get_solarposition(times)
    doy = times.day_of_year.to_numpy()
    dni_extra = irradiance.get_extra_radiation(doy)
    clear = site.get_clearsky(times, solar_position=sun, dni_extra=dni_extra,
                              linke_turbidity=linke_turbidity(lat, lon, doy))["ghi"].to_numpy()
    per_hour = 60 // STEP_MINUTES
    clear_mean = clear.reshape(-1, per_hour).mean(axis=1)
    index = np.divide(ghi_hour, clear_mean, out=np.zeros_like(ghi_hour), where=clear_mean > 1.0)
    ghi = clear * np.repeat(np.clip(index, 0.0, _MAX_CLEARNESS), per_hour)

    zenith = sun["apparent_zenith"].to_numpy()
    parts = irradiance.erbs(ghi, zenith, doy)
    dni = np.nan_to_num(np.asarray(parts["dni"], dtype=np.float64))
    dhi = np.nan_to_num(np.asarray(parts["dhi"], dtype=np.float64))
    tilt, azimuth = installation.tilt_deg, installation.azimuth_deg
    poa = irradiance.get_total_irradiance(tilt, azimuth, zenith, sun["azimuth"].to_numpy(),
                                          dni, ghi, dhi, dni_extra=dni_extra, albedo=_ALBEDO,
                                          model="haydavies")
    aoi = irradiance.aoi(tilt, azimuth, zenith, sun["azimuth"].to_numpy())
    beam = np.nan_to_num(np.asarray(poa["poa_direct"], dtype=np.float64))
    diffuse = np.nan_to_num(np.asarray(poa["poa_diffuse"], dtype=np.float64))
    effective = np.maximum(beam * np.nan_to_num(iam.physical(aoi)) + diffuse, 0.0)

    step_mid = (np.arange(len(ghi)) + 0.5) * STEP_MINUTES
    air = np.interp(step_mid, *temps)
    cell = temperature.faiman(effective, air, wind_speed=_WIND_MS)
    capacity = installation.capacity_w
    dc = pvsystem.pvwatts_dc(effective, cell, capacity, _GAMMA_PDC)
    dc = np.asarray(dc, dtype=np.float64) * (1.0 - pvsystem.pvwatts_losses() / 100.0)
    eta = 0.96
    ac = inverter.pvwatts(dc, capacity / eta, eta_inv_nom=eta)  # clips at ``capacity``
    return np.clip(np.nan_to_num(np.asarray(ac, dtype=np.float64)), 0.0, capacity)


@lru_cache(maxsize=16)
def _monthly_turbidity(lat: float, lon: float) -> tuple[float, ...]:
    import pandas as pd
    from pvlib import clearsky

    months = pd.DatetimeIndex([pd.Timestamp(2024, m, 15, tz="UTC") for m in range(1, 13)])
    values = clearsky.lookup_linke_turbidity(months, lat, lon, interp_turbidity=False)
    return tuple(float(v) for v in values)


def linke_turbidity(lat: float, lon: float, day_of_year: np.ndarray) -> np.ndarray:
    """The site's Linke turbidity (pvlib's monthly climatology) per day of year, interpolated
    between mid-months around the year end (one lookup per site; the simulator uses it too)."""
    monthly = _monthly_turbidity(round(lat, 4), round(lon, 4))
    mid_months = 15.5 + 30.4 * np.arange(-1, 13)
    padded = (monthly[-1], *monthly, monthly[0])
    return np.interp(np.asarray(day_of_year, dtype=np.float64), mid_months, padded)


def calibration_factor(measured_wh: Sequence[float], modelled_wh: Sequence[float]) -> float:
    """The home's factor from per-day pairs (measured PV, what the model said), recent weeks.

    Robust: dark days (little said, little learned) and days far from the others (snow on
    the panels, an outage, a wrong forecast) are left out before the energy-weighted ratio
    is taken; bounded to ``FACTOR_BOUNDS``; 1.0 with fewer than ``MIN_CALIBRATION_DAYS``
    usable days.
    """
    if len(measured_wh) != len(modelled_wh):
        raise ValueError("measured and modelled need one value per day each")
    measured = np.asarray(measured_wh, dtype=np.float64)
    modelled = np.asarray(modelled_wh, dtype=np.float64)
    usable = np.isfinite(measured) & np.isfinite(modelled) & (modelled > 0) & (measured >= 0)
    if usable.sum() < MIN_CALIBRATION_DAYS:
        return 1.0
    usable &= modelled >= _MIN_DAY_FRACTION * modelled[usable].max()
    if usable.sum() < MIN_CALIBRATION_DAYS:
        return 1.0
    ratio = measured[usable] / modelled[usable]
    median = float(np.median(ratio))
    spread = 1.4826 * float(np.median(np.abs(ratio - median)))  # MAD as a standard deviation
    keep = np.abs(ratio - median) <= max(3.0 * spread, 0.05 * median)
    factor = float(measured[usable][keep].sum() / modelled[usable][keep].sum())
    return min(max(factor, FACTOR_BOUNDS[0]), FACTOR_BOUNDS[1])
