"""What AI control saved: this month's total large, and the recent days one per row —
what the home paid, what it would have paid in plain self-consumption (the battery
only storing surplus, the EcoCute heating at night), and the difference.

Both come from the measured data (the control service computes them); a day that cost
more than the baseline shows a negative saving, as it was.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.control_view import DaySaving
from app.ui.formatting import format_day, format_yen

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

MAX_DAYS = 7  # a week: more scrolls a long way on the panel


class SavingsCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "card")
        self._savings: tuple[DaySaving, ...] = ()
        self._month: float | None = None
        self._lang = "ja"
        self.heading = QLabel()
        self.heading.setProperty("kind", "heading")
        self.month_caption = QLabel()
        self.month_caption.setProperty("kind", "muted")
        self.month_figure = QLabel()
        self.month_figure.setObjectName("MonthSaved")
        self.month_figure.setProperty("kind", "figure")
        month = QHBoxLayout()
        month.setSpacing(10)
        month.addWidget(self.month_caption, 0, Qt.AlignmentFlag.AlignBaseline)
        month.addWidget(self.month_figure, 0, Qt.AlignmentFlag.AlignBaseline)
        month.addStretch(1)
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(14)
        self.table.setVerticalSpacing(4)
        self.note = QLabel(wordWrap=True)
        self.note.setProperty("kind", "muted")
        self.empty = QLabel(wordWrap=True)
        self.empty.setProperty("kind", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(month)
        layout.addLayout(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.note)
        self.lines: list[tuple[str, ...]] = []  # the table's rows as shown (tests, a look)

    def show_savings(
        self, savings: Sequence[DaySaving], month_saved_yen: float | None, lang: str
    ) -> None:
        self._savings, self._month, self._lang = tuple(savings), month_saved_yen, lang
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(translate("SavingsCard", "What it saved"))
        self.month_caption.setText(translate("SavingsCard", "This month so far"))
        self.month_figure.setText(format_yen(self._month))
        self.note.setText(
            translate(
                "SavingsCard",
                "From the measured data: what the home paid for electricity, "
                "against what it would have paid with the battery only storing "
                "surplus solar and the EcoCute heating at night.",
            )
        )
        self.empty.setText(
            translate(
                "SavingsCard",
                "No results yet. The first appears the day after a whole day under AI control."
            )
        )
        self.empty.setVisible(not self._savings)
        self._fill_table()

    def _fill_table(self) -> None:
        while self.table.count():
            widget = self.table.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.lines = []
        if not self._savings:
            return
        headers = (
            "",
            translate("SavingsCard", "Paid"),
            translate("SavingsCard", "Without AI"),
            translate("SavingsCard", "Saved"),
        )
        for column, text in enumerate(headers):
            label = QLabel(text)
            label.setProperty("kind", "muted")
            label.setAlignment(
                Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft
            )
            self.table.addWidget(label, 0, column)
        for row, day in enumerate(self._savings[:MAX_DAYS], start=1):
            cells = (
                format_day(day.day, self._lang),
                format_yen(day.actual_yen),
                format_yen(day.baseline_yen),
                format_yen(day.saved_yen),
            )
            self.lines.append(cells)
            for column, text in enumerate(cells):
                label = QLabel(text)
                label.setAlignment(
                    Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft
                )
                if column == 3:
                    label.setStyleSheet("font-weight: bold;")
                self.table.addWidget(label, row, column)
        self.table.setColumnStretch(0, 1)
