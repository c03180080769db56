from PySide6.QtCore import Qt

from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.set_password_dialog import SetPasswordDialog

from .conftest import PASSWORD


def test_changing_the_password_asks_for_the_current_one_first(qtbot, kiosk, services):
    kiosk.view.go("settings")
    page = kiosk.view.page("settings")
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    prompt = page.dialog
    assert isinstance(prompt, PasswordPromptDialog)
    assert prompt.windowFlags() & Qt.WindowType.FramelessWindowHint  # a sheet on the kiosk
    prompt.field.setText("0000")
    prompt.submit()
    assert page.dialog is prompt and prompt.error_text

    prompt.field.setText(PASSWORD)
    prompt.submit()
    qtbot.waitUntil(lambda: isinstance(page.dialog, SetPasswordDialog))
    setter = page.dialog
    assert setter.cancel_button.isVisible()
    setter.new_field.setText("97531")
    setter.confirm_field.setText("97531")
    setter.submit()
    qtbot.waitUntil(lambda: page.dialog is None)
    assert services.access.verify("97531")
    assert page.password_status.text() == "パスワードを変更しました。"


def test_cancelling_leaves_the_password(qtbot, kiosk, services):
    page = kiosk.view.page("settings")
    page.change_password()
    qtbot.mouseClick(page.dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert services.access.verify(PASSWORD)


def test_the_prompt_says_how_long_to_wait_and_refuses_meanwhile(qtbot, kiosk, services):
    page = kiosk.view.page("settings")
    page.change_password()
    prompt = page.dialog
    for _ in range(4):
        prompt.field.setText("0000")
        prompt.submit()
    assert services.access.wait_seconds() == 15
    assert prompt.error_text == "間違いが続いたため、15 秒後にもう一度お試しください。"
    prompt.field.setText(PASSWORD)
    prompt.submit()
    assert page.dialog is prompt  # refused: the right password too, until the wait is over
    assert prompt.error_text == "間違いが続いたため、15 秒後にもう一度お試しください。"


def test_the_panel_screen_is_closed_from_settings_with_the_password(qtbot, kiosk):
    """Leaving the kiosk is findable: a card in Settings (the long press stays)."""
    from PySide6.QtWidgets import QScrollArea

    kiosk.view.go("settings")
    page = kiosk.view.page("settings")
    assert page.exit_card.isVisible() and page.exit_button.text() == "画面を終了"
    page.findChild(QScrollArea).ensureWidgetVisible(page.exit_button)
    qtbot.mouseClick(page.exit_button, Qt.MouseButton.LeftButton)
    prompt = kiosk.dialog
    assert isinstance(prompt, PasswordPromptDialog)
    prompt.field.setText("0000")
    prompt.submit()
    assert kiosk.isVisible()
    with qtbot.waitSignal(kiosk.exit_requested, timeout=2_000):
        prompt.field.setText(PASSWORD)
        prompt.submit()


def test_the_desktop_settings_have_no_close_screen_card(qtbot, services, switcher):
    from app.ui.shell.desktop_window import DesktopWindow

    window = DesktopWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.view.go("settings")
    assert not window.view.page("settings").exit_card.isVisible()
