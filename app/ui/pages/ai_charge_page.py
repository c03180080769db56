"""AIソーラーチャージ: what the control loop does now and why, today's and tomorrow's plan
as one chart, each decision with its reason in words, what it saved, and the settings.

Everything comes from one ControlView of the control service (after every round);
the page asks for a round when shown and never computes a plan itself. The settings
are changed on a sheet, behind the access password on the kiosk; the service saves
them and plans again, and the next view shows them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.control_view import ControlMode, ControlSettings, ControlView
from app.domain.plan_series import plan_series
from app.services.services import Services
from app.ui.control_texts import doing_now, mode_detail, mode_title, settings_lines
from app.ui.decision_texts import shortfall_text
from app.ui.dialogs.control_settings_dialog import ControlSettingsDialog
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.formatting import format_yen
from app.ui.pages.base_page import Page
from app.ui.theme import Theme
from app.ui.widgets.decision_list import DecisionList
from app.ui.widgets.plan_chart import PlanChart
from app.ui.widgets.savings_card import SavingsCard
from app.ui.widgets.styled import make_card, restyle
from app.ui.widgets.touch import kinetic_scroll

NOW_MS = 60_000  # the chart's "now" and the decisions still to come, while shown
DAYS_SHOWN = 2  # today and tomorrow


def _heading() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setProperty("kind", "heading")
    return label


class AiChargePage(Page):
    page_id = "ai_charge"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.view: ControlView | None = services.control.view
        self.dialog: SheetDialog | None = None
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 6, 12, 10)
        column.setSpacing(8)

        # The mode, and why not AI when it is not.
        self.mode_card, mode_layout = make_card()
        self.mode_title = _heading()
        self.mode_title.setObjectName("ControlMode")
        self.mode_detail = QLabel(wordWrap=True)
        self.mode_detail.setObjectName("ControlModeDetail")
        self.now_label = QLabel(wordWrap=True)  # what the devices do at this moment
        self.now_label.setObjectName("ControlNow")
        self.now_label.setStyleSheet("font-weight: bold;")
        mode_layout.addWidget(self.mode_title)
        mode_layout.addWidget(self.mode_detail)
        mode_layout.addWidget(self.now_label)
        column.addWidget(self.mode_card)

        self.plan_card, plan_layout = make_card()
        self.plan_heading = _heading()
        self.plan_note = QLabel(wordWrap=True)
        self.plan_note.setProperty("kind", "muted")
        self.chart = PlanChart()
        self.shortfalls = QLabel(wordWrap=True)
        self.shortfalls.setProperty("state", "stale")  # worth a look: a need not met
        plan_layout.addWidget(self.plan_heading)
        plan_layout.addWidget(self.chart)
        plan_layout.addWidget(self.plan_note)
        plan_layout.addWidget(self.shortfalls)
        column.addWidget(self.plan_card)

        self.decisions_card, decisions_layout = make_card()
        self.decisions_heading = _heading()
        self.decisions = DecisionList()
        decisions_layout.addWidget(self.decisions_heading)
        decisions_layout.addWidget(self.decisions)
        column.addWidget(self.decisions_card)

        self.savings = SavingsCard()
        column.addWidget(self.savings)

        self.settings_card, settings_layout = make_card()
        self.settings_heading = _heading()
        self.settings_grid = QGridLayout()
        self.settings_grid.setHorizontalSpacing(12)
        self.settings_grid.setVerticalSpacing(4)
        self.settings_labels: list[tuple[QLabel, QLabel]] = []
        self.change_button = QPushButton()
        self.change_button.setObjectName("ChangeControlSettings")
        self.change_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.change_button.clicked.connect(self.change_settings)
        change_row = QHBoxLayout()
        change_row.addWidget(self.change_button)
        change_row.addStretch(1)
        settings_layout.addWidget(self.settings_heading)
        settings_layout.addLayout(self.settings_grid)
        settings_layout.addLayout(change_row)
        column.addWidget(self.settings_card)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(kinetic_scroll(content, self))
        self._now_timer = QTimer(self)
        self._now_timer.setInterval(NOW_MS)
        self._now_timer.timeout.connect(self._render)
        services.control.view_changed.connect(self.show_view)
        self.retranslate()

    # --- API ---------------------------------------------------------------------------
    def show_view(self, view: ControlView) -> None:
        self.view = view
        self._render()

    def change_settings(self) -> None:
        """Ask for the access password (kiosk), then open the settings sheet."""
        if self.view is None:
            return
        prompt = ask_password_then(self, self.services.access, self._open_settings)
        if prompt is not None:  # None: no password asked, the sheet is open already
            self.dialog = prompt

    def save_settings(self, settings: ControlSettings) -> None:
        self.services.control.set_settings(settings)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.decisions.set_theme(theme)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.plan_heading.setText(translate("AiChargePage", "Plan for today and tomorrow"))
        self.decisions_heading.setText(translate("AiChargePage", "What the plan does, and why"))
        self.settings_heading.setText(translate("AiChargePage", "Settings"))
        self.change_button.setText(translate("AiChargePage", "Change settings"))
        self._render()

    # --- Qt ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._render()
        self._now_timer.start()
        self.services.control.refresh()

    def hideEvent(self, event) -> None:
        self._now_timer.stop()
        super().hideEvent(event)

    # --- internals ---------------------------------------------------------------------
    def _open_settings(self) -> None:
        if self.view is None:
            return
        dialog = ControlSettingsDialog(self.view.settings, self, self.language)
        dialog.saved.connect(self.save_settings)
        self.dialog = dialog
        dialog.present()

    def _render(self) -> None:
        view, clock, lang = self.view, self.services.clock, self.language
        zone, today, now = clock.zone, clock.today(), clock.local_now()
        self.mode_title.setText(mode_title(view))
        self.mode_detail.setText(mode_detail(view, zone, lang))
        doing = "" if view is None else doing_now(view, now, zone, lang)
        self.now_label.setText(doing)
        self.now_label.setVisible(bool(doing))
        fallback = view is not None and view.mode is ControlMode.SELF_CONSUMPTION
        restyle(self.mode_title, "state", "stale" if fallback else "")  # a fallback: worth a look
        self._render_plan(view, now, today)
        self.savings.setVisible(view is not None)
        if view is not None:
            self.savings.show_savings(view.savings, view.month_saved_yen, lang)
        self._render_settings(view)

    def _render_plan(self, view: ControlView | None, now: datetime, today: date) -> None:
        translate = QCoreApplication.translate
        clock, lang = self.services.clock, self.language
        plan = None if view is None else view.plan
        inputs = None if view is None else view.inputs
        shown = plan is not None and inputs is not None and plan.ok and bool(plan.slots)
        self.plan_card.setVisible(shown)
        self.decisions_card.setVisible(shown)
        if not shown:
            self.chart.clear()
            return
        assert plan is not None and inputs is not None
        end = datetime.combine(today + timedelta(days=DAYS_SHOWN), time(0), clock.zone)
        self.chart.show_series(plan_series(plan, inputs, end),
                               inputs.soc_pct if inputs.battery is not None else None,
                               now, clock.zone, today, lang)
        notes = []
        if plan.cost_yen is not None:
            notes.append(translate("AiChargePage", "Expected cost of the plan's electricity: "
                                                   "{yen} (bought less sold, over {hours} "
                                                   "hours).").format(
                yen=format_yen(plan.cost_yen), hours=round(len(plan.slots) / 2)))
        self.plan_note.setText(" ".join(notes))
        self.plan_note.setVisible(bool(notes))
        lines = [shortfall_text(s, today, clock.zone, lang) for s in plan.shortfalls]
        self.shortfalls.setText("\n".join(lines))
        self.shortfalls.setVisible(bool(lines))
        self.decisions.show_plan(plan, now, clock.zone, today, lang)

    def _render_settings(self, view: ControlView | None) -> None:
        self.settings_card.setVisible(view is not None)
        if view is None:
            return
        lines = settings_lines(view.settings, self.language)
        while len(self.settings_labels) < len(lines):
            what, value = QLabel(), QLabel(wordWrap=True)
            what.setProperty("kind", "muted")
            row = len(self.settings_labels)
            self.settings_grid.addWidget(what, row, 0, Qt.AlignmentFlag.AlignTop)
            self.settings_grid.addWidget(value, row, 1)
            self.settings_labels.append((what, value))
        self.settings_grid.setColumnStretch(1, 1)
        for (what, value), (text, setting) in zip(self.settings_labels, lines, strict=True):
            what.setText(text)
            value.setText(setting)

    def shown_texts(self) -> str:
        """Everything the page says now, for a look (and the tests)."""
        parts = [self.mode_title.text(), self.mode_detail.text()]
        if self.decisions_card.isVisibleTo(self):
            parts += self.decisions.texts()
        return "\n".join(parts)
