"""The Japanese on-screen keyboard: voicing marks, small kana, katakana, its keys' sizes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.ui.widgets.kana_keyboard import KanaKeyboard, small_or_big, with_mark


def test_marks_cycle_and_small_kana_toggle():
    assert with_mark("か", "\u3099") == "が"
    assert with_mark("が", "\u3099") == "か"  # a second ゛ takes it away
    assert with_mark("ば", "\u309a") == "ぱ"  # ゜ replaces ゛
    assert with_mark("ウ", "\u3099") == "ヴ"
    assert with_mark("あ", "\u3099") is None and with_mark("か", "\u309a") is None
    assert small_or_big("つ") == "っ" and small_or_big("っ") == "つ"
    assert small_or_big("ヨ") == "ョ" and small_or_big("ョ") == "ヨ"
    assert small_or_big("か") == "ゕ" and small_or_big("ん") is None


def _keyboard(qtbot) -> tuple[KanaKeyboard, QLineEdit, QWidget]:
    host = QWidget()
    qtbot.addWidget(host)
    field = QLineEdit(host)
    keyboard = KanaKeyboard(host)
    keyboard.set_target(field)
    layout = QVBoxLayout(host)
    layout.addWidget(field)
    layout.addWidget(keyboard, 1)
    host.resize(760, 330)  # what the naming sheet leaves it at 800×480
    with qtbot.waitExposed(host):
        host.show()
    return keyboard, field, host  # the host keeps the widgets alive


def test_typing_with_marks_at_the_cursor(qtbot):
    keyboard, field, _host = _keyboard(qtbot)
    for key in ("は", "゛", "ち"):
        qtbot.mouseClick(keyboard.key(key), Qt.MouseButton.LeftButton)
    assert field.text() == "ばち"
    field.setCursorPosition(1)  # the marks change the character before the cursor
    qtbot.mouseClick(keyboard.key("゜"), Qt.MouseButton.LeftButton)
    assert field.text() == "ぱち"
    field.setCursorPosition(2)
    qtbot.mouseClick(keyboard.key("゛"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keyboard.key("゛"), Qt.MouseButton.LeftButton)  # ぢ, then ち again
    qtbot.mouseClick(keyboard.key("小"), Qt.MouseButton.LeftButton)  # ち has no small form
    assert field.text() == "ぱち"
    qtbot.mouseClick(keyboard.key("Space"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keyboard.key("ABC 123"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keyboard.key("Capitals"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keyboard.key("E"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keyboard.key("Delete"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keyboard.key("V"), Qt.MouseButton.LeftButton)
    assert field.text() == "ぱち V"


def test_every_key_is_a_finger_wide_on_both_pages(qtbot):
    from tests.ui.test_touch_targets import too_small

    keyboard, _field, _host = _keyboard(qtbot)
    assert not too_small(keyboard)
    keyboard.set_page(KanaKeyboard.LATIN)
    qtbot.wait(10)
    assert not too_small(keyboard)
