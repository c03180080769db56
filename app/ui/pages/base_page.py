"""What every page is: a widget with its id (its place, icon and title are in registry.py).

Pages follow Picard's option pages: one module, one class. Pages that edit
something also implement ``load()``, ``check()`` and ``save()``.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QWidget

from app.services.services import Services
from app.ui.pages.registry import page_ref


class Page(QWidget):
    # A page asks the shell to show another, with what to show there (or None):
    # Settings -> Devices, a circuit tile -> that circuit's graph.
    open_page = Signal(str, object)

    page_id: ClassVar[str] = ""  # its place, icon and title: registry.py

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName(type(self).__name__)

    @classmethod
    def title(cls) -> str:
        """The translated page title (header, menu, side navigation)."""
        return page_ref(cls.page_id).title()

    @property
    def language(self) -> str:
        return self.services.preferences.language

    def open_with(self, subject: object) -> None:
        """Show ``subject`` (e.g. a circuit key) when opened from another page."""

    def retranslate(self) -> None:
        """Re-read every visible text; called on construction and on LanguageChange."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
