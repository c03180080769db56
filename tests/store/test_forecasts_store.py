"""Forecasts in the store: the last forecast as received, day-ahead forecasts, accuracy and
posted warnings, all still there after the store is closed and opened again."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from app.domain.energy_forecast import DayAccuracy, ForecastKind, SlotForecast
from app.domain.weather_notices import Posted
from app.store import forecasts as fs
from app.store import open_store

from .conftest import TZ, downgrade

DAY = date(2026, 12, 6)
MIDNIGHT = datetime(2026, 12, 6, tzinfo=TZ)


def test_the_last_forecast_is_kept_as_received_and_replaced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(data) as store, store.write_sql() as conn:
        assert fs.load_weather(conn) is None
        fs.save_weather(conn, '{"a": "吹田市",  "spaced":  1}', 100.0)
        fs.save_weather(conn, '{"b":   2}', 200.5)
    with open_store(data) as store, store.read_sql() as conn:
        assert fs.load_weather(conn) == ('{"b":   2}', 200.5)


def test_day_ahead_forecasts_are_kept_once_and_read_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    wh = tuple(float(i % 7) * 12.5 for i in range(48))
    first = fs.DayAhead(ForecastKind.SOLAR, DAY, SlotForecast(MIDNIGHT, wh), 0.93, 1000.0)
    later = fs.DayAhead(ForecastKind.SOLAR, DAY, SlotForecast(MIDNIGHT, (0.0,) * 48), 1.0, 2000)
    load = fs.DayAhead(ForecastKind.LOAD, DAY, SlotForecast(MIDNIGHT, (300.0,) * 48), None, 1000)
    with open_store(data) as store, store.write_sql() as conn:
        assert fs.save_day_ahead(conn, first)
        assert not fs.save_day_ahead(conn, later)  # the day's forecast was made already
        assert fs.save_day_ahead(conn, load)
    with open_store(data) as store, store.read_sql() as conn:
        got = fs.day_ahead(conn, ForecastKind.SOLAR, DAY)
        assert got.forecast.wh == wh and got.factor == 0.93 and got.made_at == 1000.0
        assert got.forecast.start == MIDNIGHT
        assert fs.day_ahead(conn, ForecastKind.LOAD, DAY).factor is None
        assert fs.day_ahead(conn, ForecastKind.LOAD, DAY + timedelta(days=1)) is None
        assert [d.day for d in fs.day_aheads(conn, ForecastKind.SOLAR, DAY - timedelta(days=3),
                                             DAY)] == [DAY]


def test_accuracy_reads_newest_day_first_for_the_last_days(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rows = [DayAccuracy(kind, DAY - timedelta(days=n), 10.0 + n, -2.0, 12.0, 13.0)
            for n in range(20) for kind in ForecastKind]
    with open_store(data) as store, store.write_sql() as conn:
        fs.save_accuracy(conn, rows)
    with open_store(data) as store, store.read_sql() as conn:
        recent = fs.recent_accuracy(conn, 14)
        assert fs.has_accuracy(conn, ForecastKind.LOAD, DAY - timedelta(days=19))
    assert len(recent) == 28
    assert [a.day for a in recent[:4]] == [DAY, DAY, DAY - timedelta(days=1),
                                           DAY - timedelta(days=1)]
    assert recent[0].kind is ForecastKind.SOLAR and recent[0].mae_wh == 10.0
    assert recent[-1].day == DAY - timedelta(days=13)


def test_posted_warnings_are_remembered_and_old_liftings_forgotten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(data) as store, store.write_sql() as conn:
        fs.remember_warnings(conn, [Posted("a", "heavy_rain", "warning", 10.0),
                                    Posted("b", "storm", "advisory", 10.0, 20.0),
                                    Posted("c", "flood", "warning", 10.0, 500.0)])
        fs.remember_warnings(conn, [Posted("a", "heavy_rain", "warning", 10.0, 600.0)])
        fs.forget_warnings_before(conn, 100.0)
    with open_store(data) as store, store.read_sql() as conn:
        posted = fs.posted_warnings(conn)
    assert set(posted) == {"a", "c"} and posted["a"].lifted_at == 600.0


def test_a_home_of_the_previous_schema_gains_the_forecast_tables(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(data) as store:
        store.set_setting("keep", "me")
        db = store.path
    downgrade(db, "0003")
    with sqlite3.connect(db) as old:
        assert "weather_forecast" not in {r[0] for r in old.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    old.close()
    with open_store(data) as store:
        assert store.get_setting("keep") == "me"
        with store.write_sql() as c:
            fs.save_weather(c, "{}", 1.0)
            assert fs.load_weather(c) == ("{}", 1.0)


def test_kept_temperatures_take_the_newest_forecast_and_read_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    hour = int(MIDNIGHT.timestamp()) // 3600
    with open_store(data) as store, store.write_sql() as conn:
        fs.keep_temperatures(conn, [(hour, 5.5), (hour + 1, 6.0)], 1000.0)
        fs.keep_temperatures(conn, [(hour + 1, 6.4), (hour + 2, 7.1)], 2000.0)  # newer
        fs.keep_temperatures(conn, [(hour, 9.9), (hour + 2, 9.9)], 1500.0)  # older than one
    with open_store(data) as store, store.read_sql() as conn:
        assert fs.kept_temperatures(conn, hour, hour + 3) == {
            hour: 9.9, hour + 1: 6.4, hour + 2: 7.1}
        assert fs.kept_temperatures(conn, hour + 1, hour + 2) == {hour + 1: 6.4}


def test_kept_temperatures_are_pruned_with_the_raw_data(tmp_path: Path) -> None:
    hour = int(MIDNIGHT.timestamp()) // 3600
    with open_store(tmp_path / "data") as store:
        with store.write_sql() as conn:
            fs.keep_temperatures(conn, [(hour - 24 * 11, 1.0), (hour - 24 * 9, 2.0),
                                        (hour, 3.0)], 1.0)
        store.prune(retention_days=10, now_minute=hour * 60)
        with store.read_sql() as conn:
            assert fs.kept_temperatures(conn, 0, hour + 1) == {hour - 24 * 9: 2.0, hour: 3.0}


def test_a_home_of_the_previous_schema_gains_the_temperatures_and_keeps_its_data(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    load = fs.DayAhead(ForecastKind.LOAD, DAY, SlotForecast(MIDNIGHT, (300.0,) * 48), None, 1000)
    with open_store(data) as store:
        store.set_setting("keep", "me")
        with store.write_sql() as c:
            fs.save_weather(c, '{"kept": 1}', 5.0)
            fs.save_day_ahead(c, load)
        db = store.path
    downgrade(db, "0005")
    with sqlite3.connect(db) as old:
        assert "outdoor_temperature" not in {r[0] for r in old.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
    old.close()
    with open_store(data) as store:  # upgraded to the head on opening
        assert store.get_setting("keep") == "me"
        with store.write_sql() as c:
            assert fs.load_weather(c) == ('{"kept": 1}', 5.0)
            assert fs.day_ahead(c, ForecastKind.LOAD, DAY) == load
            fs.keep_temperatures(c, [(10, 1.5)], 1.0)
            assert fs.kept_temperatures(c, 0, 11) == {10: 1.5}
