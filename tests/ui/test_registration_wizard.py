"""The registration wizard by touch, at 800×480, against a real center server on loopback."""

from __future__ import annotations

import dataclasses

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QScrollArea

from app.cloud.token_store import TokenStore
from app.services.backup_service import BackupService
from app.services.cloud_service import CloudService
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.wizards.municipality_dialog import MunicipalityDialog
from app.ui.wizards.registration_wizard import DONE, HOUSEHOLD, PRIVACY, REVIEW, TERMS
from server.embedded import start_embedded
from tests.cloud.conftest import center  # noqa: F401 (fixture)
from tests.services.cloud_helpers import connector, dead_url
from tests.ui.password_helpers import enter_password
from tests.ui.touch_helpers import tap

TAP = Qt.MouseButton.LeftButton


@pytest.fixture
def cloud_services(make_services, tmp_path):
    """Services whose cloud and backup talk to `url` (the test's server)."""
    made = []

    def make(url: str, language: str = "en"):
        base = make_services(language=language)
        box = [url]
        data = tmp_path / f"panel{len(made)}"
        cloud = CloudService(connector(box), data, url, base.notices)
        backup = BackupService(connector(box), data, base.notices, lambda: 1.8e9, "Asia/Tokyo")
        made.append((cloud, backup))
        return dataclasses.replace(base, cloud=cloud, backup=backup)

    yield make
    for cloud, backup in made:
        backup.shutdown()
        cloud.shutdown()


def open_wizard(qtbot, window):
    window.view.go("settings")
    settings = window.view.page("settings")
    tap(qtbot, settings.cloud_button)
    assert window.view.navigator.current_id == "registration"
    page = window.view.page("registration")
    qtbot.mouseClick(page.register_button, TAP)
    enter_password(qtbot, page)  # registration changes the home: the password first
    return page, page.dialog


def read_to_end(qtbot, wizard, step) -> None:
    bar = step.browser.verticalScrollBar()
    assert bar.maximum() > 0, "the document fits: the test would prove nothing"
    assert not wizard.next_button.isEnabled()
    bar.setValue(bar.maximum() // 2)  # half way: still not
    assert not wizard.next_button.isEnabled()
    bar.setValue(bar.maximum())  # what a flick to the end does
    assert wizard.next_button.isEnabled()
    bar.setValue(0)  # going back up to re-read keeps it
    assert wizard.next_button.isEnabled()
    qtbot.mouseClick(wizard.next_button, TAP)


def fill_household(qtbot, wizard) -> None:
    household = wizard.household
    assert not wizard.next_button.isEnabled()  # prefecture and city are required
    qtbot.mouseClick(household.buttons["prefecture"], TAP)
    choice = household.dialog
    assert isinstance(choice, ChoiceDialog) and len(choice.buttons) == 47
    qtbot.mouseClick(choice.buttons["14"], TAP)  # 神奈川県
    # Its list is asked of the cloud service at once; a tap before it arrived opens it
    # when it does.
    qtbot.mouseClick(household.buttons["city"], TAP)
    qtbot.waitUntil(lambda: isinstance(household.dialog, MunicipalityDialog), timeout=10_000)
    towns = household.dialog
    assert "14100" in towns.buttons and all(c.startswith("14") for c in towns.buttons)
    scroll = towns.findChild(QScrollArea)
    # The kana index: や jumps to 横浜市 (ヨコハマシ), which is far down the list.
    qtbot.mouseClick(towns.findChild(QPushButton, "Kana_7"), TAP)
    assert scroll.verticalScrollBar().value() > 0
    target = towns.buttons["14100"]
    top = target.mapTo(scroll.viewport(), target.rect().topLeft()).y()
    assert 0 <= top < scroll.viewport().height()
    qtbot.mouseClick(target, TAP)
    assert household.city.code == "14100"
    assert household.buttons["city"].text() == "横浜市"
    qtbot.mouseClick(household.buttons["postal"], TAP)
    household.dialog.keypad.press("15400")
    household.dialog.keypad.submitted.emit()
    assert household.postal is None and household.dialog.error_label.text()  # 5 digits: no
    household.dialog.keypad.press("01")
    household.dialog.keypad.submitted.emit()
    assert household.postal == "154-0001"
    assert not wizard.next_button.isEnabled()  # building type still missing
    qtbot.mouseClick(household.findChild(QPushButton, "Building_detached"), TAP)
    qtbot.mouseClick(household.energies["solar"], TAP)
    assert wizard.next_button.isEnabled()


def test_registration_by_touch_shows_the_confirmation_code(qtbot, open_kiosk, cloud_services,
                                                           switcher_for, center):  # noqa: F811
    services = cloud_services(center.url)
    switcher_for(services)
    window = open_kiosk(services)
    page, wizard = open_wizard(qtbot, window)
    qtbot.waitUntil(wizard.next_button.isEnabled, timeout=10_000)  # connection checked
    assert "Connected" in wizard.intro.status.text()
    qtbot.mouseClick(wizard.next_button, TAP)
    assert wizard.step == TERMS
    read_to_end(qtbot, wizard, wizard.terms)
    assert wizard.step == PRIVACY
    read_to_end(qtbot, wizard, wizard.privacy)
    assert wizard.step == HOUSEHOLD
    fill_household(qtbot, wizard)
    qtbot.mouseClick(wizard.next_button, TAP)
    assert wizard.step == REVIEW
    assert "Kanagawa" in wizard.review.summary.text() and "154-0001" in \
        wizard.review.summary.text() and "横浜市" in wizard.review.summary.text()
    qtbot.mouseClick(wizard.next_button, TAP)
    qtbot.waitUntil(lambda: wizard.step == DONE, timeout=10_000)
    code = wizard.done_step.code.text().replace(" ", "")
    assert len(code) == 8 and code.isdigit()
    assert services.cloud.state.device_code in wizard.done_step.device.text()
    qtbot.mouseClick(wizard.next_button, TAP)
    token = TokenStore(services.cloud._tokens.data_dir).token
    assert token
    me = requests.get(f"{center.url}/v1/devices/me", timeout=10,
                      headers={"Authorization": f"Bearer {token}"}).json()
    assert me["household"]["prefecture"] == "14"
    assert me["household"]["city_code"] == "14100" and me["household"]["city_name"] == "横浜市"
    qtbot.waitUntil(lambda: not page.register_button.isEnabled())
    assert "Registered" in page.state_note.text()
    assert page.unregister_button.isEnabled() and page.backup_button.isEnabled()


def test_server_down_says_so_and_retry_connects(qtbot, open_kiosk, cloud_services, switcher_for,
                                                tmp_path):
    url = dead_url()
    services = cloud_services(url)
    switcher_for(services)
    window = open_kiosk(services)
    _, wizard = open_wizard(qtbot, window)
    qtbot.waitUntil(wizard.intro.retry_button.isVisible, timeout=10_000)
    assert "cannot be reached" in wizard.intro.status.text()
    assert not wizard.next_button.isEnabled()
    port = int(url.rsplit(":", 1)[1])
    with start_embedded(tmp_path / "late-server", extra_args=["--port", str(port)]):
        qtbot.mouseClick(wizard.intro.retry_button, TAP)
        qtbot.waitUntil(wizard.next_button.isEnabled, timeout=10_000)
        assert not wizard.intro.retry_button.isVisible()
        qtbot.mouseClick(wizard.next_button, TAP)
        assert wizard.step == TERMS and wizard.terms.document is not None
        wizard.reject()


def _tokyo_and_kanagawa():
    from app.domain.household import Municipality as Town
    from server.config import RESOURCES_DIR
    from server.municipalities import Municipalities

    table = Municipalities(RESOURCES_DIR / "municipalities" / "municipalities.csv")
    return {p: tuple(Town(t.code, t.prefecture, t.name, t.kana, t.lat, t.lon)
                     for t in table.of_prefecture(p)) for p in ("13", "14")}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_household_step_asks_for_lists_and_needs_no_typing(qtbot, open_kiosk, make_services,
                                                               switcher_for, monkeypatch,
                                                               language, tmp_path):
    """In Japanese and English at 800×480: the step only asks (a signal) and is handed
    the list; Tokyo's 62 scroll; names are shown as written (the list has no romaji)."""
    import threading

    from app.cloud.client import CenterClient
    from app.ui.wizards.household_step import HouseholdStep

    def no_network(*_a, **_k):  # the widget must never reach the client
        raise AssertionError(f"network from {threading.current_thread().name}")

    monkeypatch.setattr(CenterClient, "municipalities", no_network)
    services = make_services(language=language)
    switcher_for(services)
    window = open_kiosk(services)
    step = HouseholdStep(language, window)
    step.setGeometry(window.rect())
    step.retranslate()
    step.show()
    asked = []
    step.municipalities_wanted.connect(asked.append)
    assert not step.buttons["city"].isEnabled()  # the prefecture first
    qtbot.mouseClick(step.buttons["prefecture"], TAP)
    qtbot.mouseClick(step.dialog.buttons["13"], TAP)
    assert asked == ["13"]  # fetched while the user looks
    qtbot.mouseClick(step.buttons["city"], TAP)
    assert step.waiting and not step.buttons["city"].isEnabled()
    lists = _tokyo_and_kanagawa()
    step.show_municipalities("13", lists["13"])  # as the service's signal delivers it
    towns = step.dialog
    assert isinstance(towns, MunicipalityDialog) and len(towns.buttons) == 62
    assert towns.buttons["13112"].text() == "世田谷区"
    bar = towns.findChild(QScrollArea).verticalScrollBar()
    assert bar.maximum() > 0  # 62 do not fit: the list scrolls
    assert min(b.height() for b in towns.buttons.values()) >= 48
    assert min(k.height() for k in towns.index) >= 48 and min(k.width() for k in towns.index) >= 48
    towns.grab().save(str(tmp_path / f"municipalities-{language}.png"))
    qtbot.mouseClick(towns.findChild(QPushButton, "Kana_2"), TAP)  # さ: 世田谷区 is there
    qtbot.mouseClick(towns.buttons["13112"], TAP)
    assert step.household().city_code == "13112"
    qtbot.mouseClick(step.findChild(QPushButton, "Building_apartment"), TAP)
    assert step.ready
    step.grab().save(str(tmp_path / f"household-{language}.png"))
    # Another prefecture: the city is chosen again from its own list.
    qtbot.mouseClick(step.buttons["prefecture"], TAP)
    qtbot.mouseClick(step.dialog.buttons["14"], TAP)
    assert step.city is None and not step.ready and asked == ["13", "13", "14"]
