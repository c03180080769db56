"""料金の編集: the household's prices, edited by touch, from a date on.

Opened from the rates page. The top bar says which prices are edited: weekday or
holiday, which season, and from which date the new prices apply (earlier usage
keeps the prices it had; "History" lists the plan's dated versions and opens one).
The rows are the bands of the day (or the tiers, or the one price) and the other
charges: ◀ ▶ move a band's start by 30 minutes, a price opens the keypad. The
right column follows every step: the day's price chart, whether each solar
charging feature is available with these prices and why not, and what stands in
the way of saving. Saving asks first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.services.services import Services
from app.ui.dialogs.number_dialog import NumberDialog, NumberRange
from app.ui.formatting import format_date
from app.ui.pages.base_page import Page
from app.ui.widgets.editor_row import EditorRow, action_button, step_button
from app.ui.widgets.price_day_chart import PriceDayChart
from app.ui.widgets.touch import kinetic_scroll, make_kinetic

if TYPE_CHECKING:  # the tariff model loads with the page's first plan, not at start-up
    from app.domain.plan_draft import Dated, DayBands, EnergyKind
    from app.domain.tariff import PlanVersion, RatePlan
    from app.ui.dialogs.choice_dialog import ChoiceDialog
    from app.ui.dialogs.confirm_dialog import ConfirmDialog
    from app.ui.dialogs.plan_history_dialog import PlanHistoryDialog

UNIT_PRICE = NumberRange(0.0, 200.0)  # yen/kWh, as tariff_checks allows
ADJUSTMENT = NumberRange(-100.0, 100.0)  # fuel-cost adjustment, yen/kWh: may be negative
MONTHLY = NumberRange(0.0, 100_000.0)  # yen a month
TIER_LIMIT = NumberRange(1.0, 10_000.0, decimals=0)  # kWh a month
CO2_FACTOR = NumberRange(0.0, 2.0, decimals=3)  # kg-CO2/kWh: Japan's grid is about 0.4-0.5
PER_M3 = NumberRange(0.0, 2_000.0)  # yen/m³: city gas ~150, LP gas ~800, water ~300
GAS_BASIC = NumberRange(0.0, 10_000.0)  # yen a month


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class _RowsArea(QScrollArea):
    """The editor's rows, scrolling up and down only; as wide as its widest row.

    A plain scroll area asks for no width of its own: the rows were squeezed (and
    their prices clipped) to what a 3:2 split of the page left them.
    """

    def __init__(self, content: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setWidget(content)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        make_kinetic(self)

    def eventFilter(self, watched, event) -> bool:
        # The rows' sizes change when they are first styled (shown), not only when built:
        # the page's layout must ask this area's width again then.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        rows = self.widget().minimumSizeHint().width()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), rows + bar + 2 * self.frameWidth()), hint.height())


class PlanEditorPage(Page):
    page_id = "plan_editor"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.plan: RatePlan | None = None  # the household's plan as saved
        self.version: PlanVersion | None = None  # the prices being edited
        self.valid_from = _first_of_next_month(services.clock.today())
        self.season = 0
        self.holiday = False
        self.bands: DayBands | None = None  # the shown day's bands (splits survive here)
        self.rows: list[EditorRow] = []
        # CO2 factor, gas and water prices edited (by type): they apply from valid_from too.
        self.dated: dict[type, Dated] = {}
        self.dialog: (NumberDialog | ConfirmDialog | ChoiceDialog | PlanHistoryDialog
                      | None) = None

        self.weekday_button = self._tab(False)
        self.holiday_button = self._tab(True)
        self.season_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.season_back = step_button("◀", lambda: self._step_season(-1))
        self.season_next = step_button("▶", lambda: self._step_season(1))
        self.date_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.date_label.setProperty("kind", "heading")
        self.date_back = step_button("◀", lambda: self._step_date(-1))
        self.date_next = step_button("▶", lambda: self._step_date(1))
        self.history_button = action_button("", self.show_history)
        self.copy_button = action_button("", self._copy_weekday)
        self.chart = PriceDayChart()
        self.rules = QLabel(wordWrap=True)
        self.rules.setProperty("kind", "muted")
        self.rules.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.problems = QLabel(wordWrap=True)
        self.problems.setProperty("kind", "error")
        self.status = QLabel(wordWrap=True)
        self.status.setProperty("kind", "muted")
        self.save_button = QPushButton()
        self.save_button.setObjectName("SavePlan")
        self.save_button.setProperty("kind", "primary")
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button.setMinimumHeight(52)
        self.save_button.clicked.connect(self.ask_to_save)

        top = QHBoxLayout()
        top.setSpacing(6)
        for widget in (self.weekday_button, self.holiday_button, self.season_back,
                       self.season_label, self.season_next):
            top.addWidget(widget)
        top.addStretch(1)
        for widget in (self.date_back, self.date_label, self.date_next, self.history_button):
            top.addWidget(widget)
        content = QWidget()
        self._list = QVBoxLayout(content)
        self._list.setContentsMargins(0, 0, 8, 0)
        self._list.setSpacing(4)
        self._list.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.chart)
        right.addWidget(kinetic_scroll(self._side_texts(), self), 1)
        right.addWidget(self.save_button)
        body = QHBoxLayout()
        body.setSpacing(12)
        self._rows_area = _RowsArea(content, self)
        body.addWidget(self._rows_area, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        services.plans.saved.connect(self._on_saved)
        services.plans.error.connect(self._on_error)
        self.retranslate()

    @staticmethod
    def _say(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))  # an empty line would still take the column's room

    def _side_texts(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self.problems)
        column.addWidget(self.status)
        column.addWidget(self.rules)
        column.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        return box

    def _tab(self, holiday: bool) -> QPushButton:
        button = action_button("", lambda: self._show_day_kind(holiday))
        button.setCheckable(True)
        return button


    # --- what is edited ------------------------------------------------------------------
    def open_with(self, subject: object) -> None:
        """Edit the household's plan (from the plan service's last reading)."""
        choice = self.services.plans.last_choice
        self.plan = choice.current if choice is not None else None
        self._say(self.status, "")
        self._load_version(self.valid_from)

    def _load_version(self, valid_from: date) -> None:
        """Start from the prices in force on ``valid_from``, to apply from that day."""
        self.valid_from = valid_from
        self.dated = {}
        plan = self.plan
        if plan is None:
            self.version = None
        else:
            try:
                source = plan.version_on(valid_from)
            except LookupError:
                source = plan.versions[0]
            self.version = replace(source, valid_from=valid_from)
        self.season = 0
        self._load_bands()
        self.refresh()

    def _load_bands(self) -> None:
        from app.domain.plan_draft import DayBands
        from app.domain.tariff import TimeOfUseEnergy

        energy = self.version.energy if self.version is not None else None
        if isinstance(energy, TimeOfUseEnergy):
            season = energy.seasons[self.season]
            self.bands = DayBands.of(season.holiday if self.holiday else season.weekday)
        else:
            self.bands = None

    def edited_plan(self) -> RatePlan | None:
        from app.domain.plan_draft import with_dated, with_version

        if self.plan is None or self.version is None:
            return None
        plan = with_version(self.plan, self.version)
        for item in self.dated.values():
            plan = with_dated(plan, replace(item, valid_from=self.valid_from))
        return plan

    def set_dated(self, item: Dated) -> None:
        """A CO2 factor, gas or water price edited: from the edited prices' date on."""
        self.dated[type(item)] = item
        self.refresh()

    # --- steps ---------------------------------------------------------------------------
    def _show_day_kind(self, holiday: bool) -> None:
        self.holiday = holiday
        self._load_bands()
        self.refresh()

    def _step_season(self, step: int) -> None:
        count = self._season_count()
        if count:
            self.season = (self.season + step) % count
            self._load_bands()
            self.refresh()

    def _step_date(self, months: int) -> None:
        # The edits so far move with the date: they are what applies from it.
        self.valid_from = _add_months(self.valid_from, months)
        if self.version is not None:
            self.version = replace(self.version, valid_from=self.valid_from)
        self.refresh()

    def _set_bands(self, bands: DayBands) -> None:
        from app.domain.plan_draft import replace_schedule

        assert self.version is not None
        self.bands = bands
        self.version = replace_schedule(self.version, self.season, self.holiday, bands)
        self.refresh()

    def _set_version(self, version: PlanVersion, season: int | None = None) -> None:
        self.version = version
        if season is not None:  # the seasons were split or merged: show this one
            self.season = season
        self._load_bands()
        self.refresh()

    def _copy_weekday(self) -> None:
        from app.domain.plan_draft import copy_weekday_to_holiday

        if self.version is not None:
            self._set_version(copy_weekday_to_holiday(self.version, self.season))

    def ask_kind(self) -> None:
        """Which kind of energy price: one for every hour, by the month's kWh, by the hour."""
        from app.domain.plan_draft import EnergyKind, kind_of
        from app.ui.dialogs.choice_dialog import ChoiceDialog
        from app.ui.plan_editor_rows import kind_name

        if self.version is None:
            return
        translate = QCoreApplication.translate
        self.dialog = ChoiceDialog(
            translate("PlanEditorPage", "Kind of price"),
            [(kind, kind_name(kind)) for kind in EnergyKind], kind_of(self.version.energy),
            self, translate("PlanEditorPage", "The new kind starts from one price for every "
                                              "hour; then set its tiers or time bands."))
        self.dialog.chosen.connect(self.change_kind)
        self.dialog.present()

    def change_kind(self, kind: EnergyKind) -> None:
        """To ``kind``: from time of use, ask the one price first (the shown day's mean)."""
        from app.domain.plan_draft import EnergyKind, change_kind, kind_of, one_price

        version = self.version
        if version is None or kind is kind_of(version.energy):
            return
        translate = QCoreApplication.translate
        if kind_of(version.energy) is EnergyKind.TIME_OF_USE:
            mean = one_price(version.energy, self.season, self.holiday)
            self.ask_number(
                translate("PlanEditorPage", "One price for every hour"), UNIT_PRICE, mean,
                translate("PlanEditorPage", "yen/kWh"),
                lambda price: self._set_version(change_kind(self.version, kind, price),
                                                season=0),
                translate("PlanEditorPage", "The time bands are replaced by one price. "
                                            "Shown: the mean of the day shown, {price} yen/kWh.")
                .format(price=f"{mean:.2f}"))
            return
        self._set_version(change_kind(version, kind), season=0)

    def ask_number(self, title: str, allowed: NumberRange, current: float | None,
                   unit: str, done, message: str | None = None) -> NumberDialog:
        translate = QCoreApplication.translate
        self.dialog = NumberDialog(self, title=title, unit=unit, allowed=allowed,
                                   current=current, message=message or translate(
                                       "PlanEditorPage", "Enter the amount as on your price "
                                                         "list, tax included."))
        self.dialog.entered.connect(done)
        self.dialog.present()
        return self.dialog

    # --- saving --------------------------------------------------------------------------
    def ask_to_save(self) -> None:
        from app.ui.dialogs.confirm_dialog import ConfirmDialog

        translate = QCoreApplication.translate
        self.dialog = ConfirmDialog(
            self, title=translate("PlanEditorPage", "Save the prices?"),
            message=translate("PlanEditorPage", "The new prices apply from {date}. Usage "
                                                "before that day keeps the prices it had.")
            .format(date=format_date(self.valid_from, self.language)),
            confirm=translate("PlanEditorPage", "Save"))
        self.dialog.accepted.connect(self.save)
        self.dialog.present()

    def save(self) -> None:
        plan = self.edited_plan()
        if plan is not None:
            self._say(self.status, QCoreApplication.translate("PlanEditorPage", "Saving…"))
            self.services.plans.save(plan)

    def _on_saved(self, ok: bool) -> None:
        if not self.isVisible() or self.plan is None:
            return
        translate = QCoreApplication.translate
        if ok:
            choice = self.services.plans.last_choice
            self.plan = choice.current if choice is not None else self.plan
            self._say(self.status, translate("PlanEditorPage", "Saved. The new prices apply "
                                                            "from {date}.").format(
                date=format_date(self.valid_from, self.language)))
        self.refresh()

    def _on_error(self, message: str) -> None:
        if self.isVisible():
            self._say(self.status, QCoreApplication.translate(
                "PlanEditorPage", "The prices could not be saved: {reason}").format(
                reason=message))

    def show_history(self) -> None:
        from app.ui.dialogs.plan_history_dialog import PlanHistoryDialog

        plan = self.edited_plan() or self.plan
        if plan is None:
            return
        self.dialog = PlanHistoryDialog(plan, self.language, self)
        self.dialog.chosen.connect(self._load_version)
        self.dialog.present()

    # --- showing -------------------------------------------------------------------------
    def _season_count(self) -> int:
        from app.domain.tariff import TimeOfUseEnergy

        energy = self.version.energy if self.version is not None else None
        return len(energy.seasons) if isinstance(energy, TimeOfUseEnergy) else 0

    def refresh(self) -> None:
        translate = QCoreApplication.translate
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        if self.version is not None:
            from app.ui.plan_editor_rows import editor_rows

            self.rows = editor_rows(self)
        for index, row in enumerate(self.rows):
            self._list.insertWidget(index, row)
            row.show()  # now, not at the layout's queued show: a finger may tap at once
        self._rows_area.updateGeometry()  # its width follows the widest row, at once:
        self.layout().activate()  # a finger may tap a row before the queued relayout
        seasons = self._season_count()
        for widget in (self.weekday_button, self.holiday_button):
            widget.setVisible(seasons > 0)
        self.copy_button.setVisible(seasons > 0 and self.holiday)
        for widget in (self.season_back, self.season_label, self.season_next):
            widget.setVisible(seasons > 1)
        self.weekday_button.setChecked(not self.holiday)
        self.holiday_button.setChecked(self.holiday)
        self.date_label.setText(translate("PlanEditorPage", "from {date}").format(
            date=format_date(self.valid_from, self.language)))
        plan = self.edited_plan()
        self.save_button.setEnabled(False)
        self.history_button.setEnabled(plan is not None)
        if plan is None or self.version is None:
            self.chart.show_prices(())
            self.rules.clear()
            self._say(self.problems, translate("PlanEditorPage", "No plan is set: choose one on "
                                                              "the rates page first."))
            return
        self._show_checks(plan)

    def _show_checks(self, plan: RatePlan) -> None:
        from app.domain.plan_draft import version_problems
        from app.domain.tariff import TimeOfUseEnergy
        from app.ui.plan_texts import rule_lines

        translate = QCoreApplication.translate
        energy = self.version.energy if self.version is not None else None
        if isinstance(energy, TimeOfUseEnergy):
            name = energy.seasons[self.season].name
            self.season_label.setText(name.ja if self.language == "ja" else name.en)
        if self.bands is not None:
            self.chart.show_prices(self.bands.schedule().prices())
        else:
            try:
                self.chart.show_prices(plan.slot_prices(self.valid_from))
            except ValueError:  # tiered: no price by the hour
                self.chart.show_prices(())
        problems = version_problems(plan, self.valid_from)
        shown = [row for row in self.rows if row.problem.text()]
        if problems and not shown:  # not one a row can say: the checker's own words
            self._say(self.problems, translate("PlanEditorPage", "Cannot be saved yet: "
                                                              "{problem}").format(
                problem=problems[0]))
        else:
            self._say(self.problems, translate("PlanEditorPage", "Fix the marked rows to save.")
                                  if shown else "")
        self.save_button.setEnabled(not problems and not shown)
        choice = self.services.plans.last_choice
        settings = choice.settings if choice is not None else None
        lines = [] if settings is None else rule_lines(plan, settings, self.valid_from,
                                                       self.language)
        self.rules.setText("\n".join(lines))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Back on the page, unsaved edits are still here, unless the household's plan
        # changed meanwhile (another plan chosen, a selling price set): then start from it.
        choice = self.services.plans.last_choice
        current = choice.current if choice is not None else None
        if self.version is None or current != self.plan:
            self.open_with(None)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.weekday_button.setText(translate("PlanEditorPage", "Weekdays"))
        self.holiday_button.setText(translate("PlanEditorPage", "Holidays"))
        self.history_button.setText(translate("PlanEditorPage", "History"))
        self.copy_button.setText(translate("PlanEditorPage", "Same as weekdays"))
        self.save_button.setText(translate("PlanEditorPage", "Save…"))
        if self.version is not None or self.plan is None:
            self.refresh()
