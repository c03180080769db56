"""Renders the panel into PNGs for a look at layout and text: ``python -m app.ui.screenshots OUT``.

Kiosk layout at 800×480 in Japanese and English, 1280×800 and 1920×1080, the
menu open, the password dialogs, stale and waiting states, the night theme
and the desktop window. Runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.circuits import CircuitsSnapshot
from app.domain.commissioning import BoardLive
from app.domain.devices import DeviceEntry
from app.domain.home_clock import HomeClock
from app.domain.home_snapshot import DayTotals, DeviceStates, HomeSnapshot, LiveFlow


def sample_circuits() -> CircuitsSnapshot:
    """An evening: cooking, the air conditioner and the EV charging."""
    from app.domain.circuits import CircuitKind, CircuitPower

    branch = ["リビング 照明", "リビング コンセント", "テレビ", "ダイニング 照明", "キッチン 照明",
              "キッチン コンセント", "冷蔵庫", "電子レンジ", "洗濯機", "浴室乾燥機", "洗面所",
              "トイレ", "寝室 照明", "寝室 エアコン", "子供部屋 エアコン", "書斎 コンセント",
              "廊下 照明", "玄関", "屋外 コンセント", "2階 トイレ"]
    watts = [62, 148, 95, 40, 35, 410, 118, 0, 0, 0, 22, 18, 0, 640, 455, 73, 12, 9, None, 4]
    circuits = [CircuitPower("sp1", "エコキュート", CircuitKind.SPECIAL, 0.0),
                CircuitPower("sp2", "IHクッキングヒーター", CircuitKind.SPECIAL, 2310.0),
                CircuitPower("sp3", "リビング エアコン", CircuitKind.SPECIAL, 820.0),
                CircuitPower("sp6", "EV充電器", CircuitKind.SPECIAL, 2980.0)]
    circuits += [CircuitPower(f"br{i + 1}", name, CircuitKind.BRANCH, w)
                 for i, (name, w) in enumerate(zip(branch, watts, strict=True))]
    mains = (CircuitPower("main1", "主幹 L1", CircuitKind.MAIN, 4120.0),
             CircuitPower("main2", "主幹 L2", CircuitKind.MAIN, 4390.0))
    return CircuitsSnapshot(tuple(circuits), mains, 8510.0, stale=False)


def sample_boards() -> tuple[BoardLive, ...]:
    """A 24-channel board as the commissioning page reads it (the evening of
    `sample_circuits`, channel by channel; one channel with no data)."""
    watts = [c.watts for c in sample_circuits().circuits]
    return (BoardLive("127.0.0.2", dict(enumerate(watts, start=1))),)


def sample_devices(now: float | None = None) -> tuple[DeviceEntry, ...]:
    """The demo house's devices; the V2H unit has gone quiet."""
    t = time.time() if now is None else now
    rows = [("127.0.0.2", 0x0287, "分電盤", "洗面所"), ("127.0.0.2", 0x0282, "", ""),
            ("127.0.0.2", 0x0281, "", ""), ("127.0.0.3", 0x0288, "", "屋外"),
            ("127.0.0.4", 0x0279, "", "屋根"), ("127.0.0.5", 0x027D, "", "屋外"),
            ("127.0.0.6", 0x027C, "エネファーム", "屋外"), ("127.0.0.7", 0x027E, "", "駐車場")]
    return tuple(
        DeviceEntry(address, code, 1, 0x000000, t - 600 if code == 0x027E else t - 2,
                    code == 0x027E, name, location)
        for address, code, name, location in rows)


def sample_snapshot(*, stale: bool = False, at: datetime | None = None) -> HomeSnapshot:
    """A sunny afternoon: solar and fuel cell cover the house, charge the battery, sell."""
    return HomeSnapshot(
        flow=LiveFlow(at=at or datetime.now(), stale=stale, pv_w=4210, fuel_cell_w=700,
                      grid_buy_w=0, grid_sell_w=1270, battery_charge_w=1500,
                      battery_discharge_w=0, battery_soc_pct=78, consumption_w=2140,
                      ev_w=0),
        today=DayTotals(used_kwh=12.4, generated_kwh=18.7, bought_kwh=3.2, sold_kwh=8.9),
        states=DeviceStates(battery_mode="auto", battery_status="charging", ev_mode="standby"))


TIMEZONE = "Asia/Tokyo"
HISTORY_DAYS = 45  # enough for a week, a month and the month before
# Example prices for the pictures only (not a real company's plan).
EXAMPLE_PLAN = {
    "schema": "hems-rate-plan/1", "id": "example", "name": {"ja": "例", "en": "Example"},
    "company": {"ja": "例", "en": "Example"}, "source": None,
    "versions": [{"valid_from": "2020-01-01", "basic": {"kind": "fixed", "yen": 1000.0},
                  "energy": {"kind": "time_of_use", "seasons": [{
                      "name": {"ja": "通年", "en": "All year"}, "from": "01-01", "to": "12-31",
                      "weekday": [{"from": "07:00", "to": "23:00", "yen_per_kwh": 40.0},
                                  {"from": "23:00", "to": "07:00", "yen_per_kwh": 25.0}],
                      "holiday": [{"from": "00:00", "to": "00:00", "yen_per_kwh": 25.0}]}]},
                  "fuel_adjustment_yen_per_kwh": 0.0, "renewable_surcharge_yen_per_kwh": 3.98}],
    "sell": [{"valid_from": "2020-01-01", "yen_per_kwh": 16.0}],
    "co2": [{"valid_from": "2020-01-01", "kg_per_kwh": 0.45}], "gas": [], "water": []}


def history_store(data_dir: Path) -> float:
    """A simulated house's last weeks, for the graphs; returns "now" (the end)."""
    from app.services.cost_query import PLAN_SETTING
    from app.sources.collector import backfill
    from app.sources.simulator import HomeConfig, SimulatedHome
    from app.store import open_store

    home = SimulatedHome(HomeConfig(seed=3))
    store = open_store(data_dir, TIMEZONE)
    try:
        store.save_circuits(home.circuits)
        store.define_series(home.series)
        now_minute = int(time.time() // 60)
        backfill(store, home, now_minute - HISTORY_DAYS * 1440, now_minute)
        store.set_setting(PLAN_SETTING, json.dumps(EXAMPLE_PLAN))
    finally:
        store.close()
    return now_minute * 60.0


def seed_plan_update(history_dir: Path, data_dir: Path, now: float) -> None:
    """A copy of the history whose household is on TEPCO 従量電灯B at 30 A, and the server's
    copy of that plan with new prices from next month (made-up sample prices: a few per
    cent up), kept as a fetch keeps it: the rates page then offers them."""
    import shutil

    from app.cloud.plan_cache import keep_catalog
    from app.domain.tariff_json import dump_plan, plan_to_data
    from app.services.cost_query import PLAN_SETTING
    from app.services.plan_query import load_catalog
    from app.store import open_store

    shutil.copytree(history_dir, data_dir)
    tepco = next(p for p in load_catalog() if p.id == "tepco-juryo-dento-b")
    store = open_store(data_dir, TIMEZONE)
    try:
        store.set_setting(PLAN_SETTING, dump_plan(tepco))
        store.set_setting("contract_amperes", "30")
    finally:
        store.close()
    today = datetime.fromtimestamp(now).date()
    newer = plan_to_data(tepco)
    version = json.loads(json.dumps(newer["versions"][-1]))
    version["valid_from"] = (today.replace(day=1) + timedelta(days=32)).replace(day=1).isoformat()
    version["basic"]["yen"] = {a: round(y * 1.03, 2) for a, y in version["basic"]["yen"].items()}
    for tier in version["energy"]["tiers"]:
        tier["yen_per_kwh"] = round(tier["yen_per_kwh"] + 0.85, 2)
    newer["versions"].append(version)
    keep_catalog(data_dir, "sample", now,
                 {tepco.id: json.dumps(newer, ensure_ascii=False, indent=2).encode()})


def demo_aiseg2_card(folder: Path, now: float) -> Path:
    """An AiSEG2 SD card for the import page: some of the demo home's circuits as an
    installer might have typed them on the AiSEG2 (half-width, other words, one unused),
    with three days of 30-minute, a month of daily and a year of monthly history, all
    older than the demo's measured weeks."""
    import math
    from datetime import date
    from zoneinfo import ZoneInfo

    from app.domain.aiseg2_card_writer import card_csv, file_name
    from app.domain.imported_history import Resolution

    names = {1: "ｴｺｷｭｰﾄ", 2: "IH", 3: "エアコン リビング", 9: "リビング照明",
             10: "居間コンセント", 15: "冷蔵庫", 16: "レンジ", 20: "未使用", 30: "書斎"}
    last = (datetime.fromtimestamp(now, ZoneInfo(TIMEZONE)).date()
            - timedelta(days=HISTORY_DAYS + 1))

    def row(scale: float) -> dict[str | int, float]:
        circuits = {slot: scale * (20 + 7 * slot % 50) for slot in names}
        used = sum(circuits.values()) + 80 * scale
        return {"grid_buy": used, "consumption": used, **circuits}

    folder.mkdir(parents=True, exist_ok=True)
    for back in range(3):
        day = last - timedelta(days=back)
        t0 = datetime(day.year, day.month, day.day)
        rows = [(t0 + timedelta(minutes=30 * s), row(1.2 + math.sin(s / 48 * 2 * math.pi)))
                for s in range(48)]
        (folder / file_name(Resolution.HALF_HOUR, t0)).write_text(
            card_csv(Resolution.HALF_HOUR, names, rows), encoding="cp932")
    first = (last.replace(day=1) - timedelta(days=1)).replace(day=1)
    days = [first + timedelta(days=k) for k in range(31) if (first + timedelta(days=k)).month
            == first.month]
    (folder / file_name(Resolution.DAY, datetime(first.year, first.month, 1))).write_text(
        card_csv(Resolution.DAY, names, [(datetime(d.year, d.month, d.day), row(48.0))
                                         for d in days]), encoding="cp932")
    year = first.year - 1
    (folder / file_name(Resolution.MONTH, datetime(year, 1, 1))).write_text(
        card_csv(Resolution.MONTH, names, [(datetime(year, m, 1), row(1440.0 + 200 * abs(m - 7)))
                                           for m in range(1, 13)]), encoding="cp932")
    assert date(year, 1, 1) < last
    return folder


def seed_events_and_notices(data_dir: Path, now: float) -> None:
    """An inbox with what the panel really posts: a notice of the center server (in the
    shape the cloud client parses), a device error and a failed backup. The appliance
    history is the backfill's: what the simulated devices reported (model_events)."""
    from app.domain.notices import Template, device_error_notice, home_notice, server_notice
    from app.store import notices as notice_store
    from app.store import open_store

    published = datetime.fromtimestamp(now - 3600).astimezone()
    server = server_notice(
        "m1", "maintenance", "important", published,
        {"ja": "深夜のメンテナンスのお知らせ", "en": "Maintenance tonight"},
        {"ja": "2時から4時まで、料金プランの更新を停止します。パネルの表示と記録は続きます。",
         "en": "From 2:00 to 4:00 rate-plan updates pause. The panel keeps showing "
               "and recording."})
    notices = [server, device_error_notice("127.0.0.8/026B01", "", 0x03F1, "repair", now - 600),
               home_notice(Template.BACKUP_FAILED, now - 7200, {"reason": "offline"})]
    store = open_store(data_dir, TIMEZONE)
    try:
        with store.write_sql() as conn:
            notice_store.upsert(conn, notices)
    finally:
        store.close()


def seed_weather(data_dir: Path, now: float) -> None:
    """A forecast kept in the store as the server would have sent it (the weather page
    shows it; the panel, not registered, says it is not renewed)."""
    from app.domain.weather_json import forecast_to_json
    from app.store import forecasts as forecast_store
    from app.store import open_store
    from app.ui.sample_weather import sample_weather_view

    forecast = sample_weather_view(HomeClock.of(lambda: now, TIMEZONE).local_now()).forecast
    store = open_store(data_dir, TIMEZONE)
    try:
        with store.write_sql() as conn:
            forecast_store.save_weather(conn, json.dumps(forecast_to_json(forecast)),
                                        forecast.fetched.timestamp())
    finally:
        store.close()


def sample_relay_status(now: float):
    """Remote commands allowed, and an evening's commands from a phone and a speaker."""
    from app.domain.remote_commands import RelayStatus, RemoteRun

    runs = (RemoteRun("r1", now - 3000, "127.0.0.8/013001", "リビング エアコン", "temperature",
                      26, "done", 28, 26),
            RemoteRun("r2", now - 1500, "127.0.0.8/029001", "リビング 照明", "power", "on",
                      "done", "off", "on"),
            RemoteRun("r3", now - 600, "127.0.0.5/027D01", "", "battery_mode", "charging",
                      "refused", "auto", "auto"),
            RemoteRun("r4", now - 120, "127.0.0.8/029001", "リビング 照明", "power", "off",
                      "unreachable"))
    return RelayStatus(True, runs, None, 3)


def sample_control(services):
    """The services with a control service that holds the sample round (the real planner
    on the sample forecast) and plans no other: the AI Solar Charge page as it looks
    with a battery, a car and an EcoCute, whatever the demo's own devices are."""
    from dataclasses import replace

    from PySide6.QtCore import QObject, Signal

    from app.ui.sample_control import sample_control_view

    class SampleControl(QObject):
        view_changed = Signal(object)

        def __init__(self) -> None:
            super().__init__()
            self.view = sample_control_view(services.clock.local_now())

        def refresh(self) -> None:
            """The sample is the only round."""

        def set_settings(self, _settings) -> None:
            """Nothing is saved in a picture."""

    return replace(services, control=SampleControl())


def sample_updates(services, phase: str = "idle", progress: float | None = None):
    """The services with an update service that offers a sample version (what a signed
    manifest from the server looks like once verified): the ソフトウェア更新 page."""
    from dataclasses import replace
    from datetime import timedelta

    from PySide6.QtCore import QObject, Signal

    from app.domain.update_manifest import Manifest
    from app.services.update_service import UpdateView

    published = services.clock.local_now() - timedelta(days=1)
    notes = {"ja": "・停電時の表示を見やすくしました\n・蓄電池の充電計画を改善しました",
             "en": "- Clearer power-cut display\n- Better battery charge plans"}
    offered = Manifest("0.2.0", "0" * 64, 1_045_584, "hems_panel-0.2.0-py3-none-any.whl",
                       published, notes)

    class SampleUpdates(QObject):
        view_changed = Signal(object)

        def __init__(self) -> None:
            super().__init__()
            self.view = UpdateView("0.1.0", offered, phase=phase, progress=progress,
                                   checked_at=services.clock.now(), can_install=True)

        def check(self) -> None:
            """The sample is the only answer."""

        def install(self) -> None:
            """Nothing is installed in a picture."""

        def set_night_install(self, _allowed: bool) -> None:
            """Nothing is saved in a picture."""

    return replace(services, updates=SampleUpdates())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--pseudo", action="store_true", help="pseudo-locale strings too")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["TZ"] = TIMEZONE  # the home's clock, as the panel shows it
    time.tzset()

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

    from app.domain.periods import Period
    from app.services.access_service import AccessService
    from app.services.aiseg2_import_service import Aiseg2ImportService
    from app.services.circuits_service import CircuitsService
    from app.services.cloud_wiring import (
        NO_SERVER,
        build_cloud,
        build_manuals,
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
    from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
    from app.ui.i18n import LanguageSwitcher
    from app.ui.main_thread_gc import MainThreadGarbageCollector
    from app.ui.shell.desktop_window import DesktopWindow
    from app.ui.shell.kiosk_window import KioskWindow
    from app.ui.theme import NIGHT

    app = QApplication.instance() or QApplication(sys.argv[:1])
    prepare_application(app)
    MainThreadGarbageCollector(app)  # cycles of closed dialogs: never on a worker
    args.outdir.mkdir(parents=True, exist_ok=True)
    services_made: list[Services] = []
    history_dir = Path(tempfile.mkdtemp(prefix="hems-shots-")) / "data"
    history_now = history_store(history_dir)
    seed_events_and_notices(history_dir, history_now)
    seed_weather(history_dir, history_now)
    update_dir = history_dir.parent / "plan-update"
    seed_plan_update(history_dir, update_dir, history_now)

    def make_services(query: Callable[[], HomeSnapshot], password: str | None = "1234",
                      language: str = "ja", plan_dir: Path | None = None) -> Services:
        settings = MemorySettings({"language": language})
        access = AccessService(settings)
        if password:
            access.set_password(password)
        def open_history() -> Store:
            return open_store(history_dir, TIMEZONE)

        notices = NoticeService(open_history, lambda: history_now)
        notices.refresh()  # the lamp and the unread count, as the panel does at start
        clock = HomeClock.of(lambda: history_now, TIMEZONE)
        services = Services(clock, HomeService(query, refresh_ms=60_000), access,
                            PreferencesService(settings),
                            DevicesService(MemoryDevices(sample_devices())),
                            CircuitsService(sample_circuits),
                            HistoryService(lambda: open_store(history_dir, TIMEZONE),
                                           lambda: history_now, TIMEZONE, refresh_ms=60_000),
                            PlanService(lambda: open_store(plan_dir or history_dir, TIMEZONE),
                                        clock, data_dir=plan_dir),
                            notices, EventService(open_history, notices, TIMEZONE),
                            *build_cloud(NO_SERVER, history_dir.parent / "cloud", notices,
                                         lambda: history_now, TIMEZONE),
                            CommissioningService(CommissioningQuery(open_history, sample_boards)),
                            ControlService(open_history, NoDevices(), lambda: history_now),
                            build_weather(NO_SERVER, history_dir.parent / "cloud", open_history,
                                          notices, clock),
                            aiseg2_import=Aiseg2ImportService(open_history),
                            manuals=build_manuals(NO_SERVER, history_dir.parent / "cloud", clock,
                                                  MemoryDevices(sample_devices())),
                            relay=build_relay(NO_SERVER, history_dir.parent / "cloud",
                                              open_history, NoDevices(), lambda: history_now))
        services.weather.start()  # the stored forecast, as the panel does at start
        services.manuals.start()  # the bundled manuals (no server here)
        services_made.append(services)
        return services

    def settle(ms: int = 350) -> None:
        # An event loop, not QTest.qWait: PySide's qWait keeps the GIL, so the services'
        # worker threads could not run their queries meanwhile.
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def save(widget: QWidget, name: str) -> None:
        settle()  # let animations and the first snapshot land
        path = args.outdir / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    def through_password(owner: QWidget) -> None:
        """Answer the access-password prompt a kiosk setting shows first, as a user would:
        the sheet it guards replaces it as ``owner.dialog``."""
        prompt = getattr(owner, "dialog", None)
        if isinstance(prompt, PasswordPromptDialog):
            prompt.keypad.press("1234")
            prompt.submit()

    def kiosk(services: Services, size: tuple[int, int]) -> KioskWindow:
        window = KioskWindow(services, fullscreen=False, auto_night=False)
        window.resize(*size)
        window.show()
        QTest.qWaitForWindowExposed(window)
        return window

    switchers = []
    pseudo = True if args.pseudo else None  # None: follow HEMS_PSEUDO_LOCALE
    for language in ("ja", "en"):
        services = make_services(sample_snapshot, language=language)
        switchers.append(LanguageSwitcher(app, services.preferences, pseudo=pseudo))
        window = kiosk(services, (800, 480))
        save(window, f"kiosk_800x480_{language}_home")
        window.view.menu.open_menu()
        save(window, f"kiosk_800x480_{language}_menu")
        window.view.menu.close_menu()
        for page_id in ("weather", "ai_charge", "settings", "devices", "commissioning",
                        "measurement", "rates"):
            window.view.go(page_id)
            save(window, f"kiosk_800x480_{language}_{page_id}")
        settings_page = window.view.page("settings")
        window.view.go("settings")
        settings_page.remote_card.show_status(sample_relay_status(history_now))
        settle()
        settings_page.scroll.ensureWidgetVisible(settings_page.remote_card, 0, 0)
        save(window, f"kiosk_800x480_{language}_settings_remote")
        rates = window.view.page("rates")
        rates.select("hepco-etime3")
        save(window, f"kiosk_800x480_{language}_rates_time_of_use")
        offered = make_services(sample_snapshot, language=language, plan_dir=update_dir)
        offer_window = kiosk(offered, (800, 480))
        offer_window.view.go("rates")
        save(offer_window, f"kiosk_800x480_{language}_rates_update_offer")
        offer_window.close()
        window.view.go("plan_editor")
        save(window, f"kiosk_800x480_{language}_plan_editor")
        editor = window.view.page("plan_editor")
        editor.rows[0].controls[2].click()
        editor.dialog.field.setText("250")
        editor.dialog.submit()
        save(editor.dialog, f"kiosk_800x480_{language}_plan_editor_price_refused")
        editor.dialog.reject()
        editor.holiday_button.click()
        editor.rows[0].controls[3].click()
        save(window, f"kiosk_800x480_{language}_plan_editor_holiday_split")
        editor.save_button.click()
        save(editor.dialog, f"kiosk_800x480_{language}_plan_editor_confirm")
        editor.dialog.reject()
        editor.history_button.click()
        save(editor.dialog, f"kiosk_800x480_{language}_plan_editor_history")
        editor.dialog.reject()
        window.view.go("home")
        save(window, f"kiosk_800x480_{language}_home_banner")
        history = window.view.page("appliance_history")
        window.view.go("appliance_history")
        save(window, f"kiosk_800x480_{language}_appliance_history")
        history.open_row(history.model.index(0))
        save(history.dialog, f"kiosk_800x480_{language}_appliance_history_error")
        history.dialog.reject()
        inbox = window.view.page("notices")
        window.view.go("notices")
        save(window, f"kiosk_800x480_{language}_notices")
        inbox.open_row(inbox.model.index(0))
        save(inbox.dialog, f"kiosk_800x480_{language}_notice_detail")
        inbox.dialog.reject()
        window.view.go("registration")
        save(window, f"kiosk_800x480_{language}_registration")
        registration = window.view.page("registration")
        for open_sheet, name in ((registration.register, "wizard"),
                                 (registration.take_over, "restore"),
                                 (registration.unregister, "unregister")):
            open_sheet()
            through_password(registration)
            save(registration.dialog, f"kiosk_800x480_{language}_registration_{name}")
            registration.dialog.reject()
        take_over = window.view.page("aiseg2_import")
        window.view.go("aiseg2_import")
        take_over.read_folder(demo_aiseg2_card(history_dir.parent / "aiseg2-card", history_now))
        settle(1500)
        save(window, f"kiosk_800x480_{language}_aiseg2_import_matches")
        doubtful = take_over.unconfirmed()
        if doubtful:
            take_over.choose_target(doubtful[0])
            save(take_over.dialog, f"kiosk_800x480_{language}_aiseg2_import_choose")
            take_over.dialog.reject()
        take_over.start_import()
        through_password(take_over)
        settle(2500)
        take_over.findChild(QScrollArea).ensureWidgetVisible(take_over.report_label)
        save(window, f"kiosk_800x480_{language}_aiseg2_import_report")
        graph = window.view.page("circuit_graph")
        window.view.go("circuit_graph", "sp2")
        save(window, f"kiosk_800x480_{language}_circuit_day")
        graph.panel.bar.set_period(Period.LIVE)
        save(window, f"kiosk_800x480_{language}_circuit_live")
        graph.panel.bar.set_period(Period.MONTH)
        graph.panel.bar.cycle_compare()
        save(window, f"kiosk_800x480_{language}_circuit_month_compare")
        graph.panel.cycle_measure()
        save(window, f"kiosk_800x480_{language}_circuit_month_cost")
        graph.panel.cycle_measure()
        graph.panel.cycle_measure()
        window.view.go("circuit_graph", "stack")
        save(window, f"kiosk_800x480_{language}_circuits_stacked")
        window.view.go("circuit_ranking")
        save(window, f"kiosk_800x480_{language}_circuit_ranking")
        window.view.go("generation")
        save(window, f"kiosk_800x480_{language}_generation_day")
        generation = window.view.page("generation")
        generation.show_view("battery")
        generation.panel.bar.set_period(Period.WEEK)
        save(window, f"kiosk_800x480_{language}_generation_battery_week")
        generation.show_view("level")
        generation.panel.bar.set_period(Period.DAY)
        save(window, f"kiosk_800x480_{language}_generation_level_day")
        generation.show_view("water")
        generation.panel.bar.set_period(Period.MONTH)
        save(window, f"kiosk_800x480_{language}_generation_water_month")
        devices = window.view.page("devices")
        devices.edit(devices.rows[0].entry)
        through_password(devices)
        save(devices.dialog, f"kiosk_800x480_{language}_device_name")
        devices.dialog.select(devices.dialog.location_field)
        save(devices.dialog, f"kiosk_800x480_{language}_device_name_places")
        devices.dialog.show_page(1)
        save(devices.dialog, f"kiosk_800x480_{language}_device_name_kana")
        devices.dialog.reject()
        window.view.go("devices")
        battery = next(row.entry for row in devices.rows if row.entry.class_code == 0x027D)
        devices.open_manual(battery)  # the card's 取扱説明 button
        save(window, f"kiosk_800x480_{language}_device_manual")
        manual = window.view.page("device_manual")
        bar = manual.scroll.verticalScrollBar()
        for part in (1, 2, 3):  # the rest of it, a screen further each time
            bar.setValue(min(bar.maximum(), part * manual.scroll.viewport().height()))
            save(window, f"kiosk_800x480_{language}_device_manual_{part}")
        window.request_exit()
        save(window.dialog, f"kiosk_800x480_{language}_exit_dialog")
        window.dialog.keypad.set_alpha(True)
        window.dialog.field.setText("12")
        window.dialog.submit()
        save(window.dialog, f"kiosk_800x480_{language}_exit_dialog_wrong_alpha")
        window.dialog.done(0)
        window.close()
        switchers[-1].shutdown()

    services = make_services(sample_snapshot)
    switchers.append(LanguageSwitcher(app, services.preferences, pseudo=pseudo))
    for size in ((1280, 800), (1920, 1080)):
        window = kiosk(services, size)
        save(window, f"kiosk_{size[0]}x{size[1]}_ja_home")
        window.close()

    then = datetime.now() - timedelta(minutes=17)
    stale = make_services(lambda: sample_snapshot(stale=True, at=then))
    window = kiosk(stale, (800, 480))
    save(window, "kiosk_800x480_ja_stale")
    window.close()

    waiting = make_services(lambda: HomeSnapshot(
        LiveFlow(None, True, None, None, None, None, None, None, None, None, None),
        DayTotals(0, 0, 0, 0)))
    window = kiosk(waiting, (800, 480))
    save(window, "kiosk_800x480_ja_waiting")
    window.close()

    window = kiosk(services, (800, 480))
    window.set_theme(NIGHT)
    save(window, "kiosk_800x480_ja_night")
    window.close()

    # ソフトウェア更新: a signed version offered, then downloading.
    for phase, progress in (("idle", None), ("downloading", 0.42)):
        window = kiosk(sample_updates(services, phase, progress), (800, 480))
        window.view.go("software_update")
        save(window, f"kiosk_800x480_ja_software_update_{phase}")
        window.close()

    # AI Solar Charge with the sample round: by day and at night, the decisions, the
    # settings sheet and its 30-minute targets; and on the large kiosk.
    shown = sample_control(services)
    for size, theme, label in (((800, 480), None, "day"), ((800, 480), NIGHT, "night"),
                               ((1280, 800), None, "day")):
        window = kiosk(shown, size)
        if theme is not None:
            window.set_theme(theme)
        window.view.go("ai_charge")
        save(window, f"kiosk_{size[0]}x{size[1]}_ja_{label}_ai_charge_sample")
        page = window.view.page("ai_charge")
        if size == (800, 480) and theme is None:
            scroll = page.findChild(QScrollArea)
            for name, target in (("decisions", page.decisions_card),
                                 ("savings", page.savings), ("settings", page.settings_card)):
                scroll.ensureWidgetVisible(target, 0, 0)
                save(window, f"kiosk_800x480_ja_ai_charge_{name}")
            page.change_settings()
            through_password(page)
            save(page.dialog, "kiosk_800x480_ja_ai_charge_settings_dialog")
            page.dialog.edit_targets(holiday=False)
            save(page.dialog.dialog, "kiosk_800x480_ja_ai_charge_targets_dialog")
            page.dialog.dialog.reject()
            page.dialog.reject()
        window.close()

    # Every page once at night (800×480) and on the large kiosk by day (1280×800).
    from app.ui.pages.registry import SECTION_PAGES, SUB_PAGES

    for size, theme, label in (((800, 480), NIGHT, "night"), ((1280, 800), None, "day")):
        window = kiosk(services, size)
        if theme is not None:
            window.set_theme(theme)
        for ref in (*SECTION_PAGES, *SUB_PAGES):
            subject = {"circuit_graph": "stack", "device_manual": sample_devices()[0]}
            window.view.go(ref.page_id, *((subject[ref.page_id],) if ref.page_id in subject
                                          else ()))
            save(window, f"kiosk_{size[0]}x{size[1]}_ja_{label}_{ref.page_id}")
        window.close()

    first = make_services(sample_snapshot, password=None)
    window = kiosk(first, (800, 480))
    settle(50)
    window.dialog.new_field.setText("12")
    window.dialog.submit()
    save(window.dialog, "kiosk_800x480_ja_first_start")
    window.dialog.done(0)
    window.close()

    desktop = DesktopWindow(services)
    desktop.show()
    QTest.qWaitForWindowExposed(desktop)
    save(desktop, "desktop_1024x640_ja_home")
    desktop.view.go("settings")
    save(desktop, "desktop_1024x640_ja_settings")
    desktop.close()

    for made in services_made:
        made.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
