"""Composition root: parse the command line, build every service once, pass them in.

Start-up order matters on a panel, in two stages. First the window, with only what
its first frame shows: the shell and the home page, and their services (the store,
preferences, the access password, notices, the home's snapshots). Once the home page
has painted, `PanelRest` builds everything else (its modules load only then: the
weather, the cloud, the embedded server, the collector...) and hands it to the window;
the simulated home (numpy model, circuits and series set-up, catch-up backfill) is
built on the collector thread after that.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.cli import DEFAULT_TIMEZONE, parse_args
from app.domain.home_clock import HomeClock
from app.services.access_service import AccessService
from app.services.home_query import HomeQuery
from app.services.home_service import HomeService
from app.services.notice_service import NoticeService
from app.services.preferences_service import PreferencesService
from app.services.restore_staging import open_after_restore
from app.services.services import FirstFrameServices
from app.sources.clock import AcceleratedClock, Clock, SystemClock
from app.sources.collector_settings import RETENTION_SETTING
from app.sources.demo_seed import resolve_seed
from app.store import Store, StoreError, open_store
from app.ui import LanguageSwitcher, create_main_window, prepare_application
from app.ui.application import style_application
from app.ui.first_frame import AfterFirstFrame
from app.ui.main_thread_gc import MainThreadGarbageCollector

if TYPE_CHECKING:
    from app.services.cloud_wiring import EmbeddedCenter
    from app.services.services import Services
    from app.sources.collector import CollectorThread, LiveSource, SourceFactory
    from app.sources.simulator import SimulatedHome

log = logging.getLogger(__name__)

LIVE_INTERVAL_S = 3.0
# An accelerated demo (--speed) reads its nodes every ACCELERATED_POLL_S of real time; the
# live interval, in the home's seconds, follows (stale after two of them, as always).
ACCELERATED_POLL_S = 0.5
COLLECTOR_FALLBACK_MS = 2000  # start collecting even if the home page is not what shows first


def run_panel(args: argparse.Namespace) -> int:
    # The panel shows the home's time (the store's zone), whatever zone the OS is set to.
    os.environ["TZ"] = DEFAULT_TIMEZONE
    time.tzset()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("HEMS Panel")
    # A takeover downloaded last time is swapped in before anything opens the database
    # (resumed if a power cut interrupted it; rolled back if the restored data does not open).
    try:
        store = open_after_restore(args.data_dir, args.data_dir / "backup",
                                   lambda: open_store(args.data_dir, DEFAULT_TIMEZONE))
        seed = resolve_seed(store, args.seed)
        if args.raw_retention_days:
            store.set_setting(RETENTION_SETTING, str(args.raw_retention_days))
        if args.weather_warning_linkage:
            from app.store.linkage_settings import set_linkage_enabled

            set_linkage_enabled(store, args.weather_warning_linkage == "on")
    except StoreError as exc:
        _show_fatal(app, str(exc))
        return 1

    clock: Clock = (SystemClock() if args.speed == 1.0
                    else AcceleratedClock(time.time(), args.speed))
    live_s = live_interval_s(clock)
    data_dir = args.data_dir

    def open_own_store() -> Store:
        return open_store(data_dir, DEFAULT_TIMEZONE)

    if args.source == "aiseg2":
        from app.sources.aiseg2.login import load_login

        try:
            if load_login(data_dir) is None:
                raise ValueError("no AiSEG2 login saved: run hems-panel aiseg2-login HOST USER")
        except ValueError as exc:
            _show_fatal(app, str(exc))
            return 1
    # The first frame's services: the shell's and the home page's.
    notices = NoticeService(open_own_store, clock.now)
    preferences = PreferencesService(store)
    if args.lang:
        preferences.set_language(args.lang)
    home_clock = HomeClock.of(clock.now, DEFAULT_TIMEZONE)
    front = FirstFrameServices(
        clock=home_clock,
        home=HomeService(HomeQuery(open_own_store, clock.now, live_s, DEFAULT_TIMEZONE)),
        access=AccessService(store, clock.now), preferences=preferences, notices=notices)

    prepare_application(app, stylesheet=False)  # the window's own styles its first frame
    collector_of_cycles = MainThreadGarbageCollector(app)  # never on a service's worker
    switcher = LanguageSwitcher(app, preferences)
    window = create_main_window(front, kiosk=args.kiosk)
    # exit(), not quit(): Qt 6's quit() first asks every window to close, and a
    # kiosk's required password dialog refuses, which would cancel the quit.
    if hasattr(window, "exit_requested"):
        window.exit_requested.connect(lambda: app.exit(0))
    rest = PanelRest(args, front, store, clock, seed)
    steps: list[Callable[[], None]] = [lambda: style_application(app),
                                       lambda: rest.build(window), rest.start]
    on_paint: list[Callable[[], None]] = []
    if args.report_first_paint:  # the start-up benchmark
        on_paint.append(lambda: print("first-paint", flush=True))
        steps.append(lambda: app.exit(0))
    # The update installer waits for this before it keeps a new version (app.update).
    on_paint.append(lambda: _mark_first_frame(args.data_dir))
    AfterFirstFrame(app, window.view.page("home").first_painted, steps, on_paint=on_paint,
                    fallback_ms=COLLECTOR_FALLBACK_MS)
    window.show()
    if args.screenshot:
        app.aboutToQuit.connect(lambda: window.grab().save(str(args.screenshot)))
    if args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), lambda: app.exit(0))
    try:
        return app.exec()
    finally:
        window.close()
        rest.shutdown()
        switcher.shutdown()
        collector_of_cycles.stop()
        store.close()


class PanelRest:
    """The services the first frame does not show and the collector that feeds them,
    built once the home page has painted: their modules (the device link, the control
    loop, the cloud and backup clients, the other pages' queries) load only then."""

    def __init__(self, args: argparse.Namespace, front: FirstFrameServices, store: Store,
                 clock: Clock, seed: int) -> None:
        self._args = args
        self._front = front
        self._store = store
        self._clock = clock
        self._seed = seed
        self._center: EmbeddedCenter | None = None
        self.services: Services | None = None
        self.collector: CollectorThread | None = None
        self._starts: list[Callable[[], None]] = []

    def build(self, window: QWidget) -> None:
        """Build them, connect them, and give them to the window (every page can open)."""
        from app.services.aiseg2_import_service import Aiseg2ImportService
        from app.services.circuits_query import CircuitsQuery
        from app.services.circuits_service import CircuitsService
        from app.services.cloud_wiring import (
            EMBEDDED_LABEL,
            EmbeddedCenter,
            build_cloud,
            build_manuals,
            build_rate_catalog,
            build_relay,
            build_remote_view,
            build_weather,
            demo_weather_args,
            follow_city,
            follow_registration,
            follow_registration_for_relay,
            follow_remote_view,
        )
        from app.services.commissioning_query import CommissioningQuery
        from app.services.commissioning_service import CommissioningService
        from app.services.control_service import ControlService
        from app.services.devices_query import DevicesQuery
        from app.services.devices_service import DevicesService
        from app.services.event_service import EventService
        from app.services.history_service import HistoryService
        from app.services.lamp_output import LAMP_SETTING, make_lamp_output
        from app.services.mirror_status_service import (
            MirrorStatusQuery,
            MirrorStatusService,
            open_mirror_status,
        )
        from app.services.password_reminder import PasswordReminder
        from app.services.plan_service import PlanService
        from app.services.services import Services
        from app.sources.collector import CollectorThread
        from app.ui.notice_texts import notice_titles

        if self.services is not None:
            return
        args, front, clock = self._args, self._front, self._clock
        app = QApplication.instance()
        notices = front.notices
        data_dir: Path = args.data_dir
        live_s = live_interval_s(clock)

        def open_own_store() -> Store:
            return open_store(data_dir, DEFAULT_TIMEZONE)

        events = EventService(open_own_store, notices, DEFAULT_TIMEZONE)
        accelerated = clock.speed != 1.0
        collector = CollectorThread(open_own_store, source_factory(args, self._seed, clock),
                                    clock, live_interval_s=live_s,
                                    on_events=events.device_events,
                                    flush_interval_s=ACCELERATED_POLL_S if accelerated else None,
                                    hold_minutes=accelerated and args.source == "demo")
        # The demo home's embedded server forecasts the model's own weather (its seed).
        demo_center = args.server is None and "demo" in args.source  # on the demo's clock
        center = EmbeddedCenter(data_dir / "center-server",
                                demo_weather_args(self._seed, clock) if demo_center else ()
                                ) if args.server is None else None
        self._center = center
        server = center.url if center else args.server
        weather = build_weather(server, data_dir, open_own_store, notices, front.clock,
                                speed=clock.speed,
                                server_speed=clock.speed if demo_center else 1.0)
        cloud, backup = build_cloud(server, data_dir, notices, clock.now, DEFAULT_TIMEZONE,
                                    label=EMBEDDED_LABEL if center else None)
        rate_catalog = build_rate_catalog(server, data_dir, front.clock)
        # Its own query (its own worker thread's store connection) of the devices found.
        manuals = build_manuals(server, data_dir, front.clock,
                                DevicesQuery(open_own_store, clock.now, live_s))
        follow_registration(cloud, rate_catalog, manuals)
        updates = build_updates(data_dir, server, notices, front.clock)
        cloud.registered.connect(lambda _registration: updates.check())
        remote_view = build_remote_view(server, data_dir, open_own_store, clock.now, live_s,
                                        DEFAULT_TIMEZONE, titles=notice_titles)
        relay = build_relay(server, data_dir, open_own_store, collector, clock.now)
        follow_registration_for_relay(cloud, relay)
        services = Services(
            clock=front.clock, home=front.home, access=front.access,
            preferences=front.preferences,
            devices=DevicesService(DevicesQuery(open_own_store, clock.now, live_s)),
            circuits=CircuitsService(CircuitsQuery(open_own_store, clock.now, live_s)),
            history=HistoryService(open_own_store, clock.now, DEFAULT_TIMEZONE),
            plans=PlanService(open_own_store, front.clock,
                              registered=lambda: cloud.state.registered,
                              catalog=rate_catalog, data_dir=data_dir),
            notices=notices, events=events, cloud=cloud, backup=backup,
            commissioning=CommissioningService(
                CommissioningQuery(open_own_store, collector.boards)),
            control=ControlService(
                open_own_store, collector, clock.now, zone=DEFAULT_TIMEZONE,
                registered=lambda: cloud.state.registered, notices=notices,
                speed=clock.speed),
            weather=weather,
            mirror=(open_mirror_status(open_own_store, data_dir) if args.source == "aiseg2"
                    else MirrorStatusService(MirrorStatusQuery(open_own_store))
                    if args.source == "aiseg2-demo" else None),
            aiseg2_import=Aiseg2ImportService(open_own_store), manuals=manuals,
            updates=updates, remote_view=remote_view, relay=relay)
        self.services, self.collector = services, collector
        try:
            lamp_output = make_lamp_output(args.lamp or self._store.get_setting(LAMP_SETTING))
        except ValueError as exc:  # a bad stored setting must not keep the panel from starting
            log.error("%s", exc)
            lamp_output = make_lamp_output(None)
        notices.lamp_changed.connect(lamp_output.show)
        reminder = PasswordReminder(services.access, notices, clock.now, parent=app)
        app.aboutToQuit.connect(reminder.stop)
        # 気象警報連動: the warnings in force for the area drive the control service's
        # linkage; AIソーラーチャージ: each new forecast is a new plan.
        weather.warnings_changed.connect(services.control.on_warnings)
        follow_city(cloud, weather)  # a city chosen again: that area's forecast at once
        weather.view_changed.connect(services.control.on_weather)
        services.devices.snapshot_changed.connect(manuals.devices_seen)  # one found later
        window.view.attach(services)
        # The lamp and the stored forecast first (the home page shows them), an old access
        # password's reminder, then the collector and the control loop (which asks the
        # devices the collector's source found: the link is its).
        self._starts = [notices.refresh, weather.start, reminder.start, collector.start,
                        services.control.start, lambda: follow_remote_view(cloud, remote_view)]
        if args.source == "echonet":  # a real home never set up opens on its commissioning
            services.commissioning.setup_needed.connect(
                lambda: window.view.go("commissioning"))
            self._starts.append(services.commissioning.check_needed)
        if center is not None:
            self._starts.append(center.start)  # its ~1.5 s of start-up after the first frame
        # Then the registration's state, the backup schedule, (registered) a new forecast
        # and the server's plans.
        for later in (cloud.refresh, backup.start, weather.refresh, services.plans.start,
                      manuals.start, updates.start, relay.start):
            QTimer.singleShot(COLLECTOR_FALLBACK_MS, later)

    def start(self) -> None:
        for start in self._starts:
            start()
        self._starts = []

    def shutdown(self) -> None:
        (self.services or self._front).shutdown()
        if self.collector is not None:
            self.collector.stop()
        if self._center is not None:
            self._center.stop()


def _mark_first_frame(data_dir: Path) -> None:
    from app.update.marker import current_version, write_first_frame

    try:
        write_first_frame(data_dir, current_version())
    except OSError as exc:  # a full disk must not stop the panel; an update would roll back
        log.error("first-frame marker not written: %s", exc)


def build_updates(data_dir: Path, server, notices: NoticeService, clock: HomeClock):
    """The update service: the keys this version ships, the installer of the package."""
    import json

    from app.domain.update_manifest import keys_of
    from app.resource_files import resources_dir
    from app.services.cloud_wiring import connect_to
    from app.services.update_service import UpdateService
    from app.update.launch import package_installer
    from app.update.marker import current_version

    keys = keys_of(json.loads((resources_dir() / "update_keys" / "keys.json").read_text()))
    return UpdateService(connect_to(server, today=clock.today), data_dir,
                         lambda: open_store(data_dir, DEFAULT_TIMEZONE), notices, clock,
                         keys, current_version(), package_installer())


def live_interval_s(clock: Clock) -> float:
    """The live interval in the home's seconds: LIVE_INTERVAL_S, or with an accelerated
    clock ACCELERATED_POLL_S of real time."""
    return LIVE_INTERVAL_S if clock.speed == 1.0 else ACCELERATED_POLL_S * clock.speed


def source_factory(args: argparse.Namespace, seed: int, clock: Clock) -> SourceFactory:
    """What the collector reads, built on its thread: (live source, history or None).

    The demo house speaks ECHONET Lite on loopback like a real one, also accelerated
    (--speed), so that the control loop commands it as it would a real home. Accelerated,
    the nodes are polled every ACCELERATED_POLL_S of real time (the battery's level every
    second), i.e. every 0.5 × speed simulated seconds: at 120× once a simulated minute,
    at 600× every five; the collector holds each read over the minutes until the next.
    """

    def demo_over_echonet(store: Store) -> tuple[LiveSource, SimulatedHome | None]:
        from app.sources.demo_home import start_demo_house

        if clock.speed == 1.0:
            return start_demo_house(store, seed, clock, fast_s=LIVE_INTERVAL_S)
        log.info("--speed %g: the simulated nodes are polled every %.1f s (%.0f s of the "
                 "house)", clock.speed, ACCELERATED_POLL_S, ACCELERATED_POLL_S * clock.speed)
        return start_demo_house(store, seed, clock, fast_s=ACCELERATED_POLL_S,
                                slow_s=2 * ACCELERATED_POLL_S)

    def devices(store: Store) -> tuple[LiveSource, SimulatedHome | None]:
        from app.sources.echonet_source import EchonetSettings, EchonetSource, board_channels

        settings = EchonetSettings(addresses=tuple(args.nodes), multicast=not args.no_multicast,
                                   bind=(args.interface, args.port), device_port=args.port,
                                   fast_s=LIVE_INTERVAL_S)
        return EchonetSource(settings, board_channels(store), clock=clock).start(), None

    def own_store() -> Store:  # the backfill's, opened on the mirror's thread
        return open_store(args.data_dir, DEFAULT_TIMEZONE)

    def aiseg2(store: Store) -> tuple[LiveSource, SimulatedHome | None]:
        from app.sources.aiseg2.login import load_login
        from app.sources.aiseg2.source import start_mirror

        login = load_login(args.data_dir)
        if login is None:
            raise StoreError("no AiSEG2 login saved: run hems-panel aiseg2-login HOST USER")
        return start_mirror(store, login, watch=args.data_dir, clock=clock,
                            open_store=own_store), None

    def aiseg2_demo(store: Store) -> tuple[LiveSource, SimulatedHome | None]:
        from app.sources.aiseg2.demo import start_mirrored_demo

        return start_mirrored_demo(store, seed, clock, open_store=own_store), None

    if args.source == "echonet":
        return devices
    if args.source == "aiseg2":
        return aiseg2
    if args.source == "aiseg2-demo":
        return aiseg2_demo
    return demo_over_echonet


def _show_fatal(app: QApplication, message: str) -> None:
    print(f"hems-panel: {message}", file=sys.stderr)
    if QApplication.platformName() != "offscreen":
        from PySide6.QtWidgets import QMessageBox  # only when the panel cannot start

        QMessageBox.critical(None, "HEMS Panel", message)


def main(argv: Sequence[str] | None = None) -> int:
    # Everything the panel writes is the household's (exports, schedules, the embedded
    # server's data, which inherits this): private, whatever umask the session has.
    os.umask(0o077)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # chatty at every open
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command in ("simulate", "export"):
            # Imported here so that the panel's start-up does not load the model.
            from app.cli.data_commands import cmd_export, cmd_simulate

            return cmd_simulate(args) if args.command == "simulate" else cmd_export(args)
        if args.command == "echonet":
            from app.cli.echonet_commands import cmd_echonet

            return cmd_echonet(args)
        if args.command == "plan":
            from app.cli.plan_commands import cmd_plan

            return cmd_plan(args)
        if args.command == "aiseg2-login":
            from app.cli.aiseg2_commands import cmd_aiseg2_login

            return cmd_aiseg2_login(args)
        if args.command == "import":
            from app.cli.import_commands import cmd_import

            return cmd_import(args)
        return run_panel(args)
    except StoreError as exc:
        print(f"hems-panel: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `export ... | head`: the reader left; say nothing more (Python's own advice).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
