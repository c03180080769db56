"""The weather service against a fake center on loopback: fetch, keep, refuse, warn."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain.home_clock import HomeClock
from app.domain.notices import Importance, LampState, NoticeSource, Template
from app.domain.weather import WarningKind, WarningLevel
from app.domain.weather_json import forecast_to_json
from app.services.cloud_problem import BAD_RESPONSE, UNREACHABLE
from app.services.notice_service import NoticeService
from app.services.weather_service import NOT_REGISTERED, WeatherService, problem_of_view
from app.store import forecasts as forecast_store
from app.store import open_store
from tests.cloud.conftest import fake_server, json_answer
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector, dead_url
from tests.services.weather_helpers import forecast, warning

ZONE = "Asia/Tokyo"
NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 12:00 in Japan
ISSUED = NOW - timedelta(hours=1)


class Inbox:
    """Records what the service posts (synchronously, on the service's worker)."""

    def __init__(self) -> None:
        self.posted = []

    def post_many(self, notices) -> None:
        self.posted += notices

    def weather(self):
        return [n for n in self.posted if n.source is NoticeSource.WEATHER]


def wire(f) -> tuple[int, dict[str, str], bytes]:
    return json_answer(forecast_to_json(f))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    open_store(path, ZONE).close()  # migrated once, off the workers
    return path


@pytest.fixture
def clock() -> list[float]:
    return [NOW.timestamp()]


@pytest.fixture
def make_service(data: Path, clock: list[float]):
    made: list[WeatherService] = []

    def make(url: str, *, registered: bool = True, notices=None) -> WeatherService:
        if registered:
            TokenStore(data).save(StoredRegistration("t0k3n", "dev", TERMS, PRIVACY))
        service = WeatherService(connector([url]), data, lambda: open_store(data, ZONE),
                                 notices, HomeClock.of(lambda: clock[0], ZONE))
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def refreshed(qtbot, service: WeatherService):
    with qtbot.waitSignal(service.view_changed, timeout=20_000) as got:
        service.refresh()
    return got.args[0]


def keep(data: Path, f, fetched_at: float) -> None:
    with open_store(data, ZONE) as store, store.write_sql() as conn:
        forecast_store.save_weather(conn, json.dumps(forecast_to_json(f)), fetched_at)


def test_the_stored_forecast_is_shown_at_start(qtbot, make_service, data: Path) -> None:
    kept = forecast(ISSUED)
    keep(data, kept, NOW.timestamp())
    service = make_service(dead_url())
    with qtbot.waitSignal(service.view_changed, timeout=10_000) as got:
        service.start()
    assert got.args[0].forecast == kept and got.args[0].problem is None
    assert service.view == got.args[0]


def test_a_fetched_forecast_is_shown_and_kept_exactly_as_received(qtbot, make_service,
                                                                 data: Path) -> None:
    sent = forecast(ISSUED)
    with fake_server([wire(sent)]) as (url, seen):
        view = refreshed(qtbot, make_service(url))
    assert seen == ["GET /v1/weather"]
    assert view.forecast == sent and view.problem is None
    with open_store(data, ZONE) as store, store.read_sql() as conn:
        body, fetched_at = forecast_store.load_weather(conn)
    assert body == json.dumps(forecast_to_json(sent))  # the bytes as the server sent them
    assert fetched_at == NOW.timestamp()


def test_offline_at_start_shows_the_stored_forecast_and_its_age(qtbot, make_service,
                                                               data: Path, clock) -> None:
    kept = forecast(ISSUED - timedelta(days=1))
    keep(data, kept, ISSUED.timestamp() - 86_400)
    view = refreshed(qtbot, make_service(dead_url()))
    assert view.forecast == kept
    assert problem_of_view(view.problem).kind == UNREACHABLE
    assert view.forecast.age_s(clock[0]) == 25 * 3600


def test_a_malformed_forecast_is_refused_naming_the_field_and_the_kept_one_stays(
        qtbot, make_service, data: Path, clock) -> None:
    good = forecast(ISSUED)
    bad = forecast_to_json(forecast(ISSUED + timedelta(hours=1)))
    bad["hourly"][3]["ghi_wm2"] = -5
    with fake_server([wire(good), json_answer(bad)]) as (url, seen):
        service = make_service(url)
        assert refreshed(qtbot, service).forecast == good
        clock[0] += 3600
        view = refreshed(qtbot, service)
    assert len(seen) == 2
    assert view.forecast == good  # the last good one is still shown
    problem = problem_of_view(view.problem)
    assert problem.kind == BAD_RESPONSE and "hourly[3].ghi_wm2" in problem.detail
    with open_store(data, ZONE) as store, store.read_sql() as conn:
        assert forecast_store.load_weather(conn) == (json.dumps(forecast_to_json(good)),
                                                     NOW.timestamp())


def test_refresh_asks_once_in_flight_and_not_again_within_ten_minutes(qtbot, make_service,
                                                                     clock) -> None:
    with fake_server([wire(forecast(ISSUED)), wire(forecast(ISSUED + timedelta(hours=1)))]) \
            as (url, seen):
        service = make_service(url)
        with qtbot.waitSignal(service.view_changed, timeout=20_000):
            service.refresh()
            assert service.fetching
            service.refresh()  # the page shown again while the first is under way
        assert len(seen) == 1
        clock[0] += 9 * 60
        service.refresh()
        assert not service.fetching and len(seen) == 1  # within 10 min of a good fetch
        clock[0] += 2 * 60
        view = refreshed(qtbot, service)
    assert len(seen) == 2 and view.forecast.issued == ISSUED + timedelta(hours=1)


def test_a_restart_within_ten_minutes_does_not_ask_again(qtbot, make_service, data: Path,
                                                        clock) -> None:
    keep(data, forecast(ISSUED), clock[0] - 5 * 60)
    with fake_server([wire(forecast(ISSUED))]) as (url, seen):
        view = refreshed(qtbot, make_service(url))
    assert seen == [] and view.forecast.issued == ISSUED


def test_an_unregistered_panel_asks_nothing_and_says_why(qtbot, make_service) -> None:
    with fake_server([wire(forecast(ISSUED))]) as (url, seen):
        view = refreshed(qtbot, make_service(url, registered=False))
    assert seen == [] and view.forecast is None and view.problem == NOT_REGISTERED


def test_a_new_warning_is_one_important_notice_and_its_lifting_another(
        qtbot, make_service, clock) -> None:
    rain = warning("27205-heavy_rain-1", ISSUED)
    lifted = warning("27205-heavy_rain-1", ISSUED, lifted=ISSUED + timedelta(hours=2))
    answers = [wire(forecast(ISSUED, warnings=(rain,))),
               wire(forecast(ISSUED + timedelta(hours=1), warnings=(rain,))),
               wire(forecast(ISSUED + timedelta(hours=2), warnings=(lifted,)))]
    inbox = Inbox()
    with fake_server(answers) as (url, _):
        service = make_service(url, notices=inbox)
        with qtbot.waitSignal(service.warnings_changed, timeout=20_000) as got:
            service.refresh()
        assert got.args[0] == (rain,)
        [posted] = inbox.weather()
        assert posted.importance is Importance.IMPORTANT
        assert posted.template == Template.WEATHER_WARNING
        assert posted.args == {"kind": "heavy_rain", "level": "warning", "area": "吹田市",
                               "id": rain.id}
        clock[0] += 3600
        refreshed(qtbot, service)  # the same warning again: nothing new
        assert len(inbox.weather()) == 1
        clock[0] += 3600
        with qtbot.waitSignal(service.warnings_changed, timeout=20_000) as got:
            service.refresh()
        assert got.args[0] == ()
    assert [n.template for n in inbox.weather()] == [Template.WEATHER_WARNING,
                                                     Template.WEATHER_WARNING_LIFTED]
    assert inbox.weather()[1].importance is Importance.NORMAL


def test_a_warning_gone_from_the_list_is_lifted_and_a_restart_posts_nothing_again(
        qtbot, make_service, clock) -> None:
    storm = warning("27205-storm-1", ISSUED, kind=WarningKind.STORM,
                    level=WarningLevel.EMERGENCY)
    inbox = Inbox()
    with fake_server([wire(forecast(ISSUED, warnings=(storm,)))]) as (url, _):
        refreshed(qtbot, make_service(url, notices=inbox))
    assert len(inbox.weather()) == 1
    clock[0] += 3600
    again = Inbox()  # the panel restarted: the warning is still in force
    with fake_server([wire(forecast(ISSUED, warnings=(storm,)))]) as (url, seen):
        refreshed(qtbot, make_service(url, notices=again))
    assert len(seen) == 1 and again.weather() == []
    clock[0] += 3600
    with fake_server([wire(forecast(ISSUED + timedelta(hours=2)))]) as (url, _):
        refreshed(qtbot, make_service(url, notices=again))
    [gone] = again.weather()
    assert gone.template == Template.WEATHER_WARNING_LIFTED
    assert gone.args["kind"] == "storm" and gone.args["level"] == "emergency"


def test_warnings_of_a_forecast_kept_offline_for_hours_are_no_longer_in_force(
        qtbot, make_service, clock) -> None:
    storm = warning("27205-storm-1", ISSUED, kind=WarningKind.STORM)
    with fake_server([wire(forecast(ISSUED, warnings=(storm,)))]) as (url, _):
        service = make_service(url)
        with qtbot.waitSignal(service.warnings_changed, timeout=20_000) as got:
            service.refresh()
    assert got.args[0] == (storm,)  # from here on the center is gone (its server closed)
    clock[0] += 4 * 3600  # the server fetched it 5 h ago: still trusted
    view = refreshed(qtbot, service)
    assert view.forecast.warnings == (storm,) and view.problem
    with qtbot.waitSignal(service.warnings_changed, timeout=20_000) as got:
        clock[0] += 3 * 3600  # 8 h: nobody knows whether it is still in force
        service.refresh()
    assert got.args[0] == ()
    assert service.view.forecast.warnings == (storm,)  # still shown, with its age


def test_an_advisory_is_a_normal_notice(qtbot, make_service) -> None:
    dry = warning("27205-dry_air-1", ISSUED, kind=WarningKind.DRY_AIR,
                  level=WarningLevel.ADVISORY)
    inbox = Inbox()
    with fake_server([wire(forecast(ISSUED, warnings=(dry,)))]) as (url, _):
        refreshed(qtbot, make_service(url, notices=inbox))
    [posted] = inbox.weather()
    assert posted.importance is Importance.NORMAL


def test_a_warning_makes_the_lamp_blink(qtbot, make_service, data: Path, clock) -> None:
    notices = NoticeService(lambda: open_store(data, ZONE), lambda: clock[0])
    try:
        rain = warning("27205-heavy_rain-2", ISSUED)
        with fake_server([wire(forecast(ISSUED, warnings=(rain,)))]) as (url, _):
            refreshed(qtbot, make_service(url, notices=notices))
        qtbot.waitUntil(lambda: notices.lamp is LampState.BLINK, timeout=10_000)
    finally:
        notices.shutdown()


def test_a_demo_on_an_accelerated_server_fetches_as_often_as_its_forecasts_age(
        qtbot, data: Path, clock) -> None:
    from app.services.cloud_wiring import build_weather

    home = HomeClock.of(lambda: clock[0], ZONE)
    real = build_weather(dead_url(), data, lambda: open_store(data, ZONE), None, home,
                         speed=200.0)
    demo = build_weather(dead_url(), data, lambda: open_store(data, ZONE), None, home,
                         speed=200.0, server_speed=200.0)
    try:
        assert real._fetch_ms == 3_600_000  # a real forecast: hourly, whatever the demo's speed
        assert (demo._fetch_ms, demo._retry_ms) == (18_000, 3_000)  # an hour of the server's
    finally:
        real.shutdown()
        demo.shutdown()
