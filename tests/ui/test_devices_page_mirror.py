"""The devices page says how the AiSEG2 mirror is doing, in the household's words."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

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
