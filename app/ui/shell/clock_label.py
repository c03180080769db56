"""The header clock: 24-hour, Japanese or English date form, refreshed every second.

Each tick re-reads the wall clock and schedules the next one just after the
next whole second, so an NTP jump at boot corrects the display at the next
tick instead of drifting; Qt timers themselves run on the monotonic clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.formatting import format_date_time


class ClockLabel(QLabel):
    ticked = Signal(object)  # datetime of the tick; the kiosk uses it for night mode

    def __init__(self, language: Callable[[], str], *,
                 now: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HeaderClock")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._language = language
        self._now = now
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)
        self.tick()

    def tick(self) -> None:
        now = self._now()
        text = format_date_time(now, self._language())
        if text != self.text():
            self.setText(text)
        self.ticked.emit(now)
        if self.isVisible():
            self._timer.start(1000 - now.microsecond // 1000 + 5)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setText(format_date_time(self._now(), self._language()))
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.tick()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._timer.stop()
