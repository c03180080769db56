"""A circuit's graph (or every circuit stacked): opened by tapping a tile on 計測.

The name follows the circuits service, so a circuit renamed while its graph is
open changes in place; a circuit that is removed keeps its graph (the history
stays) under the last name it had.

All circuits stacked show the period's TOP_CIRCUITS largest, each in its own colour,
and the rest summed as "Others" (40 colours cannot be told apart, nor listed in a
legend on an 800-px panel). A tap on "Others" in the legend shows the next circuits
the same way; "Largest circuits" goes back to the top.
"""

from __future__ import annotations

import colorsys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.circuits import CircuitsSnapshot
from app.services.services import Services
from app.ui.circuit_names import circuit_name
from app.ui.pages.base_page import Page
from app.ui.theme import EnergyRole

if TYPE_CHECKING:
    from app.domain.history import HistoryResult

OTHERS = "others"  # app.domain.history.OTHERS (numpy loads with the first graph)

STACK = "stack"  # open_with(STACK): every measured circuit, stacked
TOP_CIRCUITS = 7  # circuits of a stack shown on their own; the rest are "Others"


def stack_colors(count: int) -> list[QColor]:
    """Distinct, equally light hues for stacked circuits (neighbours far apart)."""
    golden = 0.618033988749895
    colors = []
    for index in range(count):
        red, green, blue = colorsys.hsv_to_rgb((index * golden) % 1.0, 0.55, 0.85)
        colors.append(QColor.fromRgbF(red, green, blue))
    return colors


PALETTE_SIZE = 12  # hues a stack picks from: more than TOP_CIRCUITS, so a pick always fits


def circuit_color_slots(shown: list[str], order: list[str]) -> dict[str, int]:
    """A palette slot for each shown circuit that follows the circuit, not its rank.

    Each circuit prefers the slot of its place in the home's circuit list; when a
    larger circuit of the same stack already took it, the next free one. So a circuit
    keeps its colour from one period to the next, whichever circuits are largest.
    """
    place = {key: i for i, key in enumerate(order)}
    taken: dict[str, int] = {}
    for key in shown:  # largest first: the larger circuit keeps its own colour
        slot = place.get(key, len(place)) % PALETTE_SIZE
        while slot in taken.values():
            slot = (slot + 1) % PALETTE_SIZE
        taken[key] = slot
    return taken


class CircuitGraphPage(Page):
    page_id = "circuit_graph"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.subject: str | None = None
        self.names: dict[str, str] = {}  # circuit key -> name, as last seen
        self.skip = 0  # a stack: how many of the largest circuits are left out ("Others")
        self.folded: tuple[str, ...] = ()  # the keys summed as "Others" in the last drawing
        self.heading = QLabel()
        self.heading.setProperty("kind", "heading")
        # Imported here: pyqtgraph (and numpy) load when a graph is first opened,
        # not on the panel's start-up path.
        from app.ui.widgets.history_panel import HistoryPanel

        self.panel = HistoryPanel(services.history, self)
        self.panel.rates_requested.connect(lambda: self.open_page.emit("rates", None))
        self.panel.graph.legend_tapped.connect(self._legend_tapped)
        self.top_button = QPushButton()
        self.top_button.setObjectName("CompactControl")
        self.top_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.top_button.setMinimumHeight(44)
        self.top_button.clicked.connect(lambda: self._show_from(0))
        self.top_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.setSpacing(4)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.top_button)
        heading_row.addWidget(self.panel.total_label)
        heading_row.addWidget(self.panel.measure_button)
        layout.addLayout(heading_row)
        layout.addWidget(self.panel, 1)
        services.circuits.snapshot_changed.connect(self._circuits_changed)
        if services.circuits.last_snapshot is not None:
            self._remember(services.circuits.last_snapshot)
        self.retranslate()


    def open_with(self, subject: object) -> None:
        self.subject = str(subject)
        self.skip = 0
        self._show_series()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.panel.set_language(self.language)
        self.services.history.set_active(True, self)
        self.services.circuits.set_active(True, self)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.services.history.set_active(False, self)
        self.services.circuits.set_active(False, self)

    def _remember(self, snapshot: CircuitsSnapshot) -> dict[str, str]:
        names = {c.key: circuit_name(c.name, self.language) for c in snapshot.circuits}
        self.names.update(names)
        return names

    def _circuits_changed(self, snapshot: CircuitsSnapshot) -> None:
        before = dict(self.names)
        current = self._remember(snapshot)
        renamed = any(before.get(key) != name for key, name in current.items())
        shown = {key.removeprefix("circuit.") for key in self.panel.keys}
        if self.subject == STACK and set(current) != shown:
            self._show_series()  # a circuit came or went: the stack follows
        elif renamed:
            self._show_series()

    def _show_series(self) -> None:
        from app.ui.widgets.energy_graph import SeriesStyle

        if self.subject is None:
            return
        if self.subject == STACK:
            styles = {f"circuit.{key}": SeriesStyle(name) for key, name in self.names.items()}
            self.panel.shape = self._fold
        else:
            name = self.names.get(self.subject, self.subject)
            styles = {f"circuit.{self.subject}": SeriesStyle(name, role=EnergyRole.HOUSE)}
            self.panel.shape = None
        self.panel.show_series(tuple(styles), styles)
        self.retranslate()

    def _fold(self, result: HistoryResult) -> tuple[HistoryResult, dict]:
        """The period's largest circuits, each in its own colour, and "Others"."""
        from app.domain.history import top_keys_with_others
        from app.ui.widgets.energy_graph import SeriesStyle

        folded, self.folded = top_keys_with_others(result, TOP_CIRCUITS, self.skip)
        keys = [k for k in folded.request.keys if k != OTHERS]
        palette = stack_colors(PALETTE_SIZE)
        slots = circuit_color_slots(keys, [f"circuit.{key}" for key in self.names])
        styles = {key: SeriesStyle(self.panel.styles[key].label, color=palette[slots[key]])
                  for key in keys}
        if OTHERS in folded.request.keys:
            styles[OTHERS] = SeriesStyle(
                QCoreApplication.translate("CircuitGraphPage", "Others ({count})").format(
                    count=len(self.folded)), role=EnergyRole.HOUSE)
        return folded, styles

    def _legend_tapped(self, key: str) -> None:
        if key == OTHERS and self.subject == STACK:
            self._show_from(self.skip + TOP_CIRCUITS)

    def _show_from(self, skip: int) -> None:
        """Show the stack from its ``skip``-th largest circuit on (0: the largest)."""
        self.skip = skip
        self.panel.graph.select(-1)
        self.panel.redraw()
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.top_button.setText(translate("CircuitGraphPage", "Largest circuits"))
        self.top_button.setVisible(self.subject == STACK and self.skip > 0)
        if self.subject == STACK and self.skip > 0:
            text = translate("CircuitGraphPage", "All circuits: from no. {rank}").format(
                rank=self.skip + 1)
        elif self.subject == STACK:
            text = translate("CircuitGraphPage", "All circuits")
        else:
            text = self.names.get(self.subject or "", "")
        self.heading.setText(text)
