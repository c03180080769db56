"""A day's energy prices as 48 half-hour steps: where the plan is dear and where cheap.

Painted by hand (a few dozen rectangles); the dearest slots in the purchase
colour, the others lighter, hours marked every 6 h. Empty for a tiered plan,
whose price depends on the month's kWh rather than the time of day.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import DAY, EnergyRole, Theme

SLOTS = 48
AXIS_PX = 20  # room for the hour labels under the bars


class PriceDayChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(84)
        self.prices: tuple[float, ...] = ()
        self._theme = DAY

    def show_prices(self, prices: Sequence[float]) -> None:
        """48 yen/kWh values from 00:00, or nothing (hides the bars)."""
        self.prices = tuple(prices) if len(prices) == SLOTS else ()
        self.setAccessibleName(
            "" if not self.prices else f"{min(self.prices):.2f}–{max(self.prices):.2f}")
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.prices:
            return
        painter = QPainter(self)
        theme = self._theme
        top = max(self.prices)
        low = min(self.prices)
        width = self.width() / SLOTS
        height = self.height() - AXIS_PX
        dear = theme.role(EnergyRole.PURCHASE)
        cheap = QColor(dear)
        cheap.setAlpha(110)
        painter.setPen(Qt.PenStyle.NoPen)
        for slot, price in enumerate(self.prices):
            # Bars start at 40 % height so that small differences still show.
            share = 1.0 if top == low else 0.4 + 0.6 * (price - low) / (top - low)
            bar = QRectF(slot * width + 0.5, height * (1 - share), width - 1, height * share)
            painter.setBrush(dear if price == top and top != low else cheap)
            painter.drawRect(bar)
        font = QFont(self.font())
        font.setPixelSize(14)
        painter.setFont(font)
        painter.setPen(theme.color("text_muted"))
        for hour in (0, 6, 12, 18):
            x = hour * 2 * width
            painter.drawText(QRectF(x, height + 2, 6 * 2 * width, AXIS_PX - 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             f"{hour}:00")
