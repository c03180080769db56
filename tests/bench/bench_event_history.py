"""The appliance history page with 100,000 events at 800×480 offscreen.

- open: page built, shown, first page of rows arrived and painted.
- filter: a kind filter chosen until its first rows are painted (median of switches).
- scroll: one 40 px scroll step plus repaint, over the first 3,000 rows (pages are
  fetched on the way, as a finger would); median frame.
Baseline, same run: a QListWidget filled with every matching row as text (the naive
way: the same store query without paging, one item per row).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from types import SimpleNamespace

from tests.bench.results import Result

N = 100_000
T0 = 1_784_001_600.0
DEVICES = ("127.0.0.9/013001", "127.0.0.9/026B01", "127.0.0.5/027D01", "127.0.0.6/027C01")
SCROLL_STEPS = 400
STEP_PX = 40


def _events():
    from app.domain.events import Cause, ErrorEvent, OperationEvent, SavingEvent

    for i in range(N):
        at, device = T0 - 60 * i, DEVICES[i % 4]
        if i % 3 == 0:
            yield OperationEvent(at, device, 0x80, "off", "on", Cause.DEVICE)
        elif i % 3 == 1:
            yield SavingEvent(at, device, "battery_charge_from_surplus", 12.5)
        else:
            yield ErrorEvent(at, device, 0x1E, "repair", recovered_at=at + 30)


def run(workdir: Path) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from datetime import date

    from PySide6.QtWidgets import QApplication, QListWidget

    from app.domain.events import EventFilter, EventKind
    from app.services.event_service import EventService
    from app.store import events as event_store
    from app.store import open_store
    from app.ui.application import prepare_application
    from app.ui.notice_texts import event_summary, local_time
    from app.ui.pages.appliance_history_page import ApplianceHistoryPage

    app = QApplication.instance() or QApplication([])
    prepare_application(app)
    workdir.mkdir(parents=True, exist_ok=True)
    store = open_store(workdir / "data", "Asia/Tokyo")
    with store.write_sql() as conn:
        event_store.append_many(conn, list(_events()))
    events = EventService(lambda: open_store(workdir / "data", "Asia/Tokyo"), None, "Asia/Tokyo")
    services = SimpleNamespace(events=events, preferences=SimpleNamespace(language="ja"),
                               history=SimpleNamespace(today=lambda: date(2026, 7, 14)))

    def settle(page) -> None:
        while page.model.loading:
            app.processEvents()
        page.repaint()

    results: list[Result] = []
    try:
        # -- naive baseline: every row as an item ------------------------------------------
        def naive(f: EventFilter) -> tuple[QListWidget, float]:
            start = time.perf_counter()
            widget = QListWidget()
            widget.resize(800, 330)
            with store.read_sql() as conn:
                rows = event_store.page(conn, f, N).records
            widget.addItems([f"{local_time(r.at, 'ja')} {event_summary(r, 'ja', None)}"
                             for r in rows])
            widget.show()
            widget.repaint()
            return widget, (time.perf_counter() - start) * 1000

        base_widget, base_open = naive(EventFilter())
        base_filters = []
        for kind in (EventKind.ERROR, EventKind.OPERATION, EventKind.SAVING):
            w, ms = naive(EventFilter(kinds=(kind,)))
            base_filters.append(ms)
            w.deleteLater()
        bar = base_widget.verticalScrollBar()
        base_frames = []
        for step in range(SCROLL_STEPS):
            start = time.perf_counter()
            bar.setValue(step * 3)  # items scroll per item: 3 rows ~ the page's 40 px
            app.processEvents()
            base_widget.repaint()
            base_frames.append((time.perf_counter() - start) * 1000)
        base_widget.deleteLater()

        # -- the page ------------------------------------------------------------------
        start = time.perf_counter()
        page = ApplianceHistoryPage(services)
        page.resize(800, 370)
        page.show()
        settle(page)
        open_ms = (time.perf_counter() - start) * 1000
        filter_ms = []
        for _ in range(3):
            for kind in (EventKind.ERROR, EventKind.OPERATION, EventKind.SAVING, None):
                start = time.perf_counter()
                page.set_kind(kind)
                settle(page)
                filter_ms.append((time.perf_counter() - start) * 1000)
        bar = page.view.verticalScrollBar()
        frames = []
        for step in range(SCROLL_STEPS):
            start = time.perf_counter()
            bar.setValue(min(bar.maximum(), step * STEP_PX))
            app.processEvents()
            settle(page)
            frames.append((time.perf_counter() - start) * 1000)
        loaded = page.model.rowCount()
        page.deleteLater()
        app.processEvents()

        results += [
            Result.compared("history_open_100k", open_ms, "ms", "<= 500", base_open),
            Result.compared("history_filter_median", statistics.median(filter_ms), "ms",
                            "<= 100", statistics.median(base_filters)),
            Result.compared("history_scroll_frame_median", statistics.median(frames), "ms",
                            "<= 16", statistics.median(base_frames)),
            Result("history_scroll_frame_p95", sorted(frames)[int(len(frames) * 0.95)], "ms",
                   "<= 33"),
            Result("history_rows_loaded_after_scroll", loaded, "rows", "(lazy: < 100,000)"),
        ]
    finally:
        events.shutdown()
        store.close()
    return results


if __name__ == "__main__":
    import tempfile

    from tests.bench.results import print_table

    with tempfile.TemporaryDirectory() as tmp:
        print_table(run(Path(tmp)))
