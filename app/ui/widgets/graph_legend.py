"""The graph's legend row: the unit, then a swatch and a label per series, painted.

A stacked graph of 40 circuits cannot list them all on an 800-px panel: entries
that do not fit are summarised as "+N" at the end. Compare entries are drawn as an
outlined, lighter swatch, the way their bars are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import DAY, Theme

MIN_LABEL_PX = 16  # labels never below 16 px at 800×480
COMPARE_FILL_ALPHA = 70  # the compare series: same hue, light fill, solid outline


@dataclass(frozen=True)
class LegendEntry:
    color: QColor
    label: str
    outlined: bool = False  # the compare series


def font_px(widget: QWidget) -> int:
    """The widget's font size in pixels (the stylesheet scales it), never below 16."""
    font = widget.font()
    size = font.pixelSize()
    if size <= 0:
        size = round(font.pointSizeF() * widget.logicalDpiY() / 72) if font.pointSizeF() > 0 \
            else MIN_LABEL_PX
    return max(MIN_LABEL_PX, size)


class GraphLegend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GraphLegend")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = DAY
        self._unit = ""
        self._entries: tuple[LegendEntry, ...] = ()
        self.shown_count = 0  # how many entries fitted at the last paint
        self.setFixedHeight(self._row_height())

    def set_entries(self, unit: str, entries: tuple[LegendEntry, ...]) -> None:
        if (unit, entries) != (self._unit, self._entries):
            self._unit, self._entries = unit, entries
            self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    @property
    def unit(self) -> str:
        return self._unit

    @property
    def labels(self) -> list[str]:
        return [entry.label for entry in self._entries]

    def sizeHint(self) -> QSize:
        return QSize(400, self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(100, self._row_height())

    def _row_height(self) -> int:
        return round(QFontMetricsF(self._font()).height() + 8)

    def _font(self, *, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(font_px(self))
        font.setBold(bold)
        return font

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setFixedHeight(self._row_height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        theme = self._theme
        font = self._font()
        metrics = QFontMetricsF(font)
        height = float(self.height())
        gap = metrics.height() * 0.6
        swatch = round(metrics.height() * 0.6)
        x = 0.0
        if self._unit:
            unit_font = self._font(bold=True)
            painter.setFont(unit_font)
            painter.setPen(theme.color("text_muted"))
            width = QFontMetricsF(unit_font).horizontalAdvance(self._unit)
            painter.drawText(QRectF(x, 0, width + 2, height), Qt.AlignmentFlag.AlignVCenter,
                             self._unit)
            x += width + gap * 1.5
        painter.setFont(font)
        more_w = metrics.horizontalAdvance("+00")
        self.shown_count = 0
        for index, entry in enumerate(self._entries):
            label_w = metrics.horizontalAdvance(entry.label)
            need = swatch + 6 + label_w
            remaining = len(self._entries) - index - 1
            if x + need + (more_w + gap if remaining else 0) > self.width():
                break
            self._paint_swatch(painter, QRectF(x, (height - swatch) / 2, swatch, swatch), entry)
            painter.setPen(theme.color("text"))
            painter.drawText(QRectF(x + swatch + 6, 0, label_w + 2, height),
                             Qt.AlignmentFlag.AlignVCenter, entry.label)
            x += need + gap
            self.shown_count += 1
        hidden = len(self._entries) - self.shown_count
        if hidden:
            painter.setPen(theme.color("text_muted"))
            painter.drawText(QRectF(x, 0, self.width() - x, height),
                             Qt.AlignmentFlag.AlignVCenter, f"+{hidden}")

    @staticmethod
    def _paint_swatch(painter: QPainter, rect: QRectF, entry: LegendEntry) -> None:
        if entry.outlined:
            fill = QColor(entry.color)
            fill.setAlpha(COMPARE_FILL_ALPHA)
            painter.setBrush(fill)
            painter.setPen(QPen(entry.color, 1.5))
            painter.drawRect(rect.adjusted(0.75, 0.75, -0.75, -0.75))
        else:
            painter.fillRect(rect, entry.color)

