"""A section that is not built yet: says, in the user's language, what will be there."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.services import Services
from app.ui.icons import icon_pixmap
from app.ui.pages.base_page import Page
from app.ui.theme import DAY, Theme


class PlaceholderPage(Page):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self._theme = DAY
        self._icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self._heading = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self._heading.setProperty("kind", "title")
        self._description = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self._description.setProperty("kind", "muted")
        self._badge = QLabel()
        self._badge.setProperty("kind", "badge")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addStretch(1)
        layout.addWidget(self._icon)
        layout.addSpacing(8)
        layout.addWidget(self._heading)
        layout.addWidget(self._badge, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addWidget(self._description)
        layout.addStretch(2)
        self._paint_icon()
        self.retranslate()

    @classmethod
    def description(cls) -> str:
        """What this section will show (translated)."""
        raise NotImplementedError

    def retranslate(self) -> None:
        self._heading.setText(self.title())
        self._description.setText(self.description())
        self._badge.setText(QCoreApplication.translate("PlaceholderPage", "Coming soon"))

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._paint_icon()

    def _paint_icon(self) -> None:
        size = max(56, self.height() // 6)
        self._icon.setPixmap(icon_pixmap(self.icon_name, self._theme.color("accent"), size,
                                         self.devicePixelRatioF()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._paint_icon()
