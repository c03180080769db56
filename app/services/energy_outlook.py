"""The solar and load forecasts from what the store holds (runs on the weather worker).

* PV: the installer's answers (HomeFacts: capacity, tilt, azimuth) at the forecast
  area's point; the calibration factor learnt from the last weeks' day-ahead
  forecasts against the measured PV (series `pv`), so the model's scale follows
  the real array (shading, soiling, a capacity nobody entered).
* Load: the measured consumption (series `consumption`, the home page's "used")
  of the last weeks, per local day in 30-minute slots, with the outdoor temperatures:
  each hour's is kept from the newest forecast once the hour has begun
  (`keep_temperatures`), the hours ahead are the forecast's (`temperatures`).
* Each local day's day-ahead forecasts are kept once (made from noon the day
  before) and judged against the measured day when it is over.

The models (app.domain.solar_forecast with pvlib, load_forecast) load here, on the
worker, at the first forecast: never on the panel's start-up path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.domain import series as s
from app.domain.energy_forecast import (
    SLOT,
    SLOTS_PER_DAY,
    DayAccuracy,
    ForecastKind,
    LoadOutlook,
    PvInstallation,
    SlotForecast,
)
from app.domain.weather import WeatherForecast
from app.store import Interval, Store
from app.store import forecasts as forecast_store
from app.store.home_setup import home_facts

if TYPE_CHECKING:
    from app.domain.load_temperature import HourlyTemperatures

HORIZON_SLOTS = 96  # 48 h
HISTORY_DAYS = 56  # load history: eight weeks hold enough holidays (土日祝) too
CALIBRATION_DAYS = 28
JUDGE_DAYS = 7  # days judged late (the panel was off at midnight)
DAY_AHEAD_FROM_HOUR = 12  # tomorrow's forecast is kept from noon (the night's plan uses it)
MIN_COVERAGE = 0.9  # a measured day counts when 90 % of its minutes were recorded
SERIES_OF = {ForecastKind.SOLAR: s.PV, ForecastKind.LOAD: s.CONSUMPTION}


@dataclass(frozen=True, slots=True)
class Outlook:
    solar: SlotForecast | None
    factor: float | None  # the calibration factor `solar` was made with
    load: LoadOutlook | None


def slot_start(now: float, zone: ZoneInfo) -> datetime:
    """The local half hour `now` is in (aware)."""
    local = datetime.fromtimestamp(now, zone)
    return local.replace(minute=local.minute - local.minute % 30, second=0, microsecond=0)


def midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def measured_days(store: Store, key: str, first: date, last: date,
                  zone: ZoneInfo) -> dict[date, tuple[float, ...]]:
    """Wh per 30-minute slot of each local day first..last that was recorded (almost)
    whole; a slot with a few minutes missing is scaled up to the full half hour."""
    if last < first or key not in {spec.key for spec in store.series()}:
        return {}
    frame = store.rollup([key], Interval.MIN30, midnight(first, zone),
                         midnight(last + timedelta(days=1), zone))
    by_day: dict[date, list[tuple[float, int]]] = {}
    for start, value, count in zip(frame.starts.tolist(), frame.values[key].tolist(),
                                   frame.counts[key].tolist(), strict=True):
        by_day.setdefault(datetime.fromtimestamp(start, zone).date(), []).append((value, count))
    minutes = SLOT.total_seconds() / 60
    days = {}
    for day, slots in by_day.items():
        if all(c > 0 for _, c in slots) and \
                sum(c for _, c in slots) >= MIN_COVERAGE * minutes * len(slots):
            days[day] = tuple(v * minutes / c for v, c in slots)
    return days


def installation(store: Store, today: date, zone: ZoneInfo) -> PvInstallation | None:
    """The installer's array; without a capacity, the brightest half hour measured in the
    last weeks stands in for it (the calibration corrects the scale). None: no PV."""
    facts = home_facts(store)
    capacity = facts.pv_capacity_w
    if capacity is None:
        days = measured_days(store, s.PV, today - timedelta(days=CALIBRATION_DAYS),
                             today - timedelta(days=1), zone)
        brightest = max((v for slots in days.values() for v in slots), default=0.0)
        capacity = brightest / (SLOT.total_seconds() / 3600) if brightest > 0 else None
    if capacity is None:
        return None
    return PvInstallation(capacity, facts.pv_tilt_deg, facts.pv_azimuth_deg)


def calibration(store: Store, today: date, zone: ZoneInfo) -> float:
    """The factor from the last weeks' kept day-ahead forecasts against the measured PV."""
    from app.domain.solar_forecast import calibration_factor

    first, last = today - timedelta(days=CALIBRATION_DAYS), today - timedelta(days=1)
    with store.read_sql() as conn:
        kept = forecast_store.day_aheads(conn, ForecastKind.SOLAR, first, last)
    measured = measured_days(store, s.PV, first, last, zone) if kept else {}
    measured_wh: list[float] = []  # per day
    modelled_wh: list[float] = []
    for d in kept:
        actual = measured.get(d.day)
        if actual is None or len(actual) != len(d.forecast.wh) or not d.factor:
            continue
        measured_wh.append(sum(actual))
        modelled_wh.append(sum(d.forecast.wh) / d.factor)  # what the model said, unscaled
    return calibration_factor(measured_wh, modelled_wh)


def _epoch_hour(moment: datetime | float) -> int:
    seconds = moment.timestamp() if isinstance(moment, datetime) else moment
    return int(seconds // 3600)


def keep_temperatures(store: Store, forecast: WeatherForecast | None,
                      fetched_at: float | None, now: float) -> None:
    """Keep the temperature of each of the forecast's hours that has begun by `now`: the
    newest forecast's value for an hour replaces an older one's (forecasts.py)."""
    if forecast is None or fetched_at is None:
        return
    begun = [(_epoch_hour(h.at), h.temp_c) for h in forecast.hourly
             if h.at.timestamp() <= now]
    if begun:
        with store.write_sql() as conn:
            forecast_store.keep_temperatures(conn, begun, fetched_at)


def temperatures(store: Store, forecast: WeatherForecast | None, now: float,
                 zone: ZoneInfo) -> HourlyTemperatures:
    """The outdoor temperatures the load forecast learns from and looks ahead with: the
    hours kept over the load's history days, the forecast's from the current hour on."""
    from app.domain.load_temperature import HourlyTemperatures

    first = _epoch_hour(midnight(slot_start(now, zone).date()
                                 - timedelta(days=HISTORY_DAYS), zone))
    hour = _epoch_hour(now)
    with store.read_sql() as conn:
        hourly = forecast_store.kept_temperatures(conn, first, hour + 1)
    if forecast is not None:
        hourly.update((_epoch_hour(h.at), h.temp_c) for h in forecast.hourly
                      if _epoch_hour(h.at) >= hour)
    return HourlyTemperatures(hourly)


def outlook(store: Store, forecast: WeatherForecast | None, now: float,
            zone: ZoneInfo) -> Outlook:
    """The next 48 h of PV (None without PV or a forecast covering now) and load."""
    from app.domain.load_forecast import load_forecast
    from app.domain.solar_forecast import solar_forecast

    start = slot_start(now, zone)
    today = start.date()
    solar, factor = None, None
    pv = installation(store, today, zone)
    if pv is not None and forecast is not None:
        factor = calibration(store, today, zone)
        # As far as the forecast's hours reach: an old forecast gives fewer slots.
        solar = solar_forecast(forecast.hourly, pv, forecast.lat, forecast.lon, start,
                               slots=HORIZON_SLOTS, factor=factor)
        if not solar.wh:  # the forecast ended before now
            solar, factor = None, None
    history = measured_days(store, s.CONSUMPTION, today - timedelta(days=HISTORY_DAYS),
                            today - timedelta(days=1), zone)
    whole = {day: wh for day, wh in history.items() if len(wh) == SLOTS_PER_DAY}
    load = load_forecast(whole, start, slots=HORIZON_SLOTS,
                         temperatures=temperatures(store, forecast, now, zone))
    return Outlook(solar, factor, load)


def day_slice(f: SlotForecast, day: date, zone: ZoneInfo) -> SlotForecast | None:
    """The slots of local `day` in `f`, or None unless `f` covers the whole day."""
    first, end = midnight(day, zone), midnight(day + timedelta(days=1), zone)
    i, n = int((first - f.start) / SLOT), int((end - first) / SLOT)
    if i < 0 or i + n > len(f.wh) or f.slot_start(i) != first:
        return None
    return SlotForecast(first, tuple(f.wh[i:i + n]))


def keep_day_ahead(store: Store, o: Outlook, now: float, zone: ZoneInfo) -> None:
    """Keep tomorrow's forecasts, once per day, from noon (the first made from then on)."""
    local = datetime.fromtimestamp(now, zone)
    if local.hour < DAY_AHEAD_FROM_HOUR:
        return
    tomorrow = local.date() + timedelta(days=1)
    kept = []
    for kind, f, factor in ((ForecastKind.SOLAR, o.solar, o.factor),
                            (ForecastKind.LOAD, o.load and o.load.forecast, None)):
        day = None if f is None else day_slice(f, tomorrow, zone)
        if day is not None:
            kept.append(forecast_store.DayAhead(kind, tomorrow, day, factor, now))
    if kept:
        with store.write_sql() as conn:
            for d in kept:
                forecast_store.save_day_ahead(conn, d)


def judge_days(store: Store, today: date, zone: ZoneInfo) -> list[DayAccuracy]:
    """Judge the kept day-ahead forecasts of the last days not judged yet against the
    measured days; store and return the results (days not recorded whole are skipped)."""
    from app.domain.forecast_accuracy import day_accuracy

    first, last = today - timedelta(days=JUDGE_DAYS), today - timedelta(days=1)
    judged: list[DayAccuracy] = []
    for kind, key in SERIES_OF.items():
        with store.read_sql() as conn:
            waiting = [d for d in forecast_store.day_aheads(conn, kind, first, last)
                       if not forecast_store.has_accuracy(conn, kind, d.day)]
        measured = measured_days(store, key, first, last, zone) if waiting else {}
        for d in waiting:
            actual = measured.get(d.day)
            if actual is not None and len(actual) == len(d.forecast.wh):
                judged.append(day_accuracy(kind, d.day, d.forecast.wh, actual))
    if judged:
        with store.write_sql() as conn:
            forecast_store.save_accuracy(conn, judged)
    return judged
