"""Choose the household's municipality from its prefecture's list, with a finger.

Big buttons in the order of their reading (五十音), three to a row, in a list that
scrolls (Tokyo has 62, Hokkaido 179); a row of kana (あ か さ …) jumps to the first
municipality read with that sound. Names are shown as they are written (世田谷区):
the list has no romaji, so English shows them in Japanese as well.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QScrollArea, QWidget

from app.domain.household import Municipality
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.touch import kinetic_scroll

COLUMNS = 3
# The ten rows of the kana table and how the index names them. Like prefecture names,
# these are data (the sounds of the Japanese names), not translated text.
GYO = ("アイウエオァィゥェォ", "カキクケコ", "サシスセソ", "タチツテト", "ナニヌネノ",
       "ハヒフヘホ", "マミムメモ", "ヤユヨャュョ", "ラリルレロ", "ワヲン")
GYO_LABELS = {"ja": ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ"),
              "en": ("a", "ka", "sa", "ta", "na", "ha", "ma", "ya", "ra", "wa")}


def gyo_of(kana: str) -> int | None:
    """The row of the kana table a reading starts in (ガ counts as カ), or None."""
    first = unicodedata.normalize("NFD", kana[:1])[:1]
    return next((i for i, row in enumerate(GYO) if first and first in row), None)


class MunicipalityDialog(SheetDialog):
    chosen = Signal(object)  # Municipality

    def __init__(self, title: str, towns: Sequence[Municipality], current: str | None,
                 language: str, parent: QWidget) -> None:
        super().__init__(parent)
        self._title = title
        self.towns = sorted(towns, key=lambda t: (t.kana, t.code))
        self.buttons: dict[str, QPushButton] = {}
        self.index: list[QPushButton] = []
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        first_of: dict[int, str] = {}
        for n, town in enumerate(self.towns):
            button = QPushButton(town.name, content)
            button.setObjectName(f"Town_{town.code}")
            button.setCheckable(True)
            button.setChecked(town.code == current)
            button.setMinimumHeight(52)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, t=town: self.choose(t))
            grid.addWidget(button, n // COLUMNS, n % COLUMNS)
            self.buttons[town.code] = button
            gyo = gyo_of(town.kana)
            if gyo is not None:
                first_of.setdefault(gyo, town.code)
        grid.setRowStretch(grid.rowCount(), 1)
        self.scroll: QScrollArea = kinetic_scroll(content, self)
        row = QHBoxLayout()
        row.setSpacing(4)
        labels = GYO_LABELS["ja" if language == "ja" else "en"]
        for gyo, label in enumerate(labels):
            key = QPushButton(label, self)
            key.setObjectName(f"Kana_{gyo}")
            key.setMinimumSize(48, 48)
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            key.setEnabled(gyo in first_of)
            if gyo in first_of:
                key.clicked.connect(lambda _=False, c=first_of[gyo]: self.jump_to(c))
            row.addWidget(key, 1)
            self.index.append(key)
        self.body.addLayout(row)
        self.body.addWidget(self.scroll, 1)
        self.retranslate()

    def jump_to(self, code: str) -> None:
        """Scroll so that this municipality's row is at the top of the list."""
        self.scroll.verticalScrollBar().setValue(self.buttons[code].y())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        current = next((c for c, b in self.buttons.items() if b.isChecked()), None)
        if current is not None:
            self.scroll.ensureWidgetVisible(self.buttons[current])

    def choose(self, town: Municipality) -> None:
        self.chosen.emit(town)
        self.accept()

    def retranslate(self) -> None:
        self.title_label.setText(self._title)
        self.message_label.setVisible(False)
        self.cancel_button.setText(QCoreApplication.translate("ChoiceDialog", "Cancel"))
