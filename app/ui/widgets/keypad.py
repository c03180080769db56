"""On-screen keypad for the access password: big numeric keys, with an alphabet layout.

It types into a target QLineEdit. Its keys never take focus, so the field the
user is filling keeps its cursor; dialogs point the keypad at the focused field.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from app.ui.icons import themed_icon
from app.ui.retranslate import RetranslateMixin
from app.ui.theme import DAY, Theme

_ALPHA_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
NUMERIC_ASPECT = 1.6  # the numeric pad is at most this much wider than tall: square-ish keys


class Keypad(RetranslateMixin, QWidget):
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None, *, decimal: bool = False,
                 signed: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("Keypad")
        self._decimal = decimal  # prices: a decimal point where the letters key would be
        self._signed = signed  # adjustments can be negative: a ± key above OK
        self._target: QLineEdit | None = None
        self._theme = DAY
        self._shift = False
        self._letter_keys: list[QPushButton] = []
        self._backspace_keys: list[QPushButton] = []
        self._ok_keys: list[QPushButton] = []
        self._clear_key = self._key("", "key-action", self._clear)
        self._to_alpha = self._key("ABC", "key-action", lambda: self.set_alpha(True))
        self._to_numeric = self._key("123", "key-action", lambda: self.set_alpha(False))
        self._shift_key = self._key("", "key-action", self._toggle_shift)
        self._shift_key.setCheckable(True)

        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._numeric_page())
        self._pages.addWidget(self._alpha_page())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        self.set_theme(DAY)
        self.retranslate()

    # --- API ---------------------------------------------------------------------------
    def set_target(self, line_edit: QLineEdit | None) -> None:
        self._target = line_edit

    def set_alpha(self, alpha: bool) -> None:
        self._pages.setCurrentIndex(1 if alpha else 0)

    @property
    def alpha(self) -> bool:
        return self._pages.currentIndex() == 1

    def press(self, text: str) -> None:
        """Type ``text`` as if its keys were tapped (tests and hardware keys use this)."""
        if self._target is not None:
            self._target.insert(text)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        color = theme.color("text")
        for button in self._backspace_keys:
            button.setIcon(themed_icon("backspace", color))
        self._shift_key.setIcon(themed_icon("shift", color))

    def retranslate(self) -> None:
        self._clear_key.setText(QCoreApplication.translate("Keypad", "Clear"))
        for button in self._ok_keys:
            button.setText(QCoreApplication.translate("Keypad", "OK"))
        for button in self._backspace_keys:
            button.setAccessibleName(QCoreApplication.translate("Keypad", "Delete"))
        self._shift_key.setAccessibleName(QCoreApplication.translate("Keypad", "Capitals"))

    def numeric_width(self) -> int:
        """Width of the numeric pad, so a dialog can line its field up with it."""
        return min(self.width(), round(self.height() * NUMERIC_ASPECT))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._numeric_box.setMaximumWidth(self.numeric_width())
        side = max(20, min(40, self.height() // 9))
        for button in (*self._backspace_keys, self._shift_key):
            button.setIconSize(QSize(side, side))

    # --- building ----------------------------------------------------------------------
    def _key(self, text: str, kind: str, handler) -> QPushButton:
        button = QPushButton(text, self)
        button.setProperty("kind", kind)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.clicked.connect(handler)
        return button

    def _char_key(self, char: str) -> QPushButton:
        button = self._key(char, "key", lambda: self.press(button.text()))
        if char.isalpha():
            self._letter_keys.append(button)
        return button

    def _backspace(self) -> QPushButton:
        button = self._key("", "key-action", self._backspace_pressed)
        button.setAutoRepeat(True)
        self._backspace_keys.append(button)
        return button

    def _ok(self) -> QPushButton:
        button = self._key("", "primary", self.submitted.emit)
        self._ok_keys.append(button)
        return button

    def _numeric_page(self) -> QWidget:
        page = QWidget()
        grid_box = QWidget(page)
        self._numeric_box = grid_box
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for index, char in enumerate("123456789"):
            grid.addWidget(self._char_key(char), index // 3, index % 3)
        grid.addWidget(self._char_key(".") if self._decimal else self._to_alpha, 3, 0)
        grid.addWidget(self._char_key("0"), 3, 1)
        grid.addWidget(self._clear_key, 3, 2)
        grid.addWidget(self._backspace(), 0, 3)
        if self._signed:
            grid.addWidget(self._key("±", "key", self._toggle_sign), 1, 3)
        grid.addWidget(self._ok(), 2 if self._signed else 1, 3, 2 if self._signed else 3, 1)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        outer = QHBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)
        outer.addWidget(grid_box, 100)  # takes all it may (up to its maximum), centred
        outer.addStretch(1)
        return page

    def _alpha_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        digits, top, middle, bottom = _ALPHA_ROWS
        for row, chars in enumerate((digits, top, middle)):
            for column, char in enumerate(chars):
                grid.addWidget(self._char_key(char), row, column)
        grid.addWidget(self._backspace(), 2, 9)
        grid.addWidget(self._shift_key, 3, 0)
        for column, char in enumerate(bottom, start=1):
            grid.addWidget(self._char_key(char), 3, column)
        grid.addWidget(self._to_numeric, 3, 8)
        grid.addWidget(self._ok(), 3, 9)
        for column in range(10):
            grid.setColumnStretch(column, 1)
        return page

    # --- actions -----------------------------------------------------------------------
    def _backspace_pressed(self) -> None:
        if self._target is not None:
            self._target.backspace()

    def _toggle_sign(self) -> None:
        if self._target is not None:
            text = self._target.text()
            self._target.setText(text[1:] if text.startswith("-") else "-" + text)

    def _clear(self) -> None:
        if self._target is not None:
            self._target.clear()

    def _toggle_shift(self) -> None:
        self._shift = not self._shift
        self._shift_key.setChecked(self._shift)
        for button in self._letter_keys:
            text = button.text()
            button.setText(text.upper() if self._shift else text.lower())
