"""Japanese on-screen keyboard for the kiosk: a 五十音 kana grid, and a digits/Latin page.

It types into a target QLineEdit, like the keypad: its keys never take focus. The
kana page is the gojūon table read across (あかさたな… on the top row, い-row
below it); ゛ and ゜ add or take away the voicing marks of the character before the
cursor (か→が, は→ば→ぱ), 小 makes it small (つ→っ, や→ゃ), カナ switches the grid
between hiragana and katakana. Kanji conversion is not offered: names that need
kanji are picked from lists by the dialogs.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import themed_icon
from app.ui.retranslate import RetranslateMixin
from app.ui.theme import DAY, Theme

# Columns of the gojūon table (あ-column first); a NUL leaves a gap where no kana is.
KANA_COLUMNS = ("あいうえお", "かきくけこ", "さしすせそ", "たちつてと", "なにぬねの",
                "はひふへほ", "まみむめも", "や\0ゆ\0よ", "らりるれろ", "わをんー\0")
LATIN_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm./_")
_SMALL = dict(zip("あいうえおつやゆよわかけ", "ぁぃぅぇぉっゃゅょゎゕゖ", strict=True))
_SMALL.update({small: big for big, small in list(_SMALL.items())})
_DAKUTEN, _HANDAKUTEN = "\u3099", "\u309a"  # combining voiced / semi-voiced sound marks
_KATAKANA_OFFSET = 0x60  # ア is あ + 0x60, for the whole hiragana block ぁ..ゖ


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + _KATAKANA_OFFSET) if "ぁ" <= c <= "ゖ" else c for c in text)


def to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - _KATAKANA_OFFSET) if "ァ" <= c <= "ヶ" else c for c in text)


def with_mark(char: str, mark: str) -> str | None:
    """``char`` with ``mark`` (゛ or ゜) added, or taken away if it has it; None: no such kana.

    Adding one mark replaces the other (ば + ゜ → ぱ), so ゛ and ゜ cycle は ば ぱ.
    """
    base, *marks = unicodedata.normalize("NFD", char)
    if mark in marks:
        return base
    combined = unicodedata.normalize("NFC", base + mark)
    return combined if len(combined) == 1 else None


def small_or_big(char: str) -> str | None:
    """The small form of a kana (つ→っ), or the normal form of a small one; None: neither."""
    hiragana = to_hiragana(char)
    other = _SMALL.get(hiragana)
    if other is None:
        return None
    return to_katakana(other) if hiragana != char else other


class KanaKeyboard(RetranslateMixin, QWidget):
    KANA, LATIN = 0, 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KanaKeyboard")
        self._target: QLineEdit | None = None
        self._katakana = False
        self._shift = False
        self._kana_keys: list[QPushButton] = []
        self._letter_keys: list[QPushButton] = []
        self._backspace_keys: list[QPushButton] = []
        self._shift_keys: list[QPushButton] = []
        self._mode_keys: list[QPushButton] = []  # to the other page (英数 / かな)
        self._script_keys: list[QPushButton] = []  # hiragana / katakana
        self._space_keys: list[QPushButton] = []
        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._kana_page())
        self._pages.addWidget(self._latin_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        self.set_theme(DAY)
        self.retranslate()

    # --- API ---------------------------------------------------------------------------
    def set_target(self, line_edit: QLineEdit | None) -> None:
        self._target = line_edit

    @property
    def target(self) -> QLineEdit | None:
        return self._target

    @property
    def page(self) -> int:
        return self._pages.currentIndex()

    def set_page(self, page: int) -> None:
        self._pages.setCurrentIndex(page)

    @property
    def katakana(self) -> bool:
        return self._katakana

    def set_katakana(self, katakana: bool) -> None:
        self._katakana = katakana
        for button in self._kana_keys:
            text = button.text()
            button.setText(to_katakana(text) if katakana else to_hiragana(text))
        for button in self._script_keys:
            button.setChecked(katakana)

    def key(self, text: str) -> QPushButton:
        """The key showing ``text`` on the current page (tests tap it)."""
        page = self._pages.currentWidget()
        for button in page.findChildren(QPushButton):
            if button.text() == text or button.accessibleName() == text:
                return button
        raise KeyError(text)

    def press(self, text: str) -> None:
        """Type ``text`` at the target's cursor."""
        if self._target is not None:
            self._target.insert(text)

    def set_theme(self, theme: Theme) -> None:
        color = theme.color("text")
        for button in self._backspace_keys:
            button.setIcon(themed_icon("backspace", color))
        for button in self._shift_keys:
            button.setIcon(themed_icon("shift", color))

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        for button in self._backspace_keys:
            button.setAccessibleName(translate("KanaKeyboard", "Delete"))
        for button in self._shift_keys:
            button.setAccessibleName(translate("KanaKeyboard", "Capitals"))
        for button in self._space_keys:
            button.setText(translate("KanaKeyboard", "Space"))
        for button in self._script_keys:
            button.setText("カナ")  # the key's own face, as on Japanese keyboards
            button.setAccessibleName(translate("KanaKeyboard", "Katakana"))
        for button in self._mode_keys:
            to_latin = button.property("to") == self.LATIN
            button.setText("ABC 123" if to_latin else "かな")
            button.setAccessibleName(translate("KanaKeyboard", "Letters and digits") if to_latin
                                     else translate("KanaKeyboard", "Kana"))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        side = max(20, min(32, self.height() // 12))
        for button in (*self._backspace_keys, *self._shift_keys):
            button.setIconSize(QSize(side, side))

    # --- building ----------------------------------------------------------------------
    def _key(self, text: str, kind: str, handler) -> QPushButton:
        button = QPushButton(text, self)
        button.setProperty("kind", kind)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        button.setMinimumWidth(48)
        button.setStyleSheet("padding: 0px;")  # the grid gives each key its width
        button.clicked.connect(handler)
        return button

    def _char_key(self, char: str) -> QPushButton:
        button = self._key(char, "key", lambda: self.press(button.text()))
        return button

    def _common_keys(self, grid: QGridLayout, row: int, to: int) -> None:
        """The bottom row both pages share: page switch, katakana, space; ⌫ at the right."""
        mode = self._key("", "key-action", lambda: self.set_page(to))
        mode.setProperty("to", to)
        self._mode_keys.append(mode)
        grid.addWidget(mode, row, 0, 1, 2)
        if to == self.LATIN:  # on the kana page: hiragana or katakana
            script = self._key("", "key-action", lambda: self.set_katakana(not self._katakana))
            script.setCheckable(True)
            self._script_keys.append(script)
            grid.addWidget(script, row, 2, 1, 2)
        space = self._key("", "key-action", lambda: self.press(" "))
        self._space_keys.append(space)
        start = 4 if to == self.LATIN else 2
        grid.addWidget(space, row, start, 1, 10 - start)
        backspace = self._key("", "key-action", self._backspace)
        backspace.setAutoRepeat(True)
        self._backspace_keys.append(backspace)
        grid.addWidget(backspace, row, 10, 1, 2)

    def _grid(self, page: QWidget) -> QGridLayout:
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for column in range(12):
            grid.setColumnStretch(column, 1)
        return grid

    def _kana_page(self) -> QWidget:
        page = QWidget()
        grid = self._grid(page)
        for column, kana in enumerate(KANA_COLUMNS):
            for row, char in enumerate(kana):
                if char != "\0":
                    key = self._char_key(char)
                    self._kana_keys.append(key)
                    grid.addWidget(key, row, column)
        grid.addWidget(self._key("゛", "key-action", lambda: self._mark(_DAKUTEN)), 0, 10)
        grid.addWidget(self._key("゜", "key-action", lambda: self._mark(_HANDAKUTEN)), 0, 11)
        grid.addWidget(self._key("小", "key-action", self._small), 1, 10, 1, 2)
        grid.addWidget(self._char_key("・"), 2, 10, 1, 2)
        for row, pair in ((3, "、。"), (4, "？！")):
            grid.addWidget(self._char_key(pair[0]), row, 10)
            grid.addWidget(self._char_key(pair[1]), row, 11)
        self._common_keys(grid, 5, self.LATIN)
        return page

    def _latin_page(self) -> QWidget:
        page = QWidget()
        grid = self._grid(page)
        for row, chars in enumerate(LATIN_ROWS):
            for column, char in enumerate(chars):
                key = self._char_key(char)
                if char.isalpha():
                    self._letter_keys.append(key)
                grid.addWidget(key, row, column)
        shift = self._key("", "key-action", self._toggle_shift)
        shift.setCheckable(True)
        self._shift_keys.append(shift)
        grid.addWidget(shift, 1, 10, 2, 2)
        grid.addWidget(self._char_key("("), 3, 10)
        grid.addWidget(self._char_key(")"), 3, 11)
        grid.addWidget(self._char_key("#"), 0, 10)
        grid.addWidget(self._char_key("+"), 0, 11)
        self._common_keys(grid, 4, self.KANA)
        return page

    # --- actions -----------------------------------------------------------------------
    def _before_cursor(self) -> str:
        field = self._target
        if field is None or field.cursorPosition() == 0:
            return ""
        return field.text()[field.cursorPosition() - 1]

    def _replace_before_cursor(self, char: str | None) -> None:
        if char is not None and self._target is not None:
            self._target.backspace()
            self._target.insert(char)

    def _mark(self, mark: str) -> None:
        before = self._before_cursor()
        if before:
            self._replace_before_cursor(with_mark(before, mark))

    def _small(self) -> None:
        before = self._before_cursor()
        if before:
            self._replace_before_cursor(small_or_big(before))

    def _backspace(self) -> None:
        if self._target is not None:
            self._target.backspace()

    def _toggle_shift(self) -> None:
        self._shift = not self._shift
        for button in self._shift_keys:
            button.setChecked(self._shift)
        for button in self._letter_keys:
            text = button.text()
            button.setText(text.upper() if self._shift else text.lower())
