"""お知らせ: the notices inbox behind the lamp (to come)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.placeholder_page import PlaceholderPage


class NoticesPage(PlaceholderPage):
    page_id = "notices"
    icon_name = "notices"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("NoticesPage", "Notices")

    @classmethod
    def description(cls) -> str:
        return QCoreApplication.translate(
            "NoticesPage",
            "Messages from the service and from your home: device errors, weather "
            "warnings, backup results, power-saving targets and reminders. The lamp "
            "lights while something is unread.")
