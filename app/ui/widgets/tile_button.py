"""A large touch tile: an icon above a label that may wrap onto two lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.ui.icons import icon_pixmap
from app.ui.theme import DAY, Theme


class TileButton(QPushButton):
    def __init__(self, icon_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._icon_name = icon_name
        self._theme = DAY
        self._icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self._label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        for child in (self._icon, self._label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.setSpacing(2)
        layout.addWidget(self._icon, 1)
        layout.addWidget(self._label, 1)
        self._render_icon()

    def label_text(self) -> str:
        return self._label.text()

    def set_label(self, text: str) -> None:
        self._label.setText(text)
        self.setAccessibleName(text)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._render_icon()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._render_icon()

    def _render_icon(self) -> None:
        size = max(24, min(48, self.height() // 3))
        self._icon.setPixmap(icon_pixmap(self._icon_name, self._theme.color("accent"), size,
                                         self.devicePixelRatioF()))
