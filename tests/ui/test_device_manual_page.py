"""A device's manual, opened by tapping its card's Manual button on the Devices page:
Japanese first, every section, fault codes explained by the fault table, the maker's notes
when the device's maker code has some; readable at 800x480 and scrolled by touch."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QScroller

from app.domain.device_manual import BASE_SECTIONS
from tests.ui.touch_helpers import tap


def _library_loaded(qtbot, services) -> None:
    with qtbot.waitSignal(services.manuals.library_changed, timeout=10_000):
        services.manuals.start()


def _open_manual(qtbot, kiosk, services, class_code: int):
    _library_loaded(qtbot, services)
    kiosk.view.go("settings")
    tap(qtbot, kiosk.view.page("settings").devices_button)
    devices = kiosk.view.page("devices")
    qtbot.waitUntil(lambda: len([r for r in devices.rows if r.isVisible()]) == 8)
    row = next(r for r in devices.rows if r.entry.class_code == class_code)
    assert row.manual_button.text() == "取扱説明"
    tap(qtbot, row.manual_button)
    assert kiosk.view.navigator.current_id == "device_manual"
    return kiosk.view.page("device_manual"), devices


def _texts(page) -> list[str]:
    return [label.text() for label in page.content.findChildren(QLabel)]


def test_the_manual_button_opens_the_devices_manual_in_japanese(qtbot, kiosk, services):
    page, devices = _open_manual(qtbot, kiosk, services, 0x027D)
    texts = _texts(page)
    assert texts[0] == "蓄電池"  # the device, as the Devices page names it
    assert devices.dialog is None  # the Manual button does not ask for a name
    # Every section, and the simulated home's maker notes (its maker code is 0x000000).
    assert page.sections == [*BASE_SECTIONS, "maker_notes"]
    body = "\n".join(texts)
    for heading in ("この機器について", "このパネルが読み取ること", "このパネルが操作すること",
                    "よくあるエラーと対処", "「応答なし」のとき", "このメーカーの機器について"):
        assert heading in texts, heading
    assert "AIソーラーチャージ" in body  # the battery is one the panel controls
    # Codes are explained by the panel's fault table, as its notices say them.
    assert any(t.startswith("0x0001  ") and "電源" in t for t in texts), texts
    assert any(t.startswith("0x03F3  ") and "通信基板" in t for t in texts)  # the maker's
    assert "同梱" in texts[-1] or "パネル" in texts[-1]  # where this copy came from
    # Large text: the reading labels are larger than the base font.
    reading = next(label for label in page.content.findChildren(QLabel)
                   if label.property("kind") == "reading")
    assert reading.font().pixelSize() >= 18 or reading.font().pointSize() >= 13
    # Back to the devices.
    kiosk.view.navigator.back()
    assert kiosk.view.navigator.current_id == "devices"


def test_a_manual_scrolls_by_touch_at_800x480(qtbot, kiosk, services):
    page, _ = _open_manual(qtbot, kiosk, services, 0x0287)
    bar = page.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # longer than the screen
    assert page.content.width() <= page.scroll.viewport().width()  # nothing cut at the side
    offline = next(label for label in page.content.findChildren(QLabel)
                   if label.text() == "「応答なし」のとき")
    tap(qtbot, offline)  # touch_helpers scrolls it into view, as a finger would
    assert bar.value() > 0
    # A finger's drag scrolls it (the kinetic scroller of every panel list).
    assert QScroller.hasScroller(page.scroll.viewport())


def test_no_maker_notes_for_another_maker_and_english_complete(qtbot, kiosk, services):
    _library_loaded(qtbot, services)
    battery = next(e for e in services.devices._devices() if e.class_code == 0x027D)
    kiosk.view.go("device_manual", replace(battery, maker=0x00000B))
    page = kiosk.view.page("device_manual")
    assert page.sections == list(BASE_SECTIONS)
    services.preferences.set_language("en")
    qtbot.waitUntil(lambda: "What it is" in _texts(page))
    texts = _texts(page)
    assert texts[0] == "Storage battery"
    assert "When it stops answering" in texts and "What this panel controls" in texts
    assert QCoreApplication.translate("DevicesPage", "Manual") == "Manual"
    assert not any("\u3040" <= ch <= "\u30ff" for t in texts[1:] for ch in t)
