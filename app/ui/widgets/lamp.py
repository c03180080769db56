"""The notice lamp: a round indicator that is off, on or blinking; tapping it opens notices.

It is the one thing on the panel allowed to blink, and only for an important
notice. Blinking runs only while the lamp is visible.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QRadialGradient
from PySide6.QtWidgets import QAbstractButton, QWidget

from app.ui.retranslate import RetranslateMixin
from app.ui.theme import DAY, Theme

BLINK_MS = 600


class LampState(StrEnum):
    OFF = "off"
    ON = "on"
    BLINK = "blink"


class NoticeLamp(RetranslateMixin, QAbstractButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeLamp")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._theme = DAY
        self._state = LampState.OFF
        self._lit_phase = True
        self._unread = 0
        self.painted_lit: bool | None = None  # what the last paint showed (benches, tests)
        self._blink = QTimer(self)
        self._blink.setInterval(BLINK_MS)
        self._blink.timeout.connect(self._toggle_phase)
        self.retranslate()

    # --- state API -------------------------------------------------------------------
    @property
    def state(self) -> LampState:
        return self._state

    def set_state(self, state: LampState) -> None:
        self._state = LampState(state)
        self._lit_phase = True
        self._sync_timer()
        self.update()

    @property
    def unread(self) -> int:
        return self._unread

    def set_unread(self, count: int) -> None:
        """The number beside the word: how many notices wait to be read."""
        self._unread = max(0, count)
        self.retranslate()

    def is_lit(self) -> bool:
        """What the lamp shows right now (a real LED can mirror this)."""
        return self._state is LampState.ON or (self._state is LampState.BLINK and self._lit_phase)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def retranslate(self) -> None:
        word = QCoreApplication.translate("NoticeLamp", "Notices")
        self.setText(f"{word} {self._unread:,}" if self._unread else word)
        self.setAccessibleName(self.text())
        self.updateGeometry()

    # --- Qt --------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        height = max(48, self.fontMetrics().height() * 2)
        return QSize(height + self.fontMetrics().horizontalAdvance(self.text()) + 16, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(48, 48)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._blink.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bounds = QRectF(self.rect())
        if self.isDown():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.color("surface_alt"))
            painter.drawRoundedRect(bounds.adjusted(2, 2, -2, -2), 8, 8)
        diameter = bounds.height() * 0.46
        centre = QPointF(bounds.left() + bounds.height() / 2, bounds.center().y())
        lamp = QRectF(0, 0, diameter, diameter)
        lamp.moveCenter(centre)
        if self.is_lit():
            glow = QRadialGradient(centre, diameter)
            glow.setColorAt(0.0, theme.color("lamp_on"))
            halo = theme.color("lamp_on")
            halo.setAlpha(0)
            glow.setColorAt(1.0, halo)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(glow)
            painter.drawEllipse(centre, diameter, diameter)
            painter.setBrush(theme.color("lamp_on"))
        else:
            painter.setBrush(theme.color("lamp_off"))
        painter.setPen(QPen(theme.color("border"), 1.5))
        painter.drawEllipse(lamp)
        painter.setPen(theme.color("text"))
        text_rect = bounds.adjusted(bounds.height(), 0, 0, 0)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         self.text())
        self.painted_lit = self.is_lit()

    def _sync_timer(self) -> None:
        if self._state is LampState.BLINK and self.isVisible():
            self._blink.start()
        else:
            self._blink.stop()

    def _toggle_phase(self) -> None:
        self._lit_phase = not self._lit_phase
        self.update()
