"""The footer: back, the menu that slides up, and the notice lamp."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from app.services.notice_service import NoticeService
from app.ui.icons import themed_icon
from app.ui.retranslate import RetranslateMixin
from app.ui.theme import DAY, Theme
from app.ui.widgets.lamp import NoticeLamp


class Footer(RetranslateMixin, QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Footer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._theme = DAY
        self._menu_open = False
        self.back_button = self._button("FooterBack")
        self.menu_button = self._button("FooterMenu")
        self.menu_button.setCheckable(True)
        self.lamp = NoticeLamp(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 12, 4)
        layout.setSpacing(8)
        layout.addWidget(self.back_button, 1, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.menu_button, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.lamp, 1, Qt.AlignmentFlag.AlignRight)
        self.set_theme(DAY)
        self.retranslate()

    def _button(self, name: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setProperty("kind", "footer")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def follow_notices(self, notices: NoticeService) -> None:
        """The lamp shows the inbox: its state now, then every change."""
        self.lamp.set_state(notices.lamp)
        self.lamp.set_unread(notices.unread)
        notices.lamp_changed.connect(self.lamp.set_state)
        notices.unread_changed.connect(self.lamp.set_unread)

    def set_menu_open(self, is_open: bool) -> None:
        self._menu_open = is_open
        self.menu_button.setChecked(is_open)
        self.retranslate()
        self.set_theme(self._theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        color = theme.color("text")
        self.back_button.setIcon(themed_icon("back", color))
        self.menu_button.setIcon(themed_icon("close" if self._menu_open else "menu", color))
        self.lamp.set_theme(theme)

    def retranslate(self) -> None:
        self.back_button.setText(QCoreApplication.translate("Footer", "Back"))
        self.menu_button.setText(QCoreApplication.translate("Footer", "Close")
                                 if self._menu_open
                                 else QCoreApplication.translate("Footer", "Menu"))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        side = max(24, self.height() * 2 // 5)
        for button in (self.back_button, self.menu_button):
            button.setIconSize(QSize(side, side))
