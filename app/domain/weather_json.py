"""The one parser (and writer) of the weather wire format, ``GET /v1/weather``.

    {"area": {"code": "13101", "name": "千代田区", "lat": 35.694, "lon": 139.754},
     "provider": "synthetic", "issued": "2026-12-04T21:00:00Z",
     "fetched": "2026-12-04T21:03:10Z", "stale": false,
     "hourly": [{"time": "2026-12-04T21:00:00Z", "temp_c": 8.1, "cloud_pct": 20,
                 "precip_mm": 0.0, "ghi_wm2": 0.0, "pop_pct": 10}, ...],
     "daily": [{"date": "2026-12-05", "sky": "clear", "max_c": 14.2, "min_c": 4.0,
                "pop_pct": 10}, ...],
     "warnings": [{"id": "13101-heavy_rain-20261204T2100", "kind": "heavy_rain",
                   "level": "warning", "issued": "...Z", "lifted": null}]}

``pop_pct``, ``max_c`` and ``min_c`` may be null. The panel keeps the JSON as the
server sent it and parses it with `forecast_from_json` whenever it reads it back;
anything malformed is refused with `ForecastFormatError` naming the field.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from app.domain.weather import (
    DailyOutlook,
    HourlyWeather,
    Sky,
    WarningKind,
    WarningLevel,
    WeatherForecast,
    WeatherWarning,
)

MAX_HOURS = 24 * 8  # more than any provider sends; bounds what a bad answer can cost
MAX_DAYS = 16
MAX_WARNINGS = 64


class ForecastFormatError(ValueError):
    """A forecast that does not follow the format; `field` is where, e.g. hourly[3].ghi_wm2."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"weather forecast: {field} {problem}")
        self.field = field


def _get(obj: Any, key: str, where: str) -> Any:
    if not isinstance(obj, dict):
        raise ForecastFormatError(where or "answer", "is not an object")
    if key not in obj:
        raise ForecastFormatError(_path(where, key), "is missing")
    return obj[key]


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _number(obj: Any, key: str, where: str, lo: float, hi: float,
            optional: bool = False) -> float | None:
    value = _get(obj, key, where)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ForecastFormatError(_path(where, key), f"is not a number: {value!r:.40}")
    if not lo <= value <= hi:
        raise ForecastFormatError(_path(where, key), f"is outside {lo:g}..{hi:g}: {value}")
    return float(value)


def _text(obj: Any, key: str, where: str, max_len: int = 200) -> str:
    value = _get(obj, key, where)
    if not isinstance(value, str) or not value or len(value) > max_len:
        raise ForecastFormatError(_path(where, key), f"is not a short text: {value!r:.40}")
    return value


def _time(obj: Any, key: str, where: str, optional: bool = False) -> datetime | None:
    value = _get(obj, key, where)
    if value is None and optional:
        return None
    text = value if isinstance(value, str) else ""
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ForecastFormatError(_path(where, key), f"is not a time: {value!r:.40}") from None
    if parsed.tzinfo is None:
        raise ForecastFormatError(_path(where, key), f"has no time zone: {text:.40}")
    return parsed


def _enum(obj: Any, key: str, where: str, kind: type) -> Any:
    value = _get(obj, key, where)
    try:
        return kind(value)
    except ValueError:
        raise ForecastFormatError(_path(where, key), f"is not one of "
                                  f"{', '.join(k.value for k in kind)}: {value!r:.40}") from None


def _list(obj: Any, key: str, limit: int, item: Callable[[Any, str], Any]) -> tuple:
    value = _get(obj, key, "")
    if not isinstance(value, list):
        raise ForecastFormatError(key, "is not a list")
    if len(value) > limit:
        raise ForecastFormatError(key, f"has {len(value)} entries, more than {limit}")
    return tuple(item(v, f"{key}[{i}]") for i, v in enumerate(value))


def _hour(obj: Any, where: str) -> HourlyWeather:
    return HourlyWeather(
        at=_time(obj, "time", where), temp_c=_number(obj, "temp_c", where, -60, 60),
        cloud_pct=_number(obj, "cloud_pct", where, 0, 100),
        precip_mm=_number(obj, "precip_mm", where, 0, 500),
        ghi_wm2=_number(obj, "ghi_wm2", where, 0, 1500),
        pop_pct=_number(obj, "pop_pct", where, 0, 100, optional=True))


def _day(obj: Any, where: str) -> DailyOutlook:
    text = _get(obj, "date", where)
    try:
        day = date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        day = None
    if day is None:
        raise ForecastFormatError(_path(where, "date"), f"is not a date: {text!r:.40}")
    return DailyOutlook(day=day, sky=_enum(obj, "sky", where, Sky),
                        max_c=_number(obj, "max_c", where, -60, 60, optional=True),
                        min_c=_number(obj, "min_c", where, -60, 60, optional=True),
                        pop_pct=_number(obj, "pop_pct", where, 0, 100, optional=True))


def _warning(obj: Any, where: str) -> WeatherWarning:
    return WeatherWarning(id=_text(obj, "id", where), kind=_enum(obj, "kind", where, WarningKind),
                          level=_enum(obj, "level", where, WarningLevel),
                          issued=_time(obj, "issued", where),
                          lifted=_time(obj, "lifted", where, optional=True))


def forecast_from_json(obj: Any) -> WeatherForecast:
    """The forecast in `obj` (decoded JSON), or ForecastFormatError naming the bad field."""
    area = _get(obj, "area", "")
    stale = _get(obj, "stale", "")
    if not isinstance(stale, bool):
        raise ForecastFormatError("stale", f"is not true or false: {stale!r:.20}")
    code = _text(area, "code", "area", 5)
    if len(code) != 5 or not code.isdigit():
        raise ForecastFormatError("area.code", f"is not a 5-digit municipality code: {code!r}")
    hourly = _list(obj, "hourly", MAX_HOURS, _hour)
    for i in range(1, len(hourly)):
        if hourly[i].at <= hourly[i - 1].at:
            raise ForecastFormatError(f"hourly[{i}].time", "is not after the hour before it")
    return WeatherForecast(
        area_code=code, area_name=_text(area, "name", "area"),
        lat=_number(area, "lat", "area", -90, 90), lon=_number(area, "lon", "area", -180, 180),
        provider=_text(obj, "provider", "", 40), issued=_time(obj, "issued", ""),
        fetched=_time(obj, "fetched", ""), stale=stale, hourly=hourly,
        daily=_list(obj, "daily", MAX_DAYS, _day),
        warnings=_list(obj, "warnings", MAX_WARNINGS, _warning))


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def forecast_to_json(f: WeatherForecast) -> dict:
    """The wire form of `f`: forecast_from_json(forecast_to_json(f)) == f (times in UTC)."""
    return {
        "area": {"code": f.area_code, "name": f.area_name, "lat": f.lat, "lon": f.lon},
        "provider": f.provider, "issued": _iso(f.issued), "fetched": _iso(f.fetched),
        "stale": f.stale,
        "hourly": [{"time": _iso(h.at), "temp_c": h.temp_c, "cloud_pct": h.cloud_pct,
                    "precip_mm": h.precip_mm, "ghi_wm2": h.ghi_wm2, "pop_pct": h.pop_pct}
                   for h in f.hourly],
        "daily": [{"date": d.day.isoformat(), "sky": d.sky.value, "max_c": d.max_c,
                   "min_c": d.min_c, "pop_pct": d.pop_pct} for d in f.daily],
        "warnings": [{"id": w.id, "kind": w.kind.value, "level": w.level.value,
                      "issued": _iso(w.issued), "lifted": _iso(w.lifted)} for w in f.warnings],
    }
