"""Remote-access login codes and tokens (server/remote_access.py, deps.current_remote):
one-time, expiring codes; tokens scoped to one home, revocable, gone with the home."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import Request
from sqlmodel import select

from server import remote_access as ra
from server.db import session_scope
from server.deps import REMOTE_COOKIE, current_remote, remote_home
from server.models import RemoteCode, RemoteToken
from tests.server.conftest import register

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def _engine(api):
    return api.app.state.center.engine


def _code(api, device_id: str, now: datetime = NOW) -> str:
    with session_scope(_engine(api)) as session:
        code, expires = ra.issue_code(session, device_id, now)
        session.commit()
    assert expires == now + ra.CODE_TTL
    return code


def _redeem(api, code: str, now: datetime = NOW, label: str = "Safari on iPhone"):
    with session_scope(_engine(api)) as session:
        got = ra.redeem_code(session, code, label, now)
        session.commit()
    return got


def _probe_route(api) -> None:
    """A route under /v1/homes/{home_id} that says whose token came, as the remote view's
    and the commands' routes will."""
    def probe(home_id: str, request: Request) -> dict:
        remote = current_remote(request)
        return {"home": remote_home(remote, home_id), "token": remote.id}
    api.app.add_api_route("/v1/homes/{home_id}/probe", probe, methods=["GET"])


def test_a_code_is_redeemed_once_for_a_token_of_that_home(api):
    dev = register(api)
    code = _code(api, dev["device_id"])
    token, row = _redeem(api, code)
    assert row.device_id == dev["device_id"] and row.label == "Safari on iPhone"
    assert _redeem(api, code) is None  # used
    with session_scope(_engine(api)) as session:
        assert ra.token_for(session, token, NOW).id == row.id
        assert ra.token_for(session, dev["token"], NOW) is None  # the panel's is not one
        stored = session.exec(select(RemoteToken)).one()
    assert token not in (stored.token_hash, stored.id)  # only a hash is kept


def test_codes_expire_and_forgive_how_they_are_typed(api):
    dev = register(api)
    code = _code(api, dev["device_id"])
    assert _redeem(api, code, NOW + ra.CODE_TTL) is None
    code = _code(api, dev["device_id"])
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert _redeem(api, typed, NOW + ra.CODE_TTL - timedelta(seconds=1)) is not None
    for wrong in ("", "ABCD", "ABCD-EFG*", code + "X"):
        assert _redeem(api, wrong) is None


def test_asking_again_keeps_at_most_a_few_codes_open(api):
    dev = register(api)
    codes = [_code(api, dev["device_id"], NOW + timedelta(seconds=i))
             for i in range(ra.MAX_OPEN_CODES + 1)]
    with session_scope(_engine(api)) as session:
        assert len(session.exec(select(RemoteCode)).all()) == ra.MAX_OPEN_CODES
    assert _redeem(api, codes[0]) is None  # the oldest was dropped
    assert _redeem(api, codes[-1]) is not None


def test_a_revoked_token_stops_working_and_only_its_home_can_revoke_it(api):
    one, two = register(api), register(api)
    token, row = _redeem(api, _code(api, one["device_id"]))
    with session_scope(_engine(api)) as session:
        assert not ra.revoke(session, two["device_id"], row.id, NOW)
        assert [t.id for t in ra.tokens_of(session, one["device_id"])] == [row.id]
        assert ra.revoke(session, one["device_id"], row.id, NOW)
        session.commit()
        assert ra.token_for(session, token, NOW) is None
        assert ra.tokens_of(session, one["device_id"]) == []
        assert not ra.revoke(session, one["device_id"], row.id, NOW)  # already


def test_routes_take_the_token_as_bearer_or_cookie_for_its_own_home_only(api):
    _probe_route(api)
    one, two = register(api), register(api)
    token, row = _redeem(api, _code(api, one["device_id"]))
    url = f"/v1/homes/{one['device_id']}/probe"
    got = api.get(url, headers={"Authorization": f"Bearer {token}"})
    assert got.status_code == 200 and got.json() == {"home": one["device_id"], "token": row.id}
    api.cookies.set(REMOTE_COOKIE, token)
    assert api.get(url).status_code == 200
    # Another home answers as a home that does not exist.
    other = api.get(f"/v1/homes/{two['device_id']}/probe")
    nowhere = api.get("/v1/homes/nope/probe")
    assert other.status_code == nowhere.status_code == 404
    assert other.json()["error"] == nowhere.json()["error"]
    api.cookies.clear()
    assert api.get(url).status_code == 401
    assert api.get(url, headers=one["auth"]).status_code == 401  # the panel's own token
    with session_scope(_engine(api)) as session:
        ra.revoke(session, one["device_id"], row.id, NOW)
        session.commit()
    assert api.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_unregistering_deletes_the_homes_codes_and_tokens(api):
    dev = register(api)
    _redeem(api, _code(api, dev["device_id"]))
    _code(api, dev["device_id"])
    assert api.delete("/v1/devices/me", headers=dev["auth"]).status_code == 204
    with session_scope(_engine(api)) as session:
        assert session.exec(select(RemoteToken)).all() == []
        assert session.exec(select(RemoteCode)).all() == []
