"""The whole chain on a real SQLite file: simulated home → collector → store →
HomeService (worker thread) → home page. The numbers on screen are the store's."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain import series as s
from app.domain.home_clock import HomeClock
from app.services.access_service import AccessService
from app.services.circuits_query import CircuitsQuery
from app.services.circuits_service import CircuitsService
from app.services.cloud_wiring import NO_SERVER, build_cloud, build_weather
from app.services.commissioning_query import CommissioningQuery
from app.services.commissioning_service import CommissioningService
from app.services.control_service import ControlService
from app.services.devices_query import MemoryDevices
from app.services.devices_service import DevicesService
from app.services.event_service import EventService
from app.services.history_service import HistoryService
from app.services.home_query import HomeQuery
from app.services.home_service import HomeService
from app.services.notice_service import NoticeService
from app.services.plan_service import PlanService
from app.services.preferences_service import PreferencesService
from app.services.services import Services
from app.sources.collector import Collector, ModelSource
from app.sources.device_link import NoDevices
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Interval, open_store
from app.ui.pages.home_page import HomePage
from app.ui.widgets.flow_nodes import FlowNode
from tests.fake_clock import FakeClock

TZ = "Asia/Tokyo"
NOW = datetime(2026, 8, 3, 13, 30, 10, tzinfo=ZoneInfo(TZ)).timestamp()



def test_home_page_shows_the_numbers_in_the_store(qtbot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data, TZ)
    home = SimulatedHome(HomeConfig(seed=11))
    store.define_series(home.series)
    collector = Collector(store, ModelSource(home), FakeClock(NOW), flush_interval_s=0.0,
                          history=home)
    collector.catch_up(max_days=1)
    collector.tick()
    collector.flush()

    query = HomeQuery(lambda: open_store(data, TZ), FakeClock(NOW).now, 3.0, TZ)
    notices = NoticeService(lambda: open_store(data, TZ), FakeClock(NOW).now)
    clock = HomeClock.of(FakeClock(NOW).now, TZ)
    services = Services(clock=clock, home=HomeService(query, refresh_ms=500),
                        access=AccessService(store),
                        preferences=PreferencesService(store),
                        devices=DevicesService(MemoryDevices()),
                        circuits=CircuitsService(CircuitsQuery(lambda: open_store(data, TZ),
                                                               FakeClock(NOW).now, 3.0)),
                        history=HistoryService(lambda: open_store(data, TZ), FakeClock(NOW).now,
                                               TZ),
                        plans=PlanService(lambda: open_store(data, TZ), clock), notices=notices,
                        events=EventService(lambda: open_store(data, TZ), notices, TZ),
                        **dict(zip(("cloud", "backup"), build_cloud(
                            NO_SERVER, data, notices, FakeClock(NOW).now, TZ), strict=True)),
                        commissioning=CommissioningService(
                            CommissioningQuery(lambda: open_store(data, TZ), tuple)),
                        control=ControlService(lambda: open_store(data, TZ), NoDevices(),
                                               FakeClock(NOW).now),
                        weather=build_weather(NO_SERVER, data, lambda: open_store(data, TZ),
                                              notices, clock))
    page = HomePage(services)
    qtbot.addWidget(page)
    try:
        with qtbot.waitSignal(services.home.snapshot_changed, timeout=10_000):
            page.show()
        assert page.status_state == "fresh"

        midnight = datetime.fromtimestamp(NOW, ZoneInfo(TZ)).replace(hour=0, minute=0, second=0)
        day = store.rollup([s.CONSUMPTION, s.GRID_SELL], Interval.DAY, midnight,
                           midnight + timedelta(days=1))
        used = page.totals._cells["used_kwh"].figure.text()
        sold = page.totals._cells["sold_kwh"].figure.text()
        assert used == f"{day.values[s.CONSUMPTION][0] / 1000:,.1f}"
        assert sold == f"{day.values[s.GRID_SELL][0] / 1000:,.1f}"

        at, watts = store.live([s.CONSUMPTION])[s.CONSUMPTION]
        assert at == NOW
        assert page.diagram.node_text(FlowNode.HOUSE).replace(" ", "") == f"{watts:,.0f}W"
    finally:
        page.close()
        page.deleteLater()  # gone before its settings store closes: no later event reaches it
        qtbot.wait(10)
        services.shutdown()
        store.close()
