"""The devices page: reached from Settings, live/stale per device, names by touch."""

from PySide6.QtCore import QPoint, Qt

from app.ui.dialogs.device_name_dialog import DeviceNameDialog
from tests.ui.password_helpers import enter_password
from tests.ui.touch_helpers import tap


def _open_devices(qtbot, kiosk):
    kiosk.view.go("settings")
    settings = kiosk.view.page("settings")
    tap(qtbot, settings.devices_button)
    assert kiosk.view.navigator.current_id == "devices"
    page = kiosk.view.page("devices")
    qtbot.waitUntil(lambda: len([r for r in page.rows if r.isVisible()]) == 8)
    return page


def test_devices_page_lists_devices_and_says_which_are_quiet(qtbot, kiosk, services):
    page = _open_devices(qtbot, kiosk)
    texts = {row.entry.class_code: row for row in page.rows}
    assert texts[0x0287].title.text() == "分電盤"  # named as its kind: said once
    assert texts[0x0288].title.text() == "スマートメーター"
    assert texts[0x0279].title.text() == "太陽光発電"  # unnamed: the kind only
    assert texts[0x0279].status.text() == "応答あり"
    assert texts[0x027E].status.text().endswith("から応答なし")
    assert texts[0x027E].detail.text() == "駐車場"  # no address or class code on the panel
    assert "応答なし: 1" in page.summary.text()
    # The menu still shows where we are: Settings.
    assert kiosk.view.menu.tiles["settings"].isChecked()
    kiosk.view.navigator.back()
    assert kiosk.view.navigator.current_id == "settings"
    assert not services.devices._timer.isActive()  # a hidden page costs nothing


def test_tapping_a_device_names_it(qtbot, kiosk, services):
    page = _open_devices(qtbot, kiosk)
    pv = next(row for row in page.rows if row.entry.class_code == 0x0279)
    tap(qtbot, pv, QPoint(20, 20))
    enter_password(qtbot, page)
    dialog = page.dialog
    assert isinstance(dialog, DeviceNameDialog)
    dialog.name_field.setText("  屋根の太陽光  ")
    qtbot.mouseClick(dialog.location_field, Qt.MouseButton.LeftButton)  # places are offered
    garage = next(b for b in dialog.place_buttons if b.text() == "車庫")
    qtbot.mouseClick(garage, Qt.MouseButton.LeftButton)
    assert dialog.location_field.text() == "車庫"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pv.title.text() == "屋根の太陽光 (太陽光発電)")
    assert pv.detail.text() == "車庫"
    assert not page.save_failed


def test_the_installers_desktop_shows_addresses_and_codes(qtbot, services, switcher):
    from app.ui.shell.desktop_window import DesktopWindow

    window = DesktopWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.view.go("devices")
    page = window.view.page("devices")
    qtbot.waitUntil(lambda: bool(page.rows), timeout=10_000)
    ev = next(row for row in page.rows if row.entry.class_code == 0x027E)
    assert ev.detail.text() == "駐車場 · 127.0.0.7 · 027E01"


def _open_name_dialog(qtbot, kiosk, class_code: int):
    page = _open_devices(qtbot, kiosk)
    row = next(row for row in page.rows if row.entry.class_code == class_code)
    tap(qtbot, row, QPoint(20, 20))
    enter_password(qtbot, page)
    dialog = page.dialog
    assert isinstance(dialog, DeviceNameDialog)
    with qtbot.waitExposed(dialog):
        pass  # already shown: waits on leaving until it is on the screen
    return page, row, dialog


def _tap(qtbot, button) -> None:
    assert button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_name_is_picked_from_places_and_common_names_by_touch(qtbot, kiosk, services):
    _page, row, dialog = _open_name_dialog(qtbot, kiosk, 0x0279)
    assert dialog.keyboard is not None and dialog.pages.currentIndex() == 0  # lists first
    assert dialog.name_buttons[0].text() == "太陽光発電"  # its own kind first
    _tap(qtbot, dialog.location_field)  # the place: the lists offer places
    assert dialog.target is dialog.location_field
    _tap(qtbot, next(b for b in dialog.place_buttons if b.text() == "リビング"))
    assert dialog.location_field.text() == "リビング"
    _tap(qtbot, dialog.name_field)  # the name: the place can start it
    assert dialog.prefix_button.text() == "リビングの"
    _tap(qtbot, dialog.prefix_button)
    _tap(qtbot, next(b for b in dialog.name_buttons if b.text() == "エアコン"))
    assert dialog.name_field.text() == "リビングのエアコン"
    _tap(qtbot, next(b for b in dialog.name_buttons if b.text() == "エコキュート"))
    assert dialog.name_field.text() == "エコキュート"  # another pick replaces the name
    _tap(qtbot, dialog.prefix_button)
    _tap(qtbot, next(b for b in dialog.name_buttons if b.text() == "エアコン"))
    _tap(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: row.title.text() == "リビングのエアコン (太陽光発電)")
    assert row.detail.text() == "リビング"
    entry = next(d for d in services.devices._devices() if d.class_code == 0x0279)
    assert (entry.name, entry.location) == ("リビングのエアコン", "リビング")


def test_a_name_is_typed_on_the_kana_keyboard(qtbot, kiosk, services):
    _page, row, dialog = _open_name_dialog(qtbot, kiosk, 0x0279)
    _tap(qtbot, dialog.keyboard_tab)
    keyboard = dialog.keyboard
    assert keyboard.isVisible() and keyboard.target is dialog.name_field
    dialog.name_field.selectAll()
    _tap(qtbot, keyboard.key("1文字削除"))  # the old name goes
    assert dialog.name_field.text() == ""
    _tap(qtbot, keyboard.key("カナ"))
    for key in ("キ", "ツ"):
        _tap(qtbot, keyboard.key(key))
    _tap(qtbot, keyboard.key("小"))  # ツ → ッ
    for key in ("チ", "ン"):
        _tap(qtbot, keyboard.key(key))
    _tap(qtbot, keyboard.key("ABC 123"))
    _tap(qtbot, keyboard.key("2"))
    assert dialog.name_field.text() == "キッチン2"
    _tap(qtbot, dialog.location_field)  # the keyboard now types the place
    assert keyboard.target is dialog.location_field
    dialog.location_field.clear()
    _tap(qtbot, keyboard.key("かな"))
    for key in ("カ", "イ"):  # still katakana
        _tap(qtbot, keyboard.key(key))
    _tap(qtbot, keyboard.key("ー"))
    _tap(qtbot, keyboard.key("カナ"))  # back to hiragana
    _tap(qtbot, keyboard.key("た"))
    assert dialog.location_field.text() == "カイーた"
    _tap(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: row.title.text() == "キッチン2 (太陽光発電)")
    entry = next(d for d in services.devices._devices() if d.class_code == 0x0279)
    assert (entry.name, entry.location) == ("キッチン2", "カイーた")
