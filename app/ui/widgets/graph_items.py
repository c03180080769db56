"""Small plot items of the energy graph, cheaper than pyqtgraph's general ones.

- ``TailDot``: the live-tail point. A ScatterPlotItem rebuilds its point table on
  every setData (~1 ms); this is one ellipse that only moves.
- ``Bars``: a BarGraphItem that caches its bounding rect the way PlotCurveItem does;
  the stock one recomputes it (with pixel vectors) each of the ~5 times the scene
  asks per frame, which was most of a 40-circuit month's paint.
- ``GridLines``: the horizontal grid as one curve of line pairs. pyqtgraph's axis grid
  makes the value axis hide its edge labels, and one InfiniteLine per tick costs a
  bounding-rect computation each per frame.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem


class TailDot(QGraphicsEllipseItem):
    """A dot of a fixed size in pixels at a data point."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._point: tuple[float, float] | None = None
        self.set_style(QColor("black"), QColor("white"), 10)
        self.setVisible(False)

    def set_style(self, fill: QColor, outline: QColor, diameter: float) -> None:
        self.setRect(QRectF(-diameter / 2, -diameter / 2, diameter, diameter))
        self.setBrush(QBrush(fill))
        pen = QPen(outline, 2)
        pen.setCosmetic(True)
        self.setPen(pen)

    def set_point(self, x: float, y: float) -> None:
        self._point = (float(x), float(y))
        self.setPos(x, y)
        self.setVisible(True)

    def clear(self) -> None:
        self._point = None
        self.setVisible(False)

    @property
    def point(self) -> tuple[float, float] | None:
        return self._point


class Bars(pg.BarGraphItem):
    def __init__(self, **opts) -> None:
        self._bounds: QRectF | None = None
        super().__init__(**opts)

    def setOpts(self, **opts) -> None:
        self.prepareGeometryChange()  # the old rect, while it is still cached
        self._bounds = None
        super().setOpts(**opts)

    def boundingRect(self) -> QRectF:
        if self._bounds is None:
            self._bounds = super().boundingRect()
        return QRectF(self._bounds)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()
        self._bounds = None  # the pen's pixel padding depends on the scale


class GridLines(pg.PlotCurveItem):
    """Horizontal lines at ``ys`` across [x0, x1]."""

    def __init__(self) -> None:
        super().__init__(connect="pairs", antialias=False)
        self._key: tuple | None = None

    def set_lines(self, ys: list[float], x0: float, x1: float) -> None:
        key = (tuple(ys), x0, x1)
        if key == self._key:
            return
        self._key = key
        count = len(ys)
        x = np.empty(2 * count)
        x[0::2], x[1::2] = x0, x1
        self.setData(x, np.repeat(np.asarray(ys, dtype=np.float64), 2))

    @property
    def levels(self) -> list[float]:
        return [] if self._key is None else list(self._key[0])
