"""Sun position, clear-sky irradiance and the PV array's output.

Sun position: the Astronomical Almanac's low-precision formulas (about 0.01°
in declination), from which the equation of time and the hour angle follow;
good enough for a roof and fully vectorised over minutes.
Irradiance: Meinel's clear-sky beam with Kasten-Young air mass, diffuse light
as a share of the beam, isotropic sky and ground reflection on the tilted plane.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_JD_UNIX_EPOCH = 2440587.5
_JD_J2000 = 2451545.0
_SOLAR_CONSTANT = 1353.0  # W/m², as used by Meinel's model
_DIFFUSE_SHARE = 0.1  # clear-sky DHI as a share of DNI
_ALBEDO = 0.2
SYSTEM_EFFICIENCY = 0.8  # soiling, wiring, mismatch and power conditioner
_TEMP_COEFF = -0.004  # per K of cell temperature above 25 °C


@dataclass(frozen=True, slots=True)
class SunPosition:
    declination_deg: np.ndarray
    equation_of_time_min: np.ndarray  # apparent minus mean solar time
    hour_angle_deg: np.ndarray  # 0 at solar noon, negative in the morning
    elevation_deg: np.ndarray
    azimuth_deg: np.ndarray  # clockwise from north


def _wrap180(deg: np.ndarray) -> np.ndarray:
    return np.mod(deg + 180.0, 360.0) - 180.0


def sun_position(utc_minutes: np.ndarray, latitude: float, longitude: float) -> SunPosition:
    """Where the sun stands at UTC epoch minutes (fractional minutes allowed)."""
    n = (np.asarray(utc_minutes, dtype=np.float64) / 1440.0 + _JD_UNIX_EPOCH) - _JD_J2000
    mean_long = np.mod(280.460 + 0.9856474 * n, 360.0)
    anomaly = np.radians(np.mod(357.528 + 0.9856003 * n, 360.0))
    ecl_long = np.radians(mean_long + 1.915 * np.sin(anomaly) + 0.020 * np.sin(2 * anomaly))
    obliquity = np.radians(23.439 - 4.0e-7 * n)
    right_asc = np.degrees(np.arctan2(np.cos(obliquity) * np.sin(ecl_long), np.cos(ecl_long)))
    decl = np.arcsin(np.sin(obliquity) * np.sin(ecl_long))
    eot_deg = _wrap180(mean_long - right_asc)
    utc_hours = np.mod(n + 0.5, 1.0) * 24.0  # J2000 days start at noon
    hour_angle = _wrap180(15.0 * (utc_hours - 12.0) + longitude + eot_deg)
    lat = np.radians(latitude)
    h = np.radians(hour_angle)
    east = -np.cos(decl) * np.sin(h)
    north = np.sin(decl) * np.cos(lat) - np.cos(decl) * np.cos(h) * np.sin(lat)
    up = np.sin(decl) * np.sin(lat) + np.cos(decl) * np.cos(h) * np.cos(lat)
    elevation = np.degrees(np.arcsin(np.clip(up, -1.0, 1.0)))
    azimuth = np.mod(np.degrees(np.arctan2(east, north)), 360.0)
    return SunPosition(np.degrees(decl), 4.0 * eot_deg, hour_angle, elevation, azimuth)


def clear_sky(elevation_deg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clear-sky (DNI, DHI) in W/m²; zero with the sun below the horizon."""
    e = np.maximum(elevation_deg, 0.0)
    air_mass = 1.0 / (np.sin(np.radians(e)) + 0.50572 * (e + 6.07995) ** -1.6364)
    dni = np.where(elevation_deg > 0.0, _SOLAR_CONSTANT * 0.7 ** (air_mass ** 0.678), 0.0)
    return dni, _DIFFUSE_SHARE * dni


@dataclass(frozen=True, slots=True)
class Irradiance:
    ghi: np.ndarray  # global horizontal, W/m² (drives solar gains of rooms too)
    poa: np.ndarray  # on the plane of the array, W/m²


def irradiance(sun: SunPosition, beam: np.ndarray, extra_diffuse: np.ndarray,
               tilt_deg: float, azimuth_deg: float) -> Irradiance:
    """Horizontal and plane-of-array light under the day's sky factors."""
    dni_clear, dhi_clear = clear_sky(sun.elevation_deg)
    sin_e = np.sin(np.radians(sun.elevation_deg))
    ghi_clear = dni_clear * np.maximum(sin_e, 0.0) + dhi_clear
    dni = beam * dni_clear
    dhi = dhi_clear + extra_diffuse * ghi_clear
    ghi = dni * np.maximum(sin_e, 0.0) + dhi
    # Angle of incidence from the sun's and the panel's unit vectors (east, north, up).
    e, a = np.radians(sun.elevation_deg), np.radians(sun.azimuth_deg)
    t, p = np.radians(tilt_deg), np.radians(azimuth_deg)
    cos_aoi = (np.cos(e) * np.sin(a) * np.sin(t) * np.sin(p)
               + np.cos(e) * np.cos(a) * np.sin(t) * np.cos(p) + np.sin(e) * np.cos(t))
    sky_view, ground_view = (1.0 + np.cos(t)) / 2.0, (1.0 - np.cos(t)) / 2.0
    poa = dni * np.maximum(cos_aoi, 0.0) + dhi * sky_view + ghi * _ALBEDO * ground_view
    return Irradiance(ghi, poa)


def pv_power(poa: np.ndarray, air_temp_c: np.ndarray, capacity_w: float) -> np.ndarray:
    """AC output (W) of an array of ``capacity_w`` under ``poa`` W/m²."""
    cell_temp = air_temp_c + 0.03 * poa  # ~30 K above air at full sun
    derate = 1.0 + _TEMP_COEFF * (cell_temp - 25.0)
    power = capacity_w * SYSTEM_EFFICIENCY * poa / 1000.0 * derate
    return np.clip(power, 0.0, capacity_w)  # the power conditioner caps at its rating
