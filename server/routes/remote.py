"""Remote access through the server: login codes, phones' tokens, the live summary.

The panel (its bearer token) asks for codes, lists and revokes tokens and pushes its
summary; a phone redeems a code for a token of that home (also set as the phone page's
cookie), reads the summary and logs itself out. The page itself: routes/phone.py.
"""

from __future__ import annotations

import ipaddress
import secrets
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from server import remote_access, remote_view, throttle
from server.db import session_scope
from server.deps import (
    REMOTE_COOKIE,
    Center,
    CenterDep,
    DeviceDep,
    RemoteDep,
    client_address,
    needs_acceptance,
    remote_home,
)
from server.errors import ApiError
from server.models import iso
from server.schemas import SUMMARY_MAX_BYTES, RemoteLogin, Summary
from server.throttle import Limit

router = APIRouter()
LOGIN_SCOPE = "rlogin:"  # attempt counters of code checks, per client address
COOKIE_MAX_AGE_S = 180 * 24 * 3600  # the token lives until revoked; the cookie renews at login
PHONE_PAGE = "/r"


def _now(center: Center) -> datetime:
    return datetime.fromtimestamp(center.clock(), UTC)


def phone_link(center: Center, request: Request, code: str) -> str:
    """The phone page with the code filled in, at the configured public address (else
    the one this request came to)."""
    base = center.settings.public_url or str(request.base_url)
    return f"{base.rstrip('/')}{PHONE_PAGE}?code={code}"


def _require_acceptance(center: Center, device) -> None:
    """The summary is the household's data: sent, and shown to phones, only under the
    terms in force (as backups are)."""
    if needs_acceptance(center, device):
        raise ApiError(409, "terms_not_accepted",
                       "the current terms must be accepted before remote view is used")


@router.post("/devices/me/remote-codes", status_code=201)
def new_code(device: DeviceDep, center: CenterDep, request: Request) -> dict:
    _require_acceptance(center, device)
    with session_scope(center.engine) as session:
        code, expires = remote_access.issue_code(session, device.id, _now(center))
        session.commit()
    return {"code": code, "expires": iso(expires), "url": phone_link(center, request, code)}


_PLATFORMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
              ("Windows", "Windows"), ("Macintosh", "Mac"), ("Linux", "Linux"))
_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("CriOS/", "Chrome"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))


def label_of(user_agent: str) -> str:
    """'Safari on iPhone': what the panel lists a phone as when it did not name itself."""
    platform = next((name for key, name in _PLATFORMS if key in user_agent), "")
    browser = next((name for key, name in _BROWSERS if key in user_agent), "")
    if browser and platform:
        return f"{browser} on {platform}"
    return browser or platform or "browser"


def _cookie_secure(request: Request) -> bool:
    """Secure, except for plain HTTP on loopback (the embedded server, tests): a browser
    would not send a Secure cookie back over http://127.0.0.1 on every engine."""
    if request.url.scheme == "https":
        return True
    host = request.url.hostname or ""
    try:
        return not (host == "localhost" or ipaddress.ip_address(host).is_loopback)
    except ValueError:
        return True


@router.post("/remote/login")
def login(body: RemoteLogin, center: CenterDep, request: Request,
          response: Response) -> dict:
    s = center.settings
    limit = Limit(f"{LOGIN_SCOPE}{client_address(request)}", s.remote_login_limit,
                  s.remote_login_window_s)
    clock = center.clock()
    # Every check is counted before it is made, in a transaction of its own (exact across
    # workers): guessing a 40-bit code at ten tries a quarter hour is hopeless.
    with session_scope(center.engine) as session:
        wait = throttle.reserve(session, limit, clock)
        if secrets.randbelow(100) == 0:
            throttle.prune(session, clock, s.remote_login_window_s, prefix=LOGIN_SCOPE)
        session.commit()
    if wait:
        raise ApiError(429, "too_many_attempts", "too many codes tried; try again later",
                       {"Retry-After": str(int(wait + 0.999))})
    label = (body.label or "").strip() or label_of(request.headers.get("user-agent", ""))
    with session_scope(center.engine) as session:
        got = remote_access.redeem_code(session, body.code, label, _now(center))
        if got is None:
            raise ApiError(401, "wrong_code", "the code is wrong, used or expired; ask the "
                           "panel for a new one")
        throttle.refund(session, [limit.scope])
        session.commit()
        token, row = got
        answer = {"token": token, "home_id": row.device_id, "token_id": row.id}
    response.set_cookie(REMOTE_COOKIE, token, max_age=COOKIE_MAX_AGE_S, path="/",
                        httponly=True, secure=_cookie_secure(request), samesite="strict")
    return answer


@router.get("/devices/me/remote-tokens")
def list_tokens(device: DeviceDep, center: CenterDep) -> dict:
    with session_scope(center.engine) as session:
        rows = remote_access.tokens_of(session, device.id)
        return {"tokens": [{"id": r.id, "label": r.label, "created": iso(r.created),
                            "last_used": iso(r.last_used)} for r in rows]}


@router.delete("/devices/me/remote-tokens/{token_id}", status_code=204)
def revoke_token(token_id: str, device: DeviceDep, center: CenterDep) -> Response:
    with session_scope(center.engine) as session:
        now = _now(center)
        if not remote_access.revoke(session, device.id, token_id, now):
            raise ApiError(404, "not_found", "no such token")
        remote_view.forget_if_unwanted(session, device.id, now)
        session.commit()
    return Response(status_code=204)


@router.delete("/homes/{home_id}/session", status_code=204)
def logout(home_id: str, remote: RemoteDep, center: CenterDep) -> Response:
    """A phone logs itself out: its token is revoked and its cookie cleared."""
    remote_home(remote, home_id)
    with session_scope(center.engine) as session:
        now = _now(center)
        remote_access.revoke(session, remote.device_id, remote.id, now)
        remote_view.forget_if_unwanted(session, remote.device_id, now)
        session.commit()
    response = Response(status_code=204)
    response.delete_cookie(REMOTE_COOKIE, path="/", httponly=True, samesite="strict")
    return response


def _invalid(exc: ValidationError) -> RequestValidationError:
    return RequestValidationError(exc.errors(include_url=False, include_input=False))


@router.put("/devices/me/summary")
async def put_summary(request: Request, device: DeviceDep, center: CenterDep) -> dict:
    _require_acceptance(center, device)
    raw = await request.body()
    if len(raw) > SUMMARY_MAX_BYTES:
        raise ApiError(413, "too_large", f"a summary may be at most {SUMMARY_MAX_BYTES} bytes")
    try:
        summary = Summary.model_validate_json(raw)
    except ValidationError as exc:
        raise _invalid(exc) from None

    def store() -> remote_view.PushAnswer:
        with session_scope(center.engine) as session:
            answer = remote_view.store_summary(session, device.id, summary, _now(center))
            session.commit()
            return answer

    answer = await run_in_threadpool(store)
    return {"push_every_s": answer.every_s, "stored": answer.stored}


def read_summary(center: Center, home_id: str) -> dict:
    """The answer of GET …/summary (also what the phone page shows); marks the home
    watched."""
    now = _now(center)
    with session_scope(center.engine) as session:
        stored = remote_view.watch_summary(session, home_id, now)
        session.commit()
    if stored is None:
        return {"summary": None, "received": None, "age_s": None}
    return {"summary": stored.summary, "received": iso(stored.received),
            "age_s": round(stored.age_s(now), 1)}


@router.get("/homes/{home_id}/summary")
def get_summary(home_id: str, remote: RemoteDep, center: CenterDep) -> dict:
    return read_summary(center, remote_home(remote, home_id))


