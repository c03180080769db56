"""Small pieces of the panel's stylesheet use: a card, and a property that restyles."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget


def restyle(widget: QWidget, name: str, value: Any) -> None:
    """Set a property the stylesheet selects on ([kind="muted"], [state="stale"]) and
    re-apply the sheet: Qt does not re-evaluate selectors when a property changes."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return  # not styled yet: its first polish (when shown) reads the new value
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def make_card(margins: tuple[int, int, int, int] = (12, 8, 12, 10)) -> tuple[QFrame, QVBoxLayout]:
    """A framed card (kind="card") and its column."""
    frame = QFrame()
    frame.setProperty("kind", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(*margins)
    layout.setSpacing(6)
    return frame, layout
