"""Keeps a window's stylesheet and layout spacing in step with its size and theme."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.theme import (
    DAY,
    REFERENCE_HEIGHT,
    REFERENCE_WIDTH,
    Theme,
    build_stylesheet,
    propagate_theme,
    scale_for_size,
    scale_layouts,
)


class WindowStyler:
    """Re-styles a window when its scale step or its theme changes (both are rare).

    ``reference`` is the window size at which the scale is 1: the 800×480 panel
    for the kiosk, a larger size for the desktop window used with a mouse.
    """

    def __init__(self, window: QWidget, theme: Theme = DAY, *,
                 reference: tuple[int, int] = (REFERENCE_WIDTH, REFERENCE_HEIGHT)) -> None:
        self._window = window
        self._reference = reference
        self.theme = theme
        self.scale = 0.0

    def current_scale(self) -> float:
        return scale_for_size(self._window.width(), self._window.height(), self._reference)

    def resized(self) -> None:
        scale = self.current_scale()
        if abs(scale - self.scale) >= 0.05:
            self.scale = scale
            self._apply()

    def set_theme(self, theme: Theme) -> None:
        if theme != self.theme or not self.scale:
            self.theme = theme
            self.scale = self.scale or self.current_scale()
            self._apply()

    def adopt(self, widget: QWidget) -> None:
        """Bring a widget added after the last restyle (a page built late) in step."""
        if self.scale:
            scale_layouts(widget, self.scale)
            own = getattr(widget, "set_theme", None)
            if callable(own):
                own(self.theme)
            propagate_theme(widget, self.theme)

    def _apply(self) -> None:
        self._window.setStyleSheet(build_stylesheet(self.theme, self.scale))
        scale_layouts(self._window, self.scale)
        propagate_theme(self._window, self.theme)
