"""One circuit as a tile: its name, a figure (power now, or energy in a period) and a bar
against the largest. Used by the circuits page and the ranking.

Painted by hand (no child widgets): forty of these update every few seconds on a
panel, and a repaint of a few rectangles and two texts is cheaper than relayouts.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import DAY, EnergyRole, Theme

PAD = 10
BAR_HEIGHT = 6


class CircuitTile(QWidget):
    tapped = Signal(str)  # circuit key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(48)  # a touch target
        self.key: str | None = None  # None: an empty slot
        self.name = ""
        self.value = ""
        self.share = 0.0  # of the largest on the page, 0..1
        self.muted = False  # no fresh value: the figure is greyed
        self._theme = DAY

    def show_item(self, key: str | None, name: str = "", value: str = "", share: float = 0.0,
                  muted: bool = False) -> None:
        state = (key, name, value, max(0.0, min(share, 1.0)), muted)
        if state == (self.key, self.name, self.value, self.share, self.muted):
            return  # unchanged: no repaint
        self.key, self.name, self.value, self.share, self.muted = state
        self.setAccessibleName(f"{name} {value}" if key else "")
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.key is None:
            return
        theme = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(theme.color("border"))
        painter.setBrush(theme.color("surface"))
        painter.drawRoundedRect(rect, 8, 8)
        scale = max(0.8, self.height() / 56)
        inner = rect.adjusted(PAD, 4, -PAD, -(BAR_HEIGHT + 8))
        value_font = QFont(self.font())
        value_font.setPixelSize(round(22 * scale))
        value_font.setBold(True)
        name_font = QFont(self.font())
        name_font.setPixelSize(round(17 * scale))
        value = self.value
        painter.setFont(value_font)
        value_width = painter.fontMetrics().horizontalAdvance(value) + PAD
        painter.setPen(theme.color("text_disabled" if self.muted else "text"))
        painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value)
        painter.setFont(name_font)
        painter.setPen(theme.color("text"))
        name_rect = inner.adjusted(0, 0, -value_width, 0)
        name = painter.fontMetrics().elidedText(self.name, Qt.TextElideMode.ElideRight,
                                                round(name_rect.width()))
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         name)
        track = QRectF(rect.left() + PAD, rect.bottom() - BAR_HEIGHT - 6,
                       rect.width() - 2 * PAD, BAR_HEIGHT)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.color("surface_alt"))
        painter.drawRoundedRect(track, 3, 3)
        if self.share > 0:
            painter.setBrush(theme.role(EnergyRole.HOUSE))
            painter.drawRoundedRect(QRectF(track.left(), track.top(),
                                           max(track.height(), track.width() * self.share),
                                           track.height()), 3, 3)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # take the press so the release (the tap) comes here

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.key is not None and self.rect().contains(event.position().toPoint()):
            self.tapped.emit(self.key)
