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
from app.ui.theme import DAY, Theme


class Page(QWidget):
    # A page asks the shell to show another, with what to show there (or None):
    # Settings -> Devices, a circuit tile -> that circuit's graph.
    open_page = Signal(str, object)

    page_id: ClassVar[str] = ""  # its place, icon and title: registry.py

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.theme: Theme = DAY  # the window's, for widgets the page makes later
        self.setObjectName(type(self).__name__)

    def set_theme(self, theme: Theme) -> None:
        """Called with the window's theme (propagate_theme); widgets that paint themselves
        and are made after it (tiles for a new grid size) take it from here."""
        self.theme = theme

    @classmethod
    def title(cls) -> str:
        """The translated page title (header, menu, side navigation)."""
        return page_ref(cls.page_id).title()

    @property
    def language(self) -> str:
        return self.services.preferences.language

    def attach(self, services: Services) -> None:
        """All the services, given after the first frame to a page built before it (the
        home page is built with the front services only: app.services.services)."""
        self.services = services

    def open_with(self, subject: object) -> None:
        """Show ``subject`` (e.g. a circuit key) when opened from another page."""

    def retranslate(self) -> None:
        """Re-read every visible text; called on construction and on LanguageChange."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
