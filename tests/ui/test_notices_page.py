"""The notices inbox: list, detail marks read, mark all read, filters, floods, language, banner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from app.cloud.client import _notice as parse_server_notice  # the one parser of the wire
from app.domain.notices import (
    Importance,
    LampState,
    Template,
    device_error_notice,
    home_notice,
    server_notice,
)
from app.ui.dialogs.notice_detail_dialog import NoticeDetailDialog
from app.ui.widgets.list_rows import ROW_ROLE
from tests.ui.conftest import HISTORY_NOW

HEATER = "127.0.0.9/026B01"


def _server(ident: str, importance: str = "normal", at: str = "2026-07-15T09:00:00+09:00"):
    n = parse_server_notice({
        "id": ident, "kind": "maintenance", "importance": importance, "published": at,
        "expires": None, "lamp_until": None,
        "title": {"ja": "メンテナンスのお知らせ", "en": "Maintenance notice"},
        "body": {"ja": "7月20日 2時から4時まで停止します。", "en": "Down 2:00-4:00 on 20 July."}})
    return server_notice(n.id, n.kind, n.importance, n.published, n.title, n.body)


@pytest.fixture
def en_kiosk(open_kiosk, make_services, switcher_for):
    services = make_services(language="en")
    switcher_for(services)
    return open_kiosk(services)


def _post_and_wait(qtbot, services, *notices, unread: int) -> None:
    services.notices.post_many(notices)
    qtbot.waitUntil(lambda: services.notices.unread == unread)


def _open(qtbot, window):
    window.view.go("notices")
    page = window.view.page("notices")
    qtbot.waitUntil(lambda: page.model.ready and not page.model.loading)
    return page


def _texts(page, row: int):
    return page.model.index(row).data(ROW_ROLE)


def _tap(qtbot, page, row: int) -> None:
    page.view.scrollTo(page.model.index(row))
    rect = page.view.visualRect(page.model.index(row))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_list_folds_repeats_and_a_tap_reads_a_notice(qtbot, en_kiosk):
    services = en_kiosk.services
    errors = [device_error_notice(HEATER, "", 0x001E, "repair", HISTORY_NOW - 600 + i)
              for i in range(50)]
    _post_and_wait(qtbot, services, _server("n-1", at="2026-07-15T09:00:00+09:00"), *errors,
                   unread=2)
    page = _open(qtbot, en_kiosk)
    assert page.model.rowCount() == 2
    error, server = _texts(page, 0), _texts(page, 1)
    assert error.main == "Error: Water heater"  # its kind: never its network address
    assert error.count == "×50" and error.badge == "! Important" and error.strong and error.dot
    assert server.main == "Maintenance notice" and server.count == ""
    assert server.top == "Wed 15 Jul 2026 09:00 · Service" and server.badge == "● Notice"
    assert "Unread: 2" in page.status.text()

    _tap(qtbot, page, 1)
    dialog = page.dialog
    assert isinstance(dialog, NoticeDetailDialog)
    assert dialog.title_label.text() == "Maintenance notice"
    assert dialog.body_label.text() == "Down 2:00-4:00 on 20 July."
    assert dialog.values["From"].text() == "Service"
    assert dialog.values["Shown until"].text() == "No end date"
    qtbot.waitUntil(lambda: services.notices.unread == 1)
    qtbot.waitUntil(lambda: not _texts(page, 1).strong)
    assert _texts(page, 0).strong  # the other one is still unread
    dialog.reject()

    _tap(qtbot, page, 0)
    assert page.dialog.body_label.text() == (
        "Water heater reports error 0x001E: Sensor fault. "
        "Needs repair: call the installer.")
    assert page.dialog.values["Times"].text().startswith("50 times, first ")
    qtbot.waitUntil(lambda: services.notices.unread == 0)
    qtbot.waitUntil(lambda: services.notices.lamp == LampState.OFF)
    assert not en_kiosk.view.footer.lamp.is_lit()


def test_mark_all_read_and_filter_by_source(qtbot, en_kiosk):
    services = en_kiosk.services
    home = home_notice(Template.BACKUP_FAILED, HISTORY_NOW - 60, {"reason": "offline"})
    _post_and_wait(qtbot, services, _server("n-1"), _server("n-2"), home, unread=3)
    page = _open(qtbot, en_kiosk)
    assert page.model.rowCount() == 3

    qtbot.mouseClick(page.filter_buttons["home"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.ready and page.model.rowCount() == 1)
    assert _texts(page, 0).main == "Backup failed"
    qtbot.mouseClick(page.filter_buttons["server"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.ready and page.model.rowCount() == 2)
    assert {_texts(page, r).main for r in range(2)} == {"Maintenance notice"}
    qtbot.mouseClick(page.filter_buttons["weather"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.ready and page.stack.currentWidget() is page.empty)
    assert page.empty.text().startswith("No notices.")

    qtbot.mouseClick(page.filter_buttons["all"], Qt.MouseButton.LeftButton)
    assert en_kiosk.view.footer.lamp.state == LampState.ON
    assert en_kiosk.view.footer.lamp.text() == "Notices 3"
    qtbot.mouseClick(page.mark_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: services.notices.unread == 0)
    qtbot.waitUntil(lambda: not any(_texts(page, r).strong for r in range(3)))
    assert en_kiosk.view.footer.lamp.state == LampState.OFF
    assert en_kiosk.view.footer.lamp.text() == "Notices"
    assert not page.mark_all_button.isEnabled()


def test_ten_thousand_notices_do_not_freeze_the_inbox(qtbot, en_kiosk):
    services = en_kiosk.services
    flood = [home_notice(Template.BACKUP_FAILED, HISTORY_NOW - i, {"reason": f"r{i}"},
                         fold=str(i)) for i in range(10_000)]
    services.notices.post_many(flood)
    qtbot.waitUntil(lambda: services.notices.unread == 10_000, timeout=30_000)
    page = _open(qtbot, en_kiosk)
    assert page.model.rowCount() == 200  # one page; the rest when scrolled to
    assert "Unread: 10,000" in page.status.text()
    assert en_kiosk.view.footer.lamp.text() == "Notices 10,000"
    page.view.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > 200)


def test_language_switch_rewords_notices(qtbot, kiosk, services):
    _post_and_wait(qtbot, services, _server("n-1"),
                   device_error_notice(HEATER, "", 0x03F1, "repair", HISTORY_NOW - 60), unread=2)
    page = _open(qtbot, kiosk)
    assert _texts(page, 1).main == "メンテナンスのお知らせ"
    assert _texts(page, 1).top.startswith("2026年7月15日(水) 09:00")
    assert _texts(page, 0).main == "エラー: 給湯器"
    services.preferences.set_language("en")
    qtbot.waitUntil(lambda: _texts(page, 1).main == "Maintenance notice")
    assert _texts(page, 0).main == "Error: Water heater"
    assert _texts(page, 1).top.startswith("Wed 15 Jul 2026 09:00")
    services.preferences.set_language("ja")
    qtbot.waitUntil(lambda: _texts(page, 1).main == "メンテナンスのお知らせ")


def test_banner_shows_an_important_notice_and_opens_it(qtbot, en_kiosk):
    services = en_kiosk.services
    home = en_kiosk.view.page("home")
    assert not home.banner.isVisible()
    _post_and_wait(qtbot, services, _server("n-1"), _server("urgent", "important"), unread=2)
    qtbot.waitUntil(lambda: home.banner.isVisible())
    assert home.banner.text.text() == "Maintenance notice"
    # It lies over the day's totals: the panel stays 800×480 and the flow stays whole.
    assert en_kiosk.size().toTuple() == (800, 480)
    assert en_kiosk.minimumSizeHint().height() <= 480
    assert home.banner.geometry() == home.totals.geometry()
    assert home.banner.notice.importance is Importance.IMPORTANT
    qtbot.mouseClick(home.banner, Qt.MouseButton.LeftButton, pos=QPoint(100, 20))
    assert en_kiosk.view.navigator.current_id == "notices"
    dialog = en_kiosk.view.page("notices").dialog
    assert isinstance(dialog, NoticeDetailDialog)
    assert dialog.notice.fold_key == "server:urgent"
    qtbot.waitUntil(lambda: services.notices.lamp == LampState.ON)  # one normal one left
    en_kiosk.view.go("home")
    qtbot.waitUntil(lambda: not home.banner.isVisible())


def test_banner_dismissed_stays_away_for_the_session(qtbot, en_kiosk):
    services = en_kiosk.services
    home = en_kiosk.view.page("home")
    _post_and_wait(qtbot, services, _server("urgent", "important"), unread=1)
    qtbot.waitUntil(lambda: home.banner.isVisible())
    qtbot.mouseClick(home.banner.close_button, Qt.MouseButton.LeftButton)
    assert not home.banner.isVisible()
    services.notices.refresh()  # the inbox re-read: still unread, still dismissed
    qtbot.waitSignal(services.notices.changed)
    qtbot.wait(50)
    assert not home.banner.isVisible()
    assert services.notices.lamp == LampState.BLINK  # the lamp still says so
