"""The circuits page's live update: 40 circuits at 800×480 offscreen.

Per update: a new CircuitsSnapshot handed to the page plus a repaint, against the
naive page (tear the tiles down and build them again every update) in the same run;
and memory over 10,000 updates (tracemalloc, after a warm-up).
"""

from __future__ import annotations

import os
import random
import statistics
import time
import tracemalloc
from pathlib import Path

from app.domain.circuits import CircuitKind, CircuitPower, CircuitsSnapshot
from app.domain.home_clock import HomeClock
from tests.bench.results import Result

CIRCUITS = 40
UPDATES = 300
MEMORY_UPDATES = 10_000


def _snapshots(count: int, seed: int = 3) -> list[CircuitsSnapshot]:
    rng = random.Random(seed)
    mains = (CircuitPower("main1", "主幹 L1", CircuitKind.MAIN, 3000.0),
             CircuitPower("main2", "主幹 L2", CircuitKind.MAIN, 3200.0))
    out = []
    for _ in range(count):
        circuits = tuple(CircuitPower(f"br{i + 1}", f"回路 {i + 1}", CircuitKind.BRANCH,
                                      round(rng.uniform(0, 1500)))
                         for i in range(CIRCUITS))
        out.append(CircuitsSnapshot(circuits, mains, 6200.0, stale=False))
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(workdir: Path) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.services.access_service import AccessService
    from app.services.circuits_service import CircuitsService
    from app.services.cloud_wiring import NO_SERVER, build_cloud, build_weather
    from app.services.commissioning_query import CommissioningQuery
    from app.services.commissioning_service import CommissioningService
    from app.services.control_service import ControlService
    from app.services.devices_query import MemoryDevices
    from app.services.devices_service import DevicesService
    from app.services.event_service import EventService
    from app.services.history_service import HistoryService
    from app.services.home_service import HomeService
    from app.services.notice_service import NoticeService
    from app.services.plan_service import PlanService
    from app.services.preferences_service import PreferencesService
    from app.services.services import Services
    from app.services.settings_backend import MemorySettings
    from app.sources.device_link import NoDevices
    from app.store import Store, open_store
    from app.ui.application import prepare_application
    from app.ui.screenshots import sample_snapshot
    from app.ui.shell.kiosk_window import KioskWindow

    app = QApplication.instance() or QApplication([])
    prepare_application(app)
    snapshots = _snapshots(UPDATES)
    settings = MemorySettings({"language": "ja"})
    access = AccessService(settings)
    access.set_password("1234")
    def open_data() -> Store:
        return open_store(workdir / "data", "Asia/Tokyo")

    notices = NoticeService(open_data, time.time)
    clock = HomeClock.of(time.time, "Asia/Tokyo")
    services = Services(clock, HomeService(sample_snapshot, refresh_ms=600_000), access,
                        PreferencesService(settings), DevicesService(MemoryDevices()),
                        CircuitsService(lambda: snapshots[0], refresh_ms=600_000),
                        HistoryService(lambda: open_store(workdir / "data", "Asia/Tokyo"),
                                       time.time, "Asia/Tokyo"),
                        PlanService(lambda: open_store(workdir / "data", "Asia/Tokyo"), clock),
                        notices, EventService(open_data, notices, "Asia/Tokyo"),
                        *build_cloud(NO_SERVER, workdir / "data", notices, time.time,
                                     "Asia/Tokyo"),
                        CommissioningService(CommissioningQuery(open_data, tuple)),
                        ControlService(open_data, NoDevices(), time.time),
                        build_weather(NO_SERVER, workdir / "data", open_data, notices, clock))
    window = KioskWindow(services, fullscreen=False, auto_night=False)
    window.resize(800, 480)
    window.show()
    window.view.go("measurement")
    app.processEvents()
    page = window.view.page("measurement")

    def ours(snapshot: CircuitsSnapshot) -> None:
        page.show_snapshot(snapshot)
        page.repaint()

    def naive(snapshot: CircuitsSnapshot) -> None:
        # Every update from scratch: drop the tiles, build and lay them out again.
        for tile in page.tiles:
            tile.setParent(None)
            tile.deleteLater()
        page.tiles.clear()
        page.layout_tiles()
        page.show_snapshot(snapshot)
        page.repaint()
        app.processEvents()

    def timed(update) -> list[float]:
        times = []
        for snapshot in snapshots:
            t0 = time.perf_counter()
            update(snapshot)
            times.append((time.perf_counter() - t0) * 1000)
        return times

    timed(ours)  # warm-up: fonts, first layout
    ours_ms = timed(ours)
    naive_ms = timed(naive)
    ours_ms += timed(ours)  # interleaved halves: machine noise hits both alike
    naive_ms += timed(naive)

    for snapshot in snapshots[:200]:
        ours(snapshot)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for i in range(MEMORY_UPDATES):
        ours(snapshots[i % len(snapshots)])
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))

    window.close()
    services.shutdown()
    median, naive_median = statistics.median(ours_ms), statistics.median(naive_ms)
    return [
        Result.compared("circuits_page_update_median", median, "ms", "<= 16", naive_median),
        Result.compared("circuits_page_update_p95", _percentile(ours_ms, 0.95), "ms", "report",
                        _percentile(naive_ms, 0.95)),
        Result("circuits_page_bytes_per_update", grown / MEMORY_UPDATES, "B", "~0"),
    ]
