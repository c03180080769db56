"""Faults: server down, 5xx then success, garbage answers, full disk, retry rules."""

from __future__ import annotations

import socket

import pytest

from app.cloud.client import CenterClient
from app.cloud.errors import BadResponse, Rejected, ServerError, Unreachable
from app.cloud.token_store import StoredRegistration, TokenStore
from app.cloud.transport import RetryPolicy
from server.embedded import EmbeddedServerError, start_embedded
from tests.cloud.conftest import FAST, HOUSEHOLD, blobs, fake_server, json_answer
from tests.current_documents import PRIVACY, TERMS


def _client(url, tmp_path, sleeps=None, retry=FAST, token="t0k3n") -> CenterClient:
    store = TokenStore(tmp_path / "panel")
    if token:
        store.save(StoredRegistration(token, "dev", TERMS, PRIVACY))
    return CenterClient(url, store, retry=retry,
                        sleep=(sleeps.append if sleeps is not None else None))


def test_server_down_is_unreachable_after_bounded_retries(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sleeps: list[float] = []
    client = _client(f"http://127.0.0.1:{port}", tmp_path, sleeps)
    with pytest.raises(Unreachable):
        client.notices()
    assert len(sleeps) == FAST.attempts - 1
    assert sleeps[1] >= sleeps[0] * 0.5 * 2 * 0.5  # growing back-off (with jitter)
    client.close()


def test_5xx_then_success_is_retried(tmp_path):
    page = {"notices": [], "next": "0"}
    with fake_server([(503, {}, b""), (500, {}, b"oops"), json_answer(page)]) as (url, seen):
        sleeps: list[float] = []
        client = _client(url, tmp_path, sleeps)
        assert client.notices().next == "0"
        assert len(seen) == 3 and len(sleeps) == 2
        client.close()


def test_5xx_until_the_end_is_server_error(tmp_path):
    answers = [json_answer({"error": {"code": "db_down", "message": "m"}}, 500)] * 3
    with fake_server(answers) as (url, seen):
        client = _client(url, tmp_path, [])
        with pytest.raises(ServerError) as err:
            client.backups()
        assert err.value.status == 500 and err.value.code == "db_down" and len(seen) == 3
        client.close()


def test_429_honours_retry_after_and_4xx_is_not_retried(tmp_path):
    busy = {"error": {"code": "busy", "message": "m"}}
    answers = [json_answer(busy, 429, **{"Retry-After": "2"}),
               json_answer({"plans": []}),
               json_answer({"error": {"code": "nope", "message": "no"}}, 403),
               json_answer({"plans": []})]
    with fake_server(answers) as (url, seen):
        sleeps: list[float] = []
        client = _client(url, tmp_path, sleeps)
        assert client.rate_plans() == ()
        assert sleeps == [2.0]
        with pytest.raises(Rejected) as err:
            client.rate_plans()
        assert (err.value.status, err.value.code) == (403, "nope")
        assert len(seen) == 3 and sleeps == [2.0]
        client.close()


def test_registration_is_retried_after_an_ambiguous_failure(tmp_path):
    """A 500 may come after the server registered us: the retry carries the panel's
    registration key, so the server reissues the token rather than refusing the code."""
    answer = {"device_id": "d", "token": "t", "confirmation_code": "12345678",
              "terms_version": TERMS, "privacy_version": PRIVACY}
    with fake_server([(500, {}, b""), json_answer(answer, 201)]) as (url, seen):
        client = _client(url, tmp_path, [], token=None)
        registration = client.register(HOUSEHOLD, TERMS, PRIVACY)
        assert len(seen) == 2 and registration.confirmation_code == "12345678"
        assert client.store.load().token == "t"
        client.close()


@pytest.mark.parametrize("answer", [
    (200, {"Content-Type": "application/json"}, b"<html>not json</html>"),
    json_answer({"plans": "not a list"}),
    json_answer({"plans": [{"id": 5, "name": {}, "company": {}, "sha256": "x"}]}),
    json_answer(["wrong", "shape"]),
])
def test_garbage_is_bad_response(tmp_path, answer):
    with fake_server([answer]) as (url, _):
        client = _client(url, tmp_path, [])
        with pytest.raises(BadResponse):
            client.rate_plans()
        client.close()


def test_notice_with_bad_time_is_bad_response(tmp_path):
    notice = {"id": "1", "kind": "announcement", "importance": "normal",
              "published": "yesterday", "expires": None, "lamp_until": None,
              "title": {"ja": "a", "en": "a"}, "body": {"ja": "b", "en": "b"}}
    with fake_server([json_answer({"notices": [notice], "next": "1"})]) as (url, _):
        client = _client(url, tmp_path, [])
        with pytest.raises(BadResponse):
            client.notices()
        client.close()


def test_https_is_required_beyond_this_machine(tmp_path):
    with pytest.raises(ValueError):
        CenterClient("http://center.example.jp", TokenStore(tmp_path))
    client = CenterClient("https://center.example.jp", TokenStore(tmp_path),
                          ca_bundle="/etc/ssl/custom.pem")
    assert client.http.verify == "/etc/ssl/custom.pem"
    assert CenterClient("https://x.example", TokenStore(tmp_path)).http.verify is True


def test_full_disk_is_507_and_nothing_kept(tmp_path):
    data = tmp_path / "center"
    server = start_embedded(data, module="tests.cloud.full_disk_server")
    try:
        store = TokenStore(tmp_path / "panel")
        client = CenterClient(server.url, store, retry=RetryPolicy(attempts=3, backoff=0.01))
        client.register(HOUSEHOLD, TERMS, PRIVACY)
        small = tmp_path / "small"
        small.write_bytes(b"fits")
        kept = client.upload_backup(small, "full")
        big = tmp_path / "big"
        big.write_bytes(b"x" * 10_000)
        with pytest.raises(ServerError) as err:
            client.upload_backup(big, "full")
        assert err.value.status == 507 and err.value.code == "insufficient_storage"
        assert [b.id for b in client.backups()] == [kept.id]
        assert [p.name for p in blobs(data)] == [kept.id]
        client.close()
    finally:
        server.stop()
    assert server.process.returncode is not None


def test_embedded_server_that_cannot_start_is_reported(tmp_path):
    with pytest.raises(EmbeddedServerError):
        start_embedded(tmp_path, extra_args=["--database", "nosuchdb://x"], timeout=30)
