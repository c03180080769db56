"""A household registered before cities came from a list chooses its municipality by touch,
on the weather page or the registration page, against a real center server on loopback;
the forecast for that city follows."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.cloud.client import CenterClient
from app.cloud.token_store import TokenStore
from app.services.cloud_service import CloudService
from app.services.cloud_wiring import follow_city
from app.services.weather_service import WeatherService
from app.store import open_store
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.wizards.municipality_dialog import MunicipalityDialog
from tests.cloud.conftest import FAST, HOUSEHOLD, center  # noqa: F401 (fixture)
from tests.cloud.test_client_city import forget_city
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector
from tests.ui.password_helpers import enter_password
from tests.ui.touch_helpers import tap

TAP = Qt.MouseButton.LeftButton
ZONE = "Asia/Tokyo"


@pytest.fixture
def old_panel(make_services, tmp_path: Path, center):  # noqa: F811
    """Services of a panel registered before city codes, talking to the real server, the
    cloud and weather services wired as app.main wires them."""
    made: list[tuple[CloudService, WeatherService]] = []

    def make(language: str = "ja"):
        base = make_services(language=language)
        data = tmp_path / f"panel{len(made)}"
        open_store(data, ZONE).close()
        client = CenterClient(center.url, TokenStore(data), retry=FAST)
        try:
            client.register(HOUSEHOLD, TERMS, PRIVACY)
        finally:
            client.close()
        forget_city(center, TokenStore(data).load().device_id)
        cloud = CloudService(connector([center.url]), data, center.url, base.notices)
        weather = WeatherService(connector([center.url]), data,
                                 lambda: open_store(data, ZONE), None, base.clock)
        follow_city(cloud, weather)
        made.append((cloud, weather))
        return dataclasses.replace(base, cloud=cloud, weather=weather), data

    yield make
    for cloud, weather in made:
        weather.shutdown()
        cloud.shutdown()


def choose_osaka_city(qtbot, page, status_known: bool) -> None:
    """The password, then 大阪府, then 大阪市 from its list, by touch."""
    enter_password(qtbot, page)
    prefectures = page.city.dialog
    assert isinstance(prefectures, ChoiceDialog) and len(prefectures.buttons) == 47
    # Once the status was asked, the prefecture the server still has is checked.
    checked = [code for code, button in prefectures.buttons.items() if button.isChecked()]
    assert checked == (["27"] if status_known else [])
    tap(qtbot, prefectures.buttons["27"])
    qtbot.waitUntil(lambda: isinstance(page.city.dialog, MunicipalityDialog)
                    and page.city.dialog.isVisible(), timeout=10_000)
    towns = page.city.dialog
    assert towns.buttons["27100"].text() == "大阪市" and "27205" in towns.buttons
    assert not any(button.isChecked() for button in towns.buttons.values())  # none known
    tap(qtbot, towns.buttons["27100"])


def test_the_weather_page_asks_for_the_city_and_the_forecast_follows(
        qtbot, old_panel, switcher_for, open_kiosk):
    services, _data = old_panel()
    switcher_for(services)
    window = open_kiosk(services)
    window.view.go("weather")
    page = window.view.page("weather")
    qtbot.waitUntil(lambda: page.empty_card.isVisible()
                    and page.empty_heading.text() == "市区町村を選んでください", timeout=20_000)
    assert page.empty_button.text() == "市区町村を選ぶ"
    assert not any(card.isVisible() for card in page.day_cards)

    with qtbot.waitSignal(services.weather.view_changed, timeout=30_000,
                          check_params_cb=lambda view: view.forecast is not None) as got:
        tap(qtbot, page.empty_button)
        choose_osaka_city(qtbot, page, status_known=False)  # the weather alone told
        assert "大阪市" in page.city_note.text() and not page.empty_button.isEnabled()
    assert got.args[0].forecast.area_name == "大阪市" and got.args[0].problem is None
    qtbot.waitUntil(lambda: not page.empty_card.isVisible(), timeout=5_000)
    assert page.age_label.text().startswith("大阪市")
    assert services.cloud.state.household.city_code == "27100"


def test_the_registration_page_offers_the_city_and_says_which_it_is(
        qtbot, old_panel, switcher_for, open_kiosk):
    services, _data = old_panel()
    switcher_for(services)
    window = open_kiosk(services)
    window.view.go("registration")
    page = window.view.page("registration")
    # The page asks the status when shown: the server has no city for this household.
    qtbot.waitUntil(lambda: page.city_button.text() == "市区町村を選ぶ", timeout=10_000)
    assert page.city_card.isVisible() and "未設定" in page.city_note.text()

    with qtbot.waitSignal(services.cloud.city_chosen, timeout=10_000):
        tap(qtbot, page.city_button)
        choose_osaka_city(qtbot, page, status_known=True)
    assert page.city_button.text() == "市区町村を変更"
    assert page.city_note.text().startswith("大阪府大阪市")
    assert page.city_button.isEnabled() and not page.city_detail.isVisible()


def test_a_city_the_server_cannot_take_is_said_and_can_be_tried_again(
        qtbot, old_panel, switcher_for, open_kiosk, center):  # noqa: F811
    services, data = old_panel("en")
    switcher_for(services)
    window = open_kiosk(services)
    window.view.go("registration")
    page = window.view.page("registration")
    qtbot.waitUntil(lambda: page.city_button.text() == "Choose the municipality",
                    timeout=10_000)
    tap(qtbot, page.city_button)
    enter_password(qtbot, page)
    tap(qtbot, page.city.dialog.buttons["13"])
    qtbot.waitUntil(lambda: isinstance(page.city.dialog, MunicipalityDialog)
                    and page.city.dialog.isVisible(), timeout=10_000)
    # Meanwhile the registration was deleted on the server (from another panel's menu).
    stolen = CenterClient(center.url, TokenStore(data), retry=FAST)
    token = stolen.store.load()
    stolen.unregister()
    stolen.close()
    TokenStore(data).save(token)  # this panel still has its (now dead) token
    with qtbot.waitSignal(services.cloud.failed, timeout=10_000) as failed:
        tap(qtbot, page.city.dialog.buttons["13101"])
    assert failed.args[0] == "city"
    qtbot.waitUntil(lambda: page.city_detail.isVisible(), timeout=5_000)
    assert page.city_detail.text().startswith("The municipality was not changed: ")
    assert "no longer knows this panel" in page.city_detail.text()
    assert page.city_button.isEnabled()  # nothing under way: it can be tried again
