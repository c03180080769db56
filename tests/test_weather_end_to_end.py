"""Issue 17's whole path on real parts: a warning injected at the center server (a real
subprocess, synthetic weather) reaches the panel's weather service over HTTP, lights the
notice lamp, makes the control service charge the simulated battery over ECHONET Lite
until full, and its lifting is told and gives the battery back its own mode.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cloud.client import CenterClient
from app.cloud.token_store import TokenStore
from app.domain.home_clock import HomeClock
from app.domain.household import Household
from app.domain.notices import Importance, LampState, NoticeSource, Template
from app.services.cloud_wiring import connect_to, demo_weather_args
from app.services.notice_service import NoticeService
from app.services.weather_service import WeatherService
from app.store import open_store
from app.store.linkage_settings import set_linkage_enabled
from server.embedded import EmbeddedServer, start_embedded
from tests.current_documents import PRIVACY, TERMS
from tests.services.test_control_service import CONFIG, House

pytestmark = pytest.mark.timeout(180)
ZONE = ZoneInfo("Asia/Tokyo")
CHIYODA = Household(prefecture="13", city_code="13101", building_type="detached",
                    energies=("electricity",), postal_code=None, household_size=4)


@pytest.fixture
def center(tmp_path: Path) -> Iterator[EmbeddedServer]:
    server = start_embedded(tmp_path / "center", extra_args=demo_weather_args(CONFIG.seed))
    try:
        yield server
    finally:
        server.stop()


def _warn(center_dir: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "server", "warn", "--data", str(center_dir),
                           *args], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_a_warning_at_the_server_charges_the_battery_and_its_lifting_is_told(
        qtbot, tmp_path: Path, center: EmbeddedServer) -> None:
    panel = tmp_path / "panel"
    client = CenterClient(center.url, TokenStore(panel))
    try:
        client.register(CHIYODA, TERMS, PRIVACY)
    finally:
        client.close()
    house = House(panel)
    store = house.open_store()
    set_linkage_enabled(store, True)  # the household switched 気象警報連動 on
    store.close()
    notices = NoticeService(lambda: open_store(panel / "inbox", "Asia/Tokyo"), house.clock.now)
    weather = WeatherService(connect_to(center.url), panel, house.open_store, notices,
                             HomeClock.of(house.clock.now, "Asia/Tokyo"), min_refresh_s=0.0)
    control = house.service()
    weather.warnings_changed.connect(control.on_warnings)  # as app.main wires them
    try:
        control.start()
        with qtbot.waitSignal(weather.view_changed, timeout=30_000,
                              check_params_cb=lambda v: v.forecast is not None):
            weather.refresh()
        assert weather.view.forecast.area_code == "13101"
        assert weather.view.forecast.provider == "synthetic"
        assert len(weather.view.forecast.hourly) == 72
        assert house.nodes.state.battery_mode == "auto"

        warning_id = _warn(tmp_path / "center", "--city", "13101", "--kind", "heavy_rain",
                           "--level", "warning")
        with qtbot.waitSignal(weather.warnings_changed, timeout=30_000,
                              check_params_cb=lambda ws: len(ws) == 1):
            weather.refresh()
        qtbot.waitUntil(lambda: notices.lamp is LampState.BLINK, timeout=10_000)
        qtbot.waitUntil(lambda: house.nodes.state.battery_mode == "charging", timeout=30_000)
        qtbot.waitUntil(lambda: house.soc() == 100, timeout=60_000)  # charged over Sets

        _warn(tmp_path / "center", "--lift", warning_id)
        with qtbot.waitSignal(weather.warnings_changed, timeout=30_000,
                              check_params_cb=lambda ws: len(ws) == 0):
            weather.refresh()
        qtbot.waitUntil(lambda: house.nodes.state.battery_mode == "auto", timeout=30_000)

        def told() -> dict:
            answers: list = []
            notices.request_list(answers.append, sources=(NoticeSource.WEATHER,))
            qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
            return {n.template: n for n in answers[0]}

        qtbot.waitUntil(lambda: Template.WEATHER_WARNING_LIFTED in told(), timeout=10_000)
        told = told()
        assert told[Template.WEATHER_WARNING].importance is Importance.IMPORTANT
        assert told[Template.WEATHER_WARNING_LIFTED].args["kind"] == "heavy_rain"
    finally:
        weather.shutdown()
        control.shutdown()
        notices.shutdown()
        house.close()
