"""The commands relay end to end: a caller with a remote token of the home posts to the
center server (a real one, in a subprocess on loopback), the panel's CommandRelayService
long-polls it, sets the simulated home's device over real ECHONET Lite UDP, reads it
back and reports; the caller learns whether it really happened, and the appliance
history has the change with cause "remote". Also: a panel that forbids remote commands,
a device that is gone, and the server away while the panel polls."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from app.cloud.client import CenterClient
from app.cloud.token_store import TokenStore
from app.domain.commissioning import ChannelMap
from app.domain.events import Cause, EventFilter, EventKind
from app.domain.remote_commands import RelayStatus, RemoteRun
from app.services.command_relay_service import CommandRelayService
from app.sources.echonet_source import EchonetSettings, EchonetSource
from app.sources.simulated_nodes import LIGHT, SimulatedNodes
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Store, open_store
from app.store import events as event_store
from app.store.remote_settings import set_remote_commands_allowed
from server import remote_access
from server.db import make_engine, session_scope
from server.embedded import EmbeddedServer, start_embedded
from tests.cloud.conftest import FAST, HOUSEHOLD
from tests.current_documents import PRIVACY, TERMS
from tests.fake_clock import FakeClock
from tests.services.cloud_helpers import connector

pytestmark = pytest.mark.timeout(120)
ZONE = ZoneInfo("Asia/Tokyo")
NOON = datetime(2026, 1, 22, 13, 0, tzinfo=ZONE)  # the living-room light is off (seed 4)
CONFIG = HomeConfig(seed=4)
WAIT_S = 2.0  # the relay's long-polls: short, so that a stopped server is noticed soon


class Home:
    """The simulated home on loopback, the panel's store and device link, a registered
    panel and a remote token of its home on a center server."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.data = tmp / "panel"
        self.clock = FakeClock(NOON.timestamp())
        open_store(self.data, "Asia/Tokyo").close()
        self.nodes = SimulatedNodes(SimulatedHome(CONFIG), self.clock, port=0).start()
        settings = EchonetSettings(addresses=tuple(self.nodes.addresses), multicast=False,
                                   bind=("127.0.0.1", 0), device_port=self.nodes.port,
                                   fast_s=0.5, slow_s=1.0, timeout_s=0.5)
        self.source = EchonetSource(settings, ChannelMap(), clock=self.clock).start()
        assert self.source.discovered.wait(20)
        self.light = next(f"{d.address}/{d.eoj:06X}" for d in self.source.devices()
                          if d.eoj == LIGHT.to_int())  # on the home network
        self.light_id = f"{LIGHT.to_int():06X}"  # what callers know it by
        self.server: EmbeddedServer = start_embedded(tmp / "center")
        self.url = [self.server.url]
        client = CenterClient(self.server.url, TokenStore(self.data), retry=FAST)
        try:
            self.home_id = client.register(HOUSEHOLD, TERMS, PRIVACY).device_id
        finally:
            client.close()
        self.caller = {"Authorization": f"Bearer {self._remote_token()}"}
        self.relay: CommandRelayService | None = None

    def _remote_token(self) -> str:
        """What a phone gets with the code the panel shows (remote21 adds the routes)."""
        engine = make_engine(f"sqlite:///{self.tmp / 'center' / 'center.sqlite3'}")
        try:
            now = datetime.now(UTC)
            with session_scope(engine) as session:
                code, _ = remote_access.issue_code(session, self.home_id, now)
                session.commit()
            with session_scope(engine) as session:
                token, _ = remote_access.redeem_code(session, code, "smart speaker", now)
                session.commit()
        finally:
            engine.dispose()
        return token

    def open_store(self) -> Store:
        return open_store(self.data, "Asia/Tokyo")

    def make_relay(self) -> CommandRelayService:
        self.relay = CommandRelayService(connector(self.url), self.data, self.open_store,
                                         self.source, self.clock.now, wait_s=WAIT_S,
                                         retry_ms=50, max_retry_ms=200)
        return self.relay

    def post(self, device: str, action: str, value, request_id: str | None = None):
        return requests.post(f"{self.url[0]}/v1/homes/{self.home_id}/commands",
                             json={"request_id": request_id or uuid.uuid4().hex,
                                   "device": device, "action": action, "value": value},
                             headers=self.caller, timeout=10)

    def outcome(self, command_id: str) -> dict:
        """The caller's long-poll: the command once it has an outcome."""
        r = requests.get(f"{self.url[0]}/v1/homes/{self.home_id}/commands/{command_id}",
                         params={"wait": 20}, headers=self.caller, timeout=30)
        assert r.status_code == 200, r.text
        return r.json()

    def devices(self) -> dict:
        return requests.get(f"{self.url[0]}/v1/homes/{self.home_id}/devices",
                            headers=self.caller, timeout=10).json()

    def history(self) -> list[tuple[str, int | None, str | None, str | None, Cause | None]]:
        with self.open_store() as store, store.read_sql() as conn:
            page = event_store.page(conn, EventFilter(kinds=(EventKind.OPERATION,)), 100)
        return [(r.device, r.epc, r.old, r.new, r.cause) for r in page.records]

    def close(self) -> None:
        try:
            if self.relay is not None:
                self.relay.shutdown()
            self.source.close()
            self.nodes.stop()
        finally:
            self.server.stop()


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    running = Home(tmp_path)
    try:
        yield running
    finally:
        running.close()


def _allowed(qtbot, relay: CommandRelayService) -> RelayStatus:
    with qtbot.waitSignal(relay.status_changed, timeout=20_000,
                          check_params_cb=lambda s: s.allowed and s.devices > 0) as got:
        relay.set_allowed(True)
        relay.start()
    return got.args[0]


def test_a_caller_switches_the_light_on_and_learns_that_it_happened(qtbot, home) -> None:
    relay = home.make_relay()
    with qtbot.waitSignal(relay.status_changed, timeout=10_000) as first:
        relay.start()
    assert first.args[0].allowed is False  # off until the household switches it on
    # The server knows it is off, and has no device list.
    assert home.devices() == {"allowed": False, "reported": True, "devices": []}
    _allowed(qtbot, relay)
    listed = home.devices()
    assert listed["allowed"] is True
    by_id = {d["id"]: d for d in listed["devices"]}
    assert by_id[home.light_id]["actions"] == ["power"]
    assert "127.0.0" not in str(listed)  # the home network's addresses stay at home
    assert {d["class"] for d in listed["devices"]} >= {"0x0290", "0x0130", "0x027D"}

    with qtbot.waitSignal(relay.command_run, timeout=20_000) as ran:
        sent = home.post(home.light_id, "power", "on", request_id="speaker-1")
        assert sent.status_code == 202, sent.text
    run: RemoteRun = ran.args[0]
    assert (run.outcome, run.before, run.after) == ("done", "off", "on")
    answer = home.outcome(sent.json()["id"])
    assert answer["state"] == "done" and answer["happened"] is True
    assert answer["result"]["before"] == "off" and answer["result"]["after"] == "on"
    assert home.nodes.state.light[0x80] == "on"  # the light itself, over UDP
    assert (home.light, 0x80, "off", "on", Cause.REMOTE) in home.history()
    # The speaker sends it again (its answer was lost): the same command, not done twice.
    again = home.post(home.light_id, "power", "on", request_id="speaker-1")
    assert again.status_code == 200 and again.json()["id"] == sent.json()["id"]
    assert [h for h in home.history() if h[4] is Cause.REMOTE] == [
        (home.light, 0x80, "off", "on", Cause.REMOTE)]


def test_a_device_the_panel_cannot_take_is_refused_and_the_caller_told(qtbot, home) -> None:
    relay = home.make_relay()
    _allowed(qtbot, relay)
    aircon = next(d["id"] for d in home.devices()["devices"] if d["class"] == "0x0130")
    # The simulated air conditioner's power follows its circuit: it does not take 0x80.
    with qtbot.waitSignal(relay.command_run, timeout=20_000) as ran:
        sent = home.post(aircon, "power", "off")
    assert ran.args[0].outcome == "refused"
    answer = home.outcome(sent.json()["id"])
    assert answer["state"] == ran.args[0].outcome and answer["happened"] is False
    with qtbot.waitSignal(relay.command_run, timeout=20_000) as ran:
        sent = home.post(aircon, "temperature", 25)
    assert (ran.args[0].outcome, ran.args[0].after) == ("done", 25)
    assert home.outcome(sent.json()["id"])["result"]["after"] == 25


def test_a_panel_that_forbids_remote_commands_says_so(qtbot, home) -> None:
    relay = home.make_relay()
    _allowed(qtbot, relay)
    relay.shutdown()  # the panel is off while a command comes, and switched off meanwhile
    sent = home.post(home.light_id, "power", "on")
    assert sent.status_code == 202
    with home.open_store() as store:
        set_remote_commands_allowed(store, False)
    relay = home.make_relay()  # started again: it says so and answers what came
    with qtbot.waitSignal(relay.command_run, timeout=20_000) as ran:
        relay.start()
    assert ran.args[0].outcome == "forbidden"
    answer = home.outcome(sent.json()["id"])
    assert answer["state"] == "forbidden" and answer["happened"] is False
    assert home.nodes.state.light.get(0x80) is None  # never Set
    refused = home.post(home.light_id, "power", "on")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "remote_commands_off"
    assert home.devices() == {"allowed": False, "reported": True, "devices": []}
    # Switched on and off again on the panel: the server follows each time.
    _allowed(qtbot, relay)
    with qtbot.waitSignal(relay.status_changed, timeout=10_000,
                          check_params_cb=lambda s: not s.allowed):
        relay.set_allowed(False)
    assert home.post(home.light_id, "power", "on").status_code == 403


def test_a_device_that_is_gone_is_answered_so(qtbot, home) -> None:
    relay = home.make_relay()
    _allowed(qtbot, relay)
    gone = "029001-2"  # a second light, listed by an earlier report; not found now
    panel = CenterClient(home.url[0], TokenStore(home.data), retry=FAST)
    try:
        devices = home.devices()["devices"]
        panel.report_remote_devices(True, [*devices, {"id": gone, "class": "0x0290",
                                                      "name": "", "actions": ["power"]}])
    finally:
        panel.close()
    with qtbot.waitSignal(relay.command_run, timeout=20_000) as ran:
        sent = home.post(gone, "power", "on")
    assert ran.args[0].outcome == "device_gone"
    assert home.outcome(sent.json()["id"])["state"] == "device_gone"


def test_the_server_away_while_the_panel_polls(qtbot, home) -> None:
    relay = home.make_relay()
    _allowed(qtbot, relay)
    home.server.stop()
    with qtbot.waitSignal(relay.status_changed, timeout=30_000,
                          check_params_cb=lambda s: s.problem == "unreachable"):
        pass
    # Back (an embedded server restarted on another port, with its data): the relay
    # connects again by itself, and a command is done once.
    home.server = start_embedded(home.tmp / "center")
    home.url[0] = home.server.url
    with qtbot.waitSignal(relay.status_changed, timeout=30_000,
                          check_params_cb=lambda s: s.problem is None):
        pass
    with qtbot.waitSignal(relay.command_run, timeout=20_000) as ran:
        sent = home.post(home.light_id, "power", "on")
    assert ran.args[0].outcome == "done"
    assert home.outcome(sent.json()["id"])["happened"] is True
    assert [h for h in home.history() if h[4] is Cause.REMOTE] == [
        (home.light, 0x80, "off", "on", Cause.REMOTE)]
