"""The graph's legend row: the unit, then a swatch and a label per series, painted.

A stacked graph of 40 circuits cannot list them all on an 800-px panel: pages fold
the small ones into one "Others" entry first, and entries that still do not fit are
wrapped to a second row, then summarised as "+N" at the end. The compare entry comes
first (it must never be the one cut) and is drawn hatched and outlined, the way its
bars are. A tap on an entry with a key emits ``entry_tapped(key)`` ("Others": the rest).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import DAY, Theme

MIN_LABEL_PX = 16  # labels never below 16 px at 800×480
MAX_ROWS = 2  # entries wrap to a second row, then the rest is "+N"
COMPARE_FILL_ALPHA = 70  # the compare series: same hue, light fill, solid outline
COMPARE_HATCH = Qt.BrushStyle.BDiagPattern  # over the light fill: never mistaken for
# this period's solid bars, in either theme


def compare_brushes(color: QColor) -> tuple[QBrush, QBrush]:
    """The compare series' light fill and its hatching, both in the series' colour."""
    fill = QColor(color)
    fill.setAlpha(COMPARE_FILL_ALPHA)
    return QBrush(fill), QBrush(QColor(color), COMPARE_HATCH)


@dataclass(frozen=True)
class LegendEntry:
    color: QColor
    label: str
    outlined: bool = False  # the compare series
    key: str = ""  # a tappable entry's key (entry_tapped)


def font_px(widget: QWidget) -> int:
    """The widget's font size in pixels (the stylesheet scales it), never below 16."""
    font = widget.font()
    size = font.pixelSize()
    if size <= 0:
        size = round(font.pointSizeF() * widget.logicalDpiY() / 72) if font.pointSizeF() > 0 \
            else MIN_LABEL_PX
    return max(MIN_LABEL_PX, size)


class GraphLegend(QWidget):
    entry_tapped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GraphLegend")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = DAY
        self._unit = ""
        self._entries: tuple[LegendEntry, ...] = ()
        self.shown_count = 0  # how many entries fitted at the last paint
        self._hits: list[tuple[QRectF, str]] = []  # where each tappable entry was painted
        self.setFixedHeight(self._row_height())

    def set_entries(self, unit: str, entries: tuple[LegendEntry, ...]) -> None:
        if (unit, entries) != (self._unit, self._entries):
            self._unit, self._entries = unit, entries
            self._fit_height()
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
            self._fit_height()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """One row, or two when the entries need them (never more: the graph keeps its
        height on a 480-px screen)."""
        rows = max(1, self._place(float(max(self.width(), 100)))[0])
        height = rows * self._row_height()
        if height != self.height():
            self.setFixedHeight(height)

    def _place(self, width: float) -> tuple[int, list[tuple[LegendEntry, float, int]], int]:
        """Where each shown entry goes: (rows used, [(entry, x, row)], hidden count)."""
        metrics = QFontMetricsF(self._font())
        gap = metrics.height() * 0.6
        swatch = round(metrics.height() * 0.6)
        indent = 0.0
        if self._unit:
            indent = QFontMetricsF(self._font(bold=True)).horizontalAdvance(self._unit) \
                + gap * 1.5
        more_w = metrics.horizontalAdvance("+00") + gap
        placed: list[tuple[LegendEntry, float, int]] = []
        x, row = indent, 0
        for index, entry in enumerate(self._entries):
            need = swatch + 6 + metrics.horizontalAdvance(entry.label)
            remaining = len(self._entries) - index - 1
            last_row = row == MAX_ROWS - 1
            room = width - (more_w if remaining and last_row else 0)
            if x + need > room:
                if last_row or x == indent:
                    break
                x, row = indent, row + 1
                if x + need > width - (more_w if remaining else 0):
                    break
            placed.append((entry, x, row))
            x += need + gap
        rows = placed[-1][2] + 1 if placed else 1
        return rows, placed, len(self._entries) - len(placed)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        theme = self._theme
        font = self._font()
        metrics = QFontMetricsF(font)
        row_h = float(self._row_height())
        gap = metrics.height() * 0.6
        swatch = round(metrics.height() * 0.6)
        if self._unit:
            unit_font = self._font(bold=True)
            painter.setFont(unit_font)
            painter.setPen(theme.color("text_muted"))
            width = QFontMetricsF(unit_font).horizontalAdvance(self._unit)
            painter.drawText(QRectF(0, 0, width + 2, row_h), Qt.AlignmentFlag.AlignVCenter,
                             self._unit)
        painter.setFont(font)
        _, placed, hidden = self._place(float(self.width()))
        self.shown_count = len(placed)
        self._hits = []
        x, top = 0.0, 0.0
        for entry, x, row in placed:
            top = row * row_h
            label_w = metrics.horizontalAdvance(entry.label)
            need = swatch + 6 + label_w
            self._paint_swatch(painter, QRectF(x, top + (row_h - swatch) / 2, swatch, swatch),
                               entry)
            painter.setPen(theme.color("text"))
            painter.drawText(QRectF(x + swatch + 6, top, label_w + 2, row_h),
                             Qt.AlignmentFlag.AlignVCenter, entry.label)
            if entry.key:
                self._hits.append((QRectF(x - gap / 2, top, need + gap, row_h), entry.key))
            x += need + gap
        if hidden:
            painter.setPen(theme.color("text_muted"))
            painter.drawText(QRectF(x, top, self.width() - x, row_h),
                             Qt.AlignmentFlag.AlignVCenter, f"+{hidden}")

    def entry_rect(self, key: str) -> QRectF | None:
        """Where the entry of ``key`` was painted (None: not shown)."""
        return next((QRectF(rect) for rect, k in self._hits if k == key), None)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        key = next((k for rect, k in self._hits if rect.contains(point)), None)
        if key is not None:
            self.entry_tapped.emit(key)
        super().mouseReleaseEvent(event)

    @staticmethod
    def _paint_swatch(painter: QPainter, rect: QRectF, entry: LegendEntry) -> None:
        if entry.outlined:
            inner = rect.adjusted(0.75, 0.75, -0.75, -0.75)
            fill, hatch = compare_brushes(entry.color)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRect(inner)
            painter.setBrush(hatch)
            painter.drawRect(inner)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(entry.color, 1.5))
            painter.drawRect(inner)
        else:
            painter.fillRect(rect, entry.color)

