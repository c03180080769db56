"""The start-up's second stage: what the panel needs soon, but not on its first frame.

The composition root builds only what the home page shows, shows the window, and hands
the rest (services' first reads, the collector, the embedded server, the pages' heavy
imports) to `AfterFirstFrame`: it runs them once the home page has painted, or after
`fallback_ms` when something else shows first (a dialog over it, a hidden window).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.ui.pages.home_page import HomePage

FALLBACK_MS = 2000


class AfterFirstFrame(QObject):
    """Calls `on_paint` when the home page first paints, then the stage's steps, one per
    event-loop turn (input and repaints go between them). Each runs once, in order."""

    def __init__(self, app: QApplication, steps: Sequence[Callable[[], None]], *,
                 on_paint: Sequence[Callable[[], None]] = (),
                 fallback_ms: int = FALLBACK_MS) -> None:
        super().__init__(app)
        self._app = app
        self._steps = list(steps)
        self._on_paint = list(on_paint)
        self._started = False
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(fallback_ms)
        self._fallback.timeout.connect(self._start)
        self._fallback.start()
        app.installEventFilter(self)

    @property
    def started(self) -> bool:
        return self._started

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(obj, HomePage):
            self._app.removeEventFilter(self)
            for callback in self._on_paint:
                QTimer.singleShot(0, self, callback)  # after this paint has finished
            QTimer.singleShot(0, self, self._start)
        return False

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self._fallback.stop()
        self._app.removeEventFilter(self)
        self._next()

    def _next(self) -> None:
        if self._steps:
            self._steps.pop(0)()
            QTimer.singleShot(0, self, self._next)
