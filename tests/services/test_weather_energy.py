"""The weather service's energy forecasts from a pinned history: made, kept, judged, told."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain import series as s
from app.domain.commissioning import HomeFacts
from app.domain.energy_forecast import ForecastKind, SlotForecast
from app.domain.home_clock import HomeClock
from app.domain.notices import Template
from app.domain.series import HOME_SERIES
from app.domain.weather_json import forecast_to_json
from app.services.energy_outlook import day_slice
from app.services.weather_service import SHORT_POSTED_SETTING, WeatherService
from app.store import forecasts as forecast_store
from app.store import open_store
from app.store.home_setup import FACTS_SETTING
from tests.cloud.conftest import fake_server, json_answer
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector, dead_url
from tests.services.weather_helpers import forecast

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)
NOW = datetime(2026, 12, 5, 13, 0, tzinfo=ZONE)  # Saturday, after noon: tomorrow is kept
TODAY, YESTERDAY, TOMORROW = date(2026, 12, 5), date(2026, 12, 4), date(2026, 12, 6)


class Inbox:
    def __init__(self) -> None:
        self.posted = []

    def post_many(self, notices) -> None:
        self.posted += notices

    def templates(self, template: Template) -> list:
        return [n for n in self.posted if n.template == template]


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZONE)


def pin_days(data: Path, first: date, days: int, watts: dict[str, np.ndarray]) -> None:
    """Every minute of `days` local days from `first`: each series' 1440-minute profile."""
    with open_store(data, TZ) as store:
        store.define_series(HOME_SERIES)
        start = int(midnight(first).timestamp()) // 60
        store.append(start, {key: np.tile(profile, days) for key, profile in watts.items()})
        store.flush()


def profile(watts: float, hours: tuple[int, int] = (0, 24), rest: float = 0.0) -> np.ndarray:
    """`watts` in the hours given, `rest` (NaN: not recorded) in the others."""
    minutes = np.full(1440, rest)
    minutes[hours[0] * 60:hours[1] * 60] = watts
    return minutes


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    open_store(path, TZ).close()
    return path


@pytest.fixture
def clock() -> list[float]:
    return [NOW.timestamp()]


@pytest.fixture
def make_service(data: Path, clock: list[float]):
    made: list[WeatherService] = []

    def make(url: str = "", *, notices=None) -> WeatherService:
        if url:
            TokenStore(data).save(StoredRegistration("t0k3n", "dev", TERMS, PRIVACY))
        service = WeatherService(connector([url or dead_url()]), data,
                                 lambda: open_store(data, TZ), notices,
                                 HomeClock.of(lambda: clock[0], TZ))
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def refreshed(qtbot, service: WeatherService):
    with qtbot.waitSignal(service.view_changed, timeout=60_000) as got:
        service.refresh()
    return got.args[0]


def test_yesterday_is_judged_against_what_was_measured(qtbot, make_service, data,
                                                       clock) -> None:
    pin_days(data, YESTERDAY, 1, {s.CONSUMPTION: profile(600.0),
                                  s.PV: profile(1000.0, (10, 14))})
    day = midnight(YESTERDAY)
    solar = tuple(600.0 if 20 <= i < 28 else 0.0 for i in range(48))
    with open_store(data, TZ) as store, store.write_sql() as conn:
        forecast_store.save_day_ahead(conn, forecast_store.DayAhead(
            ForecastKind.LOAD, YESTERDAY, SlotForecast(day, (350.0,) * 48), None, 0.0))
        forecast_store.save_day_ahead(conn, forecast_store.DayAhead(
            ForecastKind.SOLAR, YESTERDAY, SlotForecast(day, solar), 1.0, 0.0))
    view = refreshed(qtbot, make_service())
    by_kind = {a.kind: a for a in view.accuracy}
    assert set(by_kind) == {ForecastKind.SOLAR, ForecastKind.LOAD}
    load = by_kind[ForecastKind.LOAD]
    assert load.day == YESTERDAY
    assert load.mae_wh == pytest.approx(50.0) and load.bias_wh == pytest.approx(50.0)
    assert load.forecast_kwh == pytest.approx(16.8) and load.actual_kwh == pytest.approx(14.4)
    sun = by_kind[ForecastKind.SOLAR]
    assert sun.mae_wh == pytest.approx(100 * 8 / 48) and sun.bias_wh == pytest.approx(100 / 6)
    assert sun.forecast_kwh == pytest.approx(4.8) and sun.actual_kwh == pytest.approx(4.0)
    # Stored: a restart shows it at once, and judges nothing twice.
    clock[0] += 1800
    again = make_service()
    with qtbot.waitSignal(again.view_changed, timeout=10_000) as got:
        again.start()
    assert got.args[0].accuracy == view.accuracy


def test_a_day_not_recorded_whole_is_not_judged(qtbot, make_service, data) -> None:
    pin_days(data, YESTERDAY, 1, {s.CONSUMPTION: profile(600.0, (0, 20), np.nan)})  # 4 h lost
    with open_store(data, TZ) as store, store.write_sql() as conn:
        forecast_store.save_day_ahead(conn, forecast_store.DayAhead(
            ForecastKind.LOAD, YESTERDAY, SlotForecast(midnight(YESTERDAY), (350.0,) * 48),
            None, 0.0))
    assert refreshed(qtbot, make_service()).accuracy == ()


def test_too_little_history_is_told_once_per_day_type(qtbot, make_service, data,
                                                      clock) -> None:
    inbox = Inbox()
    view = refreshed(qtbot, make_service(notices=inbox))
    assert view.load is not None and view.load.forecast is None  # "not enough data"
    short = inbox.templates(Template.LEARNING_DATA_SHORT)
    assert sorted(n.args["day_type"] for n in short) == ["holiday", "weekday"]
    assert {n.fold_key for n in short} == {"learning_data_short:holiday",
                                           "learning_data_short:weekday"}
    clock[0] += 1800  # the next half hour, then a restart: nothing told again
    refreshed(qtbot, make_service(notices=inbox))
    assert len(inbox.templates(Template.LEARNING_DATA_SHORT)) == 2
    with open_store(data, TZ) as store:
        assert sorted(json.loads(store.get_setting(SHORT_POSTED_SETTING))) == ["holiday",
                                                                              "weekday"]


def test_forecasts_for_48_hours_and_tomorrows_kept_once(qtbot, make_service, data,
                                                        clock) -> None:
    pin_days(data, TODAY - timedelta(days=35), 35, {s.CONSUMPTION: profile(500.0)})
    with open_store(data, TZ) as store:
        store.set_setting(FACTS_SETTING, json.dumps(HomeFacts(pv_capacity_w=4000.0).to_json()))
    sent = forecast(NOW.astimezone(UTC) - timedelta(hours=1))
    inbox = Inbox()
    with fake_server([json_answer(forecast_to_json(sent))]) as (url, _):
        view = refreshed(qtbot, make_service(url, notices=inbox))
    assert view.forecast == sent
    assert view.solar is not None and view.solar.start == NOW and len(view.solar.wh) == 96
    assert view.load is not None and view.load.forecast is not None
    assert view.load.shortages == () and inbox.templates(Template.LEARNING_DATA_SHORT) == []
    assert len(view.load.forecast.wh) == 96
    tomorrow_sun = day_slice(view.solar, TOMORROW, ZONE)
    noon, night = tomorrow_sun.wh[24], tomorrow_sun.wh[2]
    assert noon > 0 and night == 0
    with open_store(data, TZ) as store, store.read_sql() as conn:
        kept_sun = forecast_store.day_ahead(conn, ForecastKind.SOLAR, TOMORROW)
        kept_load = forecast_store.day_ahead(conn, ForecastKind.LOAD, TOMORROW)
    assert kept_sun.forecast == tomorrow_sun and kept_sun.factor == 1.0
    assert kept_load.forecast == day_slice(view.load.forecast, TOMORROW, ZONE)
    assert kept_load.factor is None and kept_load.made_at == NOW.timestamp()
    # Half an hour later, offline: forecasts made again from the kept forecast, tomorrow's
    # kept ones untouched.
    clock[0] += 1800
    later = refreshed(qtbot, make_service())
    assert later.forecast == sent and later.solar.start == NOW + timedelta(minutes=30)
    with open_store(data, TZ) as store, store.read_sql() as conn:
        assert forecast_store.day_ahead(conn, ForecastKind.SOLAR, TOMORROW) == kept_sun


def test_nothing_is_kept_for_tomorrow_before_noon(qtbot, make_service, data, clock) -> None:
    clock[0] = (NOW - timedelta(hours=3)).timestamp()
    with open_store(data, TZ) as store:
        store.set_setting(FACTS_SETTING, json.dumps(HomeFacts(pv_capacity_w=4000.0).to_json()))
    sent = forecast(NOW.astimezone(UTC) - timedelta(hours=4))
    with fake_server([json_answer(forecast_to_json(sent))]) as (url, _):
        view = refreshed(qtbot, make_service(url))
    assert view.solar is not None
    with open_store(data, TZ) as store, store.read_sql() as conn:
        assert forecast_store.day_ahead(conn, ForecastKind.SOLAR, TOMORROW) is None


def test_the_calibration_follows_the_measured_pv(qtbot, make_service, data, clock) -> None:
    """Kept forecasts that were twice what the array then made: the next is scaled down."""
    first = TODAY - timedelta(days=7)
    pin_days(data, first, 7, {s.PV: profile(1000.0, (9, 15))})
    with open_store(data, TZ) as store, store.write_sql() as conn:
        for n in range(7):
            day = first + timedelta(days=n)
            wh = tuple(1000.0 if 18 <= i < 30 else 0.0 for i in range(48))
            forecast_store.save_day_ahead(conn, forecast_store.DayAhead(
                ForecastKind.SOLAR, day, SlotForecast(midnight(day), wh), 1.0, 0.0))
    with open_store(data, TZ) as store:
        store.set_setting(FACTS_SETTING, json.dumps(HomeFacts(pv_capacity_w=4000.0).to_json()))
    sent = forecast(NOW.astimezone(UTC) - timedelta(hours=1))
    with fake_server([json_answer(forecast_to_json(sent))]) as (url, _):
        view = refreshed(qtbot, make_service(url))
    with open_store(data, TZ) as store, store.read_sql() as conn:
        kept = forecast_store.day_ahead(conn, ForecastKind.SOLAR, TOMORROW)
    assert kept.factor == pytest.approx(0.5)  # 6 kWh made of the 12 kWh forecast, each day
    assert kept.forecast == day_slice(view.solar, TOMORROW, ZONE)


def test_offline_the_forecasts_are_made_once_per_half_hour(qtbot, make_service, data,
                                                          clock) -> None:
    with open_store(data, TZ) as store:
        store.set_setting(FACTS_SETTING, json.dumps(HomeFacts(pv_capacity_w=4000.0).to_json()))
        with store.write_sql() as conn:
            kept = forecast(NOW.astimezone(UTC) - timedelta(hours=5))
            forecast_store.save_weather(conn, json.dumps(forecast_to_json(kept)),
                                        clock[0] - 4 * 3600)
    service = make_service()  # not registered: every refresh looks again
    first = refreshed(qtbot, service)
    assert first.solar is not None and first.problem
    assert refreshed(qtbot, service).solar is first.solar  # not made again
    clock[0] += 1800
    later = refreshed(qtbot, service)
    assert later.solar.start == first.solar.start + timedelta(minutes=30)


def test_the_hours_seen_are_kept_and_the_load_follows_the_temperature(
        qtbot, make_service, data, clock) -> None:
    """Eight weeks whose load is a known law of their kept temperatures (heating: 25 W
    per degree below 16 °C): tomorrow, forecast at 8 °C, follows the law, not the days'
    mean."""
    days = 56
    temps = np.random.default_rng(2).uniform(9.0, 15.0, days)
    first = TODAY - timedelta(days=days)
    with open_store(data, TZ) as store:
        store.define_series(HOME_SERIES)
        watts = np.repeat(300.0 + 25.0 * (16.0 - temps), 1440)
        store.append(int(midnight(first).timestamp()) // 60, {s.CONSUMPTION: watts})
        store.flush()
        with store.write_sql() as conn:
            for k, t in enumerate(temps):
                hour = int(midnight(first + timedelta(days=k)).timestamp()) // 3600
                forecast_store.keep_temperatures(conn, [(hour + h, t) for h in range(24)], 0.0)
    sent = forecast(NOW.astimezone(UTC) - timedelta(hours=1))  # 8 °C every hour
    with fake_server([json_answer(forecast_to_json(sent))]) as (url, _):
        view = refreshed(qtbot, make_service(url))
    assert view.load is not None and view.load.forecast is not None
    tomorrow = np.array(day_slice(view.load.forecast, TOMORROW, ZONE).wh)
    law = (300.0 + 25.0 * (16.0 - 8.0)) / 2  # Wh per slot
    mean = (300.0 + 25.0 * (16.0 - temps.mean())) / 2
    assert np.abs(tomorrow - law).max() < 0.2 * abs(mean - law)
    # The forecast's hours that had begun (its first two) are kept, from this forecast.
    now_hour = int(NOW.timestamp()) // 3600
    with open_store(data, TZ) as store, store.read_sql() as conn:
        assert forecast_store.kept_temperatures(conn, now_hour - 1, now_hour + 5) == {
            now_hour - 1: 8.0, now_hour: 8.0}
