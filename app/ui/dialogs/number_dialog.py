"""Enters one number by touch: a field over a decimal keypad, checked before it is taken.

Prices, amounts and limits all come through here (the selling price, a band's
price, a basic charge): the range and the decimals allowed are the caller's, and
a refused entry says what would be accepted, next to the field. A question that
may be left unanswered (a PV array's rating) passes ``clear_text``: a button under
the field takes the answer back (``cleared``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.keypad import Keypad


@dataclass(frozen=True)
class NumberRange:
    low: float
    high: float
    decimals: int = 2

    def parse(self, text: str) -> float | None:
        """The number in ``text`` if it is in range with at most ``decimals`` decimals."""
        text = text.strip()
        try:
            value = float(text)
        except ValueError:
            return None
        if not math.isfinite(value) or not self.low <= value <= self.high:
            return None
        if "." in text and len(text.split(".")[1]) > self.decimals:
            return None
        return value


class NumberDialog(SheetDialog):
    entered = Signal(float)
    cleared = Signal()  # only with ``clear_text``: the answer taken back

    def __init__(self, parent: QWidget, *, title: str, message: str, unit: str,
                 allowed: NumberRange, current: float | None = None,
                 clear_text: str | None = None) -> None:
        super().__init__(parent)
        self.allowed = allowed
        self.field = QLineEdit("" if current is None else f"{current:g}", self)
        self.field.setObjectName("NumberField")
        self.field.returnPressed.connect(self.submit)
        self.field.textEdited.connect(lambda _text: self.error_label.clear())
        self.field.setPlaceholderText(unit)
        self.error_label = QLabel(self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.error_label.setProperty("kind", "error")
        self.keypad = Keypad(self, decimal=allowed.decimals > 0, signed=allowed.low < 0)
        self.keypad.set_target(self.field)
        self.keypad.submitted.connect(self.submit)
        self.title_label.setText(title)
        self.message_label.setText(message)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        field_row = QHBoxLayout()  # beside the field: the keypad keeps its height
        field_row.addStretch(1)
        field_row.addWidget(self.field)
        self.clear_button: QPushButton | None = None
        if clear_text is not None:
            self.clear_button = QPushButton(clear_text, self)
            self.clear_button.setObjectName("NumberClear")
            self.clear_button.setAutoDefault(False)
            self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.clear_button.clicked.connect(self.clear)
            field_row.addWidget(self.clear_button)
        field_row.addStretch(1)
        self.body.addLayout(field_row)
        self.body.addWidget(self.error_label)
        self.body.addWidget(self.keypad, 1)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.field.setFixedWidth(240)
        self.retranslate()

    def submit(self) -> None:
        value = self.allowed.parse(self.field.text())
        if value is None:
            allowed = self.allowed
            self.error_label.setText(QCoreApplication.translate(
                "NumberDialog", "Enter a number from {low} to {high}, with at most {decimals} "
                                "decimals.").format(low=f"{allowed.low:g}",
                                                    high=f"{allowed.high:g}",
                                                    decimals=allowed.decimals)
                if allowed.decimals else QCoreApplication.translate(
                    "NumberDialog", "Enter a whole number from {low} to {high}.").format(
                    low=f"{allowed.low:g}", high=f"{allowed.high:g}"))
            return
        self.entered.emit(value)
        self.accept()

    def clear(self) -> None:
        self.cleared.emit()
        self.accept()

    def retranslate(self) -> None:
        self.cancel_button.setText(QCoreApplication.translate("NumberDialog", "Cancel"))
