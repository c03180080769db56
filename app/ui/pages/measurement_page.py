"""計測: live power of every circuit, gas and water, graphs and ranking (to come)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.placeholder_page import PlaceholderPage


class MeasurementPage(PlaceholderPage):
    page_id = "measurement"
    icon_name = "measurement"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("MeasurementPage", "Measurement")

    @classmethod
    def description(cls) -> str:
        return QCoreApplication.translate(
            "MeasurementPage",
            "Live power of every circuit of the distribution board (main, special and "
            "branch circuits), gas and water use, day/week/month/year graphs compared "
            "with an earlier period, and which circuits use the most right now.")
