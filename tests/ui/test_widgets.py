from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.ui.theme import DAY, NIGHT, EnergyRole, build_stylesheet, theme_for_time
from app.ui.widgets.keypad import Keypad
from app.ui.widgets.lamp import LampState, NoticeLamp


def test_lamp_states_and_blinking_only_while_visible(qtbot):
    lamp = NoticeLamp()
    qtbot.addWidget(lamp)
    lamp.show()
    assert lamp.state is LampState.OFF and not lamp.is_lit()
    lamp.set_state(LampState.ON)
    assert lamp.is_lit() and not lamp._blink.isActive()
    lamp.set_state(LampState.BLINK)
    assert lamp._blink.isActive()
    qtbot.waitUntil(lambda: not lamp.is_lit())  # it does blink
    lamp.hide()
    assert not lamp._blink.isActive()
    lamp.show()
    assert lamp._blink.isActive()
    lamp.set_state(LampState.OFF)
    assert not lamp._blink.isActive()


def test_keypad_types_into_its_target(qtbot):
    field = QLineEdit()
    keypad = Keypad()
    qtbot.addWidget(field)
    qtbot.addWidget(keypad)
    keypad.set_target(field)
    keypad.show()
    digits = {b.text(): b for b in keypad.findChildren(type(keypad._clear_key))}
    for key in "204":
        qtbot.mouseClick(digits[key], Qt.MouseButton.LeftButton)
    assert field.text() == "204"
    qtbot.mouseClick(keypad._backspace_keys[0], Qt.MouseButton.LeftButton)
    assert field.text() == "20"
    keypad.set_alpha(True)
    qtbot.mouseClick(keypad._shift_key, Qt.MouseButton.LeftButton)
    letter = next(b for b in keypad._letter_keys if b.text() == "Q")
    qtbot.mouseClick(letter, Qt.MouseButton.LeftButton)
    assert field.text() == "20Q"
    with qtbot.waitSignal(keypad.submitted):
        qtbot.mouseClick(keypad._ok_keys[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keypad._to_numeric, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keypad._clear_key, Qt.MouseButton.LeftButton)
    assert field.text() == "" and not keypad.alpha
    assert all(not key.focusPolicy() & Qt.FocusPolicy.ClickFocus
               for key in keypad.findChildren(type(keypad._clear_key)))


def test_one_colour_per_role_and_a_night_variant():
    assert len(set(DAY.roles.values())) == len(EnergyRole)
    assert set(NIGHT.roles) == set(EnergyRole)
    for role in EnergyRole:  # same hue at night, less light
        day, night = DAY.role(role), NIGHT.role(role)
        assert night.value() < day.value()
    assert theme_for_time(datetime(2026, 11, 25, 12, 0)) is DAY
    assert theme_for_time(datetime(2026, 11, 25, 22, 0)) is NIGHT
    assert theme_for_time(datetime(2026, 11, 25, 4, 0)) is NIGHT


def test_stylesheet_scales_with_the_window():
    assert "min-height: 48px" in build_stylesheet(DAY, 1.0)
    assert "min-height: 80px" in build_stylesheet(DAY, 1.67)
    assert "$" not in build_stylesheet(NIGHT, 2.25)


def test_kiosk_follows_day_and_night(qtbot, services):
    from app.ui.shell.kiosk_window import KioskWindow

    window = KioskWindow(services, fullscreen=False, auto_night=True)
    qtbot.addWidget(window)
    window.follow_daylight(datetime(2026, 11, 25, 22, 30))
    assert window.theme is NIGHT
    assert window.view.page("home").diagram._theme is NIGHT
    window.follow_daylight(datetime(2026, 11, 26, 7, 0))
    assert window.theme is DAY


def test_missing_cjk_font_fails_soft(caplog, tmp_path):
    from app.ui.application import register_cjk_fonts

    assert register_cjk_fonts((tmp_path / "NoSuchFont.ttc",)) == []
    assert "CJK font not found" in caplog.text


def test_cjk_font_is_the_application_font(qapp):
    from PySide6.QtGui import QFontInfo

    assert QFontInfo(qapp.font()).family() == "Noto Sans CJK JP"


def test_create_main_window_for_the_desktop(qtbot, services):
    from app.ui import create_main_window
    from app.ui.shell.desktop_window import DesktopWindow

    window = create_main_window(services, kiosk=False)
    qtbot.addWidget(window)
    assert isinstance(window, DesktopWindow)
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_clock_shows_the_wall_clock_at_each_tick(qtbot):
    from app.ui.shell.clock_label import ClockLabel

    moments = iter([datetime(2026, 11, 25, 14, 5, 30), datetime(2026, 11, 25, 9, 0, 1)])
    current = {"now": next(moments), "lang": "ja"}
    clock = ClockLabel(lambda: current["lang"], now=lambda: current["now"])
    qtbot.addWidget(clock)
    assert clock.text() == "2026年11月25日(水) 14:05"
    current["now"] = next(moments)  # NTP corrected the clock backwards at boot
    current["lang"] = "en"
    clock.tick()
    assert clock.text() == "Wed 25 Nov 2026 09:00"
    clock.show()
    assert clock.running
    clock.hide()
    assert not clock.running
