"""A small rounded bar in an energy role's colour, for legends and totals."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import DAY, EnergyRole, Theme


class RoleSwatch(QWidget):
    def __init__(self, role: EnergyRole, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self._theme = DAY
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(6, 18)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._theme.role(self.role))
        width = float(self.width())
        painter.drawRoundedRect(QRectF(0, 0, width, self.height()), width / 2, width / 2)
