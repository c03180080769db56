"""The header: breadcrumb, page title and clock.

A 2-second press on the title is the discreet way out of kiosk mode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from app.ui.pages.registry import PageRef
from app.ui.retranslate import RetranslateMixin
from app.ui.shell.clock_label import ClockLabel

CRUMB_SEPARATOR = " › "
LONG_PRESS_MS = 2000


class ElidedLabel(QLabel):
    """One line that shortens itself with "…" rather than widen the window.

    A plain QLabel's minimum width is its whole text: a long English breadcrumb or
    title would push the header, and with it the window, past the screen.
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        return QSize(min(hint.width(), metrics.horizontalAdvance("…") * 4), hint.height())

    def paintEvent(self, event) -> None:
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(self.text()) <= rect.width():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()),
                         metrics.elidedText(self.text(), Qt.TextElideMode.ElideLeft
                                            if self.property("elide_left") else
                                            Qt.TextElideMode.ElideRight, rect.width()))


class LongPressLabel(ElidedLabel):
    long_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(LONG_PRESS_MS)
        self._hold.timeout.connect(self.long_pressed)

    def set_hold_ms(self, milliseconds: int) -> None:
        self._hold.setInterval(milliseconds)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._hold.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._hold.stop()
        event.accept()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._hold.stop()


class Header(RetranslateMixin, QFrame):
    def __init__(self, language: Callable[[], str], now: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.crumb = ElidedLabel(self)
        self.crumb.setObjectName("HeaderCrumb")
        self.crumb.setProperty("elide_left", True)  # the nearest parent is the one to keep
        self.title = LongPressLabel(self)
        self.title.setObjectName("HeaderTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.clock = ClockLabel(language, now=now, parent=self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 0, 16, 0)
        layout.setSpacing(8)
        layout.addWidget(self.crumb)
        layout.addWidget(self.title)
        layout.addStretch(1)
        layout.addWidget(self.clock)
        self._trail: list[PageRef] = []

    def set_trail(self, trail: Sequence[PageRef]) -> None:
        """Show where we are: the last page is the title, the others the crumb before it."""
        self._trail = list(trail)
        self.retranslate()

    def breadcrumb(self) -> str:
        """The whole path, e.g. 'ホーム › 計測'."""
        return CRUMB_SEPARATOR.join(page.title() for page in self._trail)

    def retranslate(self) -> None:
        titles = [page.title() for page in self._trail]
        self.title.setText(titles[-1] if titles else "")
        parents = titles[:-1]
        self.crumb.setText(CRUMB_SEPARATOR.join(parents) + CRUMB_SEPARATOR.rstrip()
                           if parents else "")
        self.crumb.setVisible(bool(parents))
