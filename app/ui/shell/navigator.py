"""Which page is shown, how we got there, and the way back."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget

from app.ui.pages.base_page import Page

HISTORY_LIMIT = 32


class Navigator(QObject):
    """Owns the page stack's current page; the header, footer, menu and side nav follow it."""

    page_changed = Signal(str)

    def __init__(self, stack: QStackedWidget, pages: Sequence[Page],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        self._pages = {page.page_id: page for page in pages}
        self._history: list[str] = []
        for page in pages:
            stack.addWidget(page)
        self._current = pages[0].page_id
        stack.setCurrentWidget(pages[0])

    @property
    def current_id(self) -> str:
        return self._current

    @property
    def current_page(self) -> Page:
        return self._pages[self._current]

    def page(self, page_id: str) -> Page:
        return self._pages[page_id]

    def pages(self) -> list[Page]:
        return list(self._pages.values())

    def go(self, page_id: str) -> None:
        if page_id not in self._pages:
            raise KeyError(f"no page {page_id!r}")
        if page_id == self._current:
            return
        self._history = [*self._history[-(HISTORY_LIMIT - 1):], self._current]
        self._show(page_id)

    def can_go_back(self) -> bool:
        return bool(self._history) or self.current_page.parent_id is not None

    def back(self) -> None:
        """Back in history; with no history, up to the parent page."""
        if self._history:
            self._show(self._history.pop())
        elif self.current_page.parent_id is not None:
            self._show(self.current_page.parent_id)

    def go_home(self) -> None:
        root = next(page_id for page_id, page in self._pages.items() if page.parent_id is None)
        self._history.clear()
        self._show(root)

    def trail(self) -> list[Page]:
        """The breadcrumb: from the root down to the current page."""
        trail = [self.current_page]
        while trail[0].parent_id is not None and trail[0].parent_id in self._pages:
            trail.insert(0, self._pages[trail[0].parent_id])
        return trail

    def _show(self, page_id: str) -> None:
        self._current = page_id
        self._stack.setCurrentWidget(self._pages[page_id])
        self.page_changed.emit(page_id)
