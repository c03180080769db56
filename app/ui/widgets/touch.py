"""Touch helpers: kinetic scrolling instead of tiny scrollbars."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QScroller


def make_kinetic(area: QAbstractScrollArea) -> None:
    """Drag anywhere in the area to scroll, with momentum (finger or mouse)."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
