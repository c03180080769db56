"""The temperatures the load forecast gets: the hours kept until now, the forecast's ahead."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.services.energy_outlook import HISTORY_DAYS, keep_temperatures, temperatures
from app.store import forecasts as forecast_store
from app.store import open_store
from tests.services.weather_helpers import forecast

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)
NOW = datetime(2026, 12, 5, 13, 20, tzinfo=ZONE)
TODAY = date(2026, 12, 5)


def hour_of(moment: datetime) -> int:
    return int(moment.timestamp()) // 3600


def test_only_the_hours_begun_are_kept_and_a_newer_forecast_wins(tmp_path: Path) -> None:
    sent = forecast(NOW.astimezone(UTC) - timedelta(hours=3))  # 8 °C, from 10:00
    with open_store(tmp_path / "d", TZ) as store:
        keep_temperatures(store, sent, 100.0, NOW.timestamp())
        keep_temperatures(store, None, 200.0, NOW.timestamp())  # no forecast: nothing
        with store.read_sql() as conn:
            kept = forecast_store.kept_temperatures(conn, 0, hour_of(NOW) + 48)
        assert sorted(kept) == [hour_of(NOW) - k for k in (3, 2, 1, 0)]  # 10, 11, 12, 13 h


def test_kept_until_now_then_the_forecast(tmp_path: Path) -> None:
    now_hour = hour_of(NOW)
    first = hour_of(datetime(2026, 10, 10, tzinfo=ZONE))  # HISTORY_DAYS ago: from then on
    assert (TODAY - date(2026, 10, 10)).days == HISTORY_DAYS
    with open_store(tmp_path / "d", TZ) as store:
        with store.write_sql() as conn:  # 1 °C kept for every hour, even some ahead
            forecast_store.keep_temperatures(
                conn, [(h, 1.0) for h in range(first - 30, now_hour + 30)], 50.0)
        seen = temperatures(store, forecast(NOW.astimezone(UTC)), NOW.timestamp(), ZONE)
        blind = temperatures(store, None, NOW.timestamp(), ZONE)
    today = seen.day(TODAY, ZONE)
    assert (today[:26] == 1.0).all() and (today[26:] == 8.0).all()  # 13:00 on: forecast
    assert (seen.day(date(2026, 10, 10), ZONE) == 1.0).all()
    assert np.isnan(seen.day(date(2026, 10, 9), ZONE)).all()  # older than the history
    # Without a forecast, nothing ahead: the kept hours to the current one only.
    assert (blind.day(TODAY, ZONE)[:28] == 1.0).all()
    assert np.isnan(blind.day(TODAY, ZONE)[28:]).all()
