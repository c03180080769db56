"""The simulated home's own weather, as a forecast made at a given time (synthetic provider).

The truth is the simulator's weather (``weather``: daily sky category, temperature and
per-minute sky factors; ``solar``: irradiance at the forecast point), averaged over each
hour. Precipitation, which the simulator does not need, is defined here from the seed:
rain days (and only they) rain, at a rate that drifts through the day, heavier on darker
rain days. A rain day colder than 1.5 °C on average is a snow day.

The forecast is the truth plus a seeded error that grows with the lead time ``L`` (hours
from ``issued`` to the target hour, or to noon of a target day). Forecasts are continuous
fields and the sky category summarises them, so the error is made on the day's clear-sky
index ``k`` (the day's GHI / its clear-sky GHI) and the category follows from it:

* **the day's level**: usually the truth's ``k`` with an error in logit space of
  ``min(1.6, 0.15 + 0.5 L/24)`` (a clear day is sure, broken cloud is not); but with
  probability ``min(0.3, 0.04 + 0.08 L/24)`` (1 in 11 for tomorrow when issued the evening
  before, 1 in 6 two days ahead) the forecast is a *bust*: it expects a neighbouring
  category's typical ``k`` (晴れ <-> 晴れ時々曇り <-> 曇り <-> 雨; two steps off one
  time in five). The forecast category is the one whose range in the simulator holds the
  forecast ``k`` (rain where the day is wet). Together: tomorrow's category is right about
  six days in seven, and tomorrow's irradiation is off by about 20 % on average.
* **hour by hour**: for the next few hours the forecast follows the truth's hourly ``k``
  (nowcast weight ``exp(-L/4)``); beyond, the day's level with an hour-correlated error
  in logit space of ``min(1.0, 0.1 + 0.3 L/24)``. GHI = clear-sky GHI x ``k``.
* **cloud cover** is the forecast ``k``'s typical cover (a few percent on a clear day,
  all grey on rain) with an additive, hour-correlated error of ``2 + 9 L/24`` points;
  **precipitation** only on days forecast wet (the truth's rate when it does rain, else
  a typical 1.2 mm/h), with a lognormal error.
* **temperature**: an hour-correlated error of ``0.2 + 0.7 L/24`` °C (capped at 2.5),
  and the daily max/min come from the forecast hours, so they agree with them.
* **probability of precipitation**: from the forecast category, less decided further
  ahead, in steps of 10 %.

Everything is deterministic for (seed, lat, lon, issued hour): the day-level draws are keyed
by the 6-hour forecast run the issue time falls in and the target day, the hourly errors by
the run, so hourly re-issues within a run tell one consistent story. Pure numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.weather import DailyOutlook, HourlyWeather, Sky
from app.sources.simulator.local_days import LocalCalendar
from app.sources.simulator.randomness import component_id, day_rng, smooth_noise
from app.sources.simulator.solar import irradiance, sun_day
from app.sources.simulator.weather import (
    CATEGORIES,
    CLEAR,
    CLOUDY,
    PARTLY_CLOUDY,
    RAIN,
    daily_weather,
    sky_factors,
    temperature,
)

_RUN_HOURS = 6  # forecast runs at 00, 06, 12 and 18 UTC
_NOISE_PAD_HOURS = 48  # the run's error series starts this long before the run
_SNOW_MEAN_C = 1.5
# Typical clear-sky index and cloud cover of each category in the simulator (what a forecast
# that has the category but not the day's details would say).
_TYPICAL_K = {CLEAR: 0.98, PARTLY_CLOUDY: 0.79, CLOUDY: 0.35, RAIN: 0.18}
_CLOUD_OF_K = ((0.18, 0.35, 0.79, 0.98), (100.0, 95.0, 45.0, 10.0))  # cloud cover of a k
_TYPICAL_RAIN_MM = 1.2
# Where the simulator's categories lie in daily clear-sky index (clear 0.94-1, partly
# cloudy 0.57-0.93, cloudy 0.16-0.54, rain 0.08-0.26: told apart by the rain itself).
_CLEAR_K, _PARTLY_K, _RAIN_K = 0.938, 0.55, 0.12
# Day-level errors (see the module doc): logit-space spread and the chance of a bust.
_LOGIT_SD_0, _LOGIT_SD_PER_DAY, _LOGIT_SD_MAX = 0.15, 0.5, 1.6
_BUST_0, _BUST_PER_DAY, _BUST_MAX = 0.04, 0.08, 0.3
_HOUR_SD_0, _HOUR_SD_PER_DAY, _HOUR_SD_MAX = 0.1, 0.3, 1.0  # hour-to-hour, logit space
_POP = {CLEAR: 0.0, PARTLY_CLOUDY: 10.0, CLOUDY: 30.0, RAIN: 90.0}
_SKY = {CLEAR: Sky.CLEAR, PARTLY_CLOUDY: Sky.PARTLY_CLOUDY, CLOUDY: Sky.CLOUDY,
        RAIN: Sky.RAIN}


@dataclass(frozen=True, slots=True)
class _TruthHours:
    """The simulated weather, hour means from ``start`` (UTC, an hour start)."""

    start: datetime
    temp_c: np.ndarray
    cloud_pct: np.ndarray
    precip_mm: np.ndarray
    ghi: np.ndarray
    clear_ghi: np.ndarray


@lru_cache(maxsize=8)
def _calendar(timezone: str) -> LocalCalendar:
    return LocalCalendar(timezone)


def _rain_rate(seed: int, ordinal: int, n: int, diffuse: float) -> np.ndarray:
    """mm/h each minute of a rain day: ~0.5-3 mm/h, heavier on darker days, drifting."""
    base = 0.6 + 2.0 * (0.17 - diffuse) / 0.10
    drift = smooth_noise(day_rng(seed, ordinal, "forecast.rain"), n, 60.0)
    return np.clip(base * (1.0 + 0.6 * drift), 0.0, None)


@lru_cache(maxsize=16)
def _truth_day(seed: int, ordinal: int, lat: float, lon: float,
               timezone: str) -> dict[str, np.ndarray]:
    """Per-minute truth of a local day (cached: consecutive issues share their days)."""
    cal = _calendar(timezone)
    midnight, n = cal.midnight(ordinal), cal.day_length(ordinal)
    weather = daily_weather(seed, ordinal)
    tod = np.arange(n) + 0.5
    sun = sun_day(midnight, n, lat, lon)  # the very minutes the home evaluates
    beam, extra = sky_factors(seed, ordinal, n, weather)
    ghi = irradiance(sun, beam, extra, 0.0, 180.0).ghi
    clear = sun.clear.ghi
    if weather.category == CLEAR:
        cloud = np.clip(100.0 * (1.0 - beam) / 0.06 * 0.2, 0.0, 20.0)  # thin high cloud
    elif weather.category == PARTLY_CLOUDY:
        cloud = 100.0 * np.clip((1.0 - beam) / 0.88, 0.0, 1.0)  # the sun's view of cumulus
        cloud = 0.5 * cloud + 50.0 * weather.cloud_cover  # what an observer would call cover
    else:
        cloud = np.full(n, 95.0 if weather.category == CLOUDY else 100.0)
    rain = (_rain_rate(seed, ordinal, n, weather.diffuse) if weather.category == RAIN
            else np.zeros(n))
    values = {"temp_c": temperature(seed, ordinal, tod), "cloud_pct": cloud,
              "precip_mm": rain / 60.0, "ghi": ghi, "clear_ghi": clear}
    for arr in values.values():
        arr.flags.writeable = False
    return values


def _truth_hours(seed: int, lat: float, lon: float, start: datetime, hours: int,
                 timezone: str) -> _TruthHours:
    cal = _calendar(timezone)
    first_minute = int(start.timestamp() // 60)
    last_minute = first_minute + 60 * hours
    ordinal = cal.day_of_minute(first_minute)
    origin = cal.midnight(ordinal)
    parts: dict[str, list[np.ndarray]] = {}
    while cal.midnight(ordinal) < last_minute:
        day = _truth_day(seed, ordinal, lat, lon, timezone)
        for key, arr in day.items():
            parts.setdefault(key, []).append(arr)
        ordinal += 1
    offset = first_minute - origin
    out: dict[str, np.ndarray] = {}
    for key, arrs in parts.items():
        minutes = np.concatenate(arrs)[offset:offset + 60 * hours]
        reduced = minutes.reshape(hours, 60)
        out[key] = reduced.sum(axis=1) if key == "precip_mm" else reduced.mean(axis=1)
    return _TruthHours(start, **out)


def _day_forecast(seed: int, loc: int, run: int, ordinal: int, lead_h: float,
                  truth: str, k_day: float) -> tuple[str, float]:
    """(forecast category, forecast clear-sky index) of a target day; see the module doc."""
    if lead_h <= 0.0:
        return truth, k_day  # noon has passed: the day is mostly observed
    rng = np.random.default_rng((seed, loc, run, ordinal, component_id("forecast.sky")))
    bust, direction, far, z = *rng.random(3), float(rng.standard_normal())
    lead = lead_h
    if bust < min(_BUST_MAX, _BUST_0 + _BUST_PER_DAY * lead / 24.0):
        index = CATEGORIES.index(truth)
        step = 2 if far < 0.2 else 1
        shifted = index + (step if direction < 0.5 else -step)
        if not 0 <= shifted < len(CATEGORIES):
            shifted = index - (shifted - index)  # off the scale: err the other way
        category = CATEGORIES[max(0, min(len(CATEGORIES) - 1, shifted))]
        return category, _TYPICAL_K[category]
    sigma = min(_LOGIT_SD_MAX, _LOGIT_SD_0 + _LOGIT_SD_PER_DAY * lead / 24.0)
    x = math.log(k_day / (1.0 - k_day)) if 0.0 < k_day < 1.0 else (5.0 if k_day >= 1 else -5.0)
    k = 1.0 / (1.0 + math.exp(-(x + sigma * z)))
    return _category_of(k, wet=truth == RAIN), k


def _category_of(k: float, wet: bool) -> str:
    """The sky category a forecast day's clear-sky index stands for (the simulator's ranges)."""
    if k >= _CLEAR_K:
        return CLEAR
    if k >= _PARTLY_K:
        return PARTLY_CLOUDY
    return RAIN if wet or k < _RAIN_K else CLOUDY


def _hour_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def observed_weather(seed: int, lat: float, lon: float, start: datetime, hours: int,
                     timezone: str = "Asia/Tokyo") -> tuple[HourlyWeather, ...]:
    """What then happened: the simulated weather's hour means from ``start``'s hour."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    truth = _truth_hours(seed, lat, lon, _hour_start(start), hours, timezone)
    return tuple(
        HourlyWeather(at=truth.start + timedelta(hours=i), temp_c=float(truth.temp_c[i]),
                      cloud_pct=float(truth.cloud_pct[i]), precip_mm=float(truth.precip_mm[i]),
                      ghi_wm2=float(truth.ghi[i]))
        for i in range(hours))


def observed_temperatures(seed: int, first_hour: int, hours: int,
                          timezone: str = "Asia/Tokyo") -> np.ndarray:
    """The simulated outdoor temperature's hour means (°C) from epoch hour `first_hour`:
    `observed_weather`'s temp_c without the sky (a fraction of its cost: the backfill
    keeps them for every hour it writes)."""
    cal = _calendar(timezone)
    first_minute = first_hour * 60
    ordinal = cal.day_of_minute(first_minute)
    origin = cal.midnight(ordinal)
    parts = []
    while cal.midnight(ordinal) < first_minute + 60 * hours:
        parts.append(temperature(seed, ordinal, np.arange(cal.day_length(ordinal)) + 0.5))
        ordinal += 1
    offset = first_minute - origin
    return np.concatenate(parts)[offset:offset + 60 * hours].reshape(hours, 60).mean(axis=1)


def _location_key(lat: float, lon: float) -> int:
    return round((lat + 90.0) * 1e4) * 10_000_000 + round((lon + 180.0) * 1e4)


def simulated_forecast(seed: int, lat: float, lon: float, issued: datetime, hours: int = 72,
                       timezone: str = "Asia/Tokyo",
                       ) -> tuple[tuple[HourlyWeather, ...], tuple[DailyOutlook, ...]]:
    """The simulated weather at (lat, lon) as forecast at ``issued`` (aware); see module doc.

    Hourly rows start at the start of ``issued``'s hour (UTC-aware hour starts, hour
    means); daily rows run from the local date of ``issued`` to that of the last hour.
    """
    if issued.tzinfo is None:
        raise ValueError("issued must be timezone-aware")
    if hours < 1:
        raise ValueError(f"hours must be positive, not {hours}")
    zone, cal = ZoneInfo(timezone), _calendar(timezone)
    # Only the issue hour counts: the same forecast all through the hour.
    issued_utc = first = _hour_start(issued)
    # Whole local days around the window, so that daily max/min come from the same hours.
    first_day = first.astimezone(zone).date()
    last_day = (first + timedelta(hours=hours - 1)).astimezone(zone).date()
    ext_start = datetime.fromtimestamp(cal.midnight(first_day.toordinal()) * 60, UTC)
    ext_start = ext_start.replace(minute=0)  # zones off whole hours: the hour before
    ext_end_minute = cal.midnight(last_day.toordinal() + 1)
    ext_hours = math.ceil((ext_end_minute - ext_start.timestamp() / 60) / 60)
    truth = _truth_hours(seed, lat, lon, ext_start, ext_hours, timezone)

    hour_starts = [ext_start + timedelta(hours=i) for i in range(ext_hours)]
    lead = np.array([(h - issued_utc).total_seconds() / 3600.0 for h in hour_starts])
    lead = np.maximum(lead, 0.0)  # hours already begun: observed, so the truth
    local_days = [h.astimezone(zone).date() for h in hour_starts]

    loc = _location_key(lat, lon)
    issued_hour = int(issued_utc.timestamp() // 3600)
    run = issued_hour - issued_hour % _RUN_HOURS
    day_of = np.array([d.toordinal() for d in local_days])
    categories: dict[date, tuple[str, str]] = {}  # day -> (true, forecast) category
    k_level, rain_level = np.empty(ext_hours), np.zeros(ext_hours)
    for day in sorted(set(local_days)):
        mask = day_of == day.toordinal()
        clear_sum = truth.clear_ghi[mask].sum()
        k_day = truth.ghi[mask].sum() / clear_sum if clear_sum > 0 else 0.5
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=zone)
        lead_noon = (noon - issued_utc).total_seconds() / 3600.0
        true_cat = daily_weather(seed, day.toordinal()).category
        cat, k_level[mask] = _day_forecast(seed, loc, run, day.toordinal(), lead_noon,
                                           true_cat, k_day)
        categories[day] = (true_cat, cat)
        if cat == RAIN:
            wet = true_cat == RAIN
            rain_level[mask] = truth.precip_mm[mask].mean() if wet else _TYPICAL_RAIN_MM

    # The run's hour-correlated error series, indexed by absolute hour.
    rng = np.random.default_rng((seed, loc, run, component_id("forecast.hourly")))
    series_start = run - _NOISE_PAD_HOURS
    span = ext_hours + (int(ext_start.timestamp() // 3600) - series_start) + 1
    span = max(span, _NOISE_PAD_HOURS + 200)
    z_k, z_cloud, z_temp, z_rain = (smooth_noise(rng, span, w) for w in (4.0, 4.0, 8.0, 3.0))
    idx = np.array([int(h.timestamp() // 3600) - series_start for h in hour_starts])
    z_k, z_cloud, z_temp, z_rain = z_k[idx], z_cloud[idx], z_temp[idx], z_rain[idx]

    nowcast = np.exp(-lead / 4.0)
    n = ext_hours
    k_truth = np.divide(truth.ghi, truth.clear_ghi, out=np.zeros(n), where=truth.clear_ghi > 0)
    cloud_level = np.interp(k_level, *_CLOUD_OF_K)
    # Hour to hour, in logit space: a clear sky is surer than broken cloud.
    k_sigma = np.minimum(_HOUR_SD_MAX, _HOUR_SD_0 + _HOUR_SD_PER_DAY * lead / 24.0)
    level = np.clip(k_level, 0.01, 0.995)
    hourly_k = 1.0 / (1.0 + np.exp(-(np.log(level / (1.0 - level)) + k_sigma * z_k)))
    k = nowcast * k_truth + (1 - nowcast) * hourly_k
    ghi = truth.clear_ghi * np.clip(k, 0.0, 1.1)
    cloud = nowcast * truth.cloud_pct + (1 - nowcast) * cloud_level
    cloud = np.clip(cloud + (2.0 + 9.0 * lead / 24.0) * z_cloud * (1 - nowcast), 0.0, 100.0)
    rain_sigma = 0.2 + 0.2 * np.minimum(lead, 72.0) / 24.0
    rain = nowcast * truth.precip_mm + (1 - nowcast) * rain_level * np.exp(rain_sigma * z_rain)
    temp_sd = np.minimum(2.5, 0.2 + 0.7 * lead / 24.0)
    temp = truth.temp_c + temp_sd * z_temp
    temp[lead <= 0.0] = truth.temp_c[lead <= 0.0]

    daily_pop = {day: _pop(cat, (datetime(day.year, day.month, day.day, 12, tzinfo=zone)
                                 - issued_utc).total_seconds() / 3600.0)
                 for day, (_, cat) in categories.items()}
    hourly: list[HourlyWeather] = []
    first_index = hour_starts.index(first)
    for i in range(first_index, first_index + hours):
        wet = rain[i] >= 0.05
        pop = daily_pop[local_days[i]] if not wet else max(daily_pop[local_days[i]], 60.0)
        hourly.append(HourlyWeather(
            at=hour_starts[i], temp_c=round(float(temp[i]), 1),
            cloud_pct=round(float(cloud[i]), 0), precip_mm=round(float(rain[i]), 1),
            ghi_wm2=round(float(ghi[i]), 1), pop_pct=pop))

    issued_local = issued_utc.astimezone(zone)
    daily: list[DailyOutlook] = []
    for day, (_, cat) in sorted(categories.items()):
        temps = np.array([temp[i] for i in range(n) if local_days[i] == day])
        mean_c = daily_weather(seed, day.toordinal()).mean_c
        sky = Sky.SNOW if cat == RAIN and mean_c <= _SNOW_MEAN_C else _SKY[cat]
        today = day == issued_local.date()
        # Like JMA's evening forecasts: today's max is dropped from 15:00, its min from 09:00.
        max_c = None if today and issued_local.hour >= 15 else round(float(temps.max()), 1)
        min_c = None if today and issued_local.hour >= 9 else round(float(temps.min()), 1)
        daily.append(DailyOutlook(day, sky, max_c, min_c, daily_pop[day]))
    return tuple(hourly), tuple(daily)


def _pop(category: str, lead_noon_h: float) -> float:
    """Probability of precipitation (%) of a forecast category: less decided further out."""
    certainty = max(0.6, 1.0 - 0.1 * max(lead_noon_h, 0.0) / 24.0)
    pop = 30.0 + certainty * (_POP[category] - 30.0)
    return float(round(pop / 10.0) * 10.0)
