"""Hourly rows from a forecast that only has days (JMA): how, and with which numbers.

JMA's forecast gives each day a weather (its code, a sky category to us), the
probability of precipitation per 6 hours (per day further out) and the day's minimum
and maximum temperature. Nothing about irradiance or hourly temperature. So:

* GHI = the hour's mean clear-sky GHI at the municipality's point (pvlib, Ineichen with
  the climatological Linke turbidity, averaged over four quarter-hours) times a typical
  clear-sky index of the day's category (`CLEAR_SKY_INDEX`);
* cloud cover = a typical cover of the category (`CLOUD_PCT`);
* precipitation = probability x a typical rate of the category (`RATE_MM`): an
  expectation, not an amount JMA gave;
* temperature: the minimum at 05:00 and the maximum at 14:00 local time, joined by
  half-cosines (held flat before the first and after the last value JMA gave).

These are rough, day-level numbers; the Open-Meteo provider gives the real hourly
forecast, and "open-meteo+jma" (Open-Meteo forecast, JMA warnings) is the setting we
recommend in production.
"""

from __future__ import annotations

import math
import warnings
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from server.weather.model import Hour

CLEAR_SKY_INDEX = {"clear": 0.85, "partly_cloudy": 0.6, "cloudy": 0.3, "rain": 0.15,
                   "snow": 0.2}
CLOUD_PCT = {"clear": 10.0, "partly_cloudy": 50.0, "cloudy": 90.0, "rain": 100.0,
             "snow": 100.0}
RATE_MM = {"clear": 0.3, "partly_cloudy": 0.3, "cloudy": 0.5, "rain": 1.5, "snow": 1.0}
# pvlib 0.16.1 reads pandas' deprecated `dayofyear` (pandas 3 warns on every call): theirs
# to change, and nothing a server log should repeat.
warnings.filterwarnings("ignore", message=r"DatetimeIndex\.dayofyear is deprecated",
                        module="pvlib")
MIN_AT = time(5)
MAX_AT = time(14)


def clear_sky_ghi(lat: float, lon: float, hours: list[datetime]) -> np.ndarray:
    """Mean clear-sky GHI (W/m²) of each hour that starts at `hours` (aware, UTC)."""
    return _clear_sky(round(lat, 4), round(lon, 4), tuple(h.timestamp() for h in hours))


@lru_cache(maxsize=256)
def _clear_sky(lat: float, lon: float, starts: tuple[float, ...]) -> np.ndarray:
    import pandas as pd  # pvlib's own dependency; loaded only by providers that need it
    from pvlib.location import Location

    offsets = np.array([7.5, 22.5, 37.5, 52.5]) * 60.0
    stamps = (np.array(starts)[:, None] + offsets[None, :]).ravel()
    times = pd.DatetimeIndex(pd.to_datetime(stamps, unit="s", utc=True))
    ghi = Location(lat, lon, tz="UTC").get_clearsky(times)["ghi"].to_numpy()
    result = np.clip(ghi.reshape(len(starts), 4).mean(axis=1), 0.0, None)
    result.flags.writeable = False
    return result


def temperature_curve(anchors: list[tuple[datetime, float]], hours: list[datetime]) -> list[float]:
    """Temperatures at the middle of each hour, through the anchors (time, °C)."""
    if not anchors:
        raise ValueError("no temperatures to draw a day from")
    anchors = sorted(anchors)
    out = []
    for start in hours:
        t = start + timedelta(minutes=30)
        if t <= anchors[0][0]:
            out.append(anchors[0][1])
            continue
        if t >= anchors[-1][0]:
            out.append(anchors[-1][1])
            continue
        i = next(i for i in range(1, len(anchors)) if anchors[i][0] >= t)
        (t0, v0), (t1, v1) = anchors[i - 1], anchors[i]
        frac = (t - t0) / (t1 - t0)
        out.append(v0 + (v1 - v0) * (1 - math.cos(math.pi * frac)) / 2)
    return out


def day_anchors(days: dict[date, tuple[float | None, float | None]],
                zone: ZoneInfo) -> list[tuple[datetime, float]]:
    """(time, °C) of each known minimum (05:00) and maximum (14:00)."""
    anchors = []
    for day, (low, high) in days.items():
        if low is not None:
            anchors.append((datetime.combine(day, MIN_AT, zone).astimezone(UTC), low))
        if high is not None:
            anchors.append((datetime.combine(day, MAX_AT, zone).astimezone(UTC), high))
    return anchors


def hours_from_days(lat: float, lon: float, zone: ZoneInfo, start: datetime, end: datetime,
                    sky: dict[date, str], pop_at, temps: dict[date, tuple[float | None,
                                                                          float | None]],
                    ) -> tuple[Hour, ...]:
    """Rows for each hour from `start` to `end` (UTC hour starts) whose local day has a
    sky; `pop_at(hour) -> % or None`."""
    hours = []
    at = start
    while at < end:
        if at.astimezone(zone).date() in sky:
            hours.append(at)
        at += timedelta(hours=1)
    if not hours:
        return ()
    ghi = clear_sky_ghi(lat, lon, hours)
    temp = temperature_curve(day_anchors(temps, zone), hours)
    rows = []
    for i, at in enumerate(hours):
        cat = sky[at.astimezone(zone).date()]
        pop = pop_at(at)
        wet = (pop / 100.0) if pop is not None else (1.0 if cat in ("rain", "snow") else 0.0)
        rows.append(Hour(at=at, temp_c=round(temp[i], 1), cloud_pct=CLOUD_PCT[cat],
                         precip_mm=round(wet * RATE_MM[cat], 2),
                         ghi_wm2=round(float(ghi[i]) * CLEAR_SKY_INDEX[cat], 1),
                         pop_pct=pop))
    return tuple(rows)
