"""発電・蓄電: solar, fuel cell, battery and EV flows and history (to come)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.placeholder_page import PlaceholderPage


class GenerationPage(PlaceholderPage):
    page_id = "generation"
    icon_name = "generation"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("GenerationPage", "Generation & storage")

    @classmethod
    def description(cls) -> str:
        return QCoreApplication.translate(
            "GenerationPage",
            "Solar, fuel cell, battery and EV: today's and past generation, charging and "
            "discharging, bought and sold energy, self-consumption and self-sufficiency "
            "rates, and the charging plan with the reason for each decision.")
