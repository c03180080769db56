"""The energy graph at 800×480 offscreen: live updates, memory, a stacked month.

- Live: one day at 1 minute (1,440 points with a few gaps) plus the live tail. One
  update = hand a new HistoryResult (the window one minute later, a new tail) to the
  graph and repaint it (events processed, then a synchronous repaint). Median and
  95th percentile against the naive approach measured in the same run, interleaved:
  a PlotWidget set up the same way (antialias off, peak downsampling, clip to view)
  that clears the plot and plots everything again on every update.
- Memory: 10,000 further live updates after a warm-up; bytes per update from the
  Python heap (tracemalloc, after a collection) and from the process RSS.
- A stacked month of 40 keys (31 daily bars each): show_result + repaint, switching
  between two months (the items are reused) and cold (a new graph each time).
"""

from __future__ import annotations

import gc
import os
import statistics
import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from app.domain.history import HistoryResult
from app.domain.periods import HistoryRequest, Period
from tests.bench.results import Result

JST = timezone(timedelta(hours=9))
SIZE = (800, 330)  # the graph's share of the 800×480 panel (header, footer, buttons)
DAY_MINUTES = 1440
TIMED_UPDATES = 400
WARMUP_UPDATES = 500
TRACED_WARMUP_UPDATES = 3000  # traced: caches that settle in are not counted as growth
MEMORY_UPDATES = 10_000
MONTH_KEYS = 40
MONTH_RUNS = 21
COLD_RUNS = 7


class LiveFeed:
    """Slides a one-day window over a long minute series, one minute per update."""

    def __init__(self, minutes: int) -> None:
        rng = np.random.default_rng(7)
        total = DAY_MINUTES + minutes + 1
        t = np.arange(total, dtype=np.float64)
        self.watts = 900 + 700 * np.sin(t / 97) + rng.normal(0, 120, total)
        for start in range(300, total, 2000):  # the panel was off for 25 minutes
            self.watts[start:start + 25] = np.nan
        self.origin = datetime(2026, 11, 24, 0, 0, tzinfo=JST).timestamp()
        self.x = self.origin + 60 * t
        self.width = np.full(DAY_MINUTES, 60.0)
        self.request = HistoryRequest(("house",), Period.LIVE, date(2026, 11, 25))

    def result(self, step: int) -> HistoryResult:
        window = slice(step, step + DAY_MINUTES)
        x = self.x[window]
        end = x[-1] + 60
        return HistoryResult(self.request, datetime.fromtimestamp(x[0], JST),
                             datetime.fromtimestamp(end, JST), "W", x, self.width,
                             {"house": self.watts[window]},
                             live_tail={"house": (end + 17.0, 1000.0 + step % 300)})


def _month_result(keys: tuple[str, ...], month: int) -> HistoryResult:
    first = datetime(2026, month, 1, tzinfo=JST)
    days = 31
    rng = np.random.default_rng(month)
    values = {key: rng.uniform(0.1, 3.0, days) for key in keys}
    for index, key in enumerate(keys):
        values[key][(index * 3) % days] = np.nan
    x = np.array([(first + timedelta(days=d)).timestamp() for d in range(days)])
    return HistoryResult(HistoryRequest(keys, Period.MONTH, first.date()), first,
                         first + timedelta(days=days), "kWh", x, np.full(days, 86400.0),
                         values)


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(workdir: Path) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pyqtgraph as pg
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from app.ui.application import prepare_application
    from app.ui.theme import DAY, EnergyRole
    from app.ui.widgets.energy_graph import EnergyGraph, SeriesStyle

    workdir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    prepare_application(app)
    styles = {"house": SeriesStyle("消費", EnergyRole.HOUSE)}

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    def shown(widget):
        widget.resize(*SIZE)
        widget.show()
        app.processEvents()
        return widget

    graph = shown(EnergyGraph())
    graph_paints = PaintCounter()
    graph.plot.viewport().installEventFilter(graph_paints)

    naive = shown(pg.PlotWidget(background=DAY.surface))
    naive.setAntialiasing(False)
    naive_item = naive.getPlotItem()
    naive_item.setClipToView(True)
    naive_item.setDownsampling(auto=True, mode="peak")
    naive_item.setMouseEnabled(x=False, y=False)
    pen = pg.mkPen(DAY.role(EnergyRole.HOUSE), width=2)

    def update_graph(result: HistoryResult) -> None:
        graph.show_result(result, styles, "ja")
        app.processEvents()
        graph.repaint()

    def update_naive(result: HistoryResult) -> None:
        naive_item.clear()
        naive_item.plot(result.x, result.values["house"], pen=pen, connect="finite")
        tail_t, tail_w = result.live_tail["house"]
        naive_item.plot([tail_t], [tail_w], pen=None, symbol="o",
                        symbolBrush=DAY.role(EnergyRole.HOUSE))
        naive_item.setXRange(float(result.x[0]), tail_t, padding=0.01)
        app.processEvents()
        naive.repaint()

    feed = LiveFeed(WARMUP_UPDATES + TRACED_WARMUP_UPDATES + TIMED_UPDATES + MEMORY_UPDATES
                    + 30)
    step = 0
    for _ in range(20):  # first layout, font caches
        update_graph(feed.result(step))
        update_naive(feed.result(step))
        step += 1

    times: dict[str, list[float]] = {"graph": [], "naive": []}
    paints_before = graph_paints.count
    for _ in range(TIMED_UPDATES):
        result = feed.result(step)
        for name, update in (("graph", update_graph), ("naive", update_naive)):
            t0 = time.perf_counter()
            update(result)
            times[name].append((time.perf_counter() - t0) * 1000)
            # Untimed: what one widget left queued (the naive plot's auto range asks for
            # another paint) must not be charged to the other.
            app.processEvents()
        step += 1
    if graph_paints.count - paints_before < TIMED_UPDATES:
        raise RuntimeError("the graph did not repaint on every update")
    naive.close()
    naive.deleteLater()

    # Memory: warm up, then 10,000 updates measured by the Python heap and the RSS.
    # Tracing starts before the last part of the warm-up: caches that are replaced once
    # (untraced old block out, traced new block in) would otherwise look like growth.
    for _ in range(WARMUP_UPDATES):
        update_graph(feed.result(step))
        step += 1
    tracemalloc.start()
    for _ in range(TRACED_WARMUP_UPDATES):
        update_graph(feed.result(step))
        step += 1
    gc.collect()
    heap_before = tracemalloc.get_traced_memory()[0]
    rss_before = _rss_bytes()
    for _ in range(MEMORY_UPDATES):
        update_graph(feed.result(step))
        step += 1
    gc.collect()
    heap_after = tracemalloc.get_traced_memory()[0]
    rss_after = _rss_bytes()
    tracemalloc.stop()
    graph.close()
    graph.deleteLater()
    app.processEvents()
    gc.collect()

    # A stacked month of 40 keys.
    keys = tuple(f"circuit{i:02d}" for i in range(MONTH_KEYS))
    month_styles = {key: SeriesStyle(f"回路{i + 1}", EnergyRole.HOUSE)
                    for i, key in enumerate(keys)}
    months = [_month_result(keys, 10), _month_result(keys, 11)]
    stacked = shown(EnergyGraph())

    def show_month(widget: EnergyGraph, result: HistoryResult) -> float:
        t0 = time.perf_counter()
        widget.show_result(result, month_styles, "ja")
        app.processEvents()
        widget.repaint()
        return (time.perf_counter() - t0) * 1000

    show_month(stacked, months[1])
    switching = [show_month(stacked, months[i % 2]) for i in range(MONTH_RUNS)]
    stacked.close()
    cold = []
    for _ in range(COLD_RUNS):
        fresh = shown(EnergyGraph())
        cold.append(show_month(fresh, months[1]))
        fresh.close()
        fresh.deleteLater()
    app.processEvents()

    graph_median = statistics.median(times["graph"])
    naive_median = statistics.median(times["naive"])
    return [
        Result.compared("graph_live_update_median", graph_median, "ms", "<= 16",
                        naive_median),
        Result.compared("graph_live_update_p95", _percentile(times["graph"], 0.95), "ms",
                        "<= 16", _percentile(times["naive"], 0.95)),
        Result("graph_live_heap_per_update", (heap_after - heap_before) / MEMORY_UPDATES,
               "B/update", "~0"),
        Result("graph_live_rss_per_update", (rss_after - rss_before) / MEMORY_UPDATES,
               "B/update", "~0"),
        Result("graph_month_40_stacked_switch", statistics.median(switching), "ms", "<= 50"),
        Result("graph_month_40_stacked_cold", statistics.median(cold), "ms", "<= 50"),
    ]
