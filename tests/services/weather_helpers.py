"""Forecasts for the weather tests: a plausible answer of GET /v1/weather, built from values."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

from app.domain.weather import (
    DailyOutlook,
    HourlyWeather,
    Sky,
    WarningKind,
    WarningLevel,
    WeatherForecast,
    WeatherWarning,
)

AREA = ("27205", "吹田市", 34.759, 135.517)  # the test household's municipality


def clear_sky_ghi(at: datetime) -> float:
    """A rough clear-sky GHI for Osaka in winter (W/m²): a sine over 7:00-17:00 JST."""
    hour = (at.astimezone(UTC).hour + 9) % 24 + 0.5
    return max(0.0, 600.0 * math.sin(math.pi * (hour - 7.0) / 10.0)) if 7 <= hour <= 17 else 0.0


def forecast(issued: datetime, *, hours: int = 72, cloud: float = 10.0,
             warnings: tuple[WeatherWarning, ...] = (), provider: str = "synthetic",
             fetched: datetime | None = None) -> WeatherForecast:
    start = issued.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    hourly = tuple(
        HourlyWeather(at=start + timedelta(hours=i), temp_c=8.0, cloud_pct=cloud,
                      precip_mm=0.0, ghi_wm2=round(clear_sky_ghi(start + timedelta(hours=i))
                                                   * (1 - 0.7 * cloud / 100), 1),
                      pop_pct=10.0)
        for i in range(hours))
    first = (start + timedelta(hours=9)).date()
    daily = tuple(DailyOutlook(first + timedelta(days=i), Sky.CLEAR, 14.0, 4.0, 10.0)
                  for i in range(3))
    code, name, lat, lon = AREA
    return WeatherForecast(code, name, lat, lon, provider, issued, fetched or issued, False,
                           hourly, daily, warnings)


def warning(ident: str, issued: datetime, *, kind: WarningKind = WarningKind.HEAVY_RAIN,
            level: WarningLevel = WarningLevel.WARNING,
            lifted: datetime | None = None) -> WeatherWarning:
    return WeatherWarning(ident, kind, level, issued, lifted)


def day(d: date) -> datetime:
    """Midnight of `d` in Japan, aware."""
    return datetime(d.year, d.month, d.day, tzinfo=UTC) - timedelta(hours=9)
