"""Forecasts in the store, with plain SQL (tables: see models.WeatherForecastRow and below).

* the last good weather forecast, the JSON as the server sent it, and when it came;
* each local day's day-ahead solar and load forecast (48 slots, the calibration
  factor used), written once, so the day can be judged when it is over;
* that judgement (`DayAccuracy`) per day and kind;
* the weather warnings a notice was posted for, and whether their lifting was too;
* each hour's outdoor temperature, from the newest forecast that had it once the hour had
  begun (the load forecast learns from them); pruned with the raw data.

Callers hold the store's lock: `with store.read_sql() as conn` / `store.write_sql()`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.domain.energy_forecast import DayAccuracy, ForecastKind, SlotForecast
from app.domain.weather_notices import Posted

_ONE_ROW = 1


# -- the last weather forecast ------------------------------------------------------------

def save_weather(conn: sqlite3.Connection, body: str, fetched_at: float) -> None:
    conn.execute("INSERT INTO weather_forecast (slot, body, fetched_at) VALUES (?, ?, ?) "
                 "ON CONFLICT (slot) DO UPDATE SET body = excluded.body, "
                 "fetched_at = excluded.fetched_at", (_ONE_ROW, body, float(fetched_at)))


def load_weather(conn: sqlite3.Connection) -> tuple[str, float] | None:
    """(the JSON as received, unix s when the panel got it), or None before the first."""
    row = conn.execute("SELECT body, fetched_at FROM weather_forecast WHERE slot = ?",
                       (_ONE_ROW,)).fetchone()
    return None if row is None else (str(row[0]), float(row[1]))


# -- day-ahead forecasts ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DayAhead:
    """One local day's forecast as it was made before the day began."""

    kind: ForecastKind
    day: date
    forecast: SlotForecast  # the day's slots (48, or 46/50 on a DST day)
    factor: float | None  # the solar calibration factor used; None for load
    made_at: float


def save_day_ahead(conn: sqlite3.Connection, d: DayAhead, *, replace: bool = False) -> bool:
    """Store `d`; an existing forecast of that day and kind is kept unless `replace`.
    Returns whether it was written."""
    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    cur = conn.execute(
        f"{verb} INTO day_ahead_forecast (kind, day, start, wh, factor, made_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (d.kind.value, d.day.isoformat(), d.forecast.start.timestamp(),
         json.dumps([float(v) for v in d.forecast.wh]), d.factor, float(d.made_at)))
    return cur.rowcount > 0


def _day_ahead(r: tuple) -> DayAhead:
    start = datetime.fromtimestamp(r[2], UTC)
    return DayAhead(ForecastKind(r[0]), date.fromisoformat(r[1]),
                    SlotForecast(start, tuple(float(v) for v in json.loads(r[3]))), r[4], r[5])


def day_ahead(conn: sqlite3.Connection, kind: ForecastKind, day: date) -> DayAhead | None:
    row = conn.execute("SELECT kind, day, start, wh, factor, made_at FROM day_ahead_forecast "
                       "WHERE kind = ? AND day = ?", (kind.value, day.isoformat())).fetchone()
    return None if row is None else _day_ahead(row)


def day_aheads(conn: sqlite3.Connection, kind: ForecastKind, first: date,
               last: date) -> list[DayAhead]:
    """The stored forecasts of `kind` for first <= day <= last, oldest first."""
    rows = conn.execute("SELECT kind, day, start, wh, factor, made_at FROM day_ahead_forecast "
                        "WHERE kind = ? AND day >= ? AND day <= ? ORDER BY day",
                        (kind.value, first.isoformat(), last.isoformat()))
    return [_day_ahead(r) for r in rows]


# -- accuracy -----------------------------------------------------------------------------

def save_accuracy(conn: sqlite3.Connection, accuracy: Sequence[DayAccuracy]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO forecast_accuracy (kind, day, mae_wh, bias_wh, forecast_kwh, "
        "actual_kwh) VALUES (?, ?, ?, ?, ?, ?)",
        [(a.kind.value, a.day.isoformat(), a.mae_wh, a.bias_wh, a.forecast_kwh, a.actual_kwh)
         for a in accuracy])


def has_accuracy(conn: sqlite3.Connection, kind: ForecastKind, day: date) -> bool:
    return conn.execute("SELECT 1 FROM forecast_accuracy WHERE kind = ? AND day = ?",
                        (kind.value, day.isoformat())).fetchone() is not None


def recent_accuracy(conn: sqlite3.Connection, days: int = 14) -> list[DayAccuracy]:
    """Every kind's accuracy of the `days` newest judged days, newest first (solar first)."""
    rows = conn.execute(
        "SELECT kind, day, mae_wh, bias_wh, forecast_kwh, actual_kwh FROM forecast_accuracy "
        "WHERE day IN (SELECT DISTINCT day FROM forecast_accuracy ORDER BY day DESC LIMIT ?) "
        "ORDER BY day DESC, kind DESC", (days,))
    return [DayAccuracy(ForecastKind(r[0]), date.fromisoformat(r[1]), r[2], r[3], r[4], r[5])
            for r in rows]


# -- outdoor temperatures kept per hour ---------------------------------------------------

def keep_temperatures(conn: sqlite3.Connection, hours: Sequence[tuple[int, float]],
                      fetched_at: float) -> None:
    """Keep (epoch hour, °C) from the forecast the panel got at `fetched_at`: an hour
    already kept from a newer forecast keeps that one's value."""
    conn.executemany(
        "INSERT INTO outdoor_temperature (hour, temp_c, fetched_at) VALUES (?, ?, ?) "
        "ON CONFLICT (hour) DO UPDATE SET temp_c = excluded.temp_c, "
        "fetched_at = excluded.fetched_at WHERE excluded.fetched_at >= fetched_at",
        [(int(h), float(t), float(fetched_at)) for h, t in hours])


def kept_temperatures(conn: sqlite3.Connection, first_hour: int,
                      end_hour: int) -> dict[int, float]:
    """°C by epoch hour for first_hour <= hour < end_hour (the hours kept)."""
    rows = conn.execute("SELECT hour, temp_c FROM outdoor_temperature "
                        "WHERE hour >= ? AND hour < ? ORDER BY hour", (first_hour, end_hour))
    return {int(h): float(t) for h, t in rows}


# -- weather warnings a notice was posted for ------------------------------------------------

def posted_warnings(conn: sqlite3.Connection) -> dict[str, Posted]:
    rows = conn.execute("SELECT id, kind, level, posted_at, lifted_at FROM weather_warning_seen")
    return {r[0]: Posted(*r) for r in rows}


def remember_warnings(conn: sqlite3.Connection, posted: Sequence[Posted]) -> None:
    conn.executemany("INSERT OR REPLACE INTO weather_warning_seen (id, kind, level, posted_at, "
                     "lifted_at) VALUES (?, ?, ?, ?, ?)",
                     [(w.id, w.kind, w.level, w.posted_at, w.lifted_at) for w in posted])


def forget_warnings_before(conn: sqlite3.Connection, before: float) -> None:
    """Drop lifted warnings older than `before`: the server lists a lifting for 24 h only."""
    conn.execute("DELETE FROM weather_warning_seen WHERE lifted_at IS NOT NULL "
                 "AND lifted_at < ?", (before,))
