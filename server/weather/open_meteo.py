"""Open-Meteo's forecast API (https://open-meteo.com/en/docs), one request per point.

    GET /v1/forecast?latitude=35.694&longitude=139.754&timezone=Asia/Tokyo&forecast_days=4
        &hourly=temperature_2m,cloud_cover,precipitation,precipitation_probability,
                shortwave_radiation
        &daily=weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max

answers {"latitude", "longitude", "utc_offset_seconds": 32400, "timezone": "Asia/Tokyo",
"hourly_units": {...}, "hourly": {"time": ["2026-12-05T00:00", ...], "temperature_2m":
[...], ...}, "daily_units": {...}, "daily": {"time": ["2026-12-05", ...], ...}}: local
times without offset, parallel arrays, null where a model has no value.

Open-Meteo's hourly values are of two kinds: instantaneous at the time (temperature,
cloud cover) and over the PRECEDING hour (precipitation and its probability: the sum
and chance of the hour before; shortwave radiation: the mean of the hour before). Our
rows are hour starts with the hour that FOLLOWS: so row H takes precipitation,
probability and radiation from Open-Meteo's H+1, and temperature and cloud cover as the
mean of H and H+1. The last hour Open-Meteo gives has no successor: 95 rows from 96.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from server.municipalities import Municipality
from server.weather.model import AreaForecast, Day, Hour
from server.weather.provider import NotCovered
from server.weather.upstream import Http, UpstreamError

HOURLY = ("temperature_2m", "cloud_cover", "precipitation", "precipitation_probability",
          "shortwave_radiation")
DAILY = ("weather_code", "temperature_2m_max", "temperature_2m_min",
         "precipitation_probability_max")
FORECAST_DAYS = 4
TIMEZONE = "Asia/Tokyo"


def wmo_sky(code: int) -> str | None:
    """WMO weather interpretation code (Open-Meteo's weather_code) to our category."""
    if code in (0, 1):  # clear, mainly clear
        return "clear"
    if code == 2:  # partly cloudy
        return "partly_cloudy"
    if code in (3, 45, 48):  # overcast, fog, depositing rime fog
        return "cloudy"
    if code in (51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 80, 81, 82, 95, 96, 99):
        return "rain"  # drizzle, rain, freezing rain, showers, thunderstorms
    if code in (71, 73, 75, 77, 85, 86):  # snow fall, snow grains, snow showers
        return "snow"
    return None


def request_params(lat: float, lon: float) -> dict[str, str]:
    return {"latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
            "hourly": ",".join(HOURLY), "daily": ",".join(DAILY),
            "timezone": TIMEZONE, "forecast_days": str(FORECAST_DAYS)}


def _array(block: Any, name: str, where: str, n: int | None) -> list:
    if not isinstance(block, dict) or name not in block:
        raise UpstreamError(f"Open-Meteo: {where}.{name} is missing")
    values = block[name]
    if not isinstance(values, list) or (n is not None and len(values) != n):
        raise UpstreamError(f"Open-Meteo: {where}.{name} is not a list of {n} values")
    return values


def _value(values: list, i: int, where: str, optional: bool = False) -> float | None:
    value = values[i]
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UpstreamError(f"Open-Meteo: {where}[{i}] is not a number: {value!r:.20}")
    return float(value)


def parse(obj: Any, now: datetime) -> AreaForecast:
    """Our forecast from Open-Meteo's answer; UpstreamError naming what is wrong."""
    if not isinstance(obj, dict):
        raise UpstreamError("Open-Meteo: the answer is not an object")
    offset = obj.get("utc_offset_seconds")
    if isinstance(offset, bool) or not isinstance(offset, int) or abs(offset) > 18 * 3600:
        raise UpstreamError(f"Open-Meteo: utc_offset_seconds is not an offset: {offset!r:.20}")
    zone = timezone(timedelta(seconds=offset))
    hourly = obj.get("hourly")
    times = _array(hourly, "time", "hourly", None)
    n = len(times)
    if n < 2:
        raise UpstreamError("Open-Meteo: hourly has fewer than two hours")
    columns = {name: _array(hourly, name, "hourly", n) for name in HOURLY}
    starts = []
    for i, text in enumerate(times):
        try:
            starts.append(datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC))
        except (TypeError, ValueError):
            raise UpstreamError(f"Open-Meteo: hourly.time[{i}] is not a time: "
                                f"{text!r:.30}") from None
    hours = []
    for i in range(n - 1):
        if starts[i + 1] - starts[i] != timedelta(hours=1):
            raise UpstreamError(f"Open-Meteo: hourly.time[{i + 1}] is not an hour later")

        def v(name: str, j: int, optional: bool = False) -> float | None:
            return _value(columns[name], j, f"hourly.{name}", optional)

        hours.append(Hour(
            at=starts[i],
            temp_c=round((v("temperature_2m", i) + v("temperature_2m", i + 1)) / 2, 2),
            cloud_pct=round((v("cloud_cover", i) + v("cloud_cover", i + 1)) / 2, 1),
            precip_mm=v("precipitation", i + 1), ghi_wm2=v("shortwave_radiation", i + 1),
            pop_pct=v("precipitation_probability", i + 1, optional=True)))

    daily = obj.get("daily")
    dates = _array(daily, "time", "daily", None)
    columns = {name: _array(daily, name, "daily", len(dates)) for name in DAILY}
    days = []
    for i, text in enumerate(dates):
        try:
            day = date.fromisoformat(text)
        except (TypeError, ValueError):
            raise UpstreamError(f"Open-Meteo: daily.time[{i}] is not a date: "
                                f"{text!r:.20}") from None
        code = columns["weather_code"][i]
        sky = wmo_sky(code) if isinstance(code, int) and not isinstance(code, bool) else None
        if sky is None:
            raise UpstreamError(f"Open-Meteo: daily.weather_code[{i}] is not a WMO weather "
                                f"code: {code!r:.20}")
        days.append(Day(day, sky,
                        max_c=_value(columns["temperature_2m_max"], i,
                                     "daily.temperature_2m_max", optional=True),
                        min_c=_value(columns["temperature_2m_min"], i,
                                     "daily.temperature_2m_min", optional=True),
                        pop_pct=_value(columns["precipitation_probability_max"], i,
                                       "daily.precipitation_probability_max", optional=True)))
    # Open-Meteo does not say when its model ran: the forecast is as new as our request.
    return AreaForecast(issued=now.astimezone(UTC), hours=tuple(hours), days=tuple(days)).checked()


class OpenMeteoForecast:
    name = "open-meteo"

    def __init__(self, url: str, http: Http) -> None:
        self.url = url
        self.http = http

    def area_key(self, town: Municipality) -> str:
        if town.lat is None or town.lon is None:
            raise NotCovered(f"municipality {town.code} has no point")
        return f"open-meteo:{town.lat:.4f},{town.lon:.4f}"

    def fetch(self, area_key: str, town: Municipality, now: datetime) -> tuple[dict, datetime]:
        lat, lon = (float(x) for x in area_key.split(":", 1)[1].split(","))
        forecast = parse(self.http.get_json(self.url, request_params(lat, lon)), now)
        return forecast.to_json(), forecast.issued

    def forecast(self, payload: dict, town: Municipality) -> AreaForecast:
        return AreaForecast.from_json(payload)
