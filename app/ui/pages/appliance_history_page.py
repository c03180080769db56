"""機器履歴: operation history, energy-saving history and error codes (to come)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.placeholder_page import PlaceholderPage


class ApplianceHistoryPage(PlaceholderPage):
    page_id = "appliance_history"
    icon_name = "history"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ApplianceHistoryPage", "Appliance history")

    @classmethod
    def description(cls) -> str:
        return QCoreApplication.translate(
            "ApplianceHistoryPage",
            "What each connected appliance did and why (by hand, by schedule or by "
            "energy-saving control), and device error codes with when they occurred, "
            "when they cleared and what they mean.")
