"""The remote-view service against a real center server (a subprocess on loopback): it
pushes the home's summary at the interval the server asks (60 s while a phone watches
or a code is open, else 3600 s), backs off on errors, stops when unregistered, and
asks for codes, lists and revokes the household's phones."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from app.cloud.client import CenterClient
from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain.devices import DeviceSeen, devices_to_json
from app.domain.notices import Importance, Notice, NoticeSource
from app.services.cloud_problem import UNAUTHORIZED, UNREACHABLE
from app.services.cost_query import PLAN_SETTING, money_of_month
from app.services.devices_query import DevicesQuery
from app.services.home_query import build_home_snapshot
from app.services.remote_summary import SummaryQuery
from app.services.remote_view_service import FIRST_RETRY_S, IDLE_S, RemoteViewService
from app.sources.collector import Collector, ModelSource
from app.sources.collector_settings import DEVICES_SETTING
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import notices as notice_store
from app.store import open_store
from server.embedded import start_embedded
from tests.cloud.conftest import FAST, HOUSEHOLD
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector, dead_url

ZONE = "Asia/Tokyo"
# 14:00 on a summer day at home: the sun shines, the house runs (the panel's pinned clock).
NOW = datetime(2026, 7, 15, 14, 0, tzinfo=ZoneInfo(ZONE)).timestamp()
LIVE_S = 3.0
PLAN = Path(__file__).parents[2] / "resources/rate_plans/catalog/tepco-juryo-dento-b.json"
WARNING = Notice(NoticeSource.SERVER, Importance.IMPORTANT, NOW - 600, "server:w1",
                 title={"ja": "大雨警報 — 吹田市", "en": "Heavy rain warning — Suita"})


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    server = start_embedded(tmp_path_factory.mktemp("center"),
                            extra_args=["--register-limit", "10000"])
    yield server
    server.stop()


def _now() -> float:
    return NOW + 1


def _started_before() -> float:
    """The panel's clock as the query is built at start-up, before the readings came (a
    query built after them would call them readings of an earlier run)."""
    return NOW - 60


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A panel's data directory: the simulated home's day so far, a rate plan, a notice."""
    data = tmp_path / "panel"
    store = open_store(data, ZONE)
    try:
        model = SimulatedHome(HomeConfig(seed=3))
        store.define_series(model.series)
        collector = Collector(store, ModelSource(model), _FixedClock(NOW),
                              live_interval_s=LIVE_S, flush_interval_s=0.0, history=model)
        collector.catch_up(max_days=1)
        collector.tick()
        collector.flush()
        store.set_setting(PLAN_SETTING, PLAN.read_text(encoding="utf-8"))
        # Three devices answer; a fourth went quiet an hour ago (not counted).
        store.set_setting(DEVICES_SETTING, devices_to_json([
            DeviceSeen("192.168.1.20", 0x027901, NOW - 5),
            DeviceSeen("192.168.1.21", 0x027D01, NOW),
            DeviceSeen("192.168.1.22", 0x028801, NOW),
            DeviceSeen("192.168.1.23", 0x026B01, NOW - 3600)]))
        with store.write_sql() as conn:
            notice_store.upsert(conn, [WARNING])
    finally:
        store.close()
    return data


class _FixedClock:
    def __init__(self, at: float) -> None:
        self.at = at

    def now(self) -> float:
        return self.at

    def __call__(self) -> float:
        return self.at


def _service(url: str, data: Path) -> RemoteViewService:
    clock = _FixedClock(_started_before())
    query = SummaryQuery(lambda: open_store(data, ZONE), clock, LIVE_S, ZONE)
    clock.at = _now()
    return RemoteViewService(connector([url]), data, query, _now, close_summary=query.close)


def _register(url: str, data: Path) -> CenterClient:
    client = CenterClient(url, TokenStore(data), retry=FAST)
    client.register(HOUSEHOLD, TERMS, PRIVACY)
    return client


def _pushed(qtbot, remote: RemoteViewService, action) -> int:
    with qtbot.waitSignal(remote.status_changed, timeout=20000) as got:
        action()
    status = got.args[0]
    assert status.problem is None, status.problem
    assert remote.next_push_ms == status.every_s * 1000
    return status.every_s


def test_pushes_what_the_panel_shows_as_often_as_the_server_asks(qtbot, center, home):
    panel = _register(center.url, home)
    remote = _service(center.url, home)
    phone = requests.Session()
    try:
        # No phone yet: the panel asks for the list of phones and sends no summary.
        assert _pushed(qtbot, remote, lambda: remote.set_registered(True)) == IDLE_S
        assert remote.status.phones is False and remote.status.pushed_at is None
        # A code for a phone: the server wants a push a minute until it is used or expires.
        codes = []
        remote.code_ready.connect(codes.append)
        with qtbot.waitSignals([remote.code_ready, remote.status_changed], timeout=20000):
            remote.request_code()
        (code,) = codes
        assert code.url == f"{center.url}/r?code={code.code}"
        assert remote.status.every_s == 60 and remote.next_push_ms == 60_000
        assert remote.status.phones is True and remote.status.pushed_at == _now()
        login = phone.post(f"{center.url}/v1/remote/login",
                           json={"code": code.code, "label": "Kitchen phone"})
        assert login.status_code == 200
        home_id = login.json()["home_id"]
        # Logged in but not looking: hourly again.
        assert _pushed(qtbot, remote, remote.push_now) == IDLE_S
        seen = phone.get(f"{center.url}/v1/homes/{home_id}/summary").json()
        assert _pushed(qtbot, remote, remote.push_now) == 60  # a phone watches

        summary = seen["summary"]
        store = open_store(home, ZONE)
        try:
            snapshot = build_home_snapshot(store, _now(), LIVE_S, ZONE)
            money = money_of_month(store, _now())
            devices = DevicesQuery(lambda: store, _now, LIVE_S)()
        finally:
            store.close()
        flow = snapshot.flow
        assert summary["flow"]["consumption_w"] == pytest.approx(flow.consumption_w, abs=0.1)
        assert summary["flow"]["generation_w"] == pytest.approx(
            (flow.pv_w or 0) + (flow.fuel_cell_w or 0), abs=0.1)
        assert summary["flow"]["battery_soc_pct"] == pytest.approx(flow.battery_soc_pct,
                                                                   abs=0.1)
        assert summary["today"]["used_kwh"] == pytest.approx(snapshot.today.used_kwh, abs=1e-3)
        assert summary["today"]["generated_kwh"] > 1.0
        assert money is not None and money.today_yen > 0
        assert summary["cost_today_yen"] == pytest.approx(money.today_yen, abs=0.01)
        assert summary["notices"] == [{"title": dict(WARNING.title),
                                       "importance": "important"}]
        assert summary["device_count"] == sum(1 for d in devices if not d.stale) == 3
        assert summary["taken_at"] == "2026-07-15T14:00:01+09:00"

        with qtbot.waitSignal(remote.tokens_ready, timeout=20000) as listed:
            remote.request_tokens()
        (token,) = listed.args[0]
        assert token.label == "Kitchen phone"
        lists = []
        remote.tokens_ready.connect(lists.append)
        with qtbot.waitSignals([remote.revoked, remote.tokens_ready], timeout=20000):
            remote.revoke(token.id)
        assert lists == [()]
        assert phone.get(f"{center.url}/v1/homes/{home_id}/summary").status_code == 401
        # The last phone gone: the next push is answered "not kept", and after it the
        # panel only asks whether a phone came.
        assert _pushed(qtbot, remote, remote.push_now) == IDLE_S
        assert remote.status.phones is False

        with qtbot.waitSignal(remote.status_changed):
            remote.set_registered(False)
        assert remote.next_push_ms is None and not remote.status.registered
        remote.push_now()  # nothing happens while unregistered
        assert remote.next_push_ms is None
    finally:
        phone.close()
        panel.close()
        remote.shutdown()


def test_backs_off_while_the_server_is_away_and_keeps_the_ui_informed(qtbot, tmp_path, home):
    TokenStore(home).save(StoredRegistration("t0k3n", "dev", TERMS, PRIVACY))
    remote = _service(dead_url(), home)
    waits = []
    try:
        for action in [lambda: remote.set_registered(True)] + [remote.push_now] * 7:
            with qtbot.waitSignal(remote.failed, timeout=20000) as failed:
                action()
            assert failed.args[0] == "push" and failed.args[1].kind == UNREACHABLE
            waits.append(remote.next_push_ms // 1000)
        assert waits == [FIRST_RETRY_S, 120, 240, 480, 960, 1920, IDLE_S, IDLE_S]
        assert remote.status.registered and remote.status.problem.kind == UNREACHABLE
    finally:
        remote.shutdown()


def test_stops_when_the_server_no_longer_knows_the_panel(qtbot, center, home):
    panel = _register(center.url, home)
    stored = TokenStore(home).load()
    panel.unregister()  # deleted on the server (and here): put the stale token back
    TokenStore(home).save(stored)
    remote = _service(center.url, home)
    try:
        with qtbot.waitSignal(remote.failed, timeout=20000) as failed:
            remote.set_registered(True)
        assert failed.args[1].kind == UNAUTHORIZED
        assert remote.next_push_ms is None and not remote.status.registered
        with qtbot.waitSignal(remote.failed, timeout=20000) as code:
            remote.request_code()
        assert code.args[0] == "code" and code.args[1].kind == UNAUTHORIZED
    finally:
        panel.close()
        remote.shutdown()


def test_without_a_registration_nothing_is_sent(qtbot, home):
    remote = _service(dead_url(), home)
    try:
        with qtbot.waitSignal(remote.failed, timeout=20000) as failed:
            remote.request_tokens()
        assert failed.args[1].kind == UNAUTHORIZED
        assert remote.next_push_ms is None
    finally:
        remote.shutdown()


def test_nothing_is_pushed_while_the_panel_is_still_starting(qtbot, center, home):
    """Built when the panel starts, after the newest stored reading: no reading of this
    run yet, so no summary of dashes; a minute later the push goes."""
    panel = _register(center.url, home)
    clock = _FixedClock(_now())
    query = SummaryQuery(lambda: open_store(home, ZONE), clock, LIVE_S, ZONE)
    remote = RemoteViewService(connector([center.url]), home, query, clock,
                               close_summary=query.close)
    phone = requests.Session()
    try:
        login = phone.post(f"{center.url}/v1/remote/login",
                           json={"code": panel.remote_code().code})
        summary = f"{center.url}/v1/homes/{login.json()['home_id']}/summary"
        with qtbot.waitSignal(remote.status_changed, timeout=20000) as waiting:
            remote.set_registered(True)
        assert waiting.args[0].pushed_at is None and waiting.args[0].problem is None
        assert remote.next_push_ms == FIRST_RETRY_S * 1000
        assert phone.get(summary).json()["summary"] is None
        clock.at += 61  # the start-up grace is over: the last values, marked stale
        assert _pushed(qtbot, remote, remote.push_now) == 60  # the phone looked
        pushed = phone.get(summary).json()["summary"]
        assert pushed["flow"]["stale"] and pushed["flow"]["consumption_w"] is not None
    finally:
        phone.close()
        panel.close()
        remote.shutdown()
