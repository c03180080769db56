"""How good the day-ahead forecasts of recent days were: per day, for solar generation and
for consumption, the forecast and the measured kWh, the mean absolute error and the bias
per 30 minutes (bias > 0: the forecast was too high)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from app.domain.energy_forecast import DayAccuracy, ForecastKind
from app.domain.periods import Period
from app.ui.formatting import DASH, format_energy_kwh, format_energy_wh
from app.ui.widgets.graph_format import tick_label

MAX_DAYS = 7
_KINDS = (ForecastKind.SOLAR, ForecastKind.LOAD)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ForecastAccuracyTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.empty = QLabel(wordWrap=True)
        self.empty.setProperty("kind", "muted")
        self.note = QLabel(wordWrap=True)
        self.note.setProperty("kind", "muted")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addLayout(self.grid)
        column.addWidget(self.empty)
        column.addWidget(self.note)
        self.rows: list[list[str]] = []  # the texts of each day's row, newest first

    def show_accuracy(self, accuracy: Sequence[DayAccuracy], lang: str) -> None:
        translate = QCoreApplication.translate
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        by_day: dict[date, dict[ForecastKind, DayAccuracy]] = {}
        for row in accuracy:
            by_day.setdefault(row.day, {})[row.kind] = row
        days = sorted(by_day, reverse=True)[:MAX_DAYS]
        self.rows = [self._texts(day, by_day[day], lang) for day in days]
        self.empty.setVisible(not days)
        self.empty.setText(translate(
            "ForecastAccuracyTable",
            "No day to judge yet: a forecast is compared with what happened the day after."))
        self.note.setVisible(bool(days))
        self.note.setText(translate(
            "ForecastAccuracyTable",
            "Error: the mean difference per 30 minutes. Bias: + the forecast was too high, "
            "- too low."))
        if not days:
            return
        groups = (translate("ForecastAccuracyTable", "Solar"),
                  translate("ForecastAccuracyTable", "Consumption"))
        for index, group in enumerate(groups):
            self._cell(group, 0, 1 + 3 * index, "heading", span=3)
        headers = (translate("ForecastAccuracyTable", "Day"),
                   *(translate("ForecastAccuracyTable", "Forecast / actual"),
                     translate("ForecastAccuracyTable", "Error"),
                     translate("ForecastAccuracyTable", "Bias")) * 2)
        for column, text in enumerate(headers):
            self._cell(text, 1, column, "muted")
        for row, texts in enumerate(self.rows, start=2):
            for column, text in enumerate(texts):
                self._cell(text, row, column)
        self.grid.setColumnStretch(len(headers), 1)

    def _cell(self, text: str, row: int, column: int, kind: str | None = None,
              span: int = 1) -> None:
        label = QLabel(text, self)
        if kind:
            label.setProperty("kind", kind)
        align = Qt.AlignmentFlag.AlignLeft if column == 0 or span > 1 else _RIGHT
        self.grid.addWidget(label, row, column, 1, span, align | Qt.AlignmentFlag.AlignVCenter)

    @staticmethod
    def _texts(day: date, rows: dict[ForecastKind, DayAccuracy], lang: str) -> list[str]:
        texts = [tick_label(day, Period.WEEK, lang)]
        for kind in _KINDS:
            row = rows.get(kind)
            if row is None:
                texts += [DASH, DASH, DASH]
                continue
            texts += [f"{format_energy_kwh(row.forecast_kwh, lang)} / "
                      f"{format_energy_kwh(row.actual_kwh, lang)}",
                      format_energy_wh(row.mae_wh, lang),
                      format_energy_wh(row.bias_wh, lang, signed=True)]
        return texts
