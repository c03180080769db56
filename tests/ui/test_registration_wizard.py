"""The registration wizard by touch, at 800×480, against a real center server on loopback."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QScrollArea

from app.cloud.token_store import TokenStore
from app.services.backup_service import BackupService
from app.services.cloud_service import CloudService
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.wizards.registration_wizard import DONE, HOUSEHOLD, PRIVACY, REVIEW, TERMS
from app.ui.wizards.text_entry_dialog import TextEntryDialog
from server.embedded import start_embedded
from tests.cloud.conftest import center  # noqa: F401 (fixture)
from tests.services.cloud_helpers import connector, dead_url
from tests.ui.password_helpers import enter_password

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
    settings.findChild(QScrollArea).ensureWidgetVisible(settings.cloud_button)
    qtbot.mouseClick(settings.cloud_button, TAP)
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
    qtbot.mouseClick(choice.buttons["13"], TAP)
    qtbot.mouseClick(household.buttons["city"], TAP)
    entry = household.dialog
    assert isinstance(entry, TextEntryDialog) and entry.keypad.alpha
    for letter in "setagaya":  # tapped on the on-screen alphabet
        key = next(b for b in entry.keypad.findChildren(QPushButton) if b.text() == letter)
        qtbot.mouseClick(key, TAP)
    entry.keypad.submitted.emit()
    assert household.city == "Setagaya"
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
    assert "Tokyo" in wizard.review.summary.text() and "154-0001" in \
        wizard.review.summary.text()
    qtbot.mouseClick(wizard.next_button, TAP)
    qtbot.waitUntil(lambda: wizard.step == DONE, timeout=10_000)
    code = wizard.done_step.code.text().replace(" ", "")
    assert len(code) == 8 and code.isdigit()
    assert services.cloud.state.device_code in wizard.done_step.device.text()
    qtbot.mouseClick(wizard.next_button, TAP)
    assert TokenStore(services.cloud._tokens.data_dir).token
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
