"""Sun position, clear-sky irradiance and the PV array's output, with pvlib.

Sun position: NREL's SPA (``pvlib.solarposition``, numpy implementation, refraction
included) every 10 minutes, computed for 4 days at a time; the sun's unit vector is
interpolated to the minutes (an error below a hundredth of a degree, for a tenth of the
cost: the simulator evaluates whole years).
Clear sky: Ineichen-Perez (``pvlib.clearsky.ineichen``) with the location's Linke
turbidity from pvlib's climatology (the panel's solar forecast's lookup).
Tilted plane: Hay-Davies transposition with ground reflection
(``pvlib.irradiance.get_total_irradiance``); the synthetic forecast and the panel's solar
forecast use the same sun and sky models, so they agree with the simulator where they should.

A local day's sun and clear sky are computed once per (day, location) and cached: the home
and the synthetic forecast ask for the same days.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from pvlib import atmosphere, clearsky, solarposition, spa
from pvlib import irradiance as pv_irradiance

from app.domain.solar_forecast import linke_turbidity

_GRID_MINUTES = 10  # SPA is evaluated every 10 minutes and interpolated in between
_BLOCK_MINUTES = 4 * 1440  # ... over blocks of 4 days at a time (cached)
_ATMOS_REFRACT = 0.5667  # SPA's apparent sun radius plus refraction at sunrise, degrees
_ALBEDO = 0.2
SYSTEM_EFFICIENCY = 0.8  # soiling, wiring, mismatch and power conditioner
_TEMP_COEFF = -0.004  # per K of cell temperature above 25 °C


@dataclass(frozen=True, slots=True)
class SunPosition:
    elevation_deg: np.ndarray  # apparent (refraction included)
    azimuth_deg: np.ndarray  # clockwise from north
    dni_extra: float  # extraterrestrial normal irradiance of the day, W/m²

    @property
    def zenith_deg(self) -> np.ndarray:
        return 90.0 - self.elevation_deg


@dataclass(frozen=True, slots=True)
class ClearSky:
    """A clear sky's light: direct normal, diffuse and global horizontal, W/m²."""

    dni: np.ndarray
    dhi: np.ndarray
    ghi: np.ndarray


@dataclass(frozen=True, slots=True)
class SunDay:
    """The sun and the clear sky for each minute of a local day at a location (cached)."""

    sun: SunPosition
    clear: ClearSky


@lru_cache(maxsize=64)
def _sun_vectors(block: int, latitude: float, longitude: float) -> tuple[np.ndarray, ...]:
    """SPA every 10 minutes over a block of UTC time: (minutes, east, north, up)."""
    start = block * _BLOCK_MINUTES
    grid = start + np.arange(0, _BLOCK_MINUTES + _GRID_MINUTES, _GRID_MINUTES, dtype=np.float64)
    times = pd.to_datetime(grid * 60.0, unit="s", utc=True)
    position = solarposition.get_solarposition(times, latitude, longitude, method="nrel_numpy")
    el = np.radians(position["elevation"].to_numpy())  # geometric: refraction is added later
    az = np.radians(position["azimuth"].to_numpy())
    return grid, np.cos(el) * np.sin(az), np.cos(el) * np.cos(az), np.sin(el)


def sun_position(utc_minutes: np.ndarray, latitude: float, longitude: float) -> SunPosition:
    """Where the sun stands at UTC epoch minutes (fractional minutes allowed)."""
    minutes = np.asarray(utc_minutes, dtype=np.float64)
    first = int(np.floor(minutes.min() / _BLOCK_MINUTES))
    last = int(np.floor(minutes.max() / _BLOCK_MINUTES))
    blocks = [_sun_vectors(b, latitude, longitude) for b in range(first, last + 1)]
    # Neighbouring blocks share their end points; drop the duplicates.
    grid, east, north, up = (np.concatenate([blk[k][:-1] for blk in blocks[:-1]]
                                            + [blocks[-1][k]]) for k in range(4))
    # Interpolate the unit vector (east, north, up), not the angles: no wrap at north.
    e, n, u = (np.interp(minutes, grid, v) for v in (east, north, up))
    norm = np.sqrt(e**2 + n**2 + u**2)
    elevation = np.degrees(np.arcsin(np.clip(u / norm, -1.0, 1.0)))
    # Refraction as SPA adds it (pvlib's defaults: 1013.25 hPa, 12 °C), after the
    # interpolation: it bends quickly near the horizon.
    elevation = elevation + spa.atmospheric_refraction_correction(
        1013.25, 12.0, elevation, _ATMOS_REFRACT)
    azimuth = np.mod(np.degrees(np.arctan2(e, n)), 360.0)
    doy = pd.Timestamp(float(minutes.mean()) * 60.0, unit="s", tz="UTC").day_of_year
    return SunPosition(elevation, azimuth, float(pv_irradiance.get_extra_radiation(doy)))


def clear_sky(sun: SunPosition, latitude: float, longitude: float, day_of_year: int,
              ) -> ClearSky:
    """Ineichen-Perez clear-sky light; zero with the sun below the horizon."""
    up = sun.elevation_deg > 0.0
    zenith = np.where(up, sun.zenith_deg, 89.9)
    airmass = atmosphere.get_absolute_airmass(atmosphere.get_relative_airmass(zenith))
    turbidity = float(linke_turbidity(latitude, longitude, np.array([day_of_year]))[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        sky = clearsky.ineichen(zenith, airmass, turbidity, dni_extra=sun.dni_extra)
    values = [np.where(up, np.nan_to_num(np.asarray(sky[k], dtype=np.float64)), 0.0)
              for k in ("dni", "dhi", "ghi")]
    return ClearSky(*(np.maximum(v, 0.0) for v in values))


@lru_cache(maxsize=32)
def sun_day(midnight_minute: int, minutes: int, latitude: float, longitude: float) -> SunDay:
    """The sun and clear sky at the middle of each minute of a local day (read-only)."""
    mid = midnight_minute + np.arange(minutes) + 0.5
    sun = sun_position(mid, latitude, longitude)
    doy = pd.Timestamp((midnight_minute + minutes / 2) * 60.0, unit="s", tz="UTC").day_of_year
    clear = clear_sky(sun, latitude, longitude, doy)
    for arr in (sun.elevation_deg, sun.azimuth_deg, clear.dni, clear.dhi, clear.ghi):
        arr.flags.writeable = False
    return SunDay(sun, clear)


@dataclass(frozen=True, slots=True)
class Irradiance:
    ghi: np.ndarray  # global horizontal, W/m² (drives solar gains of rooms too)
    poa: np.ndarray  # on the plane of the array, W/m²


def irradiance(day: SunDay, beam: np.ndarray, extra_diffuse: np.ndarray,
               tilt_deg: float, azimuth_deg: float) -> Irradiance:
    """Horizontal and plane-of-array light under the day's sky factors.

    Direct normal light is ``beam`` x clear-sky DNI; diffuse horizontal light is clear-sky
    DHI + ``extra_diffuse`` x clear-sky GHI (light scattered by clouds).
    """
    sun, clear = day.sun, day.clear
    dni = beam * clear.dni
    dhi = clear.dhi + extra_diffuse * clear.ghi
    ghi = dni * np.maximum(np.sin(np.radians(sun.elevation_deg)), 0.0) + dhi
    poa = plane_of_array(sun, dni, dhi, ghi, tilt_deg, azimuth_deg)
    return Irradiance(ghi, poa)


def plane_of_array(sun: SunPosition, dni: np.ndarray, dhi: np.ndarray, ghi: np.ndarray,
                   tilt_deg: float, azimuth_deg: float) -> np.ndarray:
    """Light on the array (W/m²): Hay-Davies sky diffuse plus ground reflection."""
    total = pv_irradiance.get_total_irradiance(
        tilt_deg, azimuth_deg, sun.zenith_deg, sun.azimuth_deg, dni, ghi, dhi,
        dni_extra=sun.dni_extra, albedo=_ALBEDO, model="haydavies")
    poa = np.nan_to_num(np.asarray(total["poa_global"], dtype=np.float64))
    return np.where(sun.elevation_deg > 0.0, np.maximum(poa, 0.0), 0.0)


def pv_power(poa: np.ndarray, air_temp_c: np.ndarray, capacity_w: float) -> np.ndarray:
    """AC output (W) of an array of ``capacity_w`` under ``poa`` W/m²."""
    cell_temp = air_temp_c + 0.03 * poa  # ~30 K above air at full sun
    derate = 1.0 + _TEMP_COEFF * (cell_temp - 25.0)
    power = capacity_w * SYSTEM_EFFICIENCY * poa / 1000.0 * derate
    return np.clip(power, 0.0, capacity_w)  # the power conditioner caps at its rating
