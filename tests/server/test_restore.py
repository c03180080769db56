"""Restore on panel replacement: codes, rate limit, grants bound to the new panel."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from server.db import session_scope
from server.models import RestoreFailure, RestoreGrant
from tests.server.conftest import register, upload


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
    assert api.get(url, headers=old["auth"]).status_code == 404
    assert api.get(url).status_code == 401
    center = api.app.state.center
    with session_scope(center.engine) as s:
        grant = s.get(RestoreGrant, rid)
        grant.expires = grant.expires - timedelta(hours=2)
        s.add(grant)
        s.commit()
    r = api.get(url, headers=new["auth"])
    assert r.status_code == 410 and r.json()["error"]["code"] == "restore_expired"


def test_wrong_code_and_unknown_device_look_the_same(api):
    old, new = register(api), register(api)
    upload(api, old, b"data")
    r1 = _restore(api, new, old, _wrong(old))
    r2 = api.post("/v1/restore", headers=new["auth"],
                  json={"device_code": "ZZZZ-ZZZZ-ZZZZ", "confirmation_code": "12345678"})
    assert r1.status_code == r2.status_code == 403
    assert r1.json() == r2.json()
    assert _restore(api, new, old, "1234567").status_code == 422  # not 8 digits


def test_rate_limit_after_five_wrong_codes(api):
    old, new = register(api), register(api)
    upload(api, old, b"data")
    for _ in range(5):
        assert _restore(api, new, old, _wrong(old)).status_code == 403
    r = _restore(api, new, old)  # even the right code is refused now
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts"
    assert 1 <= int(r.headers["Retry-After"]) <= 15 * 60
    # Another device code is not affected.
    other = register(api)
    upload(api, other, b"x")
    assert _restore(api, new, other).status_code == 200
    # Once the failures are older than 15 minutes, the right code works again.
    center = api.app.state.center
    with session_scope(center.engine) as s:
        for f in s.exec(select(RestoreFailure)):
            f.at = f.at - timedelta(minutes=16)
            s.add(f)
        s.commit()
    assert _restore(api, new, old).status_code == 200


def test_restore_needs_a_backup_and_another_panel(api):
    old, new = register(api), register(api)
    r = _restore(api, new, old)
    assert r.status_code == 404 and r.json()["error"]["code"] == "no_backup"
    upload(api, old, b"x")
    assert _restore(api, old, old).status_code == 422
