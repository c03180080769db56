"""Tapping as a finger does: where the window shows the widget.

Qt Test delivers a click to the window at the widget's place, so a widget still below
the fold (or not yet laid out where the scroll put it) takes no tap: whatever shows
there does (once the footer's Back button). `tap` scrolls the widget into its scroll
area's view and waits until the layout has put it there, then taps it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QScrollArea, QWidget


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def scroll_to(qtbot, widget: QWidget, pos: QPoint | None = None) -> QPoint:
    """Scroll `widget` into view; the point to tap in it (its centre by default)."""
    qtbot.waitUntil(lambda: widget.isVisible() and widget.width() > 1)
    point = pos if pos is not None else widget.rect().center()
    area = scroll_area_of(widget)
    if area is None:
        return point
    viewport = area.viewport()

    def shown() -> bool:
        area.ensureWidgetVisible(widget)
        at = widget.mapTo(viewport, point)
        return QRect(QPoint(0, 0), viewport.size()).contains(at)

    qtbot.waitUntil(shown)
    return point


def tap(qtbot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=scroll_to(qtbot, widget, pos))
