"""The client's remote-view calls: the answers it accepts and the ones it refuses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.cloud.client import CenterClient
from app.cloud.errors import BadResponse, Rejected
from app.cloud.token_store import StoredRegistration, TokenStore
from tests.cloud.conftest import FAST, fake_server, json_answer
from tests.current_documents import PRIVACY, TERMS


def _client(url: str, tmp_path) -> CenterClient:
    store = TokenStore(tmp_path)
    store.save(StoredRegistration("t0k3n", "dev", TERMS, PRIVACY))
    return CenterClient(url, store, retry=FAST)


def test_codes_and_phones_are_read_from_the_answers(tmp_path):
    answers = [json_answer({"code": "ABCD-EFGH", "expires": "2026-12-05T09:10:00Z",
                            "url": "https://hems.example.jp/r?code=ABCD-EFGH"}, 201),
               json_answer({"tokens": [{"id": "t1", "label": "Pixel 9",
                                        "created": "2026-12-05T09:01:00Z",
                                        "last_used": None}]}),
               (204, {}, b""),
               json_answer({"push_every_s": 60}),
               json_answer({"push_every_s": 3600, "stored": False})]
    with fake_server(answers) as (url, seen):
        client = _client(url, tmp_path)
        try:
            code = client.remote_code()
            (phone,) = client.remote_tokens()
            client.revoke_remote_token("t1")
            kept = client.push_summary({"device_count": 0})
            dropped = client.push_summary({"device_count": 0})
        finally:
            client.close()
    assert code.code == "ABCD-EFGH" and code.expires == datetime(2026, 12, 5, 9, 10,
                                                                 tzinfo=UTC)
    assert phone.label == "Pixel 9" and phone.last_used is None
    assert (kept.every_s, kept.stored) == (60, True)  # (a server before "stored": kept)
    assert (dropped.every_s, dropped.stored) == (3600, False)
    assert seen == ["POST /v1/devices/me/remote-codes", "GET /v1/devices/me/remote-tokens",
                    "DELETE /v1/devices/me/remote-tokens/t1", "PUT /v1/devices/me/summary",
                    "PUT /v1/devices/me/summary"]


@pytest.mark.parametrize("answer", [{"push_every_s": 0}, {"push_every_s": "60"}, {},
                                    {"push_every_s": True},
                                    {"push_every_s": 60, "stored": "yes"}])
def test_a_push_answer_without_a_sane_interval_is_refused(tmp_path, answer):
    with fake_server([json_answer(answer)]) as (url, _seen):
        client = _client(url, tmp_path)
        try:
            with pytest.raises(BadResponse):
                client.push_summary({})
        finally:
            client.close()


def test_revoking_a_phone_the_server_does_not_know_is_rejected(tmp_path):
    missing = json_answer({"error": {"code": "not_found", "message": "no such token"}}, 404)
    with fake_server([missing]) as (url, _seen):
        client = _client(url, tmp_path)
        try:
            with pytest.raises(Rejected):
                client.revoke_remote_token("gone")
        finally:
            client.close()
