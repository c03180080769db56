"""The registration page: state, taking over data, deleting the registration (with password)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from app.cloud.client import CenterClient
from app.cloud.errors import Unauthorized
from app.cloud.token_store import TokenStore
from app.services.restore_staging import PENDING_FILE
from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.restore_dialog import RestoreDialog, device_code
from app.ui.dialogs.unregister_dialog import UnregisterDialog
from tests.cloud.conftest import FAST, HOUSEHOLD, center  # noqa: F401 (fixture)
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import simulated_home
from tests.ui.conftest import PASSWORD
from tests.ui.password_helpers import enter_password
from tests.ui.test_registration_wizard import cloud_services  # noqa: F401 (fixture)
from tests.ui.touch_helpers import tap

TAP = Qt.MouseButton.LeftButton
START = int(datetime(2026, 11, 1, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp() // 60)


def open_page(qtbot, window):
    window.view.go("settings")
    settings = window.view.page("settings")
    tap(qtbot, settings.cloud_button)
    return window.view.page("registration")


def registered(services) -> str:
    """Register the panel of `services` directly (the wizard has its own test)."""
    data = services.cloud._tokens.data_dir
    client = CenterClient(services.cloud.state.server_url, TokenStore(data), retry=FAST)
    try:
        return client.register(HOUSEHOLD, TERMS, PRIVACY).confirmation_code
    finally:
        client.close()


def test_device_codes_are_read_leniently():
    assert device_code("ab12cd34ef56") == "AB12-CD34-EF56"
    assert device_code("AB12-CD34-EF56") == "AB12-CD34-EF56"
    assert device_code("AB12-CD34") is None


def test_unregister_asks_the_password_then_deletes_on_the_server(qtbot, open_kiosk,
                                                                 cloud_services,  # noqa: F811
                                                                 switcher_for, center):  # noqa: F811
    services = cloud_services(center.url)
    registered(services)
    token = TokenStore(services.cloud._tokens.data_dir).token
    switcher_for(services)
    window = open_kiosk(services)
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.unregister_button.isEnabled(), timeout=10_000)
    tap(qtbot, page.unregister_button)
    dialog = page.dialog
    assert isinstance(dialog, UnregisterDialog)
    assert "every backup" in dialog.details.text()
    qtbot.mouseClick(dialog.confirm_button, TAP)
    prompt = dialog.prompt
    assert isinstance(prompt, PasswordPromptDialog)
    prompt.keypad.press("0000")
    prompt.submit()
    assert prompt.error_text and services.cloud.state.registered  # wrong: nothing happens
    prompt.keypad.press(PASSWORD)
    prompt.submit()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert "have been deleted" in dialog.status.text()
    assert not services.cloud.state.registered
    assert not page.unregister_button.isEnabled() and page.register_button.isEnabled()
    assert page.backup_detail.text() == "No backups: the panel is not registered."
    probe = TokenStore(services.cloud._tokens.data_dir / "probe")
    from app.cloud.token_store import StoredRegistration

    probe.save(StoredRegistration(token, "x", TERMS, PRIVACY, center.url))
    client = CenterClient(center.url, probe, retry=FAST)
    try:
        client.status()
        raise AssertionError("the server still knows the panel")
    except Unauthorized:
        pass
    finally:
        client.close()


def test_take_over_by_touch_wrong_code_then_right_code(qtbot, open_kiosk, cloud_services,  # noqa: F811
                                                       switcher_for, center, tmp_path):  # noqa: F811
    old = cloud_services(center.url)
    old_dir = old.cloud._tokens.data_dir
    simulated_home(old_dir, START, 240)
    confirmation = registered(old)
    with qtbot.waitSignal(old.backup.status_changed, timeout=20_000,
                          check_params_cb=lambda s: not s.running):
        old.backup.backup_now()
    assert old.backup.status.last.ok

    new = cloud_services(center.url)
    registered(new)
    switcher_for(new)
    window = open_kiosk(new)
    page = open_page(qtbot, window)
    qtbot.waitUntil(page.restore_button.isEnabled, timeout=10_000)
    tap(qtbot, page.restore_button)
    enter_password(qtbot, page)
    dialog = page.dialog
    assert isinstance(dialog, RestoreDialog) and dialog.keypad.alpha  # letters first
    dialog.keypad.press(old.cloud.state.device_code.replace("-", "").lower())
    dialog.keypad.submitted.emit()  # OK: on to the confirmation code, digits
    assert not dialog.keypad.alpha
    wrong = "11111111" if confirmation != "11111111" else "22222222"
    dialog.keypad.press(wrong)
    dialog.keypad.submitted.emit()
    qtbot.waitUntil(lambda: "not right" in dialog.status_text, timeout=10_000)
    new_dir = new.cloud._tokens.data_dir
    assert not (new_dir / PENDING_FILE).exists()
    dialog.code_field.clear()
    dialog.code_field.insert(confirmation)
    dialog.keypad.submitted.emit()
    qtbot.waitUntil(lambda: dialog.staged is not None, timeout=20_000)
    assert "Restart the panel" in dialog.status_text
    assert dialog.progress.value() == 100
    assert (new_dir / PENDING_FILE).exists()
    qtbot.mouseClick(dialog.cancel_button, TAP)
    page.retranslate()
    assert old.cloud.state.device_code in page.restore_note.text()


def test_the_service_is_named_not_addressed_and_versions_are_dates(qtbot, kiosk):
    kiosk.view.go("registration")
    page = kiosk.view.page("registration")
    assert page._service_name("embedded (127.0.0.1)") == "このパネルに内蔵"
    assert page._service_name("http://127.0.0.1:8470") == "このパネルに内蔵"
    assert page._service_name("https://center.example.jp/v1") == "center.example.jp"
    assert page._version("2026-11-01") == "2026年11月1日(日)"
    assert page._version("v3") == "v3"
    assert "127.0.0.1" not in page.state_detail.text()
    assert "embedded" not in page.state_detail.text()
