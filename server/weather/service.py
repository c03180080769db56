"""GET /v1/weather's work: a municipality's forecast and warnings, through the cache."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from server.config import Settings
from server.db import session_scope
from server.errors import ApiError
from server.municipalities import Municipalities, Municipality
from server.weather import warning_log, wire
from server.weather.cache import AreaCache, Cached
from server.weather.jma import JmaForecast, JmaWarnings
from server.weather.jma_areas import JmaAreas
from server.weather.model import AreaForecast
from server.weather.open_meteo import OpenMeteoForecast
from server.weather.provider import ForecastProvider, NotCovered, WarningProvider
from server.weather.synthetic import SyntheticForecast
from server.weather.upstream import Http, UpstreamError

MODES = ("synthetic", "open-meteo", "jma", "open-meteo+jma")
HOURS = 72
ZONE = ZoneInfo("Asia/Tokyo")  # households' dates are Japanese dates
_MEMO_SIZE = 1024  # ~50 KB each (JMA, 180 hours); a miss costs ~15 ms of pvlib


class WeatherService:
    def __init__(self, engine: Engine, municipalities: Municipalities, name: str,
                 forecast: ForecastProvider, warnings: WarningProvider | None,
                 cache: AreaCache | None = None) -> None:
        self.engine = engine
        self.municipalities = municipalities
        self.name = name
        self.forecast = forecast
        self.warnings = warnings
        self.cache = cache or AreaCache(engine)
        # Derived forecasts per (area key, fetched, municipality): JMA's need pvlib.
        self._memo: OrderedDict[tuple, AreaForecast] = OrderedDict()
        self._lock = threading.Lock()

    def answer(self, city_code: str, now: float) -> dict:
        """The wire answer for a municipality at Unix time `now`; ApiError when none."""
        town = self.municipalities.get(city_code)
        if town is None:
            raise ApiError(409, "city_required", f"municipality {city_code} is no longer "
                           "in the list: choose the city again in the registration settings")
        try:
            key = self.forecast.area_key(town)
        except NotCovered as exc:
            raise ApiError(503, "weather_unavailable", str(exc)) from None
        moment = datetime.fromtimestamp(now, UTC)
        cached = self.cache.get(key, lambda: self._fetch(key, town, moment), now)
        if cached.payload is None:
            if cached.refreshing or cached.rationed:
                why = ("upstream requests are rationed this minute" if cached.rationed
                       else "it is being fetched")
                raise ApiError(503, "weather_pending", f"the first forecast for this area is "
                               f"on its way ({why}); ask again shortly", {"Retry-After": "30"})
            raise ApiError(503, "weather_unavailable", f"no forecast for {town.name} yet: "
                           f"{cached.error or 'upstream failed'}", {"Retry-After": "600"})
        forecast = self._derived(cached, town)
        start = moment.replace(minute=0, second=0, microsecond=0)
        hours = [h for h in forecast.hours if h.at >= start][:HOURS]
        if not hours:
            raise ApiError(503, "weather_unavailable", f"the last forecast for {town.name} "
                           f"has run out and upstream is failing: {cached.error}",
                           {"Retry-After": "600"})
        today = moment.astimezone(ZONE).date()
        days = [d for d in forecast.days if d.day >= today]
        warnings, warnings_stale = self._warnings(town, now)
        return wire.answer(town, self.name, forecast.issued, cached.fetched,
                           cached.stale or warnings_stale, hours, days, warnings)

    def _fetch(self, key: str, town: Municipality, moment: datetime) -> tuple[dict, float]:
        payload, issued = self.forecast.fetch(key, town, moment)
        return payload, issued.timestamp()

    def _derived(self, cached: Cached, town: Municipality) -> AreaForecast:
        memo_key = (cached.key, cached.fetched, town.code)
        with self._lock:
            found = self._memo.get(memo_key)
            if found is not None:
                self._memo.move_to_end(memo_key)
                return found
        try:
            forecast = self.forecast.forecast(cached.payload, town)
        except UpstreamError as exc:
            raise ApiError(503, "weather_unavailable", str(exc)) from None
        with self._lock:
            self._memo[memo_key] = forecast
            while len(self._memo) > _MEMO_SIZE:
                self._memo.popitem(last=False)
        return forecast

    def _warnings(self, town: Municipality, now: float) -> tuple[list, bool]:
        """(warnings to list, whether upstream's are out of date)."""
        sources: tuple[str, ...] = ("admin",)
        stale = False
        if self.warnings is not None:
            sources = (self.warnings.name, "admin")
            try:
                key = self.warnings.area_key(town)
            except NotCovered:
                stale = True
            else:
                cached = self.cache.get(key, lambda: self._refresh_warnings(key, now), now)
                stale = cached.stale or cached.payload is None
        with session_scope(self.engine) as session:
            return warning_log.for_city(session, town.code, now, sources), stale

    def _refresh_warnings(self, key: str, now: float) -> tuple[dict, float]:
        report = self.warnings.fetch(key)
        with session_scope(self.engine) as session:
            warning_log.apply_report(session, self.warnings.name, report, now)
            session.commit()
        summary = {"reported": report.reported.isoformat(), "cities": len(report.cities),
                   "in_force": sum(o.in_force for o in report.observed)}
        return summary, report.reported.timestamp()


def build(settings: Settings, engine: Engine, municipalities: Municipalities) -> WeatherService:
    """The service of `settings.weather` (one of MODES)."""
    mode = settings.weather
    http = Http(settings.weather_timeout_s, settings.weather_max_bytes)
    cache = AreaCache(engine, retry_s=settings.weather_retry_s,
                      per_minute=settings.weather_upstream_per_minute)
    jma_areas = JmaAreas(settings.jma_areas_csv) if "jma" in mode else None
    forecast: ForecastProvider
    if mode == "synthetic":
        forecast = SyntheticForecast(settings.weather_seed)
    elif mode in ("open-meteo", "open-meteo+jma"):
        forecast = OpenMeteoForecast(settings.open_meteo_url, http)
    elif mode == "jma":
        forecast = JmaForecast(settings.jma_url, http, jma_areas)
    else:
        raise ValueError(f"weather provider {mode!r} is not one of {', '.join(MODES)}")
    warnings = (JmaWarnings(settings.jma_url, http, jma_areas, settings.jma_warning_path)
                if jma_areas is not None else None)
    return WeatherService(engine, municipalities, mode, forecast, warnings, cache)
