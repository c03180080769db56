"""The cloud service against a real center server on loopback (tests/cloud/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cloud.client import CenterClient
from app.cloud.errors import Unauthorized
from app.cloud.token_store import StoredRegistration, TokenStore
from app.services.cloud_problem import REJECTED, UNREACHABLE
from app.services.cloud_service import PENDING_DELETION_DIR, CloudService
from tests.cloud.conftest import FAST, HOUSEHOLD, center  # noqa: F401 (fixture)
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector, dead_url


class Inbox:
    def __init__(self) -> None:
        self.posted = []

    def post(self, notice) -> None:
        self.posted.append(notice)


@pytest.fixture
def make_service(qtbot, center, tmp_path: Path):  # noqa: F811
    made: list[CloudService] = []

    def make(url: str | None = None, data: Path | None = None, inbox=None, **kw):
        box = [url or center.url]
        service = CloudService(connector(box), data or tmp_path / "panel", box[0], inbox, **kw)
        service.url_box = box
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def register(qtbot, service: CloudService):
    with qtbot.waitSignal(service.registered, timeout=10_000) as got:
        service.register(HOUSEHOLD, TERMS, PRIVACY)
    return got.args[0]


def test_documents_then_registration_gives_a_code_and_a_registered_state(qtbot, make_service):
    service = make_service()
    assert not service.state.registered
    assert len(service.state.device_code) == 14
    with qtbot.waitSignal(service.documents_ready, timeout=10_000) as docs:
        service.fetch_documents("en")
    assert docs.args[0].terms.version == TERMS and docs.args[0].terms.body
    assert docs.args[0].privacy.kind == "privacy"
    reg = register(qtbot, service)
    assert len(reg.confirmation_code) == 8 and reg.confirmation_code.isdigit()
    assert service.state.registered and service.state.terms_version == TERMS
    assert service.state.device_code == reg.device_code
    with qtbot.waitSignal(service.state_changed, timeout=10_000) as got:
        service.refresh()
    assert got.args[0].registered and not got.args[0].needs_acceptance
    assert got.args[0].current_terms_version == TERMS


def test_server_down_is_a_clear_error_and_a_retry_then_works(qtbot, make_service):
    service = make_service(dead_url())
    with qtbot.waitSignal(service.failed, timeout=10_000) as got:
        service.fetch_documents("ja")
    assert got.args[0] == "documents" and got.args[1].kind == UNREACHABLE
    with qtbot.waitSignal(service.failed, timeout=10_000) as got:
        service.register(HOUSEHOLD, TERMS, PRIVACY)
    assert got.args[1].kind == UNREACHABLE
    assert not service.state.registered and service.state.error.kind == UNREACHABLE


def test_old_terms_are_refused_with_their_code(qtbot, make_service):
    service = make_service()
    with qtbot.waitSignal(service.failed, timeout=10_000) as got:
        service.register(HOUSEHOLD, "2020-01-01", PRIVACY)
    assert got.args[1].kind == REJECTED and got.args[1].code == "terms_not_accepted"
    assert not service.state.registered


def test_unregister_with_the_server_reachable_deletes_the_server_data(qtbot, make_service,
                                                                      tmp_path):
    service = make_service()
    register(qtbot, service)
    token = TokenStore(tmp_path / "panel").token
    with qtbot.waitSignal(service.unregistered, timeout=10_000) as got:
        service.unregister()
    assert not got.args[0].registered and not got.args[0].deletion_pending
    assert TokenStore(tmp_path / "panel").token is None
    assert _token_dead(service.url_box[0], tmp_path / "probe", token)


def test_unregister_with_the_server_down_stops_now_and_deletes_later(qtbot, make_service,
                                                                     center, tmp_path):  # noqa: F811
    live = make_service()
    register(qtbot, live)
    token = TokenStore(tmp_path / "panel").token
    live.shutdown()
    service = make_service(dead_url(), retry_ms=50)
    with qtbot.waitSignal(service.unregistered, timeout=10_000) as got:
        service.unregister()
    state = got.args[0]
    assert not state.registered and state.deletion_pending  # sending stopped at once
    assert state.error.kind == UNREACHABLE
    assert TokenStore(tmp_path / "panel").token is None
    assert not _token_dead(center.url, tmp_path / "probe", token)  # still on the server
    service.url_box[0] = center.url  # the connection returns; the retry timer runs
    qtbot.waitUntil(lambda: not service.state.deletion_pending, timeout=10_000)
    assert _token_dead(center.url, tmp_path / "probe2", token)
    assert not (tmp_path / "panel" / PENDING_DELETION_DIR / "center_registration.json").exists()


def test_new_terms_on_the_server_pause_sending_and_post_its_notice(qtbot, make_service,
                                                                   tmp_path):
    """A registration under older versions (as after the server published new terms)."""
    from app.cloud.models import DeviceStatus

    inbox = Inbox()
    service = make_service(inbox=inbox)
    register(qtbot, service)
    stale = DeviceStatus("d", service.state.device_code, "2026-01-01", "2026-01-01",
                         TERMS, PRIVACY, True, HOUSEHOLD)
    client = service._worker_client()
    client.status = lambda: stale  # the server's answer once it publishes new terms
    with qtbot.waitSignal(service.state_changed, timeout=10_000) as got:
        service.refresh()
    assert got.args[0].needs_acceptance and not got.args[0].sending_allowed
    with qtbot.waitSignal(service.state_changed, timeout=10_000) as got:
        del client.status
        service.accept_terms(TERMS, PRIVACY)
    assert not got.args[0].needs_acceptance and got.args[0].sending_allowed


def _token_dead(url: str, folder: Path, token: str) -> bool:
    store = TokenStore(folder)
    store.save(StoredRegistration(token, "x", TERMS, PRIVACY, url))
    client = CenterClient(url, store, retry=FAST)
    try:
        client.status()
    except Unauthorized:
        return True
    finally:
        client.close()
    return False


def test_the_servers_notices_reach_the_inbox_once(qtbot, make_service, center):  # noqa: F811
    import subprocess
    import sys

    inbox = Inbox()
    service = make_service(inbox=inbox)
    register(qtbot, service)
    subprocess.run([sys.executable, "-m", "server", "--data", str(center.data_dir), "notice",
                    "add", "--kind", "maintenance", "--importance", "important",
                    "--title-ja", "深夜のメンテナンス", "--title-en", "Night maintenance",
                    "--body-ja", "2時から4時まで止まります。", "--body-en", "Down 2:00-4:00.",
                    "--lamp-days", "3"], check=True, timeout=60)
    for _ in range(2):  # the second time brings nothing new: the cursor moved on
        with qtbot.waitSignal(service.state_changed, timeout=10_000):
            service.refresh()
    maintenance = [n for n in inbox.posted if n.template == "maintenance"]
    assert len(maintenance) == 1
    notice = maintenance[0]
    assert notice.title == {"ja": "深夜のメンテナンス", "en": "Night maintenance"}
    assert notice.importance.name == "IMPORTANT" and notice.lamp_until is not None


def test_municipalities_arrive_by_signal_once_per_prefecture(qtbot, make_service):
    service = make_service()
    with qtbot.waitSignal(service.municipalities_ready, timeout=10_000) as got:
        service.fetch_municipalities("14")
    prefecture, towns = got.args
    assert prefecture == "14" and isinstance(towns, tuple)
    assert "14100" in {t.code for t in towns} and all(t.prefecture == "14" for t in towns)
    seen = []
    service.municipalities_ready.connect(lambda p, t: seen.append((p, t)))
    service.url_box[0] = dead_url()  # from now on the server would not answer
    service.fetch_municipalities("14")
    assert seen == [("14", towns)] and seen[0][1] is towns  # at once, from memory
    assert not service._runner.busy
    down = make_service(dead_url(), data=service._tokens.data_dir.parent / "p2")
    with qtbot.waitSignal(down.failed, timeout=10_000) as failed:
        down.fetch_municipalities("13")
    assert failed.args[0] == "municipalities" and failed.args[1].kind == UNREACHABLE


def test_the_token_is_rotated_when_it_is_30_days_old(qtbot, center, tmp_path):  # noqa: F811
    """On the injected clock: day 29 keeps the token, day 30 replaces it; the old one is
    dead on the server, the new one stored 0600, and the next refresh keeps it."""
    import os
    import stat
    from datetime import date, timedelta

    from tests.services.cloud_helpers import connector

    day0 = date(2026, 11, 2)
    today = [day0]
    data = tmp_path / "panel"
    service = CloudService(connector([center.url], lambda: today[0]), data, center.url, None)
    try:
        register(qtbot, service)
        store = TokenStore(data)
        first = store.token
        assert store.load().token_issued == day0.isoformat()

        def refresh():
            with qtbot.waitSignal(service.state_changed, timeout=10_000) as got:
                service.refresh()
            assert got.args[0].registered and got.args[0].error is None

        today[0] = day0 + timedelta(days=29)
        refresh()
        assert store.token == first
        today[0] = day0 + timedelta(days=30)
        refresh()
        second = store.token
        assert second != first
        assert store.load().token_issued == today[0].isoformat()
        assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
        assert _token_dead(center.url, tmp_path / "probe", first)
        assert not _token_dead(center.url, tmp_path / "probe2", second)
        today[0] = day0 + timedelta(days=31)
        refresh()
        assert store.token == second
    finally:
        service.shutdown()


def test_the_panel_ages_its_token_by_the_home_clock(tmp_path):
    """build_cloud gives the clients the home's date from the panel's clock: at
    2026-12-31 15:30 UTC it is already New Year's Day in Tokyo."""
    from datetime import UTC, date, datetime

    from app.services.cloud_wiring import NO_SERVER, build_cloud

    instant = datetime(2026, 12, 31, 15, 30, tzinfo=UTC).timestamp()
    cloud, backup = build_cloud(NO_SERVER, tmp_path, None, lambda: instant, "Asia/Tokyo")
    try:
        client = cloud._connect(TokenStore(tmp_path))
        assert client._today() == date(2027, 1, 1)
        client.close()
    finally:
        backup.shutdown()
        cloud.shutdown()
