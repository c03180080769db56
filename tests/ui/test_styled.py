"""restyle: a property the stylesheet selects on takes effect whether or not the widget
has been styled yet (before its first show it is left to the first polish)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.widgets.styled import restyle

SHEET = 'QLabel[kind="big"] { font-size: 40px; } QLabel[kind="small"] { font-size: 12px; }'


def _window(qtbot) -> tuple[QWidget, QLabel]:
    window = QWidget()
    window.setStyleSheet(SHEET)
    label = QLabel("1,234 W", window)
    QVBoxLayout(window).addWidget(label)
    qtbot.addWidget(window)
    return window, label


def test_a_property_set_before_the_first_show_is_styled_when_shown(qtbot) -> None:
    window, label = _window(qtbot)
    restyle(label, "kind", "big")
    assert not label.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)  # left for later
    with qtbot.waitExposed(window):
        window.show()
    assert label.font().pixelSize() == 40


def test_a_shown_widget_is_restyled_at_once(qtbot) -> None:
    window, label = _window(qtbot)
    restyle(label, "kind", "big")
    with qtbot.waitExposed(window):
        window.show()
    restyle(label, "kind", "small")
    assert label.font().pixelSize() == 12
