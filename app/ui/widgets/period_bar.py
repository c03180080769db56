"""The period controls of every history view: live/day/week/month/year, back and
forward with the period's name between, and compare (off / previous / last year).

One row, so that on 800×480 the graph or list below gets the height. Emits
``changed`` whenever the period, the anchor day or the comparison changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.periods import Compare, Period, period_bounds, step
from app.ui.formatting import format_period
from app.ui.retranslate import RetranslateMixin

PERIODS = (Period.LIVE, Period.DAY, Period.WEEK, Period.MONTH, Period.YEAR)
COMPARES = (Compare.NONE, Compare.PREVIOUS, Compare.LAST_YEAR)


def _control(text: str = "", name: str = "CompactControl") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)  # compact (stylesheet): seven controls share 800 px
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(44)
    return button


class PeriodBar(RetranslateMixin, QWidget):
    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None, *,
                 periods: tuple[Period, ...] = PERIODS, with_compare: bool = True) -> None:
        super().__init__(parent)
        self._today = today  # the home's date by the panel's clock
        self.lang = "ja"
        self.period = Period.DAY if Period.DAY in periods else periods[0]
        self.anchor: date = today()
        self.compare = Compare.NONE
        self.period_buttons: dict[Period, QPushButton] = {}
        group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for period in periods:
            button = _control()
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, p=period: self.set_period(p))
            group.addButton(button)
            row.addWidget(button, 1)
            self.period_buttons[period] = button
        self.prev_button = _control("◀", "GraphStep")
        self.next_button = _control("▶", "GraphStep")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.period_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.period_label.setProperty("kind", "heading")
        self.period_label.setMinimumWidth(120)
        row.addSpacing(4)
        row.addWidget(self.prev_button)
        row.addWidget(self.period_label, 4)
        row.addWidget(self.next_button)
        self.compare_button = _control()
        self.compare_button.clicked.connect(self.cycle_compare)
        self.compare_button.setVisible(with_compare)
        if with_compare:
            row.addSpacing(4)
            row.addWidget(self.compare_button, 2)
        self.retranslate()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._show()

    def set_period(self, period: Period) -> None:
        self.period = period
        self._changed()

    def step(self, direction: int) -> None:
        if self.period is Period.LIVE:
            return
        anchor = step(self.period, self.anchor, direction)
        if period_bounds(self.period, anchor)[0] > self._today():
            return  # the future has no data to show
        self.anchor = anchor
        self._changed()

    def cycle_compare(self) -> None:
        self.compare = COMPARES[(COMPARES.index(self.compare) + 1) % len(COMPARES)]
        self._changed()

    def _changed(self) -> None:
        if self.period is Period.LIVE:
            self.anchor = self._today()
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        for period, button in self.period_buttons.items():
            button.setChecked(period is self.period)
        live = self.period is Period.LIVE
        first, after = period_bounds(self.period, self.anchor)
        self.period_label.setText(format_period(self.period.value, first,
                                                after - timedelta(days=1), self.lang))
        self.prev_button.setEnabled(not live)
        self.next_button.setEnabled(not live and after <= self._today())
        self.compare_button.setEnabled(not live)
        self.compare_button.setText(self._compare_names()[self.compare])

    @staticmethod
    def _compare_names() -> dict[Compare, str]:
        translate = QCoreApplication.translate
        return {Compare.NONE: translate("PeriodBar", "Compare"),
                Compare.PREVIOUS: translate("PeriodBar", "vs previous"),
                Compare.LAST_YEAR: translate("PeriodBar", "vs last year")}

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        names = {Period.LIVE: translate("PeriodBar", "Live"),
                 Period.DAY: translate("PeriodBar", "Day"),
                 Period.WEEK: translate("PeriodBar", "Week"),
                 Period.MONTH: translate("PeriodBar", "Month"),
                 Period.YEAR: translate("PeriodBar", "Year")}
        for period, button in self.period_buttons.items():
            button.setText(names[period])
        self.prev_button.setAccessibleName(translate("PeriodBar", "Earlier period"))
        self.next_button.setAccessibleName(translate("PeriodBar", "Later period"))
        self._show()
