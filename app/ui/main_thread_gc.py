"""Python's cycle collector runs on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate past
its threshold. When that is a service's worker and the garbage holds Qt objects
(a closed page and the lambdas connected to it), their C++ destructors run on the
worker while the GUI thread holds Qt's connection lock: the process deadlocks or
crashes (seen in the UI tests). So automatic collection is off and a timer on the
GUI thread collects, generation by generation, when the counts pass the same
thresholds. Reference counting still frees everything that is not in a cycle at
once, on any thread.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 1000


def collect_due(thresholds: tuple[int, ...]) -> None:
    """What the automatic collector would have done by now: the young generation when
    its count passed the threshold, the older ones in turn."""
    young, middle, old = gc.get_count()
    if young > thresholds[0]:
        gc.collect(0)
        if middle > thresholds[1]:
            gc.collect(1)
            if old > thresholds[2]:
                gc.collect(2)


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        if gc.isenabled():  # something switched it back on: worker threads would collect
            log.warning("automatic garbage collection was re-enabled; switching it off")
            gc.disable()
        collect_due(self.thresholds)

    def stop(self) -> None:
        """Back to automatic collection (the timer's thread is going away)."""
        self._timer.stop()
        gc.enable()
