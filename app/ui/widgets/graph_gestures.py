"""Tap and swipe on a graph: the finger steps periods and picks bars, it never pans.

Installed as an event filter on the plot's viewport, it eats the mouse events (Qt
synthesises them from touch on the panel), so pyqtgraph never pans, zooms or hovers.

- A press and release that moved at most ``TAP_SLOP_PX`` is a tap at that point.
- A mostly horizontal drag longer than ``SWIPE_FRACTION`` of the width is a swipe.
  Convention (like turning a page): swiping left, the finger moving right to left,
  shows the next, later period: ``swiped(+1)``; swiping right shows the earlier
  one: ``swiped(-1)``.
- Anything in between (a short or vertical drag) does nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

SWIPE_FRACTION = 0.15
TAP_SLOP_PX = 12  # a finger wobbles; more than this is a drag


class TapSwipeFilter(QObject):
    tapped = Signal(QPoint)  # in the watched widget's coordinates
    swiped = Signal(int)  # +1: later period (swipe left), -1: earlier (swipe right)

    def __init__(self, watched: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watched = watched
        self._pressed_at: QPoint | None = None
        watched.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)
        watched.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is not self._watched:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            if event.button() == Qt.MouseButton.LeftButton:
                self._pressed_at = event.position().toPoint()
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            if event.button() == Qt.MouseButton.LeftButton and self._pressed_at is not None:
                self._released(self._pressed_at, event.position().toPoint())
                self._pressed_at = None
            return True
        return kind in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonDblClick,
                        QEvent.Type.Wheel, QEvent.Type.ContextMenu)

    def _released(self, start: QPoint, end: QPoint) -> None:
        dx, dy = end.x() - start.x(), end.y() - start.y()
        if abs(dx) <= TAP_SLOP_PX and abs(dy) <= TAP_SLOP_PX:
            self.tapped.emit(start)  # where the finger came down is what it aimed at
        elif abs(dx) > abs(dy) and abs(dx) >= SWIPE_FRACTION * self._watched.width():
            self.swiped.emit(1 if dx < 0 else -1)
