"""The home page's banner: the newest important unread notice, one tap from its text.

It appears only while the lamp blinks (an important notice is unread), so it
asks the inbox only then. Dismissing it hides that notice's banner for this
session; the notice itself stays unread in the inbox and keeps the lamp lit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.notices import Importance, LampState, Notice
from app.services.notice_service import NoticeService
from app.ui.retranslate import RetranslateMixin

LOOK_AT = 500  # unread notices searched for an important one (newest first)


class NoticeBanner(RetranslateMixin, QFrame):
    opened = Signal(object)  # the Notice tapped

    def __init__(self, notices: NoticeService, language: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBanner")
        self.setProperty("kind", "card")
        self._notices = notices
        self._language = language  # a callable giving the panel's language now
        self.notice: Notice | None = None
        self.dismissed: set[int] = set()
        self.sign = QLabel(self)
        self.sign.setProperty("kind", "badge")
        self.text = QLabel(self)
        self.text.setProperty("kind", "heading")
        self.hint = QLabel(self)
        self.hint.setProperty("kind", "muted")
        self.close_button = QPushButton("×", self)
        self.close_button.setObjectName("GraphStep")  # square, a finger wide
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 4, 4)
        row.setSpacing(10)
        row.addWidget(self.sign)
        row.addWidget(self.text, 1)
        row.addWidget(self.hint)
        row.addWidget(self.close_button)
        self.setMinimumHeight(56)
        self.hide()
        # Bound methods, not lambdas: a lambda held by the service would keep the banner
        # (and the page around it) alive after the page is gone.
        notices.lamp_changed.connect(self._lamp_changed)
        notices.changed.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def _lamp_changed(self, _state: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self._notices.lamp != LampState.BLINK:
            self._show(None)
            return
        self._notices.request_list(self._found, receiver=self, unread_only=True,
                                   limit=LOOK_AT)

    def _found(self, notices: tuple[Notice, ...]) -> None:
        self._show(next((n for n in notices if n.importance >= Importance.IMPORTANT
                         and not n.read and n.id not in self.dismissed), None))

    def _show(self, notice: Notice | None) -> None:
        self.notice = notice
        self.retranslate()
        self.setVisible(notice is not None)

    def dismiss(self) -> None:
        if self.notice is not None and self.notice.id is not None:
            self.dismissed.add(self.notice.id)
        self._show(None)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.sign.setText(translate("NoticeBanner", "! Important"))
        self.hint.setText(translate("NoticeBanner", "Tap to read"))
        self.close_button.setAccessibleName(translate("NoticeBanner", "Dismiss"))
        if self.notice is None:  # the first frame has none: its texts load with the first
            self.text.setText("")
            return
        from app.ui.notice_texts import notice_title

        self.text.setText(notice_title(self.notice, self._language()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.notice is not None and self.rect().contains(event.position().toPoint()):
            self.opened.emit(self.notice)
        super().mouseReleaseEvent(event)
