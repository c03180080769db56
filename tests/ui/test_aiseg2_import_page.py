"""AiSEG2から引き継ぐ, used by tapping: from Settings, read the inserted card, confirm a doubtful
circuit, import, read the report; the imported day is then in the store's rollups."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.circuits import CircuitKind, CircuitSpec
from app.services.export_target import EXPORT_DIR_ENV
from app.store import open_store
from tests import aiseg2_cards as cards
from tests.ui.password_helpers import enter_password
from tests.ui.touch_helpers import tap

TZ = "Asia/Tokyo"
NAMES = {9: "ｷｯﾁﾝ", 10: "玄関"}
ROW = {"主幹買電": 100, "使用電力量": 100, "slot 9": 40, "slot 10": 10}
DAY = date(2026, 4, 12)


def test_import_a_card_by_tapping(qtbot, make_services, switcher_for, open_kiosk,
                                  tmp_path: Path, monkeypatch) -> None:
    data, card = tmp_path / "data", tmp_path / "card"
    with open_store(data, TZ) as store:
        store.save_circuits([CircuitSpec(CircuitKind.BRANCH, 1, "キッチン"),
                             CircuitSpec(CircuitKind.BRANCH, 5, "玄関ホール照明")])
    cards.half_hour_file(card, DAY, NAMES, ROW, encoding="cp932")
    truncated = cards.half_hour_file(card, DAY + timedelta(days=1), NAMES, ROW)
    truncated.write_bytes(truncated.read_bytes()[:-20])
    monkeypatch.setenv(EXPORT_DIR_ENV, str(card))  # the inserted card, as the kiosk finds it

    services = make_services(data_dir=data)
    switcher_for(services)
    kiosk = open_kiosk(services)
    kiosk.view.go("settings")
    settings = kiosk.view.page("settings")
    tap(qtbot, settings.aiseg2_button)
    qtbot.waitUntil(lambda: kiosk.view.navigator.current_id == "aiseg2_import")
    page = kiosk.view.page("aiseg2_import")

    with qtbot.waitSignal(services.aiseg2_import.card_read, timeout=20_000):
        tap(qtbot, page.choose_button)
    assert "30minhistory_rc_20260413.csv:49" in page.problems_label.text()
    assert page.target_buttons[9].text() == "br1 キッチン"
    assert page.target_buttons[10].text() == "玄関ホール照明？ タップして確認"
    assert page.unconfirmed() == [10]

    tap(qtbot, page.target_buttons[10])
    tap(qtbot, page.dialog.buttons["br5"])
    assert page.target_buttons[10].text() == "br5 玄関ホール照明" and page.unconfirmed() == []

    tap(qtbot, page.import_button)
    assert services.aiseg2_import is not None and not services.aiseg2_import.busy
    with qtbot.waitSignal(services.aiseg2_import.finished, timeout=20_000):
        enter_password(qtbot, page)  # the kiosk asks before changing the home's data
    assert "30分値 380 件" in page.report_label.text()  # 48 + 47 slots of 4 series
    assert not page.progress.isVisible() and not page.import_button.isEnabled()

    with open_store(data, TZ) as store:
        start = datetime(DAY.year, DAY.month, DAY.day, tzinfo=ZoneInfo(TZ))
        frame = store.rollup(["circuit.br5"], "day", start, start + timedelta(days=1))
        assert frame.values["circuit.br5"][0] == 480.0


def test_the_desktop_chooses_the_folder_in_a_dialog(qtbot, make_services, switcher_for,
                                                     tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from app.ui.pages.aiseg2_import_page import Aiseg2ImportPage

    card = tmp_path / "card"
    cards.half_hour_file(card, DAY, NAMES, ROW)
    services = make_services(data_dir=tmp_path / "data")
    switcher_for(services)
    page = Aiseg2ImportPage(services)
    qtbot.addWidget(page)
    page.show()
    tap(qtbot, page.choose_button)
    dialog = page.dialog
    assert isinstance(dialog, QFileDialog)
    assert dialog.fileMode() is QFileDialog.FileMode.Directory
    with qtbot.waitSignal(services.aiseg2_import.card_read, timeout=20_000):
        dialog.fileSelected.emit(str(card))
    dialog.reject()
    assert page.folder_label.text() == str(card)
    assert page.import_button.isEnabled()
    # nothing commissioned on this panel: every circuit waits for the installer
    assert [page.target_buttons[n].text() for n in (9, 10)] == ["取り込まない"] * 2
