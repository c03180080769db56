"""Dims the kiosk after a while without input; the first touch only wakes it.

An application-wide event filter sees every press, touch and key once the window is
on the screen (exposed, after `start`): not while it is built and laid out, when its
~600 events (properties, styles, polish, layout) would each be a call into Python
before the first frame, and nothing can be touched yet. While dimmed, the press that
wakes the panel and its release are swallowed, so a sleepy tap never presses a button
hidden under the dark overlay.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.theme import DAY, Theme

DEFAULT_IDLE_S = 120.0

_WAKE_EVENTS = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.TabletPress,
}
# The rest of a waking gesture: swallowed too, up to and including its end.
_GESTURE_EVENTS = _WAKE_EVENTS | {
    QEvent.Type.MouseMove, QEvent.Type.TouchUpdate, QEvent.Type.ShortcutOverride,
    QEvent.Type.TabletMove,
}
_GESTURE_ENDS = {
    QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel,
    QEvent.Type.KeyRelease, QEvent.Type.TabletRelease,
}


class DimOverlay(QWidget):
    """A translucent dark layer over the whole window (child widget: no compositor needed)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("DimOverlay")
        self._color = DAY.color("dim")
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        self._color = theme.color("dim")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), self._color)


class IdleDimmer(QObject):
    dimmed_changed = Signal(bool)

    def __init__(self, window: QWidget, idle_s: float = DEFAULT_IDLE_S) -> None:
        super().__init__(window)
        self._window = window
        self.overlay = DimOverlay(window)
        self._dimmed = False
        self._swallowing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dim)
        self.set_idle_seconds(idle_s)
        self._listening = False  # to the application's events (once the window is exposed)
        self._awaiting: QWindow | None = None  # meanwhile, to its native window's own

    @property
    def dimmed(self) -> bool:
        return self._dimmed

    @property
    def counting(self) -> bool:
        return self._timer.isActive()

    def set_idle_seconds(self, seconds: float) -> None:
        self._timer.setInterval(max(1, round(seconds * 1000)))

    def start(self) -> None:
        if not self._listening and self._awaiting is None:
            handle = self._window.windowHandle()
            if handle is not None and not handle.isExposed():
                handle.installEventFilter(self)  # its Expose starts the listening
                self._awaiting = handle
            else:
                self._listen()
        self._timer.start()

    def _listen(self) -> None:
        if self._awaiting is not None:
            self._awaiting.removeEventFilter(self)
            self._awaiting = None
        # Qt drops a deleted filter by itself; shutdown() detaches it earlier.
        QApplication.instance().installEventFilter(self)
        self._listening = True

    def stop(self) -> None:
        self._timer.stop()
        self.wake()

    def dim(self) -> None:
        if self._dimmed:
            return
        self._dimmed = True
        self.overlay.setGeometry(self._window.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.dimmed_changed.emit(True)

    def wake(self) -> None:
        if self._dimmed:
            self._dimmed = False
            self.overlay.hide()
            self.dimmed_changed.emit(False)
        if self._window.isVisible():
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._awaiting:
            if kind == QEvent.Type.Expose and self._awaiting.isExposed():
                self._listen()
            return False
        if self._swallowing:
            if kind in _GESTURE_ENDS:
                self._swallowing = False
            elif kind not in _GESTURE_EVENTS:
                return False
            event.accept()  # accepted: Qt must not turn a swallowed touch into a click
            return True
        if kind in _WAKE_EVENTS:
            if self._dimmed:
                self.wake()
                self._swallowing = True
                event.accept()
                return True  # the first touch only wakes the panel
            if self._window.isVisible():
                self._timer.start()
        elif kind == QEvent.Type.MouseMove and self._dimmed and \
                not QApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            self.wake()  # a mouse user wakes it by moving
        return False

    def shutdown(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self._awaiting is not None:
            self._awaiting.removeEventFilter(self)
            self._awaiting = None
        self._listening = False
