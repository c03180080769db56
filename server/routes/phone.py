"""The phone page (GET /r) and its two assets; the data comes from routes/remote.py.

/r shows the login form (the code of the panel's link filled in) or, with the page's
cookie of a live token, the home's summary; /r/panel is that summary alone, which the
page's script fetches every 30 s (401 once the token is revoked: back to the login).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from server import phone_assets, phone_page
from server.db import session_scope
from server.deps import REMOTE_COOKIE, Center, CenterDep
from server.models import RemoteToken
from server.remote_access import token_for
from server.routes.remote import read_summary

router = APIRouter()
# Only this origin's own files; the page is never framed; the code in the link is never
# sent on as a Referer.
_HEADERS = {"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; "
                                       "base-uri 'none'; form-action 'self'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store"}


def _remote(center: Center, request: Request) -> RemoteToken | None:
    token = request.cookies.get(REMOTE_COOKIE, "").strip()
    if not token:
        return None
    with session_scope(center.engine) as session:
        row = token_for(session, token, datetime.fromtimestamp(center.clock(), UTC))
        session.commit()
    return row


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=_HEADERS)


@router.get("/r", include_in_schema=False)
def page(request: Request, center: CenterDep, code: str = "") -> HTMLResponse:
    lang = phone_page.language_of(request.headers.get("accept-language", ""))
    remote = _remote(center, request)
    if remote is None:
        return _html(phone_page.login_page(lang, code))
    answer = read_summary(center, remote.device_id)
    return _html(phone_page.home_page(lang, remote.device_id, answer))


@router.get("/r/panel", include_in_schema=False)
def panel(request: Request, center: CenterDep) -> HTMLResponse:
    lang = phone_page.language_of(request.headers.get("accept-language", ""))
    remote = _remote(center, request)
    if remote is None:
        return _html("", status=401)
    return _html(phone_page.summary_view(lang, read_summary(center, remote.device_id)))


@router.get("/r/remote.css", include_in_schema=False)
def stylesheet() -> Response:
    return Response(phone_assets.CSS, media_type="text/css; charset=utf-8",
                    headers={"X-Content-Type-Options": "nosniff"})


@router.get("/r/remote.js", include_in_schema=False)
def script() -> Response:
    return Response(phone_assets.JS, media_type="text/javascript; charset=utf-8",
                    headers={"X-Content-Type-Options": "nosniff"})
