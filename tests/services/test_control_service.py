"""The control service against the simulated home's nodes on loopback: any Set with its
answer, and the weather-warning linkage end to end (warning -> charge over ECHONET Lite
-> full -> the rules say so -> lifted -> the battery's own mode again).

The house runs on a pinned clock accelerated SPEED times, read by the same ECHONET Lite
source the panel uses; the service waits for devices on its worker, the test waits on
its signals.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain import series as s
from app.domain.charging_rules import WEATHER_WARNING, battery_surplus
from app.domain.device_command import CommandOutcome, DeviceCommand
from app.domain.events import Cause, EventFilter, EventKind
from app.domain.series import HOME_SERIES
from app.domain.tariff_json import load_plan
from app.domain.warning_linkage import BATTERY, V2H
from app.domain.weather import WarningKind, WarningLevel, WeatherWarning
from app.services.control_service import ControlService
from app.services.plan_query import PlanQuery, home_state
from app.sources.clock import AcceleratedClock
from app.sources.collector import CollectorThread
from app.sources.echonet_readings import NO_CHANNELS
from app.sources.echonet_source import EchonetSettings, EchonetSource
from app.sources.simulated_nodes import SimulatedNodes
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Store, open_store
from app.store import events as event_store
from app.store.linkage_settings import linkage_state, set_linkage_enabled

pytestmark = pytest.mark.timeout(120)
ZONE = ZoneInfo("Asia/Tokyo")
# A July night: in "green" the model's battery sits at its reserve (30 %), idle.
NIGHT = datetime(2026, 7, 14, 3, 0, tzinfo=ZONE).timestamp()
SPEED = 1800.0  # half an hour of the house per second: 30 -> 100 % in about 5 s
CONFIG = HomeConfig(seed=4, battery_mode="green")
BATTERY_DEVICE = "127.0.0.5/027D01"
PLAN = Path(__file__).parents[1] / "ui" / "test_plan.json"
RAIN = WeatherWarning("130000-heavy_rain", WarningKind.HEAVY_RAIN, WarningLevel.WARNING,
                      datetime(2026, 7, 14, 2, 50, tzinfo=ZONE))
THUNDER = WeatherWarning("130000-thunder", WarningKind.THUNDER, WarningLevel.ADVISORY,
                         datetime(2026, 7, 14, 2, 50, tzinfo=ZONE))


class House:
    """The simulated nodes, and a collector reading them over ECHONET Lite: the device
    link of the control service, as in the panel."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.clock = AcceleratedClock(NIGHT, SPEED)
        self.nodes = SimulatedNodes(SimulatedHome(CONFIG), self.clock, port=0).start()
        settings = EchonetSettings(addresses=tuple(self.nodes.addresses), multicast=False,
                                   bind=("127.0.0.1", 0), device_port=self.nodes.port,
                                   fast_s=0.2, slow_s=0.3, timeout_s=0.5)
        self.source = EchonetSource(settings, NO_CHANNELS)

        def make_source(store: Store) -> tuple[EchonetSource, None]:
            store.define_series(HOME_SERIES)
            return self.source.start(), None

        # A tick every 0.2 s of real time (the interval is in simulated seconds).
        self.collector = CollectorThread(self.open_store, make_source, self.clock,
                                         live_interval_s=0.2 * SPEED, flush_interval_s=0.5)
        self.collector.start()
        assert self.collector.caught_up.wait(20) and self.source.discovered.wait(10)

    def open_store(self) -> Store:
        return open_store(self.data, "Asia/Tokyo")

    def service(self) -> ControlService:
        return ControlService(self.open_store, self.collector, self.clock.now)

    def soc(self) -> float | None:
        return self.source.read(self.clock.now()).get(s.BATTERY_SOC)

    def rules(self) -> tuple[bool, bool]:
        """What the rules see: the linkage in force?, and does battery surplus say so?"""
        query = PlanQuery(self.open_store, home_state(lambda: True, self.clock.now))
        try:
            settings = query().settings
        finally:
            query.close()
        plan = load_plan(PLAN.read_bytes())
        day = datetime.fromtimestamp(self.clock.now(), ZONE).date()
        codes = {r.code for r in battery_surplus(plan, settings, day).reasons}
        return settings.weather_warning_linkage, WEATHER_WARNING in codes

    def history(self) -> list[tuple[str | None, str | None, Cause | None]]:
        store = self.open_store()
        try:
            with store.read_sql() as conn:
                kinds = (EventKind.OPERATION, EventKind.SAVING)  # the household's, the control's
                page = event_store.page(conn, EventFilter(kinds=kinds), 50)
        finally:
            store.close()
        return [(r.old, r.new, r.cause) for r in reversed(page.records)
                if r.device == BATTERY_DEVICE and r.epc == 0xDA]

    def close(self) -> None:
        try:
            self.collector.stop()  # closes the source
        finally:
            self.nodes.stop()


@pytest.fixture
def house(tmp_path: Path) -> Iterator[House]:
    running = House(tmp_path / "data")
    store = running.open_store()
    set_linkage_enabled(store, True)
    store.close()
    try:
        yield running
    finally:
        running.close()


def _round(qtbot, control: ControlService, act, check=lambda status: True):
    with qtbot.waitSignal(control.linkage_changed, timeout=20_000,
                          check_params_cb=check) as blocker:
        act()
    return blocker.args[0]


def test_any_set_is_answered_accepted_refused_or_unreachable(qtbot, house) -> None:
    control = house.service()
    try:
        results = []
        control.command_finished.connect(results.append)
        commands = [DeviceCommand(BATTERY_DEVICE, 0xDA, "standby"),
                    DeviceCommand(BATTERY_DEVICE, 0xDA, "test"),  # the installer's mode
                    DeviceCommand("127.0.0.99/027D01", 0xDA, "standby")]  # nobody there
        for command in commands:
            with qtbot.waitSignal(control.command_finished, timeout=20_000):
                control.send(command)  # returns at once; the answer is a signal
        assert [r.outcome for r in results] == [CommandOutcome.ACCEPTED, CommandOutcome.REFUSED,
                                                CommandOutcome.UNREACHABLE]
        accepted, refused, _ = results
        assert (accepted.before, accepted.after) == ("auto", "standby")
        assert refused.before == "standby" and refused.after is None  # SNA: nothing to read
        assert house.nodes.state.battery_mode == "standby"  # the refusal changed nothing
        assert house.history() == [("auto", "standby", Cause.PANEL)]  # only the change
        with qtbot.waitSignal(control.error, timeout=10_000):  # not a value of 0xDA
            control.send(DeviceCommand(BATTERY_DEVICE, 0xDA, "full speed"))
    finally:
        control.shutdown()


def test_a_warning_charges_the_battery_full_and_the_lift_restores_it(qtbot, house) -> None:
    control = house.service()
    try:
        # An advisory (注意報) does nothing.
        status = _round(qtbot, control, lambda: control.on_warnings([THUNDER]))
        assert not status.state.in_force and status.targets == (BATTERY, V2H)
        assert house.nodes.state.battery_mode == "auto"
        assert house.rules() == (False, False)

        status = _round(qtbot, control, lambda: control.on_warnings([RAIN, THUNDER]),
                        lambda st: st.state.in_force)
        assert dict(status.state.remembered) == {BATTERY: "auto", V2H: "auto"}
        assert status.state.warning_ids == (RAIN.id,)
        assert house.nodes.state.battery_mode == "charging"  # Set over UDP, confirmed
        assert house.nodes.state.ev.mode == "charging"  # and the car, at the V2H unit
        start = house.soc()
        qtbot.waitUntil(lambda: house.soc() == 100, timeout=60_000)
        assert start is not None and start < 100
        assert house.rules() == (True, True)

        # Held: the next round sends nothing.
        status = _round(qtbot, control, control.check)
        assert status.state.in_force and house.history() == [
            ("auto", "charging", Cause.WEATHER_WARNING)]

        status = _round(qtbot, control, lambda: control.on_warnings([THUNDER]),
                        lambda st: not st.state.in_force)
        assert dict(status.state.remembered) == {} and status.problems == {}
        assert house.nodes.state.battery_mode == "auto"
        assert house.nodes.state.ev.mode == "auto"
        assert house.history() == [("auto", "charging", Cause.WEATHER_WARNING),
                                   ("charging", "auto", Cause.WEATHER_WARNING)]
        assert house.rules() == (False, False)
    finally:
        control.shutdown()


def test_a_restart_mid_warning_keeps_the_charge_and_restores_at_lift(qtbot, house) -> None:
    first = house.service()
    try:
        _round(qtbot, first, lambda: first.on_warnings([RAIN]), lambda st: st.state.in_force)
    finally:
        first.shutdown()  # the panel restarts while the warning is in force
    assert house.nodes.state.battery_mode == "charging"
    store = house.open_store()
    try:
        assert linkage_state(store).in_force  # kept in the store
    finally:
        store.close()

    again = house.service()
    try:
        # Before the warnings arrive it holds; the rules still see the charge.
        status = _round(qtbot, again, again.start)
        assert status.state.in_force and house.nodes.state.battery_mode == "charging"
        assert house.rules() == (True, True)
        status = _round(qtbot, again, lambda: again.on_warnings([RAIN]))
        assert status.state.in_force and dict(status.state.remembered) == {
            BATTERY: "auto", V2H: "auto"}
        status = _round(qtbot, again, lambda: again.on_warnings([]),
                        lambda st: not st.state.in_force)
        assert house.nodes.state.battery_mode == "auto"  # the mode from before the restart
        assert house.rules() == (False, False)
    finally:
        again.shutdown()


def test_switching_the_setting_off_mid_warning_restores(qtbot, house) -> None:
    control = house.service()
    try:
        _round(qtbot, control, lambda: control.on_warnings([RAIN]),
               lambda st: st.state.in_force)
        status = _round(qtbot, control, lambda: control.set_linkage_enabled(False),
                        lambda st: not st.enabled)
        assert not status.state.in_force and house.nodes.state.battery_mode == "auto"
        status = _round(qtbot, control, lambda: control.on_warnings([RAIN]))
        assert not status.state.in_force and house.nodes.state.battery_mode == "auto"
    finally:
        control.shutdown()
