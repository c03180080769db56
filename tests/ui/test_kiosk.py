from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.set_password_dialog import SetPasswordDialog
from app.ui.main_window import create_main_window
from app.ui.shell.kiosk_window import KioskWindow

from .conftest import PASSWORD


def _type(dialog, text: str) -> None:
    for char in text:
        dialog.keypad.press(char)


def _long_press_title(qtbot, window: KioskWindow) -> None:
    title = window.view.header.title
    title.set_hold_ms(30)  # the real hold is 2 s; the behaviour is the same
    qtbot.mousePress(title, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dialog is not None)
    qtbot.mouseRelease(title, Qt.MouseButton.LeftButton)


def test_kiosk_is_frameless_without_cursor(kiosk):
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.cursor().shape() == Qt.CursorShape.BlankCursor
    assert kiosk.property("kiosk") is True


def test_create_main_window_builds_a_fullscreen_kiosk(qtbot, services):
    window = create_main_window(services, kiosk=True)
    qtbot.addWidget(window)
    assert isinstance(window, KioskWindow)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert hasattr(window, "exit_requested")


def test_a_short_press_on_the_title_does_nothing(qtbot, kiosk):
    title = kiosk.view.header.title
    title.set_hold_ms(10_000)
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    assert kiosk.dialog is None


def test_leaving_needs_the_password_wrong_then_right(qtbot, kiosk):
    _long_press_title(qtbot, kiosk)
    dialog = kiosk.dialog
    assert isinstance(dialog, PasswordPromptDialog)
    assert dialog.isVisible()
    assert dialog.geometry() == kiosk.geometry()  # a sheet over the whole panel

    with qtbot.assertNotEmitted(kiosk.exit_requested):
        _type(dialog, "1111")
        qtbot.mouseClick(dialog.keypad._ok_keys[0], Qt.MouseButton.LeftButton)
    assert dialog.error_text == "パスワードが違います。もう一度入力してください。"
    assert dialog.field.text() == ""
    assert kiosk.isVisible()
    assert kiosk.dialog is dialog

    with qtbot.waitSignal(kiosk.exit_requested):
        _type(dialog, PASSWORD)
        qtbot.mouseClick(dialog.keypad._ok_keys[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not kiosk.isVisible())


def test_cancel_keeps_the_kiosk(qtbot, kiosk):
    _long_press_title(qtbot, kiosk)
    qtbot.mouseClick(kiosk.dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.dialog is None)
    assert kiosk.isVisible()


def test_ctrl_alt_q_asks_for_the_password(qtbot, kiosk):
    kiosk.activateWindow()
    qtbot.keyClick(kiosk.view.page("home"), Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(kiosk.dialog, PasswordPromptDialog))


def test_first_start_sets_the_password_before_anything_else(qtbot, make_services, open_kiosk,
                                                            switcher_for):
    services = make_services(password=None)
    switcher_for(services)
    window = open_kiosk(services)
    qtbot.waitUntil(lambda: isinstance(window.dialog, SetPasswordDialog))
    dialog = window.dialog
    assert not dialog.cancel_button.isVisible()
    dialog.reject()  # Escape or a stray tap cannot skip it
    assert dialog.isVisible()

    _type(dialog, "12")
    dialog.submit()
    assert dialog.new_error.text() == "4文字以上で入力してください。"
    assert not services.access.has_password()

    dialog.new_field.setText("1357")
    dialog.confirm_field.setText("1358")
    dialog.submit()
    assert dialog.new_error.text() == ""
    assert dialog.confirm_error.text() == "2回の入力が一致しません。"
    assert not services.access.has_password()

    dialog.confirm_field.setFocus()
    _type(dialog, "1357")
    assert dialog.confirm_field.text() == "1357"  # the keypad types where the focus is
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit()
    assert services.access.verify("1357")
    qtbot.waitUntil(lambda: window.dialog is None)
    assert window.isVisible()


def test_keypad_ok_moves_from_the_first_field_to_the_second(qtbot, make_services, open_kiosk):
    services = make_services(password=None)
    window = open_kiosk(services)
    qtbot.waitUntil(lambda: isinstance(window.dialog, SetPasswordDialog))
    dialog = window.dialog
    dialog.activateWindow()
    dialog.new_field.setFocus()
    _type(dialog, "2580")
    dialog.keypad.submitted.emit()
    qtbot.waitUntil(lambda: dialog.confirm_field.hasFocus())
    _type(dialog, "2580")
    with qtbot.waitSignal(dialog.accepted):
        dialog.keypad.submitted.emit()
    assert services.access.verify("2580")


def test_dims_when_idle_and_the_first_touch_only_wakes(qtbot, open_kiosk, services):
    window = open_kiosk(services, idle_timeout_s=0.05)
    qtbot.waitUntil(lambda: window.dimmer.dimmed)
    assert window.dimmer.overlay.isVisible()
    assert window.dimmer.overlay.geometry() == window.rect()

    menu_button = window.view.footer.menu_button
    qtbot.mouseClick(menu_button, Qt.MouseButton.LeftButton)
    assert not window.dimmer.dimmed
    assert not window.dimmer.overlay.isVisible()
    assert not window.view.menu.is_open  # the waking tap did not click through

    window.dimmer.set_idle_seconds(600)
    window.dimmer.start()
    qtbot.mouseClick(menu_button, Qt.MouseButton.LeftButton)
    assert window.view.menu.is_open


def test_a_key_wakes_too(qtbot, open_kiosk, services):
    window = open_kiosk(services, idle_timeout_s=0.05)
    qtbot.waitUntil(lambda: window.dimmer.dimmed)
    qtbot.keyClick(window.view.page("home"), Qt.Key.Key_Space)
    assert not window.dimmer.dimmed


def test_input_restarts_the_idle_count(qtbot, open_kiosk, services):
    window = open_kiosk(services, idle_timeout_s=600)
    assert window.dimmer.counting
    window.dimmer._timer.stop()
    qtbot.mouseClick(window.view.footer.back_button, Qt.MouseButton.LeftButton,
                     pos=QPoint(5, 5))
    assert window.dimmer.counting


def test_the_idle_filter_listens_once_the_window_is_on_the_screen(qtbot, services,
                                                                  monkeypatch):
    """Building and showing the window sends its widgets some 600 events (properties,
    styles, polish, layout): none of them goes through the application-wide filter, which
    sees input from the window's exposure on."""
    from PySide6.QtWidgets import QWidget

    from app.ui.shell.idle_dimmer import IdleDimmer

    seen: list[int] = []
    own_filter = IdleDimmer.eventFilter

    def counting(self, watched, event):
        if isinstance(watched, QWidget):  # the window's and its widgets' events
            seen.append(int(event.type().value))
        return own_filter(self, watched, event)

    monkeypatch.setattr(IdleDimmer, "eventFilter", counting)
    window = KioskWindow(services, idle_timeout_s=600, fullscreen=False, auto_night=False)
    qtbot.addWidget(window)
    window.show()
    assert seen == []  # shown, not yet on the screen
    qtbot.waitUntil(lambda: window.windowHandle().isExposed())
    window.dimmer._timer.stop()
    qtbot.mouseClick(window.view.footer.back_button, Qt.MouseButton.LeftButton,
                     pos=QPoint(5, 5))
    assert seen and window.dimmer.counting


def test_closing_stops_timers_and_filters(qtbot, open_kiosk, services):
    window = open_kiosk(services)
    clock = window.view.header.clock
    assert clock.running
    window.close()
    assert not clock.running
    assert not window.dimmer.counting
    assert not services.home.active
    # The idle filter is gone: input elsewhere no longer restarts the count.
    QApplication.sendEvent(window, _press())
    assert not window.dimmer.counting


def _press():
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent

    return QMouseEvent(QMouseEvent.Type.MouseButtonPress, QPointF(1, 1), QPointF(1, 1),
                       Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)


def test_a_waking_touch_is_not_turned_into_a_click(qtbot, open_kiosk, services):
    from PySide6.QtTest import QTest

    window = open_kiosk(services, idle_timeout_s=0.05)
    device = QTest.createTouchDevice()
    button = window.view.footer.menu_button
    centre = button.mapTo(window, button.rect().center())
    qtbot.waitUntil(lambda: window.dimmer.dimmed)
    QTest.touchEvent(window, device).press(0, centre, window).commit()
    QTest.touchEvent(window, device).release(0, centre, window).commit()
    assert not window.dimmer.dimmed
    assert not window.view.menu.is_open
    window.dimmer.set_idle_seconds(600)
    window.dimmer.start()
    QTest.touchEvent(window, device).press(0, centre, window).commit()
    QTest.touchEvent(window, device).release(0, centre, window).commit()
    qtbot.waitUntil(lambda: window.view.menu.is_open)  # an awake touch does press
