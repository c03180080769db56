"""The menu: a sheet of large section tiles that slides up over the page.

Tapping outside the sheet (on the dimmed page) closes it. Only the sheet's
position is animated: motion that shows where the menu came from.

The tiles are built the first time the menu opens (or is asked for them): the
first frame does not show them, and their icons cost start-up time.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6 import QtCore
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from app.ui.pages.registry import PageRef
from app.ui.retranslate import RetranslateMixin
from app.ui.widgets.tile_button import TileButton

SLIDE_MS = 220
COLUMNS = 4


class MenuPanel(RetranslateMixin, QWidget):
    section_chosen = Signal(str)
    open_changed = Signal(bool)
    tiles_built = Signal(QWidget)  # the sheet, with its new tiles: the window styles them

    def __init__(self, sections: Sequence[PageRef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MenuScrim")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._sections = list(sections)
        self._open = False
        self.sheet = QFrame(self)
        self.sheet.setObjectName("MenuSheet")
        self.sheet.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.sheet.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        grid = QGridLayout(self.sheet)
        grid.setContentsMargins(14, 14, 14, 14)
        grid.setSpacing(10)
        self._tiles: dict[str, TileButton] | None = None
        self._current: str | None = None
        # Built at the first open: PySide builds the animation's and the easing curve's
        # enums when they are first named, and the menu is closed on the first frame.
        self._slide: QtCore.QPropertyAnimation | None = None
        self.hide()

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def has_tiles(self) -> bool:
        """Whether the tiles are built yet (the first open, or `tiles`, builds them)."""
        return self._tiles is not None

    @property
    def tiles(self) -> dict[str, TileButton]:
        """The section tiles, by page id (built on first use)."""
        return self._ensure_tiles()

    def set_current(self, page_id: str) -> None:
        self._current = page_id
        for pid, tile in (self._tiles or {}).items():
            tile.setChecked(pid == page_id)

    def open_menu(self) -> None:
        if self._open:
            return
        self._open = True
        self._ensure_tiles()  # before the sheet is sized to them
        self._layout_sheet()
        self.show()
        self.raise_()
        self._animate(QPoint(0, self.height()), self._open_pos(),
                      QtCore.QEasingCurve.Type.OutCubic)
        self.open_changed.emit(True)

    def close_menu(self) -> None:
        if not self._open:
            return
        self._open = False
        self._animate(self.sheet.pos(), QPoint(0, self.height()),
                      QtCore.QEasingCurve.Type.InCubic)
        self.open_changed.emit(False)

    def toggle(self) -> None:
        self.close_menu() if self._open else self.open_menu()

    def retranslate(self) -> None:
        tiles = self._tiles or {}
        for page in self._sections:
            if page.page_id in tiles:
                tiles[page.page_id].set_label(page.title())

    # --- Qt ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # a tap on the scrim closes the menu and does nothing else
        self.close_menu()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout_sheet()
        if self._open and (self._slide is None or
                           self._slide.state() != QtCore.QPropertyAnimation.State.Running):
            self.sheet.move(self._open_pos())

    # --- internals ---------------------------------------------------------------------
    def _ensure_tiles(self) -> dict[str, TileButton]:
        if self._tiles is None:
            self._tiles = self._build_tiles()
            self.retranslate()
            if self._current is not None:
                self.set_current(self._current)
            self.tiles_built.emit(self.sheet)
        return self._tiles

    def _build_tiles(self) -> dict[str, TileButton]:
        grid = self.sheet.layout()
        assert isinstance(grid, QGridLayout)
        tiles: dict[str, TileButton] = {}
        for index, page in enumerate(self._sections):
            tile = TileButton(page.icon_name, self.sheet)
            tile.setCheckable(True)
            tile.setObjectName(f"MenuTile_{page.page_id}")
            tile.clicked.connect(lambda _=False, pid=page.page_id: self._choose(pid))
            grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
            tiles[page.page_id] = tile
        return tiles

    def _sheet_height(self) -> int:
        layout = self.sheet.layout()
        rows = -(-len(self._sections) // COLUMNS)
        margins = layout.contentsMargins()
        tiles = rows * max(92, self.height() // 4) + layout.verticalSpacing() * (rows - 1)
        wanted = max(layout.sizeHint().height(), tiles + margins.top() + margins.bottom())
        return min(self.height(), wanted)

    def _layout_sheet(self) -> None:
        self.sheet.resize(self.width(), self._sheet_height())

    def _open_pos(self) -> QPoint:
        return QPoint(0, self.height() - self.sheet.height())

    def _animate(self, start: QPoint, end: QPoint, curve: QtCore.QEasingCurve.Type) -> None:
        if self._slide is None:
            self._slide = QtCore.QPropertyAnimation(self.sheet, b"pos", self)
            self._slide.setDuration(SLIDE_MS)
            self._slide.finished.connect(self._slide_finished)
        self._slide.stop()
        self._slide.setEasingCurve(curve)
        self._slide.setStartValue(start)
        self._slide.setEndValue(end)
        self._slide.start()

    def _slide_finished(self) -> None:
        if not self._open:
            self.hide()

    def _choose(self, page_id: str) -> None:
        self.section_chosen.emit(page_id)
        self.close_menu()
