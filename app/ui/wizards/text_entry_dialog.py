"""Type a short text with the on-screen keypad (city in romaji, postal code, codes).

The keypad opens on letters or digits as the field needs; `check` turns the
typed text into the value (or None: the error text is shown and the sheet stays).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.keypad import Keypad


class TextEntryDialog(SheetDialog):
    entered = Signal(str)

    def __init__(self, parent: QWidget, *, title: str, message: str, current: str = "",
                 alpha: bool = False, check: Callable[[str], str | None] = lambda s: s,
                 error: str = "", max_length: int = 40) -> None:
        super().__init__(parent)
        self._check = check
        self._error = error
        self.field = QLineEdit(current, self)
        self.field.setObjectName("TextEntryField")
        self.field.setMaxLength(max_length)
        self.field.returnPressed.connect(self.submit)
        self.field.textEdited.connect(lambda _text: self.error_label.clear())
        self.error_label = QLabel(self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.error_label.setProperty("kind", "error")
        self.keypad = Keypad(self)
        self.keypad.set_target(self.field)
        self.keypad.set_alpha(alpha)
        self.keypad.submitted.connect(self.submit)
        self.title_label.setText(title)
        self.message_label.setText(message)
        self.body.addWidget(self.field)
        self.body.addWidget(self.error_label)
        self.body.addWidget(self.keypad, 1)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()

    def submit(self) -> None:
        value = self._check(self.field.text().strip())
        if value is None:
            self.error_label.setText(self._error)
            return
        self.entered.emit(value)
        self.accept()

    def retranslate(self) -> None:
        self.cancel_button.setText(QCoreApplication.translate("TextEntryDialog", "Cancel"))
