"""An icon from resources/icons as a label: tinted with a theme colour, sized to the text.

The colour is a function of the theme (a role or a neutral), so the night theme dims
the icon with everything else; the side is a multiple of the label's font size, so the
icon grows with the window's scale like the text beside it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFontInfo
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.ui.icons import icon_pixmap
from app.ui.theme import DAY, Theme

ColorOf = Callable[[Theme], QColor]


class ThemedIcon(QLabel):
    def __init__(self, ems: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._ems = ems
        self._theme = DAY
        self.icon_name = ""
        self._color: ColorOf = lambda theme: theme.color("text")
        self._fit()

    def set_icon(self, name: str, color: ColorOf) -> None:
        self.icon_name, self._color = name, color
        self._render()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        side = round(self._ems * QFontInfo(self.font()).pixelSize())
        if side != self.width() or side != self.height():
            self.setFixedSize(side, side)
            self._render()

    def _render(self) -> None:
        if not self.icon_name:
            self.clear()
            return
        self.setPixmap(icon_pixmap(self.icon_name, self._color(self._theme), self.width(),
                                   self.devicePixelRatioF()))
