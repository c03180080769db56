"""A weather forecast for the household's municipality, as the center server sends it.

The server maps the household's municipality (JIS X 0402 code, the only location
the panel ever sends) to a representative point and serves, per area:

* ``hourly``: 72 hours ahead from the start of the current hour (UTC hour starts):
  temperature, cloud cover, precipitation, probability of precipitation and global
  horizontal irradiance (GHI, W/m², the hour's mean), from which PV is forecast;
* ``daily``: today and the following days (local dates), with a sky category;
* ``warnings``: the JMA warnings and advisories (警報・注意報・特別警報) in force for
  the municipality, and those lifted in the last 24 hours (``lifted`` set).

The wire format (``GET /v1/weather``) and its one parser are in
`app.domain.weather_json`; the server's side is documented in server/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.energy_forecast import DayAccuracy, LoadOutlook, SlotForecast

# JMA revises warnings within hours. A forecast the server got from upstream longer ago
# than this says nothing of the warnings in force now: kept offline for days, its
# warnings would hold the warning linkage (a full battery, no AI control) for days.
WARNINGS_TRUSTED_S = 6 * 3600.0


class Sky(StrEnum):
    CLEAR = "clear"  # 晴れ
    PARTLY_CLOUDY = "partly_cloudy"  # 晴れ時々曇り
    CLOUDY = "cloudy"  # 曇り
    RAIN = "rain"  # 雨
    SNOW = "snow"  # 雪


class WarningLevel(StrEnum):
    """JMA's three levels, in rising order of danger."""

    ADVISORY = "advisory"  # 注意報
    WARNING = "warning"  # 警報
    EMERGENCY = "emergency"  # 特別警報


class WarningKind(StrEnum):
    """The phenomena of JMA's warnings and advisories (気象警報・注意報)."""

    HEAVY_RAIN = "heavy_rain"  # 大雨
    FLOOD = "flood"  # 洪水
    LANDSLIDE = "landslide"  # 土砂災害 (JMA's own warnings since May 2026)
    STORM = "storm"  # 暴風 (警報) / 強風 (注意報)
    SNOWSTORM = "snowstorm"  # 暴風雪 (警報) / 風雪 (注意報)
    HEAVY_SNOW = "heavy_snow"  # 大雪
    HIGH_WAVES = "high_waves"  # 波浪
    STORM_SURGE = "storm_surge"  # 高潮
    THUNDER = "thunder"  # 雷
    SNOWMELT = "snowmelt"  # 融雪
    DENSE_FOG = "dense_fog"  # 濃霧
    DRY_AIR = "dry_air"  # 乾燥
    AVALANCHE = "avalanche"  # なだれ
    LOW_TEMPERATURE = "low_temperature"  # 低温
    FROST = "frost"  # 霜
    ICING = "icing"  # 着氷
    SNOW_ACCRETION = "snow_accretion"  # 着雪
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class HourlyWeather:
    at: datetime  # start of the hour, timezone-aware
    temp_c: float
    cloud_pct: float  # 0..100
    precip_mm: float  # in the hour
    ghi_wm2: float  # mean global horizontal irradiance over the hour
    pop_pct: float | None = None  # probability of precipitation, when the source has one


@dataclass(frozen=True, slots=True)
class DailyOutlook:
    day: date  # local date of the area
    sky: Sky
    max_c: float | None  # None where the source gives none (e.g. today's max after noon)
    min_c: float | None
    pop_pct: float | None = None


@dataclass(frozen=True, slots=True)
class WeatherWarning:
    id: str  # stable across answers: the same warning keeps its id until lifted
    kind: WarningKind
    level: WarningLevel
    issued: datetime
    lifted: datetime | None = None

    @property
    def active(self) -> bool:
        return self.lifted is None

    @property
    def is_warning(self) -> bool:
        """警報 or 特別警報: what the weather-warning linkage acts on (not 注意報)."""
        return self.level is not WarningLevel.ADVISORY


@dataclass(frozen=True, slots=True)
class WeatherForecast:
    area_code: str  # JIS X 0402
    area_name: str
    lat: float
    lon: float
    provider: str  # "synthetic" | "open-meteo" | "jma" ...
    issued: datetime  # when the forecast was made upstream
    fetched: datetime  # when the server last got it from upstream
    stale: bool  # upstream failing: this is the last good forecast
    hourly: tuple[HourlyWeather, ...]
    daily: tuple[DailyOutlook, ...]
    warnings: tuple[WeatherWarning, ...]

    def age_s(self, now: float) -> float:
        """Seconds since the forecast was made (what the page shows as its age)."""
        return max(0.0, now - self.issued.timestamp())

    @property
    def active_warnings(self) -> tuple[WeatherWarning, ...]:
        return tuple(w for w in self.warnings if w.active)

    def warnings_in_force(self, now: float) -> tuple[WeatherWarning, ...]:
        """The active warnings while the forecast is recent enough to know them, else none."""
        if now - self.fetched.timestamp() > WARNINGS_TRUSTED_S:
            return ()
        return self.active_warnings


@dataclass(frozen=True, slots=True)
class WeatherView:
    """What the weather page and the home page's forecast are drawn from (built by the
    weather service, shown by the UI)."""

    forecast: WeatherForecast | None  # the last good forecast kept in the store
    solar: SlotForecast | None  # expected PV, 48 h; None without PV or a forecast
    load: LoadOutlook | None  # expected consumption, 48 h, or why there is none
    accuracy: tuple[DayAccuracy, ...]  # recent days, newest first
    problem: str | None = None  # why the last fetch failed (the forecast shown is older)
