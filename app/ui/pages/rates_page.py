"""料金設定: the household's electricity plan, chosen from the catalog.

Left, the catalog's plans; right, the one tapped: its prices today, its basic
charge, and whether each solar charging feature is available with it and, if
not, why. "Use this plan" asks for the contract current and makes it the
household's plan (the graphs then show yen); "Edit your prices" opens the editor
on the household's plan. A plan can also be set with `hems-panel plan use`.

The list holds the panel's own plans and those fetched from the center server (a
server plan replaces the panel's of the same id), north to south; under it, when
the server's plans were last fetched. When the server has new prices for the
household's plan, a card above offers them, with what last month would have cost
at them; the household switches (from their date on) or keeps its prices.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.rate_catalog_service import NOT_REGISTERED
from app.services.services import Services
from app.ui.dialogs.number_dialog import NumberDialog, NumberRange
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.formatting import format_date, format_period, format_yen
from app.ui.pages.base_page import Page
from app.ui.widgets.price_day_chart import PriceDayChart
from app.ui.widgets.styled import make_card
from app.ui.widgets.touch import kinetic_scroll, make_kinetic

if TYPE_CHECKING:  # the tariff model loads when a plan is first shown, not at start-up
    from app.domain.plan_choice import PlanChoice
    from app.domain.tariff import RatePlan
    from app.services.rate_catalog_service import CatalogStatus
    from app.ui.dialogs.sheet_dialog import SheetDialog
    from app.ui.dialogs.use_plan_dialog import UsePlanDialog

SELL_PRICE = NumberRange(0.0, 100.0)  # yen/kWh: no feed-in price came near 100; a typo


class RatesPage(Page):
    page_id = "rates"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.choice: PlanChoice | None = None
        self.catalog_status: CatalogStatus | None = None
        self.selected: RatePlan | None = None
        self.dialog: UsePlanDialog | NumberDialog | SheetDialog | None = None
        self.current_label = QLabel(wordWrap=True)
        self.current_label.setProperty("kind", "heading")
        self.sell_label = QLabel()
        self.sell_label.setProperty("kind", "muted")
        self.sell_button = QPushButton()
        self.sell_button.setObjectName("CompactControl")
        self.sell_button.setMinimumHeight(44)
        self.sell_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sell_button.clicked.connect(lambda: self._guarded(self.ask_sell_price))
        self.plans = QListWidget()
        self.plans.setObjectName("PlanList")
        self.plans.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.plans.setMinimumWidth(280)
        self.plans.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plans.setWordWrap(True)  # long plan names wrap rather than scroll sideways
        self.plans.itemClicked.connect(
            lambda item: self.select(item.data(Qt.ItemDataRole.UserRole)))
        make_kinetic(self.plans)
        self.catalog_label = QLabel(wordWrap=True)
        self.catalog_label.setObjectName("CatalogState")
        self.catalog_label.setProperty("kind", "muted")
        self.offer: QFrame
        self.offer, offer_column = make_card((12, 6, 8, 6))
        self.offer.setObjectName("PlanUpdateOffer")
        self.offer_text = QLabel(wordWrap=True)
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("AcceptUpdate")
        self.accept_button.setProperty("kind", "primary")
        self.accept_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.accept_button.clicked.connect(lambda: self._guarded(self.accept_update))
        self.decline_button = QPushButton()
        self.decline_button.setObjectName("DeclineUpdate")
        self.decline_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.decline_button.clicked.connect(lambda: self._guarded(self.decline_update))
        offer_row = QHBoxLayout()
        offer_row.addWidget(self.offer_text, 1)
        offer_row.addWidget(self.decline_button)
        offer_row.addWidget(self.accept_button)
        offer_column.addLayout(offer_row)
        self.offer.hide()
        self.detail = QLabel(wordWrap=True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.rules = QLabel(wordWrap=True)
        self.rules.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.rules.setProperty("kind", "muted")
        self.use_button = QPushButton()
        self.use_button.setObjectName("UsePlan")
        self.use_button.setProperty("kind", "primary")
        self.use_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.use_button.clicked.connect(lambda: self._guarded(self.ask_to_use))
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("EditPlan")
        self.edit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.edit_button.clicked.connect(lambda: self._guarded(
            lambda: self.open_page.emit("plan_editor", None)))
        self.chart = PriceDayChart()
        self.plan_title = QLabel(wordWrap=True)
        self.plan_title.setProperty("kind", "heading")
        # The plan's details scroll inside their own framed box, above the buttons (not
        # under them); the page itself never grows past the screen.
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(6)
        column.addWidget(self.plan_title)
        column.addWidget(self.chart)  # the day's shape first, the figures under it
        column.addWidget(self.detail)
        column.addWidget(self.rules)
        column.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(6)
        self.details = kinetic_scroll(details, self)
        self.details.setObjectName("PlanDetails")
        right.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.use_button)
        right.addLayout(buttons)
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(self.plans, 1)
        left.addWidget(self.catalog_label)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.current_label, 1)
        top.addWidget(self.sell_label)
        top.addWidget(self.sell_button)
        layout.addLayout(top)
        layout.addWidget(self.offer)
        layout.addLayout(body, 1)
        services.plans.choice_changed.connect(self.show_choice)
        services.plans.catalog_changed.connect(self.show_catalog_status)
        services.plans.saved.connect(lambda ok: self._show_current(saved=ok))
        self.retranslate()


    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.services.plans.refresh()

    # --- data ------------------------------------------------------------------------
    def show_choice(self, choice: PlanChoice) -> None:
        self.choice = choice
        self._fill_list(choice)
        current = choice.current
        if self.selected is None:
            self.selected = current or (choice.catalog[0] if choice.catalog else None)
        self._show_current()
        self._show_selected()
        self._show_offer()
        self._show_catalog()

    def show_catalog_status(self, status: CatalogStatus) -> None:
        """How the last fetch of the server's plans went (the plans come with the choice)."""
        self.catalog_status = status
        self._show_catalog()

    def accept_update(self) -> None:
        if self.choice is not None and self.choice.update is not None:
            self.services.plans.accept_update(self.choice.update.key)

    def decline_update(self) -> None:
        if self.choice is not None and self.choice.update is not None:
            self.services.plans.decline_update(self.choice.update.key)

    def _fill_list(self, choice: PlanChoice) -> None:
        """The catalog's rows, rebuilt only when they read differently: a refresh (after
        "Use this plan", or on coming back) leaves the list where the finger left it."""
        rows = [(plan.id, f"{self._text(plan.company)}\n{self._text(plan.name)}")
                for plan in choice.catalog]
        shown = [(self.plans.item(r).data(Qt.ItemDataRole.UserRole), self.plans.item(r).text())
                 for r in range(self.plans.count())]
        if rows == shown:
            return
        scrolled = self.plans.verticalScrollBar().value()
        self.plans.clear()
        for plan_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, plan_id)
            self.plans.addItem(item)
        self.plans.verticalScrollBar().setValue(scrolled)

    def select(self, plan_id: str) -> None:
        if self.choice is not None:
            self.selected = next((p for p in self.choice.catalog if p.id == plan_id), None)
            self._show_selected()
            self.details.verticalScrollBar().setValue(0)  # another plan: from its top

    def _guarded(self, action) -> None:
        """The plan, its prices and the selling price change the home: password first."""
        self.dialog = ask_password_then(self, self.services.access, action)

    def ask_to_use(self) -> None:
        from app.ui.dialogs.use_plan_dialog import UsePlanDialog

        if self.selected is None:
            return
        self.dialog = UsePlanDialog(self.selected, self.language, self)
        plan = self.selected
        self.dialog.chosen.connect(
            lambda amperes, kva: self.services.plans.use(plan, amperes, kva))
        self.dialog.present()

    def ask_sell_price(self) -> None:
        current = self.choice.current if self.choice is not None else None
        if current is None:
            return
        translate = QCoreApplication.translate
        self.dialog = NumberDialog(
            self, title=translate("RatesPage", "Selling price"),
            message=self._sell_message(),
            unit=translate("RatesPage", "yen/kWh"), allowed=SELL_PRICE,
            current=current.sell_price_on(self.services.clock.today()))
        self.dialog.entered.connect(self.services.plans.set_sell_price)
        self.dialog.present()

    def _sell_message(self) -> str:
        """What to enter, and (for a household whose FIT years are over) what the area's
        utility pays after them."""
        translate = QCoreApplication.translate
        message = translate("RatesPage", "The price your solar power is bought at, in yen "
                                         "per kWh, as on your feed-in contract. It applies "
                                         "from today.")
        offer = self.choice.buy_back if self.choice is not None else None
        if offer is None:
            return message
        return message + "\n" + translate(
            "RatesPage", "After the FIT years, {company} buys at {price} yen/kWh "
                         "(as of {date}).").format(
            company=self._text(offer.company), price=f"{offer.yen_per_kwh:.2f}",
            date=format_date(offer.as_of, self.language))

    # --- text ------------------------------------------------------------------------
    def _show_current(self, saved: bool | None = None) -> None:
        translate = QCoreApplication.translate
        choice = self.choice
        current = choice.current if choice is not None else None
        self.sell_button.setEnabled(current is not None)
        self.edit_button.setEnabled(current is not None)
        self.sell_button.setText(translate("RatesPage", "Selling price"))
        sell = current.sell_price_on(self.services.clock.today()) if current is not None else None
        self.sell_label.setText("" if current is None else
                                translate("RatesPage", "Sell: {price} yen/kWh").format(
                                    price=f"{sell:.2f}") if sell is not None else
                                translate("RatesPage", "Sell: not set"))
        if saved is False:
            self.current_label.setText(translate("RatesPage", "The plan could not be saved."))
            return
        if choice is None:
            self.current_label.setText(translate("RatesPage", "Reading the plan…"))
        elif choice.current is None:
            self.current_label.setText(translate(
                "RatesPage", "No plan is set: choose yours to see costs in yen."))
        else:
            plan = choice.current
            contract = f" · {choice.amperes}A" if choice.amperes else (
                f" · {choice.kva:g}kVA" if choice.kva else "")
            self.current_label.setText(translate("RatesPage", "Your plan: {plan}").format(
                plan=f"{self._text(plan.company)} {self._text(plan.name)}{contract}"))

    def _show_offer(self) -> None:
        translate = QCoreApplication.translate
        choice = self.choice
        update = choice.update if choice is not None else None
        if choice is None or update is None or choice.current is None:
            self.offer.hide()
            return
        plan = choice.current
        lines = [translate("RatesPage", "{plan} has new prices from {date}.").format(
            plan=self._text(plan.name),  # the company is in the line above
            date=format_date(update.valid_from, self.language))]
        yen, month = choice.update_yen, choice.update_month
        if yen is None or month is None:
            lines.append(translate("RatesPage", "Last month's usage is not known, so what they "
                                                "would cost cannot be shown."))
        else:
            shown = format_period("month", month, month, self.language)
            if yen > 0:
                text = translate("RatesPage", "With {month}'s usage you would pay {yen} more.")
            elif yen < 0:
                text = translate("RatesPage", "With {month}'s usage you would pay {yen} less.")
            else:
                text = translate("RatesPage", "With {month}'s usage you would pay the same.")
            lines.append(text.format(month=shown, yen=format_yen(abs(yen))))
        self.offer_text.setText("\n".join(lines))
        self.offer.show()

    def _show_catalog(self) -> None:
        """Where the list comes from, when it matters: the server's plans and their date,
        or why they could not be had (the panel's own plans are there in any case)."""
        translate = QCoreApplication.translate
        choice = self.choice
        # A page made after the fetch asks the service how it went.
        status = self.catalog_status or self.services.plans.catalog_status
        updated = choice.catalog_updated if choice is not None else None
        if updated is None and status is not None:
            updated = status.fetched_at
        problem = status.problem if status is not None else None
        if updated is None:
            text = "" if problem is None else (
                translate("RatesPage", "Plans kept on the panel. Register the panel to get "
                                       "the power companies' latest plans.")
                if problem == NOT_REGISTERED else
                translate("RatesPage", "Plans kept on the panel (the server could not be "
                                       "reached)."))
        else:
            day = format_date(datetime.fromtimestamp(updated, self.services.clock.zone).date(),
                              self.language)
            text = (translate("RatesPage", "Plans updated {date}").format(date=day)
                    if problem in (None, NOT_REGISTERED) else
                    translate("RatesPage", "Plans as of {date} (the server could not be "
                                           "reached)").format(date=day))
        self.catalog_label.setText(text)
        self.catalog_label.setVisible(bool(text))

    def _text(self, text) -> str:
        return text.ja if self.language == "ja" else text.en

    def _show_selected(self) -> None:
        from app.ui.plan_texts import rule_lines

        translate = QCoreApplication.translate
        plan = self.selected
        current = self.choice.current if self.choice is not None else None
        if plan is not None and current is not None and plan.id == current.id:
            plan = current  # the household's own copy: its selling price counts
        self.use_button.setEnabled(plan is not None)
        if plan is None:
            self.chart.show_prices(())
            self.chart.hide()
            self.plan_title.setText("")
            self.detail.setText(translate("RatesPage", "No plans in the catalog."))
            self.rules.setText("")
            return
        for row in range(self.plans.count()):
            item = self.plans.item(row)
            chosen = item.data(Qt.ItemDataRole.UserRole) == plan.id
            item.setSelected(chosen)
            if chosen:  # in view, without scrolling a list that already shows it
                self.plans.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)
        today = self.services.clock.today()
        self.plan_title.setText(f"{self._text(plan.company)} {self._text(plan.name)}")
        lines: list[str] = []
        try:
            version = plan.version_on(today)
        except LookupError:
            self.chart.show_prices(())
            self.chart.hide()
            lines.append(translate("RatesPage", "No prices for today."))
            self.detail.setText("<br>".join(lines))
            self.rules.setText("")
            return
        lines.append(self._basic_text(version.basic))
        lines += self._energy_lines(version.energy, today)
        try:
            self.chart.show_prices(plan.slot_prices(today))
        except ValueError:  # tiered: the price follows the month's kWh, not the hour
            self.chart.show_prices(())
        # No bars, no box: the figures move up (the offer card leaves less height).
        self.chart.setVisible(bool(self.chart.prices))
        if plan.source is not None:
            # Where the prices were read, by site name and date (a full address ran
            # wider than the column, and an ISO date is not how a household reads one).
            source = translate("RatesPage", "Source: {url} ({date})").format(
                url=urlsplit(plan.source.url).hostname or plan.source.url,
                date=format_date(plan.source.retrieved, self.language))
            lines.append(f"<small>{source}</small>")
        self.detail.setText("<br>".join(lines))
        settings = self.choice.settings if self.choice is not None else None
        lines = [] if settings is None else rule_lines(plan, settings, today, self.language)
        self.rules.setText("\n".join(lines))

    def _basic_text(self, basic) -> str:
        from app.domain.tariff import FixedBasic, PerAmpereBasic, PerKvaBasic

        translate = QCoreApplication.translate
        if isinstance(basic, PerAmpereBasic):
            table = ", ".join(f"{a}A {yen:,.2f}" for a, yen in basic.yen)
            return translate("RatesPage", "Basic charge (yen/month): {table}").format(table=table)
        if isinstance(basic, PerKvaBasic):
            return translate("RatesPage", "Basic charge: {yen} yen per kVA").format(
                yen=f"{basic.yen_per_kva:,.2f}")
        assert isinstance(basic, FixedBasic)
        return translate("RatesPage", "Basic or minimum charge: {yen} yen/month").format(
            yen=f"{basic.yen:,.2f}")

    def _energy_lines(self, energy, today) -> list[str]:
        from app.domain.tariff import FlatEnergy, TieredEnergy, TimeOfUseEnergy, is_holiday

        translate = QCoreApplication.translate
        if isinstance(energy, FlatEnergy):
            return [translate("RatesPage", "{price} yen/kWh at every hour").format(
                price=f"{energy.yen_per_kwh:.2f}")]
        if isinstance(energy, TieredEnergy):
            lines, lower = [], 0.0
            for tier in energy.tiers:
                upper = "" if tier.up_to_kwh is None else f"{tier.up_to_kwh:g}"
                lines.append(translate("RatesPage", "{low}–{high} kWh a month: {price} "
                                                    "yen/kWh").format(
                    low=f"{lower:g}", high=upper, price=f"{tier.yen_per_kwh:.2f}"))
                lower = tier.up_to_kwh or lower
            return lines
        assert isinstance(energy, TimeOfUseEnergy)
        season = energy.season_on(today)
        schedule = season.holiday if is_holiday(today) else season.weekday
        heading = translate("RatesPage", "Today ({season}):").format(
            season=self._text(season.name))
        return [heading] + [f"{band.start:%H:%M}–{band.end:%H:%M} "
                            f"{band.yen_per_kwh:.2f} " + translate("RatesPage", "yen/kWh")
                            for band in schedule.bands]

    def retranslate(self) -> None:
        self.use_button.setText(QCoreApplication.translate("RatesPage", "Use this plan"))
        self.edit_button.setText(QCoreApplication.translate("RatesPage", "Edit your prices"))
        self.accept_button.setText(QCoreApplication.translate("RatesPage", "Use new prices"))
        self.decline_button.setText(QCoreApplication.translate("RatesPage", "Keep mine"))
        self._show_current()
        if self.choice is not None:
            self._show_selected()
            self._show_offer()
        self._show_catalog()
