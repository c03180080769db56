"""Today's totals under the flow diagram: used, generated, bought and sold kWh."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.ui.formatting import DASH, format_energy_kwh, split_energy_kwh
from app.ui.retranslate import RetranslateMixin
from app.ui.theme import EnergyRole
from app.ui.widgets.role_swatch import RoleSwatch

if TYPE_CHECKING:  # the first frame has no totals yet: they come from the home query
    from app.domain.home_snapshot import DayTotals

_FIELDS = (
    ("used_kwh", EnergyRole.HOUSE),
    ("generated_kwh", EnergyRole.SOLAR),
    ("bought_kwh", EnergyRole.PURCHASE),
    ("sold_kwh", EnergyRole.SALE),
)


class _TotalCell(QWidget):
    def __init__(self, role: EnergyRole, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setProperty("kind", "muted")
        self.figure = QLabel(DASH)
        self.figure.setProperty("kind", "figure")
        self.unit = QLabel("kWh")
        self.unit.setProperty("kind", "muted")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        grid.addWidget(RoleSwatch(role), 0, 0, 2, 1)
        grid.addWidget(self.caption, 0, 1)
        value_row = QHBoxLayout()
        value_row.setSpacing(4)
        value_row.addWidget(self.figure, 0, Qt.AlignmentFlag.AlignBottom)
        value_row.addWidget(self.unit, 0, Qt.AlignmentFlag.AlignBottom)
        value_row.addStretch(1)
        grid.addLayout(value_row, 1, 1)


class DayTotalsStrip(RetranslateMixin, QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DayTotals")
        self.setProperty("kind", "card")
        self._totals: DayTotals | None = None
        self._lang = "ja"
        self._heading = QLabel()
        self._heading.setProperty("kind", "heading")
        self._cells = {name: _TotalCell(role) for name, role in _FIELDS}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 6)
        layout.setSpacing(12)
        heading_box = QVBoxLayout()
        heading_box.addWidget(self._heading, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(heading_box)
        for cell in self._cells.values():
            layout.addWidget(cell, 1)
        self.retranslate()

    def set_totals(self, totals: DayTotals | None, lang: str) -> None:
        self._totals, self._lang = totals, lang
        for name, cell in self._cells.items():
            number, unit = split_energy_kwh(None if totals is None else getattr(totals, name))
            cell.figure.setText(number)
            cell.unit.setText(unit)

    def value_text(self, name: str) -> str:
        """e.g. '12.3 kWh' as shown for ``used_kwh`` (for tests and accessibility)."""
        value = None if self._totals is None else getattr(self._totals, name)
        return format_energy_kwh(value, self._lang)

    def caption_text(self, name: str) -> str:
        return self._cells[name].caption.text()

    def heading_text(self) -> str:
        return self._heading.text()

    def retranslate(self) -> None:
        self._heading.setText(QCoreApplication.translate("DayTotals", "Today"))
        captions = {
            "used_kwh": QCoreApplication.translate("DayTotals", "Used"),
            "generated_kwh": QCoreApplication.translate("DayTotals", "Generated"),
            "bought_kwh": QCoreApplication.translate("DayTotals", "Bought"),
            "sold_kwh": QCoreApplication.translate("DayTotals", "Sold"),
        }
        for name, cell in self._cells.items():
            cell.caption.setText(captions[name])
