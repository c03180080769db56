"""The answer of GET /v1/weather, in the format of app/domain/weather_json.py's docstring
(the panel reads it with forecast_from_json; the tests read every answer with it)."""

from __future__ import annotations

from datetime import UTC, datetime

from server.models import WeatherWarning, iso
from server.municipalities import Municipality
from server.weather.model import Day, Hour


def _time(unix: float) -> str:
    return iso(datetime.fromtimestamp(unix, UTC))


def answer(town: Municipality, provider: str, issued: datetime, fetched: float, stale: bool,
           hours: list[Hour], days: list[Day], warnings: list[WeatherWarning]) -> dict:
    return {
        "area": {"code": town.code, "name": town.name, "lat": town.lat, "lon": town.lon},
        "provider": provider, "issued": iso(issued), "fetched": _time(fetched),
        "stale": stale,
        "hourly": [{"time": iso(h.at), "temp_c": h.temp_c, "cloud_pct": h.cloud_pct,
                    "precip_mm": h.precip_mm, "ghi_wm2": h.ghi_wm2, "pop_pct": h.pop_pct}
                   for h in hours],
        "daily": [{"date": d.day.isoformat(), "sky": d.sky, "max_c": d.max_c, "min_c": d.min_c,
                   "pop_pct": d.pop_pct} for d in days],
        "warnings": [{"id": w.id, "kind": w.kind, "level": w.level, "issued": _time(w.issued),
                      "lifted": None if w.lifted is None else _time(w.lifted)}
                     for w in warnings],
    }
