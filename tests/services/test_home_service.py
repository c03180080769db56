"""HomeService polls its query off the UI thread only while active."""

from __future__ import annotations

import threading
from datetime import datetime

from app.domain.home_snapshot import DayTotals, HomeSnapshot, LiveFlow
from app.services.home_service import HomeService


def _snapshot(value: float) -> HomeSnapshot:
    flow = LiveFlow(at=datetime(2026, 11, 25, 12, 0), stale=False, pv_w=value, fuel_cell_w=None,
                    grid_buy_w=0.0, grid_sell_w=0.0, battery_charge_w=0.0,
                    battery_discharge_w=0.0, battery_soc_pct=50.0, consumption_w=value,
                    ev_w=None)
    return HomeSnapshot(flow=flow, today=DayTotals(1.0, 2.0, 3.0, 4.0))


def test_polls_on_a_worker_thread_while_active(qtbot) -> None:
    threads: list[str] = []
    calls = iter(range(1, 1000))

    def query() -> HomeSnapshot:
        threads.append(threading.current_thread().name)
        return _snapshot(float(next(calls)))

    service = HomeService(query, refresh_ms=20)
    try:
        with qtbot.waitSignal(service.snapshot_changed, timeout=5000) as blocker:
            service.set_active(True)
        assert blocker.args[0].flow.pv_w == 1.0
        qtbot.waitUntil(lambda: len(threads) >= 3, timeout=5000)
        assert threading.main_thread().name not in threads
        service.set_active(False)
        assert not service.active
        count = len(threads)
        qtbot.wait(150)
        assert len(threads) <= count + 1  # at most the call already in flight
    finally:
        service.shutdown()


def test_query_error_is_reported_not_raised(qtbot) -> None:
    def broken() -> HomeSnapshot:
        raise OSError("disk gone")

    service = HomeService(broken, refresh_ms=1000)
    try:
        with qtbot.waitSignal(service.error, timeout=5000) as blocker:
            service.refresh()
        assert "disk gone" in blocker.args[0]
        assert service.last_snapshot is None
    finally:
        service.shutdown()
