"""Restore on panel replacement: codes, rate limit, grants bound to the new panel.

Tests that take `api` run twice: blobs as files, and in a bucket of the loopback S3.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from server import security, throttle
from server.db import make_engine, session_scope
from server.models import AttemptCounter, Device, RestoreGrant
from server.retention import purge_retired
from tests.server.conftest import make_center, reg_body, register, upload


@pytest.fixture
def api(blob_api):
    return blob_api


def _restore(api, new, old, code=None):
    return api.post("/v1/restore", headers=new["auth"],
                    json={"device_code": old["device_code"],
                          "confirmation_code": code or old["confirmation_code"]})


def _wrong(old) -> str:
    return f"{(int(old['confirmation_code']) + 1) % 10**8:08d}"


def test_restore_chain_and_download(api):
    old, new = register(api), register(api)
    f1 = upload(api, old, b"f1").json()
    f2 = upload(api, old, b"f2" * 1000).json()
    i1 = upload(api, old, b"i1", "incremental", f2["id"]).json()
    r = _restore(api, new, old)
    assert r.status_code == 200
    chain = r.json()["chain"]
    assert [c["id"] for c in chain] == [f2["id"], i1["id"]]  # not the older chain f1
    assert chain[1]["base"] == f2["id"] and f1["id"] not in [c["id"] for c in chain]
    rid = r.json()["restore_id"]
    got = api.get(f"/v1/restore/{rid}/backups/{f2['id']}", headers=new["auth"])
    assert got.status_code == 200 and got.content == b"f2" * 1000
    assert got.headers["X-Backup-SHA256"] == f2["sha256"]
    # A backup outside the grant, even of the same old panel, is not served.
    assert api.get(f"/v1/restore/{rid}/backups/{f1['id']}",
                   headers=new["auth"]).status_code == 404


def test_grant_is_bound_to_requesting_token_and_expires(api):
    old, new, third = register(api), register(api), register(api)
    full = upload(api, old, b"data").json()
    rid = _restore(api, new, old).json()["restore_id"]
    url = f"/v1/restore/{rid}/backups/{full['id']}"
    assert api.get(url, headers=third["auth"]).status_code == 404
    assert api.get(url, headers=old["auth"]).status_code == 401  # retired: token dead
    assert api.get(url).status_code == 401
    center = api.app.state.center
    with session_scope(center.engine) as s:
        grant = s.get(RestoreGrant, rid)
        grant.expires = grant.expires - timedelta(hours=2)
        s.add(grant)
        s.commit()
    r = api.get(url, headers=new["auth"])
    assert r.status_code == 410 and r.json()["error"]["code"] == "restore_expired"


def _client_at(api, address: str) -> TestClient:
    """The same server seen from another client address."""
    return TestClient(api.app, client=(address, 40000))


def test_wrong_code_and_unknown_device_look_the_same(api, monkeypatch):
    old, new = register(api), register(api)
    upload(api, old, b"data")
    checks: list[str] = []
    real = security.confirmation_hash
    monkeypatch.setattr(security, "confirmation_hash",
                        lambda code, salt: checks.append(salt) or real(code, salt))
    r1 = _restore(api, new, old, _wrong(old))
    registered_checks, checks[:] = len(checks), []
    r2 = api.post("/v1/restore", headers=new["auth"],
                  json={"device_code": "ZZZZ-ZZZZ-ZZZZ", "confirmation_code": "12345678"})
    assert r1.status_code == r2.status_code == 403
    assert r1.json() == r2.json()
    # The same work on both paths: one PBKDF2 check each (a dummy hash for the unknown).
    assert registered_checks == len(checks) == 1
    assert checks == [security.DUMMY_SALT]
    assert _restore(api, new, old, "1234567").status_code == 422  # not 8 digits


def test_a_code_restores_once_and_retires_the_old_panel(api):
    old, new, third = register(api), register(api), register(api)
    upload(api, old, b"data")
    assert _restore(api, new, old).status_code == 200
    # The code is used up: neither another panel nor the same one can use it again.
    for who in (third, new):
        r = _restore(api, who, old)
        assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_code"
    # The old panel is retired: its token is dead, so it cannot back up a newer chain
    # for anyone to take, and re-registering with its key waits for the takeover.
    assert upload(api, old, b"newer").status_code == 401
    r = api.post("/v1/devices", json=reg_body(device_code=old["device_code"],
                                              registration_key=old["registration_key"]))
    assert r.status_code == 409 and r.json()["error"]["code"] == "device_retired"


def test_concurrent_right_codes_make_one_grant(tmp_path):
    with make_center(tmp_path) as api:
        old = register(api)
        upload(api, old, b"data")
        panels = [register(api) for _ in range(8)]
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(
                lambda ip: _restore(_client_at(api, f"198.51.100.{ip[0]}"), ip[1], old)
                .status_code, enumerate(panels)))
    assert sorted(codes) == [200] + [403] * 7


def test_the_attacker_is_throttled_not_the_owner(api):
    old, attacker, owner = register(api), register(api), register(api)
    upload(api, old, b"data")
    bad = _client_at(api, "198.51.100.66")
    for _ in range(5):
        assert _restore(bad, attacker, old, _wrong(old)).status_code == 403
    r = _restore(bad, attacker, old)  # even the right code, from the attacker's side
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts"
    assert 1 <= int(r.headers["Retry-After"]) <= 15 * 60
    # A fresh panel registered by the attacker at the same address is refused too.
    assert _restore(bad, register(api), old, _wrong(old)).status_code == 429
    # The owner's new panel, at home, is not locked out by any of it.
    assert _restore(_client_at(api, "203.0.113.5"), owner, old).status_code == 200


def test_one_device_code_takes_a_bounded_number_of_guesses_from_everyone(tmp_path):
    with make_center(tmp_path, restore_code_max_attempts=6) as api:
        old = register(api)
        upload(api, old, b"data")
        statuses = [_restore(_client_at(api, f"198.51.100.{i}"), register(api), old,
                             _wrong(old)).status_code for i in range(8)]
    assert statuses == [403] * 6 + [429] * 2


def test_the_window_lapses(api):
    old, new = register(api), register(api)
    upload(api, old, b"data")
    for _ in range(5):
        _restore(api, new, old, _wrong(old))
    assert _restore(api, new, old).status_code == 429
    center = api.app.state.center
    with session_scope(center.engine) as s:
        for c in s.exec(select(AttemptCounter)):
            c.window_start -= 16 * 60
            s.add(c)
        s.commit()
    assert _restore(api, new, old).status_code == 200


def test_attempts_are_counted_atomically_across_workers(tmp_path, server_db):
    """150 attempts from 64 threads over two engines (two workers' connection pools on
    one database): exactly 5 are allowed."""
    url = server_db.url(tmp_path / "shared.sqlite3")
    engines = [make_engine(url), make_engine(url)]
    limit = throttle.Limit("code:X", 5, 900.0)

    def attempt(i):
        with session_scope(engines[i % 2]) as s:
            wait = throttle.reserve(s, limit, 1_000_000.0)
            s.commit()
        return wait == 0

    with ThreadPoolExecutor(64) as pool:
        allowed = sum(pool.map(attempt, range(150)))
    for e in engines:
        e.dispose()
    assert allowed == 5


def test_retired_panel_data_is_deleted_after_the_grant(api):
    old, new = register(api), register(api)
    b = upload(api, old, b"data").json()
    assert _restore(api, new, old).status_code == 200
    center = api.app.state.center
    assert center.storage.keys()
    with session_scope(center.engine) as s:
        row = s.exec(select(Device).where(Device.id == old["device_id"])).one()
        row.retired -= timedelta(hours=2)
        s.add(row)
        s.commit()
    assert purge_retired(center) == 1
    assert b["id"] not in list(center.storage.keys())
    # The old panel's key may now register afresh (a new, empty registration).
    again = register(api, device_code=old["device_code"],
                     registration_key=old["registration_key"])
    assert again["device_id"] != old["device_id"]


def test_restore_needs_a_backup_and_another_panel(api):
    old, new = register(api), register(api)
    r = _restore(api, new, old)
    assert r.status_code == 404 and r.json()["error"]["code"] == "no_backup"
    upload(api, old, b"x")
    assert _restore(api, old, old).status_code == 422
