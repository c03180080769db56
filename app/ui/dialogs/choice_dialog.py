"""Pick one of a few options with a finger: big buttons on a sheet, the current one checked.

Used by the history page's filters (device, kind, period): a drop-down's rows
are too small for a finger, a sheet of buttons is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.touch import kinetic_scroll

COLUMNS = 2


class ChoiceDialog(SheetDialog):
    chosen = Signal(object)

    def __init__(self, title: str, options: Sequence[tuple[Any, str]], current: Any,
                 parent: QWidget, message: str = "") -> None:
        super().__init__(parent)
        self._title = title
        self._message = message
        self.buttons: dict[Any, QPushButton] = {}
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for index, (value, label) in enumerate(options):
            button = QPushButton(label, content)
            button.setCheckable(True)
            button.setChecked(value == current)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons[value] = button
        grid.setRowStretch(grid.rowCount(), 1)
        self.body.addWidget(kinetic_scroll(content, self), 1)
        self.retranslate()

    def choose(self, value: Any) -> None:
        self.chosen.emit(value)
        self.accept()

    def retranslate(self) -> None:
        self.title_label.setText(self._title)
        self.message_label.setText(self._message)
        self.message_label.setVisible(bool(self._message))
        self.cancel_button.setText(QCoreApplication.translate("ChoiceDialog", "Cancel"))
