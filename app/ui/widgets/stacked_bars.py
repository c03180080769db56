"""All the bars of one bar set (main or compare) in one plot item, one layer per key.

A month of 40 stacked circuits used to be 40 BarGraphItems: creating, adding and
styling them cost most of the graph's first draw (~40 ms of 57). One item holds
every key's rectangles instead and paints them with one ``drawRects`` per key; the
graph hands it all the keys' geometry at once, so the scene is told once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen


@dataclass(frozen=True)
class BarLayer:
    """One key's bars: left edges, bases and signed heights (data units)."""

    x0: np.ndarray
    y0: np.ndarray
    height: np.ndarray
    width: float


_NO_BARS = BarLayer(np.zeros(0), np.zeros(0), np.zeros(0), 0.0)


class StackedBars(pg.GraphicsObject):
    def __init__(self) -> None:
        super().__init__()
        self._order: tuple[str, ...] = ()
        self._styles: dict[str, tuple[QBrush, QPen]] = {}
        self._hatches: dict[str, QBrush] = {}  # a pattern drawn over the fill (compare)
        self._layers: dict[str, BarLayer] = {}
        self._rects: dict[str, list[QRectF]] | None = None  # built at the first paint
        self._data_rect = QRectF()
        self._bounds: QRectF | None = None

    # --- API ---------------------------------------------------------------------------
    def set_keys(self, keys: Sequence[str]) -> None:
        """Which keys are drawn, bottom layer first; others are forgotten."""
        self._order = tuple(keys)
        self._styles = {k: s for k, s in self._styles.items() if k in self._order}
        self._hatches = {k: h for k, h in self._hatches.items() if k in self._order}
        self.set_layers({k: v for k, v in self._layers.items() if k in self._order})

    def set_style(self, key: str, brush: QBrush, pen: QPen, hatch: QBrush | None = None
                  ) -> None:
        """``hatch``: a pattern brush painted over ``brush`` (its lines stay a few pixels
        apart at any zoom: Qt's pattern brushes ignore the view's scale)."""
        self._styles[key] = (QBrush(brush), QPen(pen))
        if hatch is None:
            self._hatches.pop(key, None)
        else:
            self._hatches[key] = QBrush(hatch)
        self.update()

    def set_layers(self, layers: Mapping[str, BarLayer]) -> None:
        """Replace every key's bars at once (one geometry change for the scene)."""
        self.prepareGeometryChange()
        self._layers = {k: layers[k] for k in self._order if k in layers}
        self._rects = None
        self._bounds = None
        self._data_rect = self._union()
        self.update()

    @property
    def keys(self) -> tuple[str, ...]:
        return self._order

    def layer(self, key: str) -> BarLayer:
        return self._layers.get(key, _NO_BARS)

    def style(self, key: str) -> tuple[QBrush, QPen]:
        return self._styles[key]

    def hatch(self, key: str) -> QBrush | None:
        return self._hatches.get(key)

    # --- QGraphicsItem -----------------------------------------------------------------
    def paint(self, painter: QPainter, *args: object) -> None:
        if self._rects is None:
            self._rects = {key: _rects(layer) for key, layer in self._layers.items()}
        for key in self._order:
            rects = self._rects.get(key)
            if not rects or key not in self._styles:
                continue
            brush, pen = self._styles[key]
            hatch = self._hatches.get(key)
            if hatch is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(brush)
                painter.drawRects(rects)
                brush = hatch
            painter.setBrush(brush)
            painter.setPen(pen)
            painter.drawRects(rects)

    def boundingRect(self) -> QRectF:
        if self._bounds is None:
            # A cosmetic pen reaches a pixel beyond the data: pad by one in each direction.
            dx, dy = self.pixelVectors()
            pad_x = abs(dx.x()) + abs(dy.x()) if dx is not None else 0.0
            pad_y = abs(dx.y()) + abs(dy.y()) if dx is not None else 0.0
            self._bounds = self._data_rect.adjusted(-pad_x, -pad_y, pad_x, pad_y)
        return QRectF(self._bounds)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()
        self._bounds = None  # the pixel padding depends on the scale

    def _union(self) -> QRectF:
        lefts, rights, lows, highs = [], [], [], []
        for layer in self._layers.values():
            if not layer.x0.size:
                continue
            top = layer.y0 + layer.height
            lefts.append(layer.x0.min())
            rights.append(layer.x0.max() + layer.width)
            lows.append(min(layer.y0.min(), top.min()))
            highs.append(max(layer.y0.max(), top.max()))
        if not lefts:
            return QRectF()
        left, low = float(min(lefts)), float(min(lows))
        return QRectF(left, low, float(max(rights)) - left, float(max(highs)) - low)


def _rects(layer: BarLayer) -> list[QRectF]:
    # Normalised (height ≥ 0): a bar below zero starts at its lower edge.
    bottom = np.minimum(layer.y0, layer.y0 + layer.height).tolist()
    heights = np.abs(layer.height).tolist()
    width = layer.width
    return [QRectF(x, y, width, h) for x, y, h in zip(layer.x0.tolist(), bottom, heights,
                                                       strict=True)]
