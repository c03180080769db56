"""Fixtures for the UI tests: real services with hand-made snapshots, windows, languages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.access_password import ScryptCost
from app.domain.charging_rules import HomeSettings
from app.domain.circuits import CircuitsSnapshot
from app.domain.commissioning import BoardLive
from app.domain.home_clock import HomeClock
from app.domain.home_snapshot import DayTotals, HomeSnapshot, LiveFlow
from app.services.access_service import AccessService
from app.services.aiseg2_import_service import Aiseg2ImportService
from app.services.circuits_service import CircuitsService
from app.services.cloud_wiring import (
    NO_SERVER,
    build_cloud,
    build_manuals,
    build_rate_catalog,
    build_relay,
    build_weather,
)
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
from app.ui.i18n import LanguageSwitcher
from app.ui.screenshots import sample_circuits, sample_devices
from app.ui.shell.kiosk_window import KioskWindow

HERE = Path(__file__).parent
PASSWORD = "2468"
TEST_COST = ScryptCost(2**10, 8)  # the panel's cost (~225 ms a hash) would slow every UI test

def waiting_snapshot() -> HomeSnapshot:
    """What the service returns before the first reading arrives."""
    return HomeSnapshot(LiveFlow(None, True, *([None] * 9)), DayTotals(0, 0, 0, 0))


def make_snapshot(*, at: datetime | None = None, stale: bool = False, pv: float | None = 3210,
                  fuel_cell: float | None = None, buy: float | None = 0,
                  sell: float | None = 1045, charge: float | None = 500,
                  discharge: float | None = 0, soc: float | None = 64,
                  consumption: float | None = 1665, ev: float | None = None,
                  today: DayTotals | None = None) -> HomeSnapshot:
    return HomeSnapshot(
        flow=LiveFlow(at=at or datetime(2026, 11, 25, 14, 5), stale=stale, pv_w=pv,
                      fuel_cell_w=fuel_cell, grid_buy_w=buy, grid_sell_w=sell,
                      battery_charge_w=charge, battery_discharge_w=discharge,
                      battery_soc_pct=soc, consumption_w=consumption, ev_w=ev),
        today=today or DayTotals(used_kwh=12.34, generated_kwh=18.66, bought_kwh=3.2,
                                 sold_kwh=1234.5))


@pytest.fixture(autouse=True)
def prepared_app(qapp: QApplication) -> QApplication:
    prepare_application(qapp)  # idempotent: fonts are registered once per process
    return qapp


ServicesFactory = Callable[..., Services]


# The history graphs read a real store: three simulated days up to HISTORY_NOW.
HISTORY_NOW = datetime(2026, 7, 15, 14, 0, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp()
HISTORY_SEED = 12
TEST_PLAN = Path(__file__).parent / "test_plan.json"  # a time-of-use plan for cost graphs


def set_up_home(_store) -> HomeSettings:
    """The rules' view of a home that is commissioned, registered and has a battery in
    environment mode: the plan alone decides (the real derivation is tested in
    tests/domain/test_home_rules_state.py)."""
    return HomeSettings()


@pytest.fixture(scope="session")
def history_dir(tmp_path_factory) -> Path:
    from app.services.cost_query import PLAN_SETTING
    from app.sources.collector import backfill
    from app.sources.simulator import HomeConfig, SimulatedHome
    from app.store import open_store

    data = tmp_path_factory.mktemp("history") / "data"
    home = SimulatedHome(HomeConfig(seed=HISTORY_SEED))
    store = open_store(data, "Asia/Tokyo")
    try:
        store.save_circuits(home.circuits)
        store.define_series(home.series)
        now_minute = int(HISTORY_NOW // 60)
        backfill(store, home, now_minute - 3 * 1440, now_minute)
        store.set_setting(PLAN_SETTING, TEST_PLAN.read_text(encoding="utf-8"))
    finally:
        store.close()
    return data


@pytest.fixture
def make_services(history_dir: Path, tmp_path: Path) -> Iterator[ServicesFactory]:
    made: list[Services] = []

    def factory(snapshot: HomeSnapshot | Callable[[], HomeSnapshot] | None = None, *,
                password: str | None = PASSWORD, language: str = "ja",
                refresh_ms: int = 60_000,
                circuits: Callable[[], CircuitsSnapshot] | None = None,
                data_dir: Path | None = None,
                boards: Callable[[], tuple[BoardLive, ...]] = tuple,
                catalog_url: str | None = None) -> Services:
        """``data_dir``: one database for the history and the plan, as in the panel
        (default: the shared history, read only, and a plan store of the test's own);
        ``catalog_url``: a server the plan service fetches rate plans from (into the
        cloud folder, where a test saves the registration)."""
        history = data_dir or history_dir
        plans = data_dir or tmp_path / "plans"
        snap = make_snapshot() if snapshot is None else snapshot
        query = snap if callable(snap) else (lambda: snap)
        settings = MemorySettings({"language": language})
        access = AccessService(settings, lambda: HISTORY_NOW, cost=TEST_COST)
        if password:
            access.set_password(password)

        def open_inbox() -> Store:
            return open_store(tmp_path / "inbox", "Asia/Tokyo")

        notices = NoticeService(open_inbox, lambda: HISTORY_NOW)
        clock = HomeClock.of(lambda: HISTORY_NOW, "Asia/Tokyo")
        catalog = None if catalog_url is None else build_rate_catalog(
            catalog_url, tmp_path / "cloud", clock)
        services = Services(clock, HomeService(query, refresh_ms=refresh_ms), access,
                            PreferencesService(settings),
                            DevicesService(MemoryDevices(sample_devices())),
                            CircuitsService(circuits or sample_circuits, refresh_ms=refresh_ms),
                            HistoryService(lambda: open_store(history, "Asia/Tokyo"),
                                           lambda: HISTORY_NOW, "Asia/Tokyo",
                                           refresh_ms=refresh_ms),
                            PlanService(lambda: open_store(plans, "Asia/Tokyo"), clock,
                                        state=set_up_home, catalog=catalog,
                                        data_dir=None if catalog is None
                                        else tmp_path / "cloud"),
                            notices, EventService(open_inbox, notices, "Asia/Tokyo"),
                            *build_cloud(NO_SERVER, tmp_path / "cloud", notices,
                                         lambda: HISTORY_NOW, "Asia/Tokyo"),
                            CommissioningService(CommissioningQuery(
                                lambda: open_store(plans, "Asia/Tokyo"), boards),
                                refresh_ms=refresh_ms),
                            ControlService(lambda: open_store(plans, "Asia/Tokyo"),
                                           NoDevices(), lambda: HISTORY_NOW),
                            build_weather(NO_SERVER, tmp_path / "cloud",
                                          lambda: open_store(plans, "Asia/Tokyo"), notices,
                                          clock),
                            aiseg2_import=Aiseg2ImportService(
                                lambda: open_store(plans, "Asia/Tokyo")),
                            manuals=build_manuals(NO_SERVER, tmp_path / "cloud", clock,
                                                  MemoryDevices(sample_devices())),
                            relay=build_relay(NO_SERVER, tmp_path / "cloud",
                                              lambda: open_store(plans, "Asia/Tokyo"),
                                              NoDevices(), lambda: HISTORY_NOW))
        made.append(services)
        return services

    yield factory
    for services in made:
        services.shutdown()
        assert not services.home.active


@pytest.fixture
def services(make_services: ServicesFactory) -> Services:
    return make_services()


@pytest.fixture
def switcher_for(qapp: QApplication) -> Iterator[Callable[[Services], LanguageSwitcher]]:
    """Installs the translator that follows a Services' language (removed afterwards)."""
    installed: list[LanguageSwitcher] = []

    def install(services: Services) -> LanguageSwitcher:
        language_switcher = LanguageSwitcher(qapp, services.preferences, pseudo=False)
        installed.append(language_switcher)
        return language_switcher

    yield install
    for language_switcher in installed:
        language_switcher.shutdown()


@pytest.fixture
def switcher(switcher_for, services: Services) -> LanguageSwitcher:
    return switcher_for(services)


@pytest.fixture
def open_kiosk(qtbot) -> Callable[..., KioskWindow]:
    def opener(services: Services, *, idle_timeout_s: float = 600,
               size: tuple[int, int] = (800, 480)) -> KioskWindow:
        window = KioskWindow(services, idle_timeout_s=idle_timeout_s, fullscreen=False,
                             auto_night=False)
        qtbot.addWidget(window)
        window.resize(*size)
        with qtbot.waitExposed(window):  # on the screen: the idle filter listens from then
            window.show()
        return window

    return opener


@pytest.fixture
def kiosk(open_kiosk, services: Services, switcher: LanguageSwitcher) -> KioskWindow:
    return open_kiosk(services)
