"""Graph queries after a year of history: switching period, and a stacked month of circuits.

One year of the simulated home is backfilled once (~20 s). Measured:

- switching day -> month -> year for one circuit, the query included (the
  history query reading the rollups), against the naive way of computing the
  same bars from raw minutes (`Store.raw` plus numpy sums), in the same run;
- the query of a stacked month of 40 circuits (drawing is measured elsewhere).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.periods import HistoryRequest, Period, period_bounds
from app.services.history_query import build_history
from app.sources.collector import backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Store, open_store
from app.store.local_time import day_of_date
from tests.bench.results import Result

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)
FIRST = date(2025, 11, 1)
DAYS = 365
CIRCUITS = 40
CYCLES = 9  # day -> month -> year, each switch timed
SWITCHES = (Period.DAY, Period.MONTH, Period.YEAR)
_INTERVAL = {Period.DAY: "30min", Period.MONTH: "day", Period.YEAR: "month"}


def _build(data_dir: Path) -> Store:
    store = open_store(data_dir, TZ)
    home = SimulatedHome(HomeConfig(seed=1))
    store.define_series(home.series)
    store.save_circuits(home.circuits)
    start = int(datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=ZONE).timestamp()) // 60
    t0 = time.perf_counter()
    backfill(store, home, start, start + DAYS * 1440)
    print(f"backfilled {DAYS} days in {time.perf_counter() - t0:.1f} s", file=sys.stderr,
          flush=True)
    return store


def _naive(store: Store, key: str, period: Period, anchor: date) -> np.ndarray:
    """The same bars from raw minutes: read every minute of the period and sum per bucket."""
    first, after = period_bounds(period, anchor)
    cal = store.calendar
    lo, hi = cal.day_start(day_of_date(first)), cal.day_start(day_of_date(after))
    start, end = datetime.fromtimestamp(lo * 60, ZONE), datetime.fromtimestamp(hi * 60, ZONE)
    _, bucket_minutes = cal.bucket_starts(_INTERVAL[period], start, end)
    values = store.raw([key], lo, hi).values[key]
    edges = bucket_minutes - lo
    sums = np.add.reduceat(np.nan_to_num(values), edges)
    counts = np.add.reduceat(np.isfinite(values).astype(np.int64), edges)
    return np.where(counts > 0, sums / 60_000.0, np.nan)


def _switch_times(switch: Callable[[Period, date], object], anchors: list[date]
                  ) -> list[float]:
    times = []
    for anchor in anchors:
        for period in SWITCHES:
            t0 = time.perf_counter()
            switch(period, anchor)
            times.append((time.perf_counter() - t0) * 1000.0)
    return times


def _switch_times_via_service(data_dir: Path, key: str, now: float, anchors: list[date]
                              ) -> list[float]:
    """The same switches as a page makes them: request -> result_ready through the worker."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from app.services.history_service import HistoryService

    app = QCoreApplication.instance() or QCoreApplication([])
    service = HistoryService(lambda: open_store(data_dir, TZ), lambda: now, TZ)
    loop = QEventLoop()
    service.result_ready.connect(lambda _: loop.quit())
    service.error.connect(lambda message: (print(message, file=sys.stderr), loop.quit()))
    service.set_active(True)
    deadline = QTimer(singleShot=True, interval=10_000)  # a hung worker ends the run only
    deadline.timeout.connect(loop.quit)

    def switch(period: Period, anchor: date) -> None:
        service.request(HistoryRequest((key,), period, anchor))
        deadline.start()
        loop.exec()
        deadline.stop()

    try:
        switch(Period.DAY, anchors[0])  # opens the worker's store
        return _switch_times(switch, anchors)
    finally:
        service.shutdown()
        del app


def _p95(times: list[float]) -> float:
    return float(np.percentile(times, 95))


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    store = _build(workdir / "data")
    try:
        circuits = [c.series_key for c in store.circuits() if c.measured]
        key = circuits[2]  # a special circuit (the heat-pump water heater in the demo house)
        end = FIRST + timedelta(days=DAYS)
        now = datetime(end.year, end.month, end.day, tzinfo=ZONE).timestamp()
        anchors = [end - timedelta(days=20 + 17 * i) for i in range(CYCLES)]  # varied days

        def ours(period: Period, anchor: date) -> object:
            return build_history(store, HistoryRequest((key,), period, anchor), now, TZ)

        def naive(period: Period, anchor: date) -> object:
            return _naive(store, key, period, anchor)

        for period in SWITCHES:  # the two agree before either is timed
            got = ours(period, anchors[0]).values[key]  # type: ignore[attr-defined]
            np.testing.assert_allclose(got, naive(period, anchors[0]), rtol=1e-9, atol=1e-6)
        ours(Period.DAY, anchors[0])  # warm the page cache for both alike
        naive(Period.YEAR, anchors[0])
        fast = _switch_times(ours, anchors)
        slow = _switch_times(naive, anchors[:3])

        # The demo board measures 39 circuits: the house's other power series make up 40.
        power = [spec.key for spec in store.series() if spec.unit == "W"]
        stacked_keys = tuple(dict.fromkeys(circuits + power))[:CIRCUITS]
        stacked = HistoryRequest(stacked_keys, Period.MONTH, anchors[0])
        build_history(store, stacked, now, TZ)
        stack_times = []
        for anchor in anchors:
            t0 = time.perf_counter()
            build_history(store, HistoryRequest(stacked_keys, Period.MONTH, anchor), now, TZ)
            stack_times.append((time.perf_counter() - t0) * 1000.0)
        year_keys = len(stacked_keys)
        service = _switch_times_via_service(workdir / "data", key, now, anchors)
    finally:
        store.close()
    return [
        Result.compared("history_switch_period_median", statistics.median(fast), "ms",
                        "<= 100", statistics.median(slow)),
        Result.compared("history_switch_period_p95", _p95(fast), "ms", "report", _p95(slow)),
        Result.compared("history_switch_to_year_median", statistics.median(fast[2::3]), "ms",
                        "report", statistics.median(slow[2::3])),
        Result("history_switch_via_service_median", statistics.median(service), "ms",
               "<= 100"),
        Result(f"history_stacked_month_{year_keys}_query", statistics.median(stack_times), "ms",
               "report (<= 50 with drawing)"),
    ]
