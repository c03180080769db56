"""The weather page and the home page's forecast, drawn from WeatherView values.

The views are made for the services' pinned clock (2026-07-15 14:00 in Tokyo): the sample
forecast was issued at 11:00, a heavy-rain warning at 11:40 and a thunder advisory at 08:55
are in force, a gale advisory was lifted; PV and consumption run 48 h from 14:00.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QScrollArea

from app.domain.energy_forecast import (
    DayAccuracy,
    DayType,
    ForecastKind,
    LearningShortage,
    LoadOutlook,
)
from app.domain.money_forecast import HomeMoney
from app.domain.weather import Sky, WeatherView
from app.domain.weather_json import forecast_to_json
from app.store import forecasts as forecast_store
from app.store import open_store
from app.ui.shell.desktop_window import DesktopWindow
from app.ui.theme import NIGHT
from tests.ui.conftest import make_snapshot
from tests.ui.weather_helpers import publish, sample, with_still_weather

TODAY = date(2026, 7, 15)


@pytest.fixture
def kiosk(make_services, switcher_for, open_kiosk):
    """A Japanese kiosk whose weather service shows only the views a test publishes."""
    services = with_still_weather(make_services())
    switcher_for(services)
    return open_kiosk(services)


def _open(qtbot, kiosk, page_id: str = "weather"):
    kiosk.view.go(page_id)
    page = kiosk.view.page(page_id)
    qtbot.waitUntil(page.isVisible)
    return page


def _kwh_of(view: WeatherView, day: date, start_hour: int = 0) -> float:
    """The sample's PV of a local day from an hour on, summed here from its slots."""
    zone = view.solar.start.tzinfo
    return sum(wh for i, wh in enumerate(view.solar.wh)
               if (at := view.solar.slot_start(i).astimezone(zone)).date() == day
               and at.hour >= start_hour) / 1000


def test_the_page_shows_three_days_warnings_and_the_age(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    view = sample(services)
    publish(services, view)
    cards = page.day_cards
    assert [card.isVisible() for card in cards] == [True, True, True]
    assert [card.day_label.text() for card in cards] == ["今日", "明日", "明後日"]
    assert [card.date_label.full_text for card in cards] == ["15日(水)", "16日(木)", "17日(金)"]
    assert [card.high_label.text() for card in cards] == ["12°C", "11°C", "10°C"]
    assert [card.low_label.text() for card in cards] == ["/ 3°C", "/ 2°C", "/ 1°C"]
    assert [card.sky_label.text() for card in cards] == ["晴れ", "雨", "曇り"]
    assert [card.rain_label.text() for card in cards] == ["降水 0%", "降水 80%", "降水 30%"]
    assert [card.icon.icon_name for card in cards] == ["sky_clear", "sky_rain", "sky_cloudy"]
    # Today from 14:00 on only; tomorrow whole; the day after is cut off at 14:00 by the
    # 48-hour window (its afternoon sun is missing), so no figure rather than a low one.
    assert cards[0].pv_text() == f"これからの発電 {_kwh_of(view, TODAY, 14):.1f}kWh"
    assert cards[1].pv_text() == f"発電 {_kwh_of(view, TODAY + timedelta(days=1)):.1f}kWh"
    assert cards[2].pv_text() == "発電 —"
    # The warnings in force, the 警報 first; the lifted gale advisory is gone.
    assert page.warnings.isVisible()
    assert page.warnings.texts() == [("warning", "大雨警報 (11:40発表)"),
                                     ("advisory", "雷注意報 (08:55発表)")]
    assert page.shown_age() == "千代田区 · 3時間前の予報"
    assert page.age_label.property("state") == "fresh"
    assert not page.problem_label.isVisible()
    assert not page.empty_card.isVisible()


def test_an_old_forecast_kept_while_offline_says_so(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    view = sample(services)
    old = replace(view.forecast, issued=view.forecast.issued - timedelta(days=2))
    publish(services, replace(view, forecast=old, problem="unreachable: timed out"))
    assert page.shown_age() == "千代田区 · 予報は2日前のものです (オフライン)"
    assert page.age_label.property("state") == "stale"
    assert page.problem_label.isVisible()
    assert page.problem_label.text() == (
        "予報を更新できませんでした: サービスに接続できません。パネルのネットワーク接続を"
        "確かめて、もう一度お試しください。")
    assert page.day_cards[0].isVisible()  # the old forecast is still shown
    # A server in trouble is not "offline"; an unregistered panel is told why too.
    publish(services, replace(view, forecast=old, problem="server: 503"))
    assert page.shown_age() == "千代田区 · 予報は2日前のものです"
    assert page.problem_label.text().startswith("予報を更新できませんでした: サービスで問題が")
    publish(services, replace(view, problem="not_registered"))
    assert page.age_label.property("state") == "stale"
    assert page.problem_label.text() == (
        "パネルがサーバーサービスに登録されていないため、予報は更新されません。")


def test_a_forecast_the_server_could_not_renew_is_marked(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    view = sample(services)
    publish(services, replace(view, forecast=replace(view.forecast, stale=True)))
    assert page.age_label.property("state") == "stale"
    assert page.problem_label.text() == "配信元で予報を更新できていません。"


def test_without_a_forecast_it_says_how_to_get_one(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    publish(services, WeatherView(None, None, None, ()))
    assert page.empty_card.isVisible()
    assert page.empty_heading.text() == "天気予報はまだありません"
    assert "サーバー登録" in page.empty_text.text()
    assert page.empty_button.text() == "登録する"
    for hidden in (*page.day_cards, page.hours_card, page.accuracy_card, page.warnings,
                   page.age_label):
        assert not hidden.isVisible()
    qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)
    assert kiosk.view.navigator.current_id == "registration"


def test_registered_but_never_received_offers_to_try_again(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    publish(services, WeatherView(None, None, None, (), problem="server: 503"))
    shown = services.weather.refreshes
    services.cloud.state = replace(services.cloud.state, registered=True)
    services.cloud.state_changed.emit(services.cloud.state)
    assert page.empty_text.text().startswith("まだ予報を受信していません。")
    assert page.empty_text.text().endswith(
        "予報を更新できませんでした: サービスで問題が起きています。"
        "しばらくしてからもう一度お試しください。")
    assert page.empty_button.text() == "もう一度試す"
    qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)
    assert services.weather.refreshes == shown + 1
    assert kiosk.view.navigator.current_id == "weather"


def test_short_learning_data_is_said_with_what_is_missing(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    short = LoadOutlook(None, (LearningShortage(DayType.WEEKDAY, 3, 5),
                               LearningShortage(DayType.HOLIDAY, 1, 5)))
    publish(services, replace(sample(services), load=short))
    assert page.load_note.isVisible()
    assert page.load_note.text().startswith("学習データ不足のため、消費量はまだ予測できません "
                                            "(平日 3/5日、土日祝日 1/5日)。")
    assert page.chart.load == ()  # no consumption line without a forecast
    assert page.chart.pv
    publish(services, sample(services))
    assert not page.load_note.isVisible()
    assert len(page.chart.load) == 96  # 48 h of 30-minute slots from 14:00


def test_the_hours_show_sky_and_temperature_in_columns(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    view = sample(services)
    publish(services, view)
    columns = page.chart.columns
    hours = columns[0].hours
    assert hours in (1, 2, 3, 4, 6)
    assert all(column.start.hour % hours == 0 for column in columns)
    assert columns[0].start.hour <= 14 < columns[0].start.hour + hours  # now is in the first
    by_start = {h.at: h for h in view.forecast.hourly}
    for column in columns:
        first = by_start.get(column.start) or by_start[column.start.replace(hour=14)]
        assert column.temperature == f"{round(first.temp_c)}°C"
    # Tomorrow it rains from 13:00 to 23:00 (the sample): those columns show rain.
    tomorrow = [c for c in columns if c.start.date() == TODAY + timedelta(days=1)]
    assert [c.sky for c in tomorrow if c.start.hour >= 14] == [Sky.RAIN] * len(
        [c for c in tomorrow if c.start.hour >= 14])
    assert any(c.dark for c in columns) and not all(c.dark for c in columns)
    assert [text for _, text in page.chart.day_labels()] == ["今日 15日(水)", "明日 16日(木)",
                                                             "明後日 17日(金)"]


def test_accuracy_of_recent_days_newest_first(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    yesterday = TODAY - timedelta(days=1)
    accuracy = (
        DayAccuracy(ForecastKind.SOLAR, yesterday, 84.4, -41.2, 16.84, 18.81),
        DayAccuracy(ForecastKind.LOAD, yesterday, 99.0, 5.3, 13.76, 13.62),
        DayAccuracy(ForecastKind.SOLAR, yesterday - timedelta(days=1), 60.0, 12.0, 9.0, 8.4),
    )
    publish(services, replace(sample(services), accuracy=accuracy))
    assert page.accuracy_card.isVisible()
    assert page.accuracy.rows == [
        ["14日(火)", "16.8kWh / 18.8kWh", "84Wh", "-41Wh", "13.8kWh / 13.6kWh", "99Wh", "+5Wh"],
        ["13日(月)", "9.0kWh / 8.4kWh", "60Wh", "+12Wh", "—", "—", "—"],
    ]
    publish(services, replace(sample(services), accuracy=()))
    assert page.accuracy.rows == []
    assert page.accuracy.empty.isVisible()


def test_at_most_a_week_of_accuracy_is_listed(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    from app.ui.sample_weather import sample_accuracy

    publish(services, replace(sample(services), accuracy=sample_accuracy(TODAY, 14)))
    assert len(page.accuracy.rows) == 7
    assert page.accuracy.rows[0][0] == "14日(火)"


def test_the_page_asks_the_service_to_refresh_when_shown(qtbot, kiosk):
    weather = kiosk.services.weather
    assert weather.refreshes == 0  # the home page does not ask
    _open(qtbot, kiosk)
    assert weather.refreshes == 1
    kiosk.view.go("home")
    assert weather.refreshes == 1
    kiosk.view.go("weather")
    assert weather.refreshes == 2


def test_the_page_follows_the_language_and_the_theme(qtbot, kiosk):
    services = kiosk.services
    page = _open(qtbot, kiosk)
    publish(services, sample(services))
    services.preferences.set_language("en")
    qtbot.waitUntil(lambda: page.day_cards[0].day_label.text() == "Today")
    assert page.day_cards[0].high_label.text() == "12 °C"
    assert page.warnings.texts()[0] == ("warning", "Heavy rain warning (issued 11:40)")
    assert page.shown_age() == "千代田区 · Forecast from 3 h ago"
    kiosk.set_theme(NIGHT)
    assert page.chart._theme is NIGHT
    assert page.day_cards[0].icon._theme is NIGHT


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_home_forecast_shows_today_and_tomorrow_and_opens_the_page(
        qtbot, make_services, switcher_for, open_kiosk, language):
    services = with_still_weather(make_services(language=language))
    switcher_for(services)
    kiosk = open_kiosk(services)
    home = kiosk.view.page("home")
    publish(services, WeatherView(None, None, None, ()))
    assert not home.forecast.isVisible()  # nothing to show: the menu leads to the page
    view = sample(services)
    publish(services, view)
    assert home.forecast.isVisible()
    today_kwh, tomorrow_kwh = _kwh_of(view, TODAY, 14), _kwh_of(view, TODAY + timedelta(days=1))
    expected = {"ja": [f"これからの発電 {today_kwh:.1f}kWh", f"明日の発電 {tomorrow_kwh:.1f}kWh"],
                "en": [f"Solar, rest of today {today_kwh:.1f} kWh",
                       f"Solar tomorrow {tomorrow_kwh:.1f} kWh"]}
    assert home.forecast.texts() == expected[language]
    assert [day.icon.icon_name for day in home.forecast.days] == ["sky_clear", "sky_rain"]
    assert home.forecast.height() >= 48
    qtbot.mouseClick(home.forecast, Qt.MouseButton.LeftButton)
    assert kiosk.view.navigator.current_id == "weather"


def test_the_home_forecast_without_pv_shows_temperatures(qtbot, kiosk):
    services = kiosk.services
    home = kiosk.view.page("home")
    publish(services, replace(sample(services), solar=None))
    assert home.forecast.texts() == ["今日 12°C/3°C", "明日 11°C/2°C"]
    page = _open(qtbot, kiosk)
    assert not page.day_cards[0].pv_value.isVisible()


def test_the_home_forecast_leaves_room_for_the_money_line(qtbot, make_services,
                                                          switcher_for, open_kiosk, qapp):
    """English, a rate plan and the forecast: the longest status row the home page has."""
    money = HomeMoney(12_345.0, 50_000, 123_456, 7)
    services = with_still_weather(make_services(replace(make_snapshot(), money=money),
                                                language="en"))
    switcher_for(services)
    kiosk = open_kiosk(services)
    home = kiosk.view.page("home")
    publish(services, sample(services))
    qtbot.waitUntil(lambda: home.money_text.startswith("Today ¥12,345"))
    qapp.processEvents()
    assert kiosk.size() == QSize(800, 480)
    for widget in (home.money, home.forecast, home.status):
        assert widget.isVisible()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.objectName()
    # The money line wraps rather than being cut: all of it has the height it needs.
    assert home.money.height() >= home.money.heightForWidth(home.money.width())
    assert home.forecast.width() >= home.forecast.sizeHint().width()
    assert home.diagram.height() >= 200


def test_the_stored_forecast_shows_while_the_panel_cannot_renew_it(
        qtbot, make_services, switcher_for, open_kiosk, tmp_path):
    """With the real weather service: what the store kept, and why it is not newer."""
    services = make_services()
    forecast = sample(services).forecast
    store = open_store(tmp_path / "plans", "Asia/Tokyo")  # the test panel's database
    with store.write_sql() as conn:
        forecast_store.save_weather(conn, json.dumps(forecast_to_json(forecast)),
                                    forecast.fetched.timestamp())
    store.close()
    switcher_for(services)
    kiosk = open_kiosk(services)
    page = _open(qtbot, kiosk)
    qtbot.waitUntil(lambda: page.view is not None and page.view.problem is not None,
                    timeout=10_000)
    assert page.view.forecast == forecast
    assert page.shown_age() == "千代田区 · 3時間前の予報"
    assert page.problem_label.text() == (
        "パネルがサーバーサービスに登録されていないため、予報は更新されません。")
    assert [card.day_label.text() for card in page.day_cards] == ["今日", "明日", "明後日"]
    assert page.warnings.texts()[0] == ("warning", "大雨警報 (11:40発表)")
    kiosk.view.go("home")
    assert kiosk.view.page("home").forecast.isVisible()


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("size", [QSize(800, 480), QSize(1280, 800)])
def test_the_page_fits_the_kiosk_without_sideways_scrolling(qtbot, make_services, switcher_for,
                                                             open_kiosk, qapp, language, size):
    services = with_still_weather(make_services(language=language))
    switcher_for(services)
    kiosk = open_kiosk(services, size=(size.width(), size.height()))
    page = _open(qtbot, kiosk)
    publish(services, sample(services))
    qapp.processEvents()
    scroll = page.findChild(QScrollArea)
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
    assert kiosk.size() == size


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_page_fits_the_smallest_desktop_window(qtbot, make_services, switcher_for, qapp,
                                                   language):
    from app.ui.shell.desktop_window import MINIMUM_SIZE

    services = with_still_weather(make_services(language=language))
    switcher_for(services)
    window = DesktopWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    for size in (QSize(*MINIMUM_SIZE), QSize(1280, 800)):
        window.resize(size)
        window.view.go("weather")
        publish(services, sample(services))
        qapp.processEvents()
        scroll = window.view.page("weather").findChild(QScrollArea)
        assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width(), size
