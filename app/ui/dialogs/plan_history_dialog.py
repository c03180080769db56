"""The plan's prices over time: each dated version, newest first; tapping one edits it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.domain.tariff import PlanVersion, RatePlan, TieredEnergy
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.formatting import format_date
from app.ui.widgets.touch import make_kinetic


def _price_range(version: PlanVersion, day: date) -> str:
    energy = version.energy
    if isinstance(energy, TieredEnergy):
        prices = [tier.yen_per_kwh for tier in energy.tiers]
    else:
        prices = list(version.slot_prices(day))
    low, high = min(prices), max(prices)
    text = f"{low:.2f}" if low == high else f"{low:.2f}–{high:.2f}"
    return QCoreApplication.translate("PlanEditorPage", "{price} yen/kWh").format(price=text)


class PlanHistoryDialog(SheetDialog):
    chosen = Signal(object)  # the valid_from date of the version to edit

    def __init__(self, plan: RatePlan, lang: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.versions = QListWidget(self)
        self.versions.setObjectName("PlanList")
        self.versions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.versions.setWordWrap(True)
        make_kinetic(self.versions)
        translate = QCoreApplication.translate
        for version in reversed(plan.versions):
            day = version.valid_from
            item = QListWidgetItem(translate("PlanHistoryDialog", "From {date}: {prices}")
                                   .format(date=format_date(day, lang),
                                           prices=_price_range(version, day)))
            item.setData(Qt.ItemDataRole.UserRole, day)
            self.versions.addItem(item)
        for price in reversed(plan.sell):
            self.versions.addItem(translate("PlanHistoryDialog", "Selling from {date}: "
                                                                 "{price} yen/kWh").format(
                date=format_date(price.valid_from, lang), price=f"{price.yen_per_kwh:.2f}"))
        self.versions.itemClicked.connect(self._chosen)
        self.body.addWidget(self.versions, 1)
        self.retranslate()

    def _chosen(self, item: QListWidgetItem) -> None:
        day = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(day, date):
            self.chosen.emit(day)
            self.accept()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.title_label.setText(translate("PlanHistoryDialog", "Price history"))
        self.message_label.setText(translate(
            "PlanHistoryDialog", "Each price applies from its date until the next one. Tap a "
                                 "date to edit the prices from it."))
        self.cancel_button.setText(translate("PlanHistoryDialog", "Close"))
