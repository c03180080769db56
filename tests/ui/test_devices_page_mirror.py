"""The devices page says how the AiSEG2 mirror is doing, in the household's words."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from app.domain.aiseg2_status import MirrorState, MirrorStatus
from app.services.mirror_status_service import MemoryMirrorStatus, MirrorStatusService
from app.ui.pages.devices_page import DevicesPage


def _at() -> float:
    """12:34 on the panel's local clock (the session's zone is set by then)."""
    return datetime(2026, 5, 20, 12, 34).timestamp()


def _page(qtbot, services, status: MirrorStatus | None):
    query = MemoryMirrorStatus(status)
    mirror = MirrorStatusService(query, refresh_ms=60_000)
    page = DevicesPage(replace(services, mirror=mirror))
    qtbot.addWidget(page)
    page.show()
    return page, mirror, query


def test_the_mirror_card_follows_the_status(qtbot, services, switcher) -> None:
    at = _at()
    status = MirrorStatus(MirrorState.CONNECTED, "192.168.0.216", at)
    page, mirror, query = _page(qtbot, services, status)
    try:
        card = page.mirror_card
        qtbot.waitUntil(card.isVisible)
        assert card.title.text() == "AiSEG2（192.168.0.216）"
        assert card.state.text() == "接続中" and card.detail.text() == "最終取得 12:34"
        query.status = replace(status, state=MirrorState.NOT_ANSWERING, retry_at=at + 120)
        mirror.refresh()
        qtbot.waitUntil(lambda: card.state.text() == "応答なし")
        assert card.detail.text() == "最終取得 12:34 · 12:36に再接続"
        query.status = replace(status, state=MirrorState.WRONG_PASSWORD, retry_at=None)
        mirror.refresh()
        qtbot.waitUntil(lambda: card.state.text() == "パスワードエラー")
        assert card.detail.text() == "最終取得 12:34 · パスワードを変更するまで接続しません"
        services.preferences.set_language("en")
        qtbot.waitUntil(lambda: card.state.text() == "Wrong password")
        assert card.detail.text() == ("Last reading 12:34 · not asked again until the "
                                      "password is changed")
    finally:
        page.hide()
        mirror.shutdown()


def test_no_mirror_no_card(qtbot, services) -> None:
    page, mirror, _query = _page(qtbot, services, None)
    try:
        qtbot.waitUntil(lambda: mirror.last_snapshot == ())
        assert not page.mirror_card.isVisible()
    finally:
        page.hide()
        mirror.shutdown()
    plain = DevicesPage(services)  # a panel without a mirror has no mirror service at all
    qtbot.addWidget(plain)
    assert not plain.mirror_card.isVisibleTo(plain)


def test_tapping_the_card_changes_the_login_in_three_steps(qtbot, services, switcher) -> None:
    saved: list[tuple[str, str, str]] = []
    status = MirrorStatus(MirrorState.WRONG_PASSWORD, "192.168.0.216", None)
    mirror = MirrorStatusService(MemoryMirrorStatus(status),
                                 save=lambda *login: saved.append(login), refresh_ms=60_000)
    page = DevicesPage(replace(services, mirror=mirror))
    qtbot.addWidget(page)
    page.show()
    try:
        qtbot.waitUntil(page.mirror_card.isVisible)
        qtbot.mouseClick(page.mirror_card, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
        steps = page.login_steps
        assert steps is not None and steps.dialog is not None
        host = steps.dialog
        assert host.field.text() == "192.168.0.216"  # the address it has, to correct
        host.field.clear()
        host.keypad.press("192.168.0")
        host.submit()
        assert host.error_label.text() == "192.168.0.216 のようにアドレスを入力してください。"
        host.keypad.press(".20")
        host.submit()
        qtbot.waitUntil(lambda: steps.dialog is not host)
        user = steps.dialog
        assert user.field.text() == "aiseg"
        user.submit()
        qtbot.waitUntil(lambda: steps.dialog is not user)
        password = steps.dialog
        assert password.field.echoMode() == QLineEdit.EchoMode.Password
        password.keypad.press("s3cret")
        password.submit()
        qtbot.waitUntil(lambda: page.login_saved is True)
        assert saved == [("192.168.0.20", "aiseg", "s3cret")]
        assert "保存しました" in page.summary.text()
    finally:
        page.hide()
        mirror.shutdown()


def test_the_demos_fake_aiseg2_has_no_login_to_change(qtbot, services) -> None:
    page, mirror, _query = _page(qtbot, services, MirrorStatus(MirrorState.CONNECTED, "x"))
    try:
        qtbot.waitUntil(page.mirror_card.isVisible)
        qtbot.mouseClick(page.mirror_card, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
        assert page.login_steps is None and page.dialog is None
    finally:
        page.hide()
        mirror.shutdown()
