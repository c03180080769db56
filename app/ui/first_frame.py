"""The start-up's second stage: what the panel needs soon, but not on its first frame.

The composition root builds only what the home page shows, shows the window, and hands
the rest (services' first reads, the collector, the embedded server, the pages' heavy
imports) to `AfterFirstFrame`: it runs them once the home page has painted, or after
`fallback_ms` when something else shows first (a dialog over it, a hidden window).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, SignalInstance

FALLBACK_MS = 2000


class AfterFirstFrame(QObject):
    """Calls `on_paint` when the home page first paints (its `first_painted`), then the
    stage's steps, one per event-loop turn (input and repaints go between them). Each
    runs once, in order.

    It listens to the page's own signal, not an application-wide event filter: a filter
    on every object makes PySide name Qt's private classes (a list widget's model), which
    loads every class of QtWidgets (~10 ms) before the first frame."""

    def __init__(self, parent: QObject, first_painted: SignalInstance,
                 steps: Sequence[Callable[[], None]], *,
                 on_paint: Sequence[Callable[[], None]] = (),
                 fallback_ms: int = FALLBACK_MS) -> None:
        super().__init__(parent)
        self._steps = list(steps)
        self._on_paint = list(on_paint)
        self._started = False
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(fallback_ms)
        self._fallback.timeout.connect(self._start)
        self._fallback.start()
        self._painted = False
        first_painted.connect(self._first_paint)

    @property
    def started(self) -> bool:
        return self._started

    def _first_paint(self) -> None:
        if self._painted or self._started:  # after the fallback: nothing waits for it
            return
        self._painted = True
        for callback in self._on_paint:
            QTimer.singleShot(0, self, callback)  # after this paint has finished
        QTimer.singleShot(0, self, self._start)

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self._fallback.stop()
        self._next()

    def _next(self) -> None:
        if self._steps:
            self._steps.pop(0)()
            QTimer.singleShot(0, self, self._next)
