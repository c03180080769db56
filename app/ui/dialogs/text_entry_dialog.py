"""Type a short text on the screen: the keypad (digits, letters) or the kana keyboard.

The keypad opens on letters or digits as the field needs, or the kana keyboard for
Japanese names (a circuit the list does not have); `check` turns the typed text into
the value (or None: the error text is shown and the sheet stays).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.kana_keyboard import KanaKeyboard
from app.ui.widgets.keypad import Keypad


class TextEntryDialog(SheetDialog):
    entered = Signal(str)

    def __init__(self, parent: QWidget, *, title: str, message: str, current: str = "",
                 alpha: bool = False, kana: bool = False, decimal: bool = False,
                 check: Callable[[str], str | None] = lambda s: s,
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
        self.ok_button: QPushButton | None = None
        self.keypad: Keypad | KanaKeyboard
        if kana:  # the kana keyboard has no OK key: the field's row gets one
            self.keypad = KanaKeyboard(self)
            self.ok_button = QPushButton(self)
            self.ok_button.setObjectName("PrimaryAction")
            self.ok_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.ok_button.clicked.connect(self.submit)
        else:
            self.keypad = Keypad(self, decimal=decimal)  # decimal: "." for addresses
            self.keypad.set_alpha(alpha)
            self.keypad.submitted.connect(self.submit)
        self.keypad.set_target(self.field)
        self.title_label.setText(title)
        self.message_label.setText(message)
        if self.ok_button is not None:
            # The kana grid is tall: the field and OK share the title's row and the message
            # becomes the field's placeholder, so the sheet stays within an 800×480 screen.
            title_row = self.body.itemAt(0).layout()
            title_row.insertWidget(1, self.field, 1)
            title_row.insertWidget(2, self.ok_button)
            self.field.setPlaceholderText(message)
            self.message_label.setText("")
            self.message_label.hide()
        else:
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
        if self.ok_button is not None:
            self.ok_button.setText(QCoreApplication.translate("TextEntryDialog", "OK"))
