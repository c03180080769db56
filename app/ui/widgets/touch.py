"""Touch helpers: kinetic scrolling instead of tiny scrollbars."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QScroller, QWidget


def make_kinetic(area: QAbstractScrollArea) -> None:
    """Drag anywhere in the area to scroll, with momentum (finger or mouse)."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


def kinetic_scroll(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """A vertical, kinetic scroll area around ``content`` that shows the theme's background."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setWidget(content)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # QScrollArea paints its content with the platform palette; show the theme instead.
    scroll.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    make_kinetic(scroll)
    return scroll
