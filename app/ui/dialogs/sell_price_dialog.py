"""Enters the household's selling (feed-in) price, by touch: a field over a decimal keypad."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.keypad import Keypad

MAX_SELL_YEN = 100.0  # no feed-in price has come near it; above it, a typo


def parse_price(text: str) -> float | None:
    """Yen per kWh with at most two decimals, 0..MAX_SELL_YEN; None if not that."""
    text = text.strip()
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value) or not 0 <= value <= MAX_SELL_YEN:
        return None
    if "." in text and len(text.split(".")[1]) > 2:
        return None
    return value


class SellPriceDialog(SheetDialog):
    entered = Signal(float)

    def __init__(self, current: float | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = QLineEdit("" if current is None else f"{current:g}", self)
        self.field.setObjectName("SellPriceField")
        self.field.returnPressed.connect(self.submit)
        self.field.textEdited.connect(lambda _text: self.error_label.clear())
        self.error_label = QLabel(self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.error_label.setProperty("kind", "error")
        self.keypad = Keypad(self, decimal=True)
        self.keypad.set_target(self.field)
        self.keypad.submitted.connect(self.submit)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.field, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.error_label)
        self.body.addWidget(self.keypad, 1)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.field.setFixedWidth(240)
        self.retranslate()

    def submit(self) -> None:
        value = parse_price(self.field.text())
        if value is None:
            self.error_label.setText(QCoreApplication.translate(
                "SellPriceDialog", "Enter yen per kWh between 0 and 100, with at most two "
                                   "decimals (for example 16 or 8.5)."))
            return
        self.entered.emit(value)
        self.accept()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.title_label.setText(translate("SellPriceDialog", "Selling price"))
        self.message_label.setText(translate(
            "SellPriceDialog", "The price your solar power is bought at, in yen per kWh, as "
                               "on your feed-in contract. It applies from today."))
        self.cancel_button.setText(translate("SellPriceDialog", "Cancel"))
        self.field.setPlaceholderText(translate("SellPriceDialog", "yen/kWh"))
