"""Settings → View on a smartphone, by touch, against a real center server: a login code
with its QR code (password first on the kiosk), the phone that logged in with it listed,
revoked after a confirmation; clear words when the panel is not registered."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import requests

from app.services.cloud_wiring import build_remote_view, follow_remote_view
from app.store import open_store
from app.ui.dialogs.confirm_dialog import ConfirmDialog
from app.ui.widgets.qr_code import qr_matrix
from tests.cloud.conftest import FAST, center  # noqa: F401 (fixture)
from tests.ui.conftest import HISTORY_NOW
from tests.ui.password_helpers import enter_password
from tests.ui.test_registration_page import registered
from tests.ui.test_registration_wizard import cloud_services  # noqa: F401 (fixture)
from tests.ui.touch_helpers import scroll_to, tap

ZONE = "Asia/Tokyo"
SHOTS = Path("/tmp/remote21-shots")


@pytest.fixture
def remote_services(qtbot, cloud_services, history_dir):  # noqa: F811
    made = []

    def make(url: str, language: str = "ja", register: bool = True):
        base = cloud_services(url, language=language)
        if register:
            registered(base)
            with qtbot.waitSignal(base.cloud.state_changed, timeout=20_000):
                base.cloud.refresh()  # the cloud service reads the registration again
            assert base.cloud.state.sending_allowed
        data = base.cloud._tokens.data_dir
        # The panel started two minutes ago (its start-up grace is over: a summary goes).
        clock = [HISTORY_NOW - 120]
        remote = build_remote_view(url, data, lambda: open_store(history_dir, ZONE),
                                   lambda: clock[0], 3.0, ZONE, retry=FAST)
        clock[0] = HISTORY_NOW
        made.append(remote)
        return dataclasses.replace(base, remote_view=remote)

    yield make
    for remote in made:
        remote.shutdown()


def open_page(qtbot, window):
    window.view.go("settings")
    settings = window.view.page("settings")
    assert settings.remote_heading.text() == "スマートフォンで見る"
    tap(qtbot, settings.remote_button)
    assert window.view.navigator.current_id == "remote_view"
    return window.view.page("remote_view")


def test_a_code_by_touch_then_the_phone_listed_and_revoked(qtbot, open_kiosk, remote_services,
                                                          switcher_for, center):  # noqa: F811
    services = remote_services(center.url)
    remote = services.remote_view
    switcher_for(services)
    window = open_kiosk(services)
    with qtbot.waitSignal(remote.status_changed, timeout=20_000):
        follow_remote_view(services.cloud, remote)
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.tokens == (), timeout=20_000)
    assert page.phones_note.text() == "ありません。家の様子を見られるスマートフォンはありません。"
    assert page.status_label.text() == ("家の様子を見られるスマートフォンがないため、"
                                        "サービスには何も送信していません。")

    tap(qtbot, page.code_button)
    enter_password(qtbot, page)  # a code lets someone see the home: the password first
    qtbot.waitUntil(page.code_box.isVisible, timeout=20_000)
    code = page.code_label.text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert page.qr.text == f"{center.url}/r?code={code}"
    assert page.qr.matrix == qr_matrix(page.qr.text) and len(page.qr.matrix) >= 21
    assert page.expiry_label.text().endswith("まで有効（1台のみ）")
    address, note = page.url_label.text().split("\n")
    assert address == f"{center.url}/r" and "スマートフォンからは接続できません" in note
    qtbot.waitUntil(lambda: "1分ごと" in page.status_label.text(), timeout=20_000)
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "panel-remote-view-ja.png"))
    services.preferences.set_language("en")  # every word has its English
    qtbot.waitUntil(lambda: page.code_button.text() == "Show a login code")
    assert page.expiry_label.text().startswith("Valid until ")
    window.grab().save(str(SHOTS / "panel-remote-view-en.png"))
    services.preferences.set_language("ja")
    qtbot.waitUntil(lambda: page.code_button.text() == "ログインコードを表示")

    phone = requests.Session()
    try:
        login = phone.post(f"{center.url}/v1/remote/login",
                           json={"code": code, "label": "Pixel 9"})
        assert login.status_code == 200
        home = f"{center.url}/v1/homes/{login.json()['home_id']}/summary"
        assert phone.get(home).json()["summary"]["device_count"] >= 0
        with qtbot.waitSignal(remote.tokens_ready, timeout=20_000):
            remote.push_now()  # the next push reads the list again while the page shows
        qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=20_000)
        row = page.rows[0]
        assert row.name.text() == "Pixel 9" and "ログイン" in row.detail.text()
        assert not page.code_box.isVisible()  # the code was used up
        scroll_to(qtbot, row)
        window.grab().save(str(SHOTS / "panel-remote-view-phone-ja.png"))

        tap(qtbot, row.revoke_button)
        confirm = page.dialog
        assert isinstance(confirm, ConfirmDialog)
        assert "Pixel 9" in confirm.message_label.text()
        tap(qtbot, confirm.confirm_button)
        enter_password(qtbot, page)
        qtbot.waitUntil(lambda: page.rows == [] and page.tokens == (), timeout=20_000)
        assert phone.get(home).status_code == 401
    finally:
        phone.close()


def test_unregistered_says_what_to_do_and_offers_no_code(qtbot, open_kiosk, remote_services,
                                                        switcher_for, center):  # noqa: F811
    services = remote_services(center.url, register=False)
    switcher_for(services)
    window = open_kiosk(services)
    follow_remote_view(services.cloud, services.remote_view)
    page = open_page(qtbot, window)
    assert not page.code_button.isEnabled()
    assert page.problem_label.isVisible()
    assert page.problem_label.text() == ("先にパネルをサービスに登録してください"
                                         "（設定 → サーバー登録）。")
    assert page.status_label.text() == "パネルが登録されていないため、何も送信していません。"
    services.preferences.set_language("en")
    qtbot.waitUntil(lambda: page.code_button.text() == "Show a login code")
    assert page.problem_label.text().startswith("Register the panel with the service first")


def test_the_service_away_is_said_in_words(qtbot, open_kiosk, remote_services, switcher_for,
                                           center):  # noqa: F811
    services = remote_services(center.url)
    switcher_for(services)
    window = open_kiosk(services)
    page = open_page(qtbot, window)
    # The service goes away (the panel's client now points at a closed port).
    services.remote_view._connect = _dead_connect
    services.remote_view._client = None
    with qtbot.waitSignal(services.remote_view.failed, timeout=20_000,
                          check_params_cb=lambda operation, _problem: operation == "code"):
        tap(qtbot, page.code_button)
        enter_password(qtbot, page)
    assert page.problem_label.isVisible()
    assert page.problem_label.text().startswith("コードを表示できませんでした。")
    assert "ネットワーク接続を確かめて" in page.problem_label.text()
    assert not page.code_box.isVisible()
    assert page.code_button.isEnabled()  # try again


def _dead_connect(tokens):
    from app.cloud.client import CenterClient
    from tests.services.cloud_helpers import dead_url

    return CenterClient(dead_url(), tokens, retry=FAST)
