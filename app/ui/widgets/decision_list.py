"""The plan's decisions, day by day: when, what, how much, and why, in words.

Rows are made for each new plan (a plan has a dozen or so runs); a decision that has
ended by "now" is left out. Each row has its device's colour at the left, as in the
chart above it.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.domain.charge_plan import ActionKind, Decision, Plan
from app.ui.decision_texts import day_heading, kind_name, reason_text, span_text
from app.ui.formatting import format_day, format_energy_kwh
from app.ui.theme import DAY, EnergyRole, Theme
from app.ui.widgets.role_swatch import RoleSwatch

ROLES = {
    ActionKind.GRID_CHARGE: EnergyRole.BATTERY_CHARGE,
    ActionKind.SURPLUS_CHARGE: EnergyRole.BATTERY_CHARGE,
    ActionKind.DISCHARGE: EnergyRole.BATTERY_DISCHARGE,
    ActionKind.EV_CHARGE: EnergyRole.EV,
    ActionKind.EV_DISCHARGE: EnergyRole.EV,
    ActionKind.ECOCUTE_NIGHT: EnergyRole.WATER,  # the chart's EcoCute colour
    ActionKind.ECOCUTE_SURPLUS: EnergyRole.WATER,
    ActionKind.TARGET_EXCEEDED: EnergyRole.PURCHASE,
}


class DecisionRow(QFrame):
    def __init__(self, decision: Decision, plan: Plan, today: date, zone: tzinfo, lang: str,
                 theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DecisionRow")
        self.decision = decision
        span = span_text(decision.start, decision.end, None, zone)
        energy = format_energy_kwh(decision.energy_wh / 1000, lang)
        self.title = QLabel(QCoreApplication.translate("DecisionList", "{span}  {what}  {energy}"
                                                       ).format(span=span, what=kind_name(
                                                           decision.kind), energy=energy),
                            wordWrap=True)
        self.title.setObjectName("DecisionTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.reason = QLabel(reason_text(decision, plan, today, zone, lang), wordWrap=True)
        self.reason.setObjectName("DecisionReason")
        swatch = RoleSwatch(ROLES[decision.kind])
        swatch.set_theme(theme)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.addWidget(swatch, 0, 0, 2, 1)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.reason, 1, 1)
        grid.setColumnStretch(1, 1)


class DecisionList(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = DAY
        self.rows: list[DecisionRow] = []
        self.headings: list[QLabel] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self.empty = QLabel(wordWrap=True)
        self.empty.setProperty("kind", "muted")
        self._column.addWidget(self.empty)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme

    def show_plan(self, plan: Plan, now: datetime, zone: tzinfo, today: date,
                  lang: str) -> None:
        for widget in (*self.rows, *self.headings):
            self._column.removeWidget(widget)
            widget.deleteLater()
        self.rows, self.headings = [], []
        shown = [d for d in plan.decisions if d.end > now]
        self.empty.setText(QCoreApplication.translate(
            "DecisionList", "Nothing more is planned: the devices run as they are."))
        self.empty.setVisible(not shown)
        day: date | None = None
        for decision in shown:
            start = max(decision.start, now).astimezone(zone)
            if start.date() != day:
                day = start.date()
                heading = QLabel(f"{day_heading(day, today)} {format_day(day, lang)}")
                heading.setProperty("kind", "heading")
                self.headings.append(heading)
                self._column.addWidget(heading)
            row = DecisionRow(decision, plan, today, zone, lang, self._theme)
            self.rows.append(row)
            self._column.addWidget(row)

    def texts(self) -> list[str]:
        """Each row's title and reason (for a look, and the tests)."""
        return [f"{row.title.text()} {row.reason.text()}" for row in self.rows]
