"""Remote view through the server (routes/remote.py, routes/phone.py, remote_view.py):
login codes and phones' tokens over HTTP, the live summary the panel pushes, the phone
page. Runs on SQLite and PostgreSQL (tests/server/conftest.py)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from server.db import session_scope
from server.deps import REMOTE_COOKIE
from server.models import HomeSummary, RemoteCode
from server.remote_view import PUSH_IDLE_S, PUSH_WATCHED_S, WATCH_FOR
from server.retention import housekeep
from server.schemas import SUMMARY_MAX_BYTES, SUMMARY_MAX_NOTICES
from tests.server.conftest import make_center, register

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC).timestamp()

SUMMARY = {
    "taken_at": "2026-12-05T18:00:00+09:00",
    "flow": {"buy_w": 1240.0, "sell_w": 0.0, "generation_w": 0.0, "consumption_w": 1740.0,
             "battery_charge_w": 0.0, "battery_discharge_w": 500.0, "battery_soc_pct": 64.0,
             "ev_w": None, "stale": False},
    "today": {"bought_kwh": 6.4, "sold_kwh": 3.1, "generated_kwh": 11.2, "used_kwh": 14.5},
    "cost_today_yen": 217.4,
    "notices": [{"title": {"ja": "大雨警報 — 世田谷区", "en": "Heavy rain warning — Setagaya"},
                 "importance": "important"}],
    "device_count": 4,
}


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(api) -> Clock:
    pinned = Clock()
    api.app.state.center.clock = pinned
    return pinned


def _code(api, dev) -> dict:
    got = api.post("/v1/devices/me/remote-codes", headers=dev["auth"])
    assert got.status_code == 201, got.text
    return got.json()


def _login(api, code: str, **extra):
    return api.post("/v1/remote/login", json={"code": code, **extra})


def _phone(api, dev) -> dict:
    """A phone logged in to `dev`'s home: its answer (token, home_id, token_id)."""
    got = _login(api, _code(api, dev)["code"], label="Test phone")
    assert got.status_code == 200, got.text
    api.cookies.clear()  # the tests say which credential each request carries
    return got.json()


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_the_panel_gets_a_code_and_a_link_a_phone_logs_in_with(api, clock):
    dev = register(api)
    code = _code(api, dev)
    assert code["url"] == f"http://testserver/r?code={code['code']}"
    assert code["expires"] == "2026-12-05T09:10:00Z"
    assert api.post("/v1/devices/me/remote-codes").status_code == 401
    got = _login(api, code["code"].lower(), label="Pixel")
    assert got.status_code == 200
    body = got.json()
    assert body["home_id"] == dev["device_id"] and body["token"] and body["token_id"]
    cookie = got.headers["set-cookie"]
    assert f"{REMOTE_COOKIE}={body['token']}" in cookie
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert attribute.lower() in cookie.lower()
    # Once only.
    assert _login(api, code["code"]).status_code == 401


def test_the_link_uses_the_configured_public_address(tmp_path):
    with make_center(tmp_path, public_url="https://hems.example.jp/") as api:
        code = _code(api, register(api))
    assert code["url"] == f"https://hems.example.jp/r?code={code['code']}"


def test_plain_http_on_loopback_gets_a_cookie_without_secure(tmp_path):
    with make_center(tmp_path) as api:
        api.base_url = "http://127.0.0.1:8080"
        got = _login(api, _code(api, register(api))["code"])
    assert got.status_code == 200
    assert "secure" not in got.headers["set-cookie"].lower()


def test_wrong_codes_are_refused_and_counted_per_address(tmp_path):
    with make_center(tmp_path, remote_login_limit=3) as api:
        dev = register(api)
        good = _code(api, dev)["code"]
        assert _login(api, "ABCD-EFGH").status_code == 401
        assert _login(api, "not a code").status_code == 401
        assert _login(api, good).status_code == 200  # a success is not counted
        assert _login(api, "ABCD-EFGH").status_code == 401
        late = _code(api, dev)["code"]
        refused = _login(api, late)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        # The code was not even checked: it still works from elsewhere after the window.
        api.app.state.center.clock = lambda: 10**10
        assert _login(api, late).status_code == 401  # (expired by then: but not 429)
    for bad in ({"code": "x" * 40}, {"code": 5}, {}, {"code": "ABCD-EFGH", "home": "x"}):
        with make_center(tmp_path) as api:
            assert api.post("/v1/remote/login", json=bad).status_code == 422


def test_the_panel_lists_and_revokes_its_phones_only(api, clock):
    one, two = register(api), register(api)
    phone = _phone(api, one)
    listed = api.get("/v1/devices/me/remote-tokens", headers=one["auth"]).json()["tokens"]
    assert [(t["id"], t["label"]) for t in listed] == [(phone["token_id"], "Test phone")]
    assert listed[0]["created"] == "2026-12-05T09:00:00Z"
    assert api.get("/v1/devices/me/remote-tokens", headers=two["auth"]).json() == {"tokens": []}
    url = f"/v1/devices/me/remote-tokens/{phone['token_id']}"
    assert api.delete(url, headers=two["auth"]).status_code == 404  # not its phone
    home = f"/v1/homes/{one['device_id']}/summary"
    assert api.get(home, headers=_bearer(phone["token"])).status_code == 200
    assert api.delete(url, headers=one["auth"]).status_code == 204
    assert api.delete(url, headers=one["auth"]).status_code == 404
    assert api.get(home, headers=_bearer(phone["token"])).status_code == 401


def test_a_phone_without_a_label_is_named_by_its_browser(api, clock):
    dev = register(api)
    agent = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
             "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1")
    assert api.post("/v1/remote/login", json={"code": _code(api, dev)["code"]},
                    headers={"User-Agent": agent}).status_code == 200
    tokens = api.get("/v1/devices/me/remote-tokens", headers=dev["auth"]).json()["tokens"]
    assert tokens[0]["label"] == "Safari on iPhone"


def test_the_summary_goes_from_the_panel_to_a_phone_of_that_home_only(api, clock):
    one, two = register(api), register(api)
    phone = _phone(api, one)
    home = f"/v1/homes/{one['device_id']}/summary"
    empty = api.get(home, headers=_bearer(phone["token"])).json()
    assert empty == {"summary": None, "received": None, "age_s": None}
    put = api.put("/v1/devices/me/summary", json=SUMMARY, headers=one["auth"])
    assert put.status_code == 200
    clock.now += 180
    got = api.get(home, headers=_bearer(phone["token"])).json()
    assert got["summary"]["flow"]["buy_w"] == 1240.0
    assert got["summary"]["notices"] == SUMMARY["notices"]
    assert got["received"] == "2026-12-05T09:00:00Z" and got["age_s"] == 180.0
    other = api.get(f"/v1/homes/{two['device_id']}/summary", headers=_bearer(phone["token"]))
    assert other.status_code == 404
    assert api.get(home, headers=one["auth"]).status_code == 401  # the panel's token is not one
    assert api.get(home).status_code == 401


def test_the_push_interval_follows_whether_a_phone_watches(api, clock):
    dev = register(api)

    def push() -> int:
        got = api.put("/v1/devices/me/summary", json=SUMMARY, headers=dev["auth"])
        assert got.status_code == 200, got.text
        return got.json()["push_every_s"]

    assert push() == PUSH_IDLE_S
    code = _code(api, dev)  # a phone is about to log in
    assert push() == PUSH_WATCHED_S
    clock.now += 11 * 60  # the code expired unused
    assert push() == PUSH_IDLE_S
    phone = _login(api, _code(api, dev)["code"]).json()
    clock.now += 11 * 60
    assert code and push() == PUSH_IDLE_S  # logged in, but nobody looks
    api.cookies.clear()
    api.get(f"/v1/homes/{dev['device_id']}/summary", headers=_bearer(phone["token"]))
    assert push() == PUSH_WATCHED_S
    clock.now += WATCH_FOR.total_seconds() - 1
    assert push() == PUSH_WATCHED_S
    clock.now += 2
    assert push() == PUSH_IDLE_S


def _too_big() -> dict:
    big = copy.deepcopy(SUMMARY)
    big["notices"] = [{"title": {"ja": "あ" * 120, "en": "a" * 120}, "importance": "normal"}
                      ] * SUMMARY_MAX_NOTICES
    big["pad"] = "x" * SUMMARY_MAX_BYTES
    return big


@pytest.mark.parametrize("change", [
    lambda s: s["flow"].update(buy_w=-5),
    lambda s: s["flow"].update(battery_soc_pct=101),
    lambda s: s["today"].pop("used_kwh"),
    lambda s: s.update(taken_at="2026-12-05T18:00:00"),  # no zone
    lambda s: s.update(device_count="4"),
    lambda s: s.update(extra="?"),
    lambda s: s.update(notices=[SUMMARY["notices"][0]] * (SUMMARY_MAX_NOTICES + 1)),
    lambda s: s["notices"][0].update(importance="urgent"),
    lambda s: s["notices"][0]["title"].update(ja=""),
])
def test_a_malformed_summary_is_refused(api, clock, change):
    dev = register(api)
    bad = copy.deepcopy(SUMMARY)
    change(bad)
    got = api.put("/v1/devices/me/summary", json=bad, headers=dev["auth"])
    assert got.status_code == 422 and got.json()["error"]["code"] == "invalid_request"
    with session_scope(api.app.state.center.engine) as session:
        assert session.exec(select(HomeSummary)).all() == []


def test_an_oversized_or_unparsable_summary_is_refused(api, clock):
    dev = register(api)
    big = api.put("/v1/devices/me/summary", json=_too_big(), headers=dev["auth"])
    assert big.status_code == 413
    for raw in (b"{", b"\xff\xfe", b"[]", b"null"):
        got = api.put("/v1/devices/me/summary", content=raw, headers=dev["auth"])
        assert got.status_code == 422, raw
    assert api.put("/v1/devices/me/summary", json=SUMMARY).status_code == 401


def test_a_phone_logs_itself_out(api, clock):
    dev = register(api)
    phone = _phone(api, dev)
    api.cookies.set(REMOTE_COOKIE, phone["token"])
    other = register(api)
    assert api.delete(f"/v1/homes/{other['device_id']}/session").status_code == 404
    assert len(api.get("/v1/devices/me/remote-tokens", headers=dev["auth"]).json()["tokens"]) == 1
    url = f"/v1/homes/{dev['device_id']}/session"
    out = api.delete(url)
    assert out.status_code == 204
    assert f'{REMOTE_COOKIE}=""' in out.headers["set-cookie"]
    assert api.get(f"/v1/homes/{dev['device_id']}/summary",
                   headers=_bearer(phone["token"])).status_code == 401
    assert api.get("/v1/devices/me/remote-tokens", headers=dev["auth"]).json()["tokens"] == []


def test_unregistering_deletes_the_summary(api, clock):
    one, two = register(api), register(api)
    for dev in (one, two):
        _phone(api, dev)
        got = api.put("/v1/devices/me/summary", json=SUMMARY, headers=dev["auth"])
        assert got.json()["stored"] is True
    assert api.delete("/v1/devices/me", headers=one["auth"]).status_code == 204
    with session_scope(api.app.state.center.engine) as session:
        rows = session.exec(select(HomeSummary)).all()
    assert [r.device_id for r in rows] == [two["device_id"]]


def test_the_phone_page_asks_for_the_code_then_shows_the_home(api, clock):
    api.base_url = "https://testserver"  # the cookie is Secure
    dev = register(api)
    code = _code(api, dev)["code"]
    page = api.get(f"/r?code={code}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'value="{code}"' in page.text and '<html lang="ja">' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    hostile = api.get("/r", params={"code": '"><script>alert(1)</script>'}).text
    assert "<script>alert" not in hostile and "&lt;script&gt;" in hostile
    assert api.get("/r/panel").status_code == 401
    api.put("/v1/devices/me/summary", json=SUMMARY, headers=dev["auth"])
    assert _login(api, code).status_code == 200  # the cookie is kept by the client
    clock.now += 3 * 60 + 5
    home = api.get("/r").text
    for shown in ("買電", "1.24 kW", "64%", "放電 500 W", "14.5 kWh", "217円", "最終更新：3分前",
                  "大雨警報 — 世田谷区", "重要", "4台", 'id="logout"'):
        assert shown in home, shown
    english = api.get("/r/panel", headers={"Accept-Language": "en-US,en;q=0.9,ja;q=0.8"}).text
    for shown in ("Buying", "¥217", "Updated 3 min ago", "Heavy rain warning — Setagaya"):
        assert shown in english, shown
    assert "<html" not in english  # the fragment the script swaps in
    for asset, kind in (("/r/remote.js", "text/javascript"), ("/r/remote.css", "text/css")):
        got = api.get(asset)
        assert got.status_code == 200 and got.headers["content-type"].startswith(kind)


def test_the_stored_summary_is_the_validated_one(api, clock):
    dev = register(api)
    _phone(api, dev)
    sent = copy.deepcopy(SUMMARY)
    sent["flow"] = {"buy_w": 12}  # the rest defaults
    api.put("/v1/devices/me/summary", json=sent, headers=dev["auth"])
    with session_scope(api.app.state.center.engine) as session:
        stored = json.loads(session.exec(select(HomeSummary)).one().payload)
    assert stored["flow"]["buy_w"] == 12.0 and stored["flow"]["sell_w"] is None


def test_new_terms_pause_the_summary_and_new_codes(tmp_path):
    with make_center(tmp_path) as api:
        dev = register(api)
        assert api.put("/v1/devices/me/summary", json=SUMMARY,
                       headers=dev["auth"]).status_code == 200
        docs = tmp_path / "documents" / "terms"
        (docs / "2027-04-01.ja.md").write_text("# 新規約\n\n本文\n", encoding="utf-8")
        (docs / "2027-04-01.en.md").write_text("# New terms\n\nBody\n", encoding="utf-8")
        for got in (api.put("/v1/devices/me/summary", json=SUMMARY, headers=dev["auth"]),
                    api.post("/v1/devices/me/remote-codes", headers=dev["auth"])):
            assert got.status_code == 409
            assert got.json()["error"]["code"] == "terms_not_accepted"


def test_the_phone_page_says_when_readings_stopped_or_nothing_came_yet(api, clock):
    api.base_url = "https://testserver"
    dev = register(api)
    code = _code(api, dev)["code"]
    assert _login(api, code).status_code == 200
    assert "パネルからの情報をまだ受け取っていません" in api.get("/r/panel").text
    stale = copy.deepcopy(SUMMARY)
    stale["flow"]["stale"] = True
    stale["cost_today_yen"] = None
    stale["notices"] = []
    api.put("/v1/devices/me/summary", json=stale, headers=dev["auth"])
    shown = api.get("/r/panel").text
    for text in ("パネルに計測値が届いていません", "料金プランが未設定です",
                 "新しいお知らせはありません", "最終更新：たった今"):
        assert text in shown, text


def test_housekeeping_sweeps_codes_nobody_used(api, clock):
    one, two = register(api), register(api)
    _code(api, one)
    clock.now += 5 * 60
    fresh = _code(api, two)
    clock.now += 6 * 60  # the first expired, the second has minutes left
    housekeep(api.app.state.center)
    with session_scope(api.app.state.center.engine) as session:
        left = session.exec(select(RemoteCode)).all()
    assert [c.device_id for c in left] == [two["device_id"]]
    assert _login(api, fresh["code"]).status_code == 200


def test_a_phone_that_looked_before_the_first_summary_gets_minute_pushes(api, clock):
    dev = register(api)
    phone = _phone(api, dev)
    clock.now += 11 * 60  # the code is long used; nothing pushed yet
    got = api.get(f"/v1/homes/{dev['device_id']}/summary", headers=_bearer(phone["token"]))
    assert got.json()["summary"] is None
    push = api.put("/v1/devices/me/summary", json=SUMMARY, headers=dev["auth"])
    assert push.json()["push_every_s"] == PUSH_WATCHED_S


def test_nothing_is_kept_unless_a_phone_can_see_the_home(api, clock):
    dev = register(api)

    def push() -> dict:
        got = api.put("/v1/devices/me/summary", json=SUMMARY, headers=dev["auth"])
        assert got.status_code == 200, got.text
        return got.json()

    def kept() -> int:
        with session_scope(api.app.state.center.engine) as session:
            return len(session.exec(select(HomeSummary)).all())

    assert push() == {"push_every_s": PUSH_IDLE_S, "stored": False} and kept() == 0
    one, two = _phone(api, dev), _phone(api, dev)
    assert push()["stored"] is True and kept() == 1
    assert api.delete(f"/v1/devices/me/remote-tokens/{one['token_id']}",
                      headers=dev["auth"]).status_code == 204
    assert kept() == 1  # another phone still sees the home
    api.cookies.set(REMOTE_COOKIE, two["token"])
    assert api.delete(f"/v1/homes/{dev['device_id']}/session").status_code == 204
    assert kept() == 0  # the last phone logged out: the summary went with it
    assert push()["stored"] is False and kept() == 0
