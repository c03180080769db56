"""Commissioning by touch: channels named from the list, placed, flipped, facts (the PV
array's too) answered, saved and read back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.domain.circuits import CircuitKind, CircuitRole, CircuitSpec
from app.domain.commissioning import BoardLive, GridMeter
from app.store import open_store
from app.store.home_setup import home_facts
from app.ui.formatting import format_power
from app.ui.pages.commissioning_page import TILT_UNKNOWN, TYPE_A_NAME
from tests.ui.password_helpers import enter_password
from tests.ui.touch_helpers import tap as _tap

LEFT = Qt.MouseButton.LeftButton
BOARD = BoardLive("127.0.0.2", {1: 1234.0, 2: 35.0, 3: None, 4: 0.0})


def _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path: Path, language="ja"):
    services = make_services(boards=lambda: (BOARD,), data_dir=tmp_path / "home",
                             language=language)
    switcher_for(services)
    kiosk = open_kiosk(services)
    kiosk.view.go("commissioning")
    page = kiosk.view.page("commissioning")
    qtbot.waitUntil(lambda: len(page.rows) == 4
                    and all(row.isVisible() for row in page.rows.values()), timeout=10_000)
    return kiosk, page


def _pick(qtbot, page, button, value) -> None:
    _tap(qtbot, button)
    _tap(qtbot, page.dialog.buttons[value])


def test_an_empty_home_is_set_up_by_touch_and_saved(qtbot, open_kiosk, make_services,
                                                    switcher_for, tmp_path):
    _kiosk, page = _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path)
    rows = page.rows
    assert rows[1].power.text().replace(" ", "") == "1,234W"  # live, to tell channels apart
    assert rows[3].power.text() == format_power(None)  # no data: never shown as 0 W
    assert rows[1].name_button.text() == "未使用" and not rows[1].place_button.isVisible()
    assert "4" in page.summary.text() and not page.save_button.isEnabled()

    _pick(qtbot, page, rows[1].name_button, "キッチン")
    _pick(qtbot, page, rows[2].name_button, "エコキュート")
    _tap(qtbot, rows[2].sign_button)  # its clamp was fitted backwards
    _pick(qtbot, page, rows[4].name_button, "洗面所")
    _pick(qtbot, page, rows[4].place_button, CircuitSpec(CircuitKind.BRANCH, 7, ""))
    assert rows[1].place_button.text() == "分1" and rows[2].place_button.text() == "特1"
    assert rows[4].place_button.text() == "分7" and rows[2].sign_button.text() == "逆向き"
    _pick(qtbot, page, page.feed_in_button, False)
    _pick(qtbot, page, page.ev_button, True)
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.services.commissioning.saved, timeout=10_000) as saved:
        _tap(qtbot, page.save_button)
        enter_password(qtbot, page)
    assert saved.args == [True]
    assert "保存しました" in page.status.text()

    store = open_store(tmp_path / "home", "Asia/Tokyo")
    try:
        circuits = {c.key: c for c in store.circuits()}
        facts = home_facts(store)
    finally:
        store.close()
    assert set(circuits) == {"main1", "main2", "br1", "sp1", "br7"}
    assert circuits["br1"] == CircuitSpec(CircuitKind.BRANCH, 1, "キッチン", channel=1)
    assert circuits["sp1"] == CircuitSpec(CircuitKind.SPECIAL, 1, "エコキュート", channel=2,
                                          role=CircuitRole.WATER_HEATER, reversed=True)
    assert circuits["br7"].channel == 4 and circuits["br7"].name == "洗面所"
    assert facts.grid_meter is GridMeter.BOARD_MAIN  # proposed: no smart meter answers
    assert facts.pv_full_feed_in is False and facts.ev_solar_charging is True


def test_a_channel_taken_off_its_circuit_and_two_on_one_place_are_refused(
        qtbot, open_kiosk, make_services, switcher_for, tmp_path):
    _kiosk, page = _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path)
    rows = page.rows
    _pick(qtbot, page, rows[1].name_button, "キッチン")
    _pick(qtbot, page, rows[2].name_button, "トイレ")
    assert rows[2].place_button.text() == "分2"
    # 分1 is not offered for channel 2: it is taken by channel 1.
    _tap(qtbot, rows[2].place_button)
    offered = {spec.key for spec in page.dialog.buttons}
    assert "br1" not in offered and "br2" in offered
    page.dialog.reject()
    _pick(qtbot, page, rows[1].name_button, "")  # not used any more
    assert rows[1].name_button.text() == "未使用"
    assert [c.key for c in page.circuits if c.channel is not None] == ["br2"]


def test_the_page_reads_in_english(qtbot, open_kiosk, make_services, switcher_for, tmp_path):
    _kiosk, page = _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path, "en")
    _pick(qtbot, page, page.rows[1].name_button, "キッチン")
    assert page.rows[1].name_button.text() == "Kitchen"
    assert page.rows[1].place_button.text() == "Branch 1"
    assert page.grid_button.text() == "Grid: the board's main line"  # no smart meter found


def test_a_board_in_trouble_is_said_so_and_nothing_set_up_is_lost(
        qtbot, open_kiosk, make_services, switcher_for, tmp_path):
    boards = [BOARD]
    services = make_services(boards=lambda: tuple(boards), data_dir=tmp_path / "home",
                             refresh_ms=200)
    switcher_for(services)
    kiosk = open_kiosk(services)
    kiosk.view.go("commissioning")
    page = kiosk.view.page("commissioning")
    qtbot.waitUntil(lambda: len(page.rows) == 4
                    and all(row.isVisible() for row in page.rows.values()), timeout=10_000)
    _pick(qtbot, page, page.rows[1].name_button, "キッチン")

    # Gone quiet: its last watts are not shown as current; the edit is kept.
    boards[0] = BoardLive(BOARD.address, BOARD.channels, answering=False)
    qtbot.waitUntil(lambda: "応答していません" in page.summary.text(), timeout=5_000)
    assert page.rows[1].power.text() == format_power(None)
    assert page.rows[1].name_button.text() == "キッチン" and page.save_button.isEnabled()

    # Another controller moved the range: channels not read are named; a second board.
    boards[:] = [BoardLive(BOARD.address, {1: 100.0, 2: 5.0}, missing=(3, 4)),
                 BoardLive("127.0.0.9", {1: 1.0})]
    qtbot.waitUntil(lambda: "3, 4" in page.summary.text(), timeout=5_000)
    assert "2" in page.summary.text() and "最初の分電盤" in page.summary.text()
    assert page.rows[1].power.text().replace(" ", "") == "100W"

    boards[:] = [BoardLive(BOARD.address, {})]  # answers, but measures nothing
    qtbot.waitUntil(lambda: "計測チャンネルがありません" in page.summary.text(), timeout=5_000)


def test_a_name_the_list_does_not_have_is_typed_on_the_kana_keyboard(
        qtbot, open_kiosk, make_services, switcher_for, tmp_path):
    _kiosk, page = _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path)
    _pick(qtbot, page, page.rows[3].name_button, TYPE_A_NAME)
    dialog = page.dialog
    keyboard = dialog.keypad
    for key in ("も", "の", "お", "き"):  # ものおき (物置): kana, no kanji needed
        _tap(qtbot, keyboard.key(key))
    _tap(qtbot, dialog.ok_button)
    assert page.rows[3].name_button.text() == "ものおき"
    assert page.rows[3].place_button.text() == "分1"
    _pick(qtbot, page, page.rows[3].name_button, TYPE_A_NAME)
    assert page.dialog.field.text() == "ものおき"  # the typed name is offered for editing
    _tap(qtbot, page.dialog.ok_button)


def _type_on_keypad(qtbot, dialog, text: str) -> None:
    keys = {b.text(): b for b in dialog.keypad._numeric_box.findChildren(QPushButton)}
    for char in text:
        _tap(qtbot, keys[char])


def test_the_pv_array_is_answered_by_touch_saved_and_shown_again(
        qtbot, open_kiosk, make_services, switcher_for, tmp_path):
    _kiosk, page = _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path)
    assert page.pv_capacity_button.text() == "太陽光容量：未設定"
    assert page.summary.text().endswith("太陽光：容量未設定・30°・南")
    # The rating on the keypad: out of bounds is refused in words, and kept open.
    _tap(qtbot, page.pv_capacity_button)
    dialog = page.dialog
    _type_on_keypad(qtbot, dialog, "60")
    _tap(qtbot, dialog.keypad._ok_keys[0])
    assert dialog.isVisible() and "0.5" in dialog.error_label.text() \
        and "50" in dialog.error_label.text()
    dialog.field.clear()
    _type_on_keypad(qtbot, dialog, "5.5")
    _tap(qtbot, dialog.keypad._ok_keys[0])
    assert not dialog.isVisible() and page.pv_capacity_button.text() == "太陽光容量：5.5kW"
    _pick(qtbot, page, page.pv_tilt_button, 20.0)
    _pick(qtbot, page, page.pv_facing_button, 135.0)
    assert page.pv_tilt_button.text() == "パネル傾斜：20°"
    assert page.pv_facing_button.text() == "パネルの向き：南東"
    assert page.summary.text().endswith("太陽光：5.5kW・20°・南東")
    assert page.save_button.isEnabled()  # the facts alone are worth saving
    with qtbot.waitSignal(page.services.commissioning.saved, timeout=10_000):
        _tap(qtbot, page.save_button)
        enter_password(qtbot, page)

    with open_store(tmp_path / "home", "Asia/Tokyo") as store:
        facts = home_facts(store)
    assert (facts.pv_capacity_w, facts.pv_tilt_deg, facts.pv_azimuth_deg) == (5500.0, 20.0,
                                                                             135.0)
    # Another panel start on the same data: the answers are read back from the store.
    _kiosk2, again = _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path)
    qtbot.waitUntil(lambda: again.snapshot is not None, timeout=10_000)
    assert again.pv_capacity_button.text() == "太陽光容量：5.5kW"
    assert again.summary.text().endswith("太陽光：5.5kW・20°・南東")
    _tap(qtbot, again.pv_capacity_button)
    assert again.dialog.field.text() == "5.5"  # offered for editing, in kW
    again.dialog.reject()


def test_pv_answers_not_known_fall_back_to_what_the_forecast_can_learn(
        qtbot, open_kiosk, make_services, switcher_for, tmp_path):
    _kiosk, page = _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path)
    _tap(qtbot, page.pv_capacity_button)
    _type_on_keypad(qtbot, page.dialog, "4.95")
    _tap(qtbot, page.dialog.keypad._ok_keys[0])
    _pick(qtbot, page, page.pv_tilt_button, 0.0)
    assert page.facts.pv_capacity_w == 4950.0 and page.facts.pv_tilt_deg == 0.0
    # "Don't know": the rating is taken back (the measured generation stands in), the
    # tilt becomes the usual roof's.
    _tap(qtbot, page.pv_capacity_button)
    assert page.dialog.field.text() == "4.95"
    _tap(qtbot, page.dialog.clear_button)
    _pick(qtbot, page, page.pv_tilt_button, TILT_UNKNOWN)
    assert page.facts.pv_capacity_w is None and page.facts.pv_tilt_deg == 30.0
    assert page.pv_capacity_button.text() == "太陽光容量：未設定"
    # The facings offered run east to west through south; the choice shows the current.
    _tap(qtbot, page.pv_facing_button)
    offered = [button.text() for button in page.dialog.buttons.values()]
    assert offered == ["東", "東南東", "南東", "南南東", "南", "南南西", "南西", "西南西", "西"]
    assert page.dialog.buttons[180.0].isChecked()
    page.dialog.reject()


def test_the_pv_questions_read_in_english(qtbot, open_kiosk, make_services, switcher_for,
                                          tmp_path):
    _kiosk, page = _open(qtbot, open_kiosk, make_services, switcher_for, tmp_path, "en")
    _tap(qtbot, page.pv_capacity_button)
    _type_on_keypad(qtbot, page.dialog, "10")
    _tap(qtbot, page.dialog.keypad._ok_keys[0])
    _pick(qtbot, page, page.pv_facing_button, 247.5)
    assert page.pv_capacity_button.text() == "Solar rating: 10 kW"
    assert page.summary.text().endswith("Solar: 10 kW · 30° · West-southwest")
