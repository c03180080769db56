"""Choosing the household's city again, through the services, against a real center server:
the weather's "choose your city" problem, the cloud service's PUT, the weather following."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cloud.token_store import TokenStore
from app.domain.home_clock import HomeClock
from app.services.cloud_problem import CITY_REQUIRED, REJECTED
from app.services.cloud_service import CloudService
from app.services.cloud_wiring import follow_city
from app.services.weather_service import WeatherService, problem_of_view
from app.store import open_store
from tests.cloud.conftest import HOUSEHOLD, center  # noqa: F401 (fixture)
from tests.cloud.test_client_city import forget_city
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector

ZONE = "Asia/Tokyo"
NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC).timestamp()  # the panel's clock, pinned
FETCH_MS, RETRY_MS = 3_600_000, 600_000


@pytest.fixture
def panel(qtbot, center, tmp_path: Path):  # noqa: F811
    """The cloud and weather services of one panel, wired as app.main wires them."""
    data = tmp_path / "panel"
    open_store(data, ZONE).close()
    cloud = CloudService(connector([center.url]), data, center.url, None)
    weather = WeatherService(connector([center.url]), data, lambda: open_store(data, ZONE),
                             None, HomeClock.of(lambda: NOW, ZONE), fetch_ms=FETCH_MS,
                             retry_ms=RETRY_MS)
    follow_city(cloud, weather)
    with qtbot.waitSignal(cloud.registered, timeout=10_000):
        cloud.register(HOUSEHOLD, TERMS, PRIVACY)
    yield cloud, weather
    weather.shutdown()
    cloud.shutdown()


def refreshed(qtbot, weather: WeatherService):
    with qtbot.waitSignal(weather.view_changed, timeout=20_000) as got:
        weather.refresh()
    return got.args[0]


def test_a_household_registered_before_city_codes_chooses_it_and_gets_its_forecast(
        qtbot, panel, center, tmp_path) -> None:  # noqa: F811
    cloud, weather = panel
    forget_city(center, TokenStore(tmp_path / "panel").load().device_id)
    view = refreshed(qtbot, weather)
    problem = problem_of_view(view.problem)
    assert view.forecast is None
    assert (problem.kind, problem.code) == (CITY_REQUIRED, CITY_REQUIRED)
    # Not asked again every ten minutes: nothing changes until the city is chosen.
    assert weather._fetch_timer.interval() == FETCH_MS
    with qtbot.waitSignal(cloud.state_changed, timeout=10_000):
        cloud.refresh()
    assert cloud.state.city_required  # the registration page can tell from the status too

    with qtbot.waitSignal(weather.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.forecast is not None) as got, \
            qtbot.waitSignal(cloud.city_chosen, timeout=10_000) as chosen:
        cloud.choose_city("27", "27100")
    assert (chosen.args[0].city_code, chosen.args[0].city_name) == ("27100", "大阪市")
    assert not cloud.state.city_required and cloud.state.household == chosen.args[0]
    view = got.args[0]
    assert (view.forecast.area_code, view.forecast.area_name) == ("27100", "大阪市")
    assert view.problem is None


def test_a_household_that_moved_gets_the_new_areas_forecast_at_once(qtbot, panel) -> None:
    cloud, weather = panel
    first = refreshed(qtbot, weather)
    assert first.forecast.area_code == "27205" and first.problem is None
    with qtbot.waitSignal(cloud.failed, timeout=10_000) as refused:
        cloud.choose_city("13", "27205")  # not a municipality of Tokyo
    assert refused.args[0] == "city" and refused.args[1].kind == REJECTED
    assert refused.args[1].code == "invalid_request"
    # A refresh now asks nothing (the forecast is minutes old); a new city does.
    with qtbot.waitSignal(weather.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.forecast.area_code == "13112") as got:
        cloud.choose_city("13", "13112")
    assert got.args[0].forecast.area_name == "世田谷区"
