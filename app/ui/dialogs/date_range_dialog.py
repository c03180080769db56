"""A from–to period chosen by steps (a day or a month at a time): no calendar to aim at.

The first day never passes the last one; neither passes today.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.formatting import format_date

# (label, days, months) of the step buttons either side of a date
_BACK = (("«", 0, -1), ("‹", -1, 0))
_FORWARD = (("›", 1, 0), ("»", 0, 1))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):  # the 31st of a shorter month is its last day
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class DateRangeDialog(SheetDialog):
    chosen = Signal(object, object)  # first day, last day (both included)

    def __init__(self, first: date, last: date, today: date, language: str,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.today = today
        self.language = language
        self.first, self.last = min(first, today), min(last, today)
        self.captions = [QLabel(self), QLabel(self)]
        self.labels = [QLabel(self, alignment=Qt.AlignmentFlag.AlignCenter) for _ in range(2)]
        self.steps: list[dict[str, QPushButton]] = [{}, {}]
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(12)
        for row in range(2):
            grid.addWidget(self.captions[row], row, 0)
            column = 1
            for text, days, months in _BACK:
                grid.addWidget(self._step(row, text, days, months), row, column)
                column += 1
            self.labels[row].setProperty("kind", "heading")
            grid.addWidget(self.labels[row], row, column)
            column += 1
            for text, days, months in _FORWARD:
                grid.addWidget(self._step(row, text, days, months), row, column)
                column += 1
        grid.setColumnStretch(3, 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.ok_button = QPushButton(self)
        self.ok_button.setProperty("kind", "primary")
        self.ok_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok_button.clicked.connect(self._ok)
        self.body.addWidget(self.ok_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def _step(self, row: int, text: str, days: int, months: int) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName("GraphStep")  # the square step button of the graphs
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.step(row, days, months))
        self.steps[row][text] = button
        return button

    def step(self, row: int, days: int = 0, months: int = 0) -> None:
        """Move the first (row 0) or last (row 1) day; the other follows if they would cross."""
        day = self.first if row == 0 else self.last
        day = min(add_months(day, months) + timedelta(days=days), self.today)
        if row == 0:
            self.first = day
            self.last = max(self.last, day)
        else:
            self.last = day
            self.first = min(self.first, day)
        self._show()

    def _ok(self) -> None:
        self.chosen.emit(self.first, self.last)
        self.accept()

    def _show(self) -> None:
        self.labels[0].setText(format_date(self.first, self.language))
        self.labels[1].setText(format_date(self.last, self.language))
        for row, day in ((0, self.first), (1, self.last)):
            for text in ("›", "»"):
                self.steps[row][text].setEnabled(day < self.today)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.title_label.setText(translate("DateRangeDialog", "Period"))
        self.message_label.setText(translate("DateRangeDialog", "Step the first and the last day: "
                                                         "‹ › by a day, « » by a month."))
        self.captions[0].setText(translate("DateRangeDialog", "From"))
        self.captions[1].setText(translate("DateRangeDialog", "To"))
        self.ok_button.setText(translate("DateRangeDialog", "Show"))
        self.cancel_button.setText(translate("DateRangeDialog", "Cancel"))
        self._show()
