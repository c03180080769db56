"""計測: every circuit's power now, in the board's order, a screenful at a time.

Main L1/L2 and the house total stay on top; the circuits below keep the board's
order (a tile never moves under the finger as the watts change; 回路ランキング is
the page for "largest first") and are paged (10 per screen at 800×480, more on
larger screens) with a swipe or the arrow buttons. Tapping a circuit opens its
graph. Circuits come from the store at every update, so a renamed circuit shows
its new name and a removed one is gone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.circuits import CircuitPower, CircuitsSnapshot
from app.services.services import Services
from app.ui.circuit_names import circuit_name
from app.ui.formatting import format_power
from app.ui.pages.base_page import Page
from app.ui.widgets.circuit_tile import CircuitTile
from app.ui.widgets.editor_row import TouchButton

TILE_MIN_WIDTH = 360  # two columns at 800 px
TILE_MIN_HEIGHT = 50
TILE_SPACING = 6
SWIPE_FRACTION = 0.15  # of the width: less is a tap


class _SwipeArea(QWidget):
    """The tile grid; a horizontal drag pages (left: next page, as a finger expects)."""

    def __init__(self, page: MeasurementPage) -> None:
        super().__init__(page)
        self._page = page
        self._pressed: QPoint | None = None

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._page.layout_tiles()  # the status line comes and goes: follow the grid's size

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.position().toPoint()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pressed is None:
            return
        dx = event.position().toPoint().x() - self._pressed.x()
        self._pressed = None
        if abs(dx) > self.width() * SWIPE_FRACTION:
            self._page.turn(1 if dx < 0 else -1)


class MeasurementPage(Page):
    page_id = "measurement"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.snapshot: CircuitsSnapshot | None = None
        self.page_index = 0
        self.mains_labels = [QLabel() for _ in range(3)]  # L1, L2, total
        for label in self.mains_labels:
            label.setProperty("kind", "heading")
        self.prev_button = self._arrow("◀", -1)
        self.next_button = self._arrow("▶", 1)
        self.page_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.page_label.setProperty("kind", "muted")
        self.page_label.setMinimumWidth(32)
        self.status = QLabel()
        self.status.setProperty("kind", "muted")
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.ranking_button = TouchButton()  # never narrower than a finger (内訳: 46 px)
        self.ranking_button.setObjectName("CompactControl")
        self.ranking_button.clicked.connect(lambda: self.open_page.emit("circuit_ranking", None))
        self.stack_button = TouchButton()
        self.stack_button.setObjectName("CompactControl")
        self.stack_button.clicked.connect(lambda: self.open_page.emit("circuit_graph", "stack"))
        for button in (self.ranking_button, self.stack_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout()
        top.setSpacing(8)
        for label in self.mains_labels:
            top.addWidget(label)
        # In the top row, not a line of its own: showing it must not cost a row of tiles.
        top.addWidget(self.status, 1)
        top.addWidget(self.ranking_button)
        top.addWidget(self.stack_button)
        top.addWidget(self.prev_button)
        top.addWidget(self.page_label)
        top.addWidget(self.next_button)

        self.grid_area = _SwipeArea(self)
        # The grid shows as many rows as fit; its tiles must not make it (and the window)
        # taller than one row, or a window once enlarged could never shrink back.
        self.grid_area.setMinimumSize(TILE_MIN_WIDTH // 2, TILE_MIN_HEIGHT)
        self._grid = QGridLayout(self.grid_area)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(TILE_SPACING)
        self.tiles: list[CircuitTile] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.grid_area, 1)
        services.circuits.snapshot_changed.connect(self.show_snapshot)
        self.retranslate()

    def _arrow(self, text: str, direction: int) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("PageNext" if direction > 0 else "PagePrevious")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setFixedSize(48, 48)
        button.clicked.connect(lambda: self.turn(direction))
        return button


    # --- visibility: a hidden page does no work -----------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.services.circuits.set_active(True, self)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.services.circuits.set_active(False, self)

    # --- paging ----------------------------------------------------------------------
    def per_page(self) -> tuple[int, int]:
        """(columns, rows) that fit the grid area: 2 × 5 at 800×480."""
        area = self.grid_area.size()
        columns = max(1, area.width() // TILE_MIN_WIDTH)
        rows = max(1, (area.height() + TILE_SPACING) // (TILE_MIN_HEIGHT + TILE_SPACING))
        return columns, rows

    def page_count(self) -> int:
        columns, rows = self.per_page()
        count = 0 if self.snapshot is None else len(self.snapshot.circuits)
        return max(1, -(-count // (columns * rows)))

    def turn(self, direction: int) -> None:
        index = min(max(self.page_index + direction, 0), self.page_count() - 1)
        if index != self.page_index:
            self.page_index = index
            self._fill()

    def sorted_circuits(self) -> list[CircuitPower]:
        """The board's order (the snapshot's), whatever the watts: tiles stay put."""
        return [] if self.snapshot is None else list(self.snapshot.circuits)

    # --- data ------------------------------------------------------------------------
    def show_snapshot(self, snapshot: CircuitsSnapshot) -> None:
        self.snapshot = snapshot
        self.page_index = min(self.page_index, self.page_count() - 1)
        self._fill()

    def layout_tiles(self) -> None:
        columns, rows = self.per_page()
        needed = columns * rows
        if len(self.tiles) == needed and self._grid.columnCount() == columns:
            return
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        while len(self.tiles) < needed:
            tile = CircuitTile(self.grid_area)
            tile.set_theme(self.theme)
            tile.tapped.connect(self.open_circuit)
            self.tiles.append(tile)
        for index, tile in enumerate(self.tiles):
            tile.setVisible(index < needed)
            if index < needed:
                self._grid.addWidget(tile, index // columns, index % columns)
        self._fill()

    def _fill(self) -> None:
        lang = self.language
        circuits = self.sorted_circuits()
        columns, rows = self.per_page()
        size = columns * rows
        shown = circuits[self.page_index * size:(self.page_index + 1) * size]
        largest = max((c.watts or 0.0 for c in circuits), default=0.0)
        for index, tile in enumerate(self.tiles[:size]):
            if index >= len(shown):
                tile.show_item(None)
                continue
            circuit = shown[index]
            share = (circuit.watts or 0.0) / largest if largest > 0 else 0.0
            tile.show_item(circuit.key, circuit_name(circuit.name, lang),
                           format_power(circuit.watts, lang), share,
                           muted=circuit.watts is None)
        self._show_header()

    def _show_header(self) -> None:
        translate = QCoreApplication.translate
        lang = self.language
        snap = self.snapshot
        mains = {} if snap is None else {m.key: m.watts for m in snap.mains}
        texts = (translate("MeasurementPage", "L1 {power}"),
                 translate("MeasurementPage", "L2 {power}"),
                 translate("MeasurementPage", "Total {power}"))
        values = (mains.get("main1"), mains.get("main2"), None if snap is None else snap.total_w)
        for label, text, watts in zip(self.mains_labels, texts, values, strict=True):
            label.setText(text.format(power=format_power(watts, lang)))
        self.page_label.setText(f"{self.page_index + 1}/{self.page_count()}")
        self.prev_button.setEnabled(self.page_index > 0)
        self.next_button.setEnabled(self.page_index < self.page_count() - 1)
        if snap is None:
            status = translate("MeasurementPage", "Waiting for readings…")
        elif not snap.circuits:
            status = translate("MeasurementPage", "No circuits measured yet")
        elif snap.stale:
            status = translate("MeasurementPage", "No fresh readings")
        else:
            status = ""
        self.status.setText(status)

    def open_circuit(self, key: str) -> None:
        self.open_page.emit("circuit_graph", key)

    def retranslate(self) -> None:
        self.ranking_button.setText(QCoreApplication.translate("MeasurementPage", "Ranking"))
        self.stack_button.setText(QCoreApplication.translate("MeasurementPage", "Breakdown"))
        self.prev_button.setAccessibleName(
            QCoreApplication.translate("MeasurementPage", "Previous page"))
        self.next_button.setAccessibleName(
            QCoreApplication.translate("MeasurementPage", "Next page"))
        self._fill()
