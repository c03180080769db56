"""料金設定: electricity, gas and water rate plans (to come)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.placeholder_page import PlaceholderPage


class RatesPage(PlaceholderPage):
    page_id = "rates"
    icon_name = "rates"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("RatesPage", "Rates")

    @classmethod
    def description(cls) -> str:
        return QCoreApplication.translate(
            "RatesPage",
            "Your electricity plan (flat, tiered, time-of-use or seasonal), basic charge, "
            "feed-in price and CO2 factor, gas and water prices, and plans of the power "
            "companies to download and apply.")
