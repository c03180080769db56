"""Which page is shown, how we got there, and the way back.

Pages are built the first time they are shown: start-up pays only for the
home page, and a section nobody opens costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget

from app.ui.pages.base_page import Page
from app.ui.pages.registry import PageRef

HISTORY_LIMIT = 32


class Navigator(QObject):
    """Owns the page stack's current page; the header, footer, menu and side nav follow it."""

    page_changed = Signal(str)

    def __init__(self, stack: QStackedWidget, sections: Sequence[PageRef],
                 build: Callable[[PageRef], Page], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        self._refs = {ref.page_id: ref for ref in sections}
        self._build = build
        self._pages: dict[str, Page] = {}
        self._history: list[str] = []
        self._current = sections[0].page_id
        stack.setCurrentWidget(self.page(self._current))

    @property
    def current_id(self) -> str:
        return self._current

    @property
    def current_page(self) -> Page:
        return self.page(self._current)

    def page(self, page_id: str) -> Page:
        """The page, built on first use."""
        page = self._pages.get(page_id)
        if page is None:
            page = self._build(self._refs[page_id])
            self._pages[page_id] = page
            self._stack.addWidget(page)
        return page

    def built_pages(self) -> list[Page]:
        return list(self._pages.values())

    def go(self, page_id: str) -> None:
        if page_id not in self._refs:
            raise KeyError(f"no page {page_id!r}")
        if page_id == self._current:
            return
        self._history = [*self._history[-(HISTORY_LIMIT - 1):], self._current]
        self._show(page_id)

    def can_go_back(self) -> bool:
        return bool(self._history) or self._refs[self._current].parent_id is not None

    def back(self) -> None:
        """Back in history; with no history, up to the parent page."""
        parent = self._refs[self._current].parent_id
        if self._history:
            self._show(self._history.pop())
        elif parent is not None:
            self._show(parent)

    def go_home(self) -> None:
        root = next(pid for pid, ref in self._refs.items() if ref.parent_id is None)
        self._history.clear()
        self._show(root)

    def trail(self) -> list[PageRef]:
        """The breadcrumb: from the root down to the current page."""
        trail = [self._refs[self._current]]
        while trail[0].parent_id is not None and trail[0].parent_id in self._refs:
            trail.insert(0, self._refs[trail[0].parent_id])
        return trail

    def _show(self, page_id: str) -> None:
        self._current = page_id
        self._stack.setCurrentWidget(self.page(page_id))
        self.page_changed.emit(page_id)
