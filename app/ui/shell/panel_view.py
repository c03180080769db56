"""The frame both shells share: header, page stack, footer and the slide-up menu."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.services.services import FrontServices, Services
from app.ui.pages import SECTION_PAGES, SUB_PAGES
from app.ui.pages.base_page import Page
from app.ui.pages.registry import PageRef
from app.ui.shell.footer import Footer
from app.ui.shell.header import Header
from app.ui.shell.menu_panel import MenuPanel
from app.ui.shell.navigator import Navigator

NOTICES_PAGE_ID = "notices"


class PageStack(QStackedWidget):
    """The pages, one shown at a time; only the shown page's size counts.

    A QStackedWidget's minimum is the largest of all its pages' minimums: one page
    visited once (a long line in English, a graph with its readout) would keep the
    window from ever being smaller again. The hidden pages do not need the room.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return QSize(0, 0) if page is None else page.minimumSizeHint().expandedTo(QSize(0, 0))

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return QSize(0, 0) if page is None else page.sizeHint().expandedTo(QSize(0, 0))


class PanelView(QWidget):
    """Shows the home page with the front services alone (the first frame); the other
    pages are built once `attach` has given all of them. A page asked for before that
    (a tap during start-up) opens as soon as they come."""

    # A page built on first visit, or the menu's tiles on first open: the window styles it.
    page_built = Signal(QWidget)
    services_attached = Signal()  # every service has come (after the first frame)

    def __init__(self, services: FrontServices, *,
                 sections: Sequence[PageRef] = SECTION_PAGES,
                 sub_pages: Sequence[PageRef] = SUB_PAGES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PanelView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.services = services
        self._all: Services | None = services if isinstance(services, Services) else None
        self._waiting: tuple[str, object] | None = None  # asked for before `attach`
        self.sections = list(sections)
        self.header = Header(lambda: services.preferences.language, services.clock.local_now,
                             self)
        self.stack = PageStack(self)
        self.stack.setObjectName("PageStack")
        self.footer = Footer(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer)

        self.navigator = Navigator(self.stack, [*self.sections, *sub_pages], self._build_page,
                                   self)
        self.menu = MenuPanel(self.sections, self)

        self.navigator.page_changed.connect(self._page_changed)
        self.footer.back_button.clicked.connect(self.navigator.back)
        self.footer.menu_button.clicked.connect(self.menu.toggle)
        self.footer.lamp.clicked.connect(lambda: self.go(NOTICES_PAGE_ID))
        self.footer.follow_notices(services.notices)
        self.menu.section_chosen.connect(self.go)
        self.menu.open_changed.connect(self.footer.set_menu_open)
        self.menu.tiles_built.connect(self.page_built)
        self._page_changed(self.navigator.current_id)

    @property
    def attached(self) -> bool:
        return self._all is not None

    def attach(self, services: Services) -> None:
        """All the services (after the first frame): every page can be built now."""
        self.services = self._all = services
        for page in self.navigator.built_pages():  # the home page: its weather
            page.attach(services)
        if self._waiting is not None:
            page_id, subject = self._waiting
            self._waiting = None
            self.go(page_id, subject)
        self.services_attached.emit()

    def _build_page(self, ref: PageRef) -> Page:
        if self._all is None and ref is not self.sections[0]:  # only the start page may
            raise RuntimeError(f"page {ref.page_id!r} needs the services attach() gives")
        page = ref(self.services)
        page.open_page.connect(self.go)
        self.page_built.emit(page)
        return page

    def go(self, page_id: str, subject: object = None) -> None:
        self.menu.close_menu()
        if self._all is None and page_id != self.navigator.current_id:
            self._waiting = (page_id, subject)
            return
        if subject is not None:
            self.page(page_id).open_with(subject)  # before it shows: no flash of the old one
        self.navigator.go(page_id)

    def page(self, page_id: str) -> Page:
        return self.navigator.page(page_id)

    def section_of(self, page_id: str) -> str:
        """The menu section a page belongs to (a sub-page's parent section)."""
        trail = self.navigator.trail() if page_id == self.navigator.current_id else []
        return next((ref.page_id for ref in reversed(trail) if ref in self.sections), page_id)

    def _page_changed(self, page_id: str) -> None:
        self.header.set_trail(self.navigator.trail())
        self.footer.back_button.setEnabled(self.navigator.can_go_back())
        self.menu.set_current(self.section_of(page_id))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_menu()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._place_menu()

    def _place_menu(self) -> None:
        # The menu covers the page stack only, so the footer's button can close it.
        self.menu.setGeometry(self.stack.geometry())
