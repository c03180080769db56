"""The phone page in a real browser: Debian's Chromium driven by Playwright, at 390×844
in Japanese, against a real center server (uvicorn on 127.0.0.1 in a thread).

Open the panel's link, log in with its code, see the pushed values, see a new push on
refresh (the button, and the 30-second timer on Playwright's clock), log out and be
asked for a code again; a phone the panel revoked is sent back to the login.

Chromium missing fails the test (CI installs it: packaging/system-deps.sh); set
HEMS_TEST_SKIP_BROWSER=1 to skip it on a machine without one. Never `playwright install`:
the browser is the distribution's (HEMS_TEST_CHROMIUM names another binary).
"""

from __future__ import annotations

import copy
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from server.app import create_app
from server.config import RESOURCES_DIR, make_settings
from server.main import listen_socket, uvicorn_config
from tests.server.conftest import reg_body

SKIP_ENV = "HEMS_TEST_SKIP_BROWSER"
CHROMIUM_ENV = "HEMS_TEST_CHROMIUM"
SHOTS = Path("/tmp/remote21-shots")
PHONE = {"width": 390, "height": 844}
WAIT_MS = 15_000  # every wait on the page is bounded

SUMMARY = {
    "taken_at": "2026-12-05T18:00:00+09:00",
    "flow": {"buy_w": 1240.0, "sell_w": 0.0, "generation_w": 0.0, "consumption_w": 1740.0,
             "battery_charge_w": 0.0, "battery_discharge_w": 500.0, "battery_soc_pct": 64.0,
             "ev_w": 0.0, "stale": False},
    "today": {"bought_kwh": 6.4, "sold_kwh": 3.1, "generated_kwh": 11.2, "used_kwh": 14.5},
    "cost_today_yen": 217.4,
    "notices": [{"title": {"ja": "大雨警報 — 世田谷区", "en": "Heavy rain warning — Setagaya"},
                 "importance": "important"},
                {"title": {"ja": "バックアップに失敗しました", "en": "Backup failed"},
                 "importance": "normal"}],
    "device_count": 4,
}


def chromium_path() -> str:
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: the phone page's browser test is skipped")
    path = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is missing: install Debian's `chromium` (sh "
                    f"packaging/system-deps.sh does) or set {SKIP_ENV}=1 to skip",
                    pytrace=False)
    return path


class Center:
    """A center server on 127.0.0.1 in a thread of this process (SQLite)."""

    def __init__(self, tmp_path: Path) -> None:
        import uvicorn

        docs = tmp_path / "documents"
        shutil.copytree(RESOURCES_DIR / "documents", docs)
        settings = make_settings(tmp_path / "data", documents_dir=docs)
        self._ready = threading.Event()
        self._socket = listen_socket("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._server = uvicorn.Server(uvicorn_config(create_app(settings,
                                                                on_ready=self._ready.set),
                                                     "warning"))
        self._thread = threading.Thread(target=self._server.run,
                                        kwargs={"sockets": [self._socket]}, name="center")
        self._thread.start()
        if not self._ready.wait(30):
            self.stop()
            raise RuntimeError("the center server did not start within 30 s")
        self.http = requests.Session()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(30)
        self._socket.close()
        if hasattr(self, "http"):
            self.http.close()
        assert not self._thread.is_alive(), "the center server did not stop within 30 s"

    # The panel's side, as app/cloud speaks it.
    def register(self) -> dict:
        got = self.http.post(f"{self.url}/v1/devices", json=reg_body())
        assert got.status_code == 201, got.text
        return {"Authorization": f"Bearer {got.json()['token']}"}

    def push(self, panel: dict, summary: dict) -> None:
        got = self.http.put(f"{self.url}/v1/devices/me/summary", json=summary, headers=panel)
        assert got.status_code == 200, got.text

    def code(self, panel: dict) -> dict:
        got = self.http.post(f"{self.url}/v1/devices/me/remote-codes", headers=panel)
        assert got.status_code == 201, got.text
        return got.json()

    def phones(self, panel: dict) -> list[dict]:
        return self.http.get(f"{self.url}/v1/devices/me/remote-tokens",
                             headers=panel).json()["tokens"]

    def revoke(self, panel: dict, token_id: str) -> None:
        got = self.http.delete(f"{self.url}/v1/devices/me/remote-tokens/{token_id}",
                               headers=panel)
        assert got.status_code == 204


@pytest.fixture
def center(tmp_path) -> Iterator[Center]:
    server = Center(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def browser() -> Iterator:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True,
            # As root (containers, CI) Chromium refuses to start sandboxed.
            args=["--no-sandbox"] if os.geteuid() == 0 else [])
        try:
            yield launched
        finally:
            launched.close()


def _phone(browser, locale: str = "ja-JP"):
    return browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                               has_touch=True, locale=locale)


def _set_hidden(page, hidden: bool) -> None:
    """What the browser does when the phone switches apps (document.hidden and the
    event), for a headless page that is never really hidden."""
    page.evaluate("""hidden => {
        Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
        document.dispatchEvent(new Event("visibilitychange"));
    }""", hidden)


def _view_text(page) -> str:
    return page.locator("#view").inner_text(timeout=WAIT_MS)


def test_log_in_with_the_link_see_pushes_log_out(browser, center):
    from playwright.sync_api import expect

    panel = center.register()
    link = center.code(panel)  # a phone is coming: the server keeps the summary
    center.push(panel, SUMMARY)
    context = _phone(browser)
    try:
        page = context.new_page()
        page.clock.install()  # the page's 30-second timer runs on the test's word
        page.goto(link["url"])
        code = page.locator("#code")
        expect(code).to_have_value(link["code"], timeout=WAIT_MS)  # filled from the link
        expect(page.locator("button[type=submit]")).to_have_text("ログイン")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "phone-login-ja.png"))

        page.locator("button[type=submit]").tap()
        expect(page.locator("#view")).to_be_visible(timeout=WAIT_MS)
        assert page.url == f"{center.url}/r"  # the code is gone from the address bar
        text = _view_text(page)
        for shown in ("買電", "1.24 kW", "発電", "消費", "1.74 kW", "64%", "放電 500 W",
                      "14.5 kWh", "11.2 kWh", "6.4 kWh", "3.1 kWh", "217円",
                      "大雨警報 — 世田谷区", "重要", "バックアップに失敗しました", "4台",
                      "最終更新：たった今"):
            assert shown in text, shown
        # Nothing is wider than the phone (no sideways scrolling).
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(SHOTS / "phone-home-ja.png"), full_page=True)
        (phone,) = center.phones(panel)
        assert "Chrome" in phone["label"]

        # The link tapped again in a messaging app (another site): the SameSite=Strict
        # cookie does not come with that navigation, yet the page finds the session.
        page.route("https://messages.example/", lambda route: route.fulfill(
            content_type="text/html",
            body=f'<a id="link" href="{link["url"]}">HEMS</a>'))
        page.goto("https://messages.example/")
        page.locator("#link").tap()
        expect(page.locator("#view")).to_contain_text("1.24 kW", timeout=WAIT_MS)
        assert page.url == f"{center.url}/r"
        assert len(center.phones(panel)) == 1  # no second login

        # A new push, shown on the refresh button...
        second = copy.deepcopy(SUMMARY)
        second["flow"].update(buy_w=0.0, sell_w=2480.0, generation_w=4200.0)
        second["cost_today_yen"] = 301.0
        center.push(panel, second)
        page.locator("#refresh").tap()
        expect(page.locator("#view")).to_contain_text("2.48 kW", timeout=WAIT_MS)
        assert "売電" in _view_text(page) and "301円" in _view_text(page)
        # ...and by the page's own timer, 30 s later.
        third = copy.deepcopy(second)
        third["cost_today_yen"] = 350.0
        center.push(panel, third)
        page.clock.run_for(29_000)
        assert "350円" not in _view_text(page)
        page.clock.run_for(1_500)
        expect(page.locator("#cost")).to_have_text("350円", timeout=WAIT_MS)

        # Hidden (the phone shows another app): no refreshes at all; shown again: one at
        # once, and the timer runs again.
        asked = []
        page.on("request", lambda request: asked.append(request.url)
                if request.url.endswith("/r/panel") else None)
        _set_hidden(page, True)
        fourth = copy.deepcopy(third)
        fourth["cost_today_yen"] = 400.0
        center.push(panel, fourth)
        page.clock.run_for(5 * 60_000)
        page.evaluate("1")  # a round trip: requests the timers made have been reported
        assert asked == [] and "350円" in _view_text(page)
        _set_hidden(page, False)
        expect(page.locator("#cost")).to_have_text("400円", timeout=WAIT_MS)
        assert len(asked) == 1

        # Log out: asked for a code again, and the token is dead on the server.
        page.locator("#logout").tap()
        expect(page.locator("#code")).to_be_visible(timeout=WAIT_MS)
        expect(page.locator("#code")).to_have_value("")
        assert center.phones(panel) == []
        assert page.request.get(f"{center.url}/r/panel").status == 401
    finally:
        context.close()


def test_a_phone_the_panel_revoked_goes_back_to_the_login(browser, center):
    from playwright.sync_api import expect

    panel = center.register()
    code = center.code(panel)["code"]
    center.push(panel, SUMMARY)
    context = _phone(browser)
    try:
        page = context.new_page()
        page.clock.install()
        page.goto(f"{center.url}/r")
        field = page.locator("#code")
        expect(field).to_have_value("", timeout=WAIT_MS)
        field.fill("ABCD-EFGH")  # a wrong code first
        page.locator("button[type=submit]").tap()
        expect(page.locator("#message")).to_contain_text("コードが正しくないか",
                                                         timeout=WAIT_MS)
        field.fill(code.lower())  # typed as it comes
        page.locator("button[type=submit]").tap()
        expect(page.locator("#view")).to_contain_text("1.24 kW", timeout=WAIT_MS)
        (phone,) = center.phones(panel)
        center.revoke(panel, phone["id"])  # on the panel
        page.clock.run_for(30_500)  # the next refresh is refused: back to the login
        expect(page.locator("#code")).to_be_visible(timeout=WAIT_MS)
        assert page.locator("#view").count() == 0
    finally:
        context.close()


def test_english_when_the_browser_prefers_it(browser, center):
    from playwright.sync_api import expect

    panel = center.register()
    link = center.code(panel)
    center.push(panel, SUMMARY)
    context = _phone(browser, locale="en-US")
    try:
        page = context.new_page()
        page.goto(link["url"])
        expect(page.locator("button[type=submit]")).to_have_text("Log in", timeout=WAIT_MS)
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator("button[type=submit]").tap()
        expect(page.locator("#cost")).to_have_text("¥217", timeout=WAIT_MS)
        text = _view_text(page)
        for shown in ("Buying", "1.24 kW", "Heavy rain warning — Setagaya", "Important",
                      "Updated just now"):
            assert shown in text, shown
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "phone-home-en.png"), full_page=True)
    finally:
        context.close()
