"""Settings that change the home ask for the access password on the kiosk, by touch.

One guard (app/ui/dialogs/password_guard.py) for the rate plan, its prices and the
selling price, device names, the home setup, registration and the takeover; deleting
the registration asks on the desktop too. Cancelled or wrong, nothing happens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.set_password_dialog import SetPasswordDialog
from app.ui.dialogs.unregister_dialog import UnregisterDialog
from app.ui.dialogs.use_plan_dialog import UsePlanDialog
from app.ui.shell.desktop_window import DesktopWindow
from tests.ui.password_helpers import enter_password
from tests.ui.test_rates_page import _open as open_rates
from tests.ui.test_rates_page import _tap_plan
from tests.ui.touch_helpers import tap

TAP = Qt.MouseButton.LeftButton


def _prompt(owner) -> PasswordPromptDialog:
    prompt = owner.dialog
    assert isinstance(prompt, PasswordPromptDialog) and prompt.isVisible()
    assert prompt.title_label.text() == "アクセスパスワード"
    assert prompt.message_label.text() == (
        "住まいの設定を変更します。アクセスパスワードを入力してください。")
    return prompt


def _wrong_then_cancel(qtbot, owner) -> None:
    prompt = _prompt(owner)
    prompt.keypad.press("0000")
    prompt.submit()
    assert prompt.isVisible() and prompt.error_text  # refused, said so, still asking
    qtbot.mouseClick(prompt.cancel_button, TAP)
    assert not prompt.isVisible()


def test_choosing_a_plan_needs_the_password(qtbot, kiosk):
    page = open_rates(qtbot, kiosk)
    _tap_plan(qtbot, page, "tepco-juryo-dento-b")
    qtbot.mouseClick(page.use_button, TAP)
    _wrong_then_cancel(qtbot, page)
    assert not isinstance(page.dialog, UsePlanDialog)
    qtbot.mouseClick(page.use_button, TAP)
    enter_password(qtbot, page)
    assert isinstance(page.dialog, UsePlanDialog) and page.dialog.isVisible()


def test_editing_prices_and_the_selling_price_need_the_password(qtbot, kiosk):
    page = open_rates(qtbot, kiosk)
    _tap_plan(qtbot, page, "tepco-juryo-dento-b")
    page.services.plans.use(page.selected, 30, None)
    qtbot.waitUntil(lambda: page.edit_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(page.edit_button, TAP)
    _wrong_then_cancel(qtbot, page)
    assert kiosk.view.navigator.current_id == "rates"  # the editor did not open
    qtbot.mouseClick(page.sell_button, TAP)
    _wrong_then_cancel(qtbot, page)
    assert page.dialog is None or not page.dialog.isVisible()
    qtbot.mouseClick(page.edit_button, TAP)
    enter_password(qtbot, page)
    assert kiosk.view.navigator.current_id == "plan_editor"


def test_naming_a_device_needs_the_password(qtbot, kiosk):
    kiosk.view.go("devices")
    page = kiosk.view.page("devices")
    qtbot.waitUntil(lambda: bool(page.rows), timeout=10_000)
    row = page.rows[0]
    tap(qtbot, row)
    _wrong_then_cancel(qtbot, page)
    from app.ui.dialogs.device_name_dialog import DeviceNameDialog

    assert not any(d.isVisible() for d in page.findChildren(DeviceNameDialog))


def test_registration_and_takeover_need_the_password(qtbot, kiosk):
    kiosk.view.go("registration")
    page = kiosk.view.page("registration")
    for button in (page.register_button, page.restore_button):
        if not button.isEnabled():
            continue
        tap(qtbot, button)
        _wrong_then_cancel(qtbot, page)
        assert isinstance(page.dialog, PasswordPromptDialog)  # nothing else was opened


def test_the_home_setup_is_saved_only_after_the_password(qtbot, kiosk):
    kiosk.view.go("commissioning")
    page = kiosk.view.page("commissioning")
    saved = []
    page.services.commissioning.save = lambda *args: saved.append(args)
    page.save_button.setEnabled(True)
    qtbot.mouseClick(page.save_button, TAP)
    prompt = next(d for d in page.findChildren(PasswordPromptDialog) if d.isVisible())
    qtbot.mouseClick(prompt.cancel_button, TAP)
    assert saved == []
    qtbot.mouseClick(page.save_button, TAP)
    enter_password(qtbot, page)
    assert len(saved) == 1


def test_deleting_the_registration_asks_on_the_desktop_too(qtbot, services, switcher):
    window = DesktopWindow(services)
    qtbot.addWidget(window)
    window.show()
    sent = []
    services.cloud.unregister = lambda: sent.append(True)
    dialog = UnregisterDialog(services, window.view)
    dialog.present()
    qtbot.mouseClick(dialog.confirm_button, TAP)
    assert isinstance(dialog.prompt, PasswordPromptDialog)
    qtbot.mouseClick(dialog.prompt.cancel_button, TAP)
    assert sent == []
    qtbot.mouseClick(dialog.confirm_button, TAP)
    enter_password(qtbot, dialog)
    assert sent == [True]


def test_a_desktop_without_a_password_sets_one_before_deleting(qtbot, make_services,
                                                               switcher_for):
    services = make_services(password=None)
    switcher_for(services)
    window = DesktopWindow(services)
    qtbot.addWidget(window)
    window.show()
    services.cloud.unregister = lambda: None
    dialog = UnregisterDialog(services, window.view)
    dialog.present()
    qtbot.mouseClick(dialog.confirm_button, TAP)
    assert isinstance(dialog.prompt, SetPasswordDialog)
    dialog.prompt.reject()


def test_every_password_prompt_shows_the_wait_after_wrong_entries(qtbot, kiosk):
    """After repeated wrong entries a prompt opened anywhere says how long to wait."""
    page = open_rates(qtbot, kiosk)
    for _ in range(6):
        kiosk.services.access.verify("0000")
    assert kiosk.services.access.wait_seconds() > 0
    _tap_plan(qtbot, page, "tepco-juryo-dento-b")
    qtbot.mouseClick(page.use_button, TAP)
    assert _prompt(page).error_text.startswith("間違いが続いたため、")
    assert _prompt(page).error_text.endswith("後にもう一度お試しください。")
