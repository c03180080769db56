"""The installer's window: the same pages with a side navigation, resizable."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QWidget

from app.services.services import FrontServices
from app.ui.icons import themed_icon
from app.ui.shell.panel_view import PanelView
from app.ui.shell.scaling import WindowStyler
from app.ui.theme import DAY, Theme

DEFAULT_SIZE = (1024, 640)
# The smallest the window may be made. Set explicitly: left to the layouts, the
# minimum would be the content's at the current scale, and a window once enlarged
# (larger fonts) could not be made small again. Below the reference the scale is 1,
# and every page fits this (tests/ui/test_window_fits.py).
MINIMUM_SIZE = (960, 600)
DESKTOP_REFERENCE = (960, 600)  # a mouse needs less than a finger: scale 1 near default size


class SideNav(QListWidget):
    def __init__(self, view: PanelView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SideNav")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view = view
        self._theme = DAY
        for page in view.sections:
            item = QListWidgetItem(page.title())
            item.setData(Qt.ItemDataRole.UserRole, page.page_id)
            self.addItem(item)
        # Drag-scrolling once the rest has come: the gesture's set-up (~15 ms) is not
        # needed for the first frame, and a few rows fit without scrolling anyway.
        if view.attached:
            self._make_kinetic()
        else:
            view.services_attached.connect(self._make_kinetic)
        self.itemClicked.connect(lambda item: view.go(item.data(Qt.ItemDataRole.UserRole)))
        view.navigator.page_changed.connect(self.follow)
        self.follow(view.navigator.current_id)

    def _make_kinetic(self) -> None:
        from app.ui.widgets.touch import make_kinetic  # with the gesture: QScroller's classes

        make_kinetic(self)

    def follow(self, page_id: str) -> None:
        page_id = self._view.section_of(page_id)
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == page_id:
                self.setCurrentRow(row)

    def item_for(self, page_id: str) -> QListWidgetItem:
        return next(self.item(row) for row in range(self.count())
                    if self.item(row).data(Qt.ItemDataRole.UserRole) == page_id)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        color = theme.color("header_text")
        for row, page in enumerate(self._view.sections):
            self.item(row).setIcon(themed_icon(page.icon_name, color))

    def changeEvent(self, event: QEvent) -> None:
        # Here rather than in event(): a Python event() on a scroll area is handed Qt's
        # private events too, and naming their types makes PySide load every class of
        # QtWidgets (~10 ms) before the first frame.
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            for row, page in enumerate(self._view.sections):
                self.item(row).setText(page.title())
            self.fit_width()
        elif kind in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.fit_width()
        super().changeEvent(event)

    def fit_width(self) -> None:
        """As wide as the longest section name (they differ a lot between languages)."""
        side = max(22, self.fontMetrics().height())
        self.setIconSize(QSize(side, side))
        widest = max(self.fontMetrics().horizontalAdvance(self.item(row).text())
                     for row in range(self.count()))
        self.setFixedWidth(widest + side + self.fontMetrics().height() * 2)


class DesktopWindow(QMainWindow):
    def __init__(self, services: FrontServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DesktopWindow")
        self.services = services
        self.view = PanelView(services)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.styler = WindowStyler(self, reference=DESKTOP_REFERENCE)
        self.view.page_built.connect(self.styler.adopt)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(*DEFAULT_SIZE)
        self.styler.set_theme(DAY)
        # The side list joins after the first styling, which walks every object under the
        # window: PySide would build the classes of the list's own parts for it (scroll
        # bars, model, delegate, selection: ~1.5 ms before the first frame). It has no
        # layout of ours to scale, and tints its icons itself; later restyles include it.
        self.side_nav = SideNav(self.view)
        layout.insertWidget(0, self.side_nav)
        self.side_nav.set_theme(self.styler.theme)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("DesktopWindow", "HEMS Panel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.styler.resized()
