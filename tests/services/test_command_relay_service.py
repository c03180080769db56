"""CommandRelayService against a scripted server client and devices without sockets:
outcomes the server could not take are sent again and nothing is done twice, the panel's
exit ends a long-poll at once, an unregistration stops polling. (The whole path, with
the real server and ECHONET Lite over UDP: test_command_relay_e2e.py.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.cloud.errors import Rejected, Unauthorized, Unreachable
from app.cloud.models import RemoteOrderWire
from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain.events import Cause, EventFilter, EventKind
from app.services.cloud_service import CloudState
from app.services.command_relay_service import CommandRelayService
from app.store import events as event_store
from app.store import open_store
from app.store.remote_settings import recent_runs, set_remote_commands_allowed
from tests.current_documents import PRIVACY, TERMS
from tests.fake_clock import FakeClock
from tests.services.control_helpers import FakeDevices

LIGHT = "192.168.1.30/029001"
T0 = 1_780_000_000.0


class ScriptedClient:
    """The server as the relay sees it: orders handed out once, results recorded; a
    result can be made to fail (the server away) a number of times."""

    def __init__(self) -> None:
        self.queued: list[RemoteOrderWire] = []
        self.reports: list[tuple[bool, list[dict]]] = []
        self.results: list[tuple[str, str]] = []
        self.failing_results = 0
        self.unauthorized = False
        self.http = self
        self.aborted = False
        self.polling = threading.Event()  # a long-poll is waiting
        self._wake = threading.Event()

    # the client's calls (the relay's worker)
    def report_remote_devices(self, allowed: bool, devices: list[dict]) -> None:
        if self.unauthorized:
            raise Unauthorized("unauthorized", "unknown or revoked token", 401)
        self.reports.append((allowed, devices))

    def remote_orders(self, wait_s: float = 0.0) -> tuple[RemoteOrderWire, ...]:
        if self.unauthorized:
            raise Unauthorized("unauthorized", "unknown or revoked token", 401)
        if not self.queued and wait_s > 0:
            self.polling.set()
            self._wake.wait()  # a long-poll that only an abort ends
            self._wake.clear()
            self.polling.clear()
            if self.aborted:
                raise Unreachable("requests were stopped")
        taken, self.queued = tuple(self.queued), []
        return taken

    def remote_result(self, order_id: str, outcome: str, before, after, detail: str) -> None:
        if self.failing_results:
            self.failing_results -= 1
            raise Unreachable("the server did not answer")
        if order_id in {i for i, _ in self.results}:
            raise Rejected("not_awaiting_result", "answered already", 409)
        self.results.append((order_id, outcome))

    # the transport's (any thread)
    def abort(self) -> None:
        self.aborted = True
        self._wake.set()

    def close(self) -> None:
        pass


@pytest.fixture
def home(tmp_path: Path):
    data = tmp_path / "data"
    open_store(data, "Asia/Tokyo").close()
    TokenStore(data).save(StoredRegistration("token", "home-1", TERMS, PRIVACY))
    with open_store(data, "Asia/Tokyo") as store:
        set_remote_commands_allowed(store, True)
    clock = FakeClock(T0)
    devices = FakeDevices(clock.now)
    devices.board = False
    devices.add(LIGHT, {0x80: "off"}, frozenset({0x80}))
    clients: list[ScriptedClient] = []

    def connect(_tokens: TokenStore) -> ScriptedClient:
        clients.append(ScriptedClient())
        return clients[-1]

    relay = CommandRelayService(connect, data, lambda: open_store(data, "Asia/Tokyo"),
                                devices, clock.now, wait_s=0.0, retry_ms=10, max_retry_ms=10)
    yield relay, clients, devices, data
    relay.shutdown()


def test_an_outcome_the_server_could_not_take_is_sent_again_and_done_once(qtbot, home):
    relay, clients, devices, data = home
    with qtbot.waitSignal(relay.status_changed, timeout=5_000):
        relay.start()
    client = clients[-1]
    assert client.reports == [(True, [{"id": "029001", "class": "0x0290", "name": "",
                                       "actions": ["power"]}])]
    client.failing_results = 2  # the server goes away just after handing the order out
    with qtbot.waitSignal(relay.command_run, timeout=5_000) as ran:
        client.queued.append(RemoteOrderWire("c1", "029001", "power", "on"))
    assert ran.args[0].outcome == "done"
    qtbot.waitUntil(lambda: any(c.results for c in clients), timeout=5_000)
    sent = [r for c in clients for r in c.results]
    assert sent == [("c1", "done")]  # reported once it could be, with its outcome
    assert devices.set_of(LIGHT, 0x80) == ["on"]  # Set once, never again
    with open_store(data, "Asia/Tokyo") as store, store.read_sql() as conn:
        page = event_store.page(conn, EventFilter(kinds=(EventKind.OPERATION,)), 10)
        assert [(r.device, r.old, r.new, r.cause) for r in page.records] == [
            (LIGHT, "off", "on", Cause.REMOTE)]
        assert [(r.id, r.outcome) for r in recent_runs(store)] == [("c1", "done")]


def test_orders_for_what_the_panel_cannot_do_are_answered_without_a_set(qtbot, home):
    relay, clients, devices, _ = home
    with qtbot.waitSignal(relay.status_changed, timeout=5_000):
        relay.start()
    client = clients[-1]
    with qtbot.waitSignals([relay.command_run] * 2, timeout=5_000):
        client.queued += [RemoteOrderWire("gone", "029001-2", "power", "on"),
                          RemoteOrderWire("hot", "029001", "temperature", 26)]
    qtbot.waitUntil(lambda: len(client.results) == 2, timeout=5_000)
    assert client.results == [("gone", "device_gone"), ("hot", "refused")]
    assert devices.sets == []


def test_the_exit_ends_a_long_poll_at_once(qtbot, home):
    relay, clients, _, _data = home
    relay._wait_s = 20.0  # a real long-poll: only an abort ends the scripted one
    relay.start()
    qtbot.waitUntil(lambda: bool(clients) and clients[-1].polling.is_set(), timeout=5_000)
    relay.shutdown()  # would hang here (the test's timeout) without the abort
    assert clients[-1].aborted


def test_an_unregistration_stops_polling_until_registered_again(qtbot, home):
    relay, clients, _, data = home
    relay._wait_s = 20.0
    relay.start()
    qtbot.waitUntil(lambda: bool(clients) and clients[-1].polling.is_set(), timeout=5_000)
    TokenStore(data).clear()

    with qtbot.waitSignal(relay.status_changed, timeout=5_000,
                          check_params_cb=lambda s: s.problem == "not_registered"):
        relay.on_cloud_state(_state(False))  # ends the poll under way; the next round stops
    assert clients[-1].aborted
    count = len(clients)
    TokenStore(data).save(StoredRegistration("token2", "home-2", TERMS, PRIVACY))
    relay.on_cloud_state(_state(True))
    qtbot.waitUntil(lambda: len(clients) > count and clients[-1].polling.is_set(),
                    timeout=5_000)
    assert clients[-1].reports[0][0] is True  # the new registration gets the list again


def _state(registered: bool, needs_acceptance: bool = False) -> CloudState:
    return CloudState(registered, "ABCD-EFGH-JKMN", "http://127.0.0.1:9", TERMS, PRIVACY,
                      needs_acceptance=needs_acceptance)


def test_new_terms_stop_polling_until_accepted(qtbot, home):
    relay, clients, _, _data = home
    relay._wait_s = 20.0  # a real long-poll: only an abort ends the scripted one
    relay.start()
    qtbot.waitUntil(lambda: bool(clients) and clients[-1].polling.is_set(), timeout=5_000)
    with qtbot.waitSignal(relay.status_changed, timeout=5_000):  # the aborted round ends
        relay.on_cloud_state(_state(True, needs_acceptance=True))
    assert clients[-1].aborted
    assert not relay._polling and not relay._next.isActive()  # and no round comes after it
    count = len(clients)
    relay.on_cloud_state(_state(True))  # accepted
    qtbot.waitUntil(lambda: len(clients) > count and clients[-1].polling.is_set(),
                    timeout=5_000)


def test_a_panel_registered_later_starts_polling_then(qtbot, home):
    relay, clients, _, data = home
    TokenStore(data).clear()
    with qtbot.waitSignal(relay.status_changed, timeout=5_000,
                          check_params_cb=lambda s: s.problem == "not_registered"):
        relay.start()
    assert clients == []  # nothing asked of a server it is not registered with
    TokenStore(data).save(StoredRegistration("token", "home-1", TERMS, PRIVACY))

    with qtbot.waitSignal(relay.status_changed, timeout=5_000,
                          check_params_cb=lambda s: s.problem is None and s.devices == 1):
        relay.on_cloud_state(_state(True))
    assert clients[-1].reports[0][0] is True


def test_a_battery_mode_set_under_ai_control_tells_the_caller_it_may_change(qtbot, home):
    from app.domain.control_view import ControlSettings
    from app.store.control_settings import save_control_settings

    relay, clients, devices, data = home
    battery = "192.168.1.31/027D01"
    devices.add(battery, {0xDA: "auto"}, frozenset({0xDA}))
    with open_store(data, "Asia/Tokyo") as store:
        save_control_settings(store, ControlSettings(ai_enabled=True))
    with qtbot.waitSignal(relay.status_changed, timeout=5_000,
                          check_params_cb=lambda s: s.devices == 2):
        relay.start()
    with qtbot.waitSignal(relay.command_run, timeout=5_000) as ran:
        clients[-1].queued.append(RemoteOrderWire("b1", "027D01", "battery_mode", "charging"))
    run = ran.args[0]
    assert (run.outcome, run.before, run.after) == ("done", "auto", "charging")
    assert "AI control is on" in run.detail
