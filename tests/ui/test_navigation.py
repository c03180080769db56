import pytest
from PySide6.QtCore import Qt

from app.ui.pages import SECTION_PAGES
from app.ui.shell.desktop_window import DesktopWindow

JA_TITLES = {
    "home": "ホーム", "measurement": "計測", "generation": "発電・蓄電", "weather": "天気予報",
    "ai_charge": "AIソーラーチャージ", "appliance_history": "機器履歴", "rates": "料金設定",
    "notices": "お知らせ", "settings": "設定",
}


def test_every_section_is_a_page_with_a_title(kiosk):
    ids = [page.page_id for page in SECTION_PAGES]
    assert ids == list(JA_TITLES)
    assert {page.title() for page in SECTION_PAGES} == set(JA_TITLES.values())


@pytest.mark.parametrize("page_id", [pid for pid in JA_TITLES if pid != "home"])
def test_menu_reaches_every_section(qtbot, kiosk, page_id):
    view = kiosk.view
    qtbot.mouseClick(view.footer.menu_button, Qt.MouseButton.LeftButton)
    assert view.menu.is_open
    qtbot.waitUntil(lambda: view.menu.isVisible())
    qtbot.mouseClick(view.menu.tiles[page_id], Qt.MouseButton.LeftButton)
    assert view.navigator.current_id == page_id
    assert view.stack.currentWidget() is view.page(page_id)
    assert view.header.title.text() == JA_TITLES[page_id]
    assert view.header.breadcrumb() == f"ホーム › {JA_TITLES[page_id]}"
    assert not view.menu.is_open
    qtbot.waitUntil(lambda: not view.menu.isVisible())


def test_home_has_no_parent_crumb_and_back_returns(qtbot, kiosk):
    view = kiosk.view
    assert view.header.breadcrumb() == "ホーム"
    assert not view.header.crumb.isVisible()
    assert not view.footer.back_button.isEnabled()
    view.go("rates")
    view.go("settings")
    assert view.header.crumb.text() == "ホーム ›"
    qtbot.mouseClick(view.footer.back_button, Qt.MouseButton.LeftButton)
    assert view.navigator.current_id == "rates"
    qtbot.mouseClick(view.footer.back_button, Qt.MouseButton.LeftButton)
    assert view.navigator.current_id == "home"
    assert view.header.title.text() == "ホーム"


def test_tapping_the_scrim_closes_the_menu(qtbot, kiosk):
    view = kiosk.view
    view.menu.open_menu()
    qtbot.waitUntil(lambda: view.menu.sheet.y() < view.menu.height())
    qtbot.mouseClick(view.menu, Qt.MouseButton.LeftButton, pos=view.menu.rect().topLeft())
    assert not view.menu.is_open
    assert view.navigator.current_id == "home"


def test_the_lamp_opens_the_notices(qtbot, kiosk):
    view = kiosk.view
    assert view.footer.lamp.state == "off"
    qtbot.mouseClick(view.footer.lamp, Qt.MouseButton.LeftButton)
    assert view.navigator.current_id == "notices"
    assert view.header.title.text() == "お知らせ"


def test_desktop_side_navigation(qtbot, services, switcher):
    window = DesktopWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert (window.width(), window.height()) == (1024, 640)
    assert window.windowTitle() == "HEMSパネル"
    nav = window.side_nav
    assert nav.count() == len(JA_TITLES)
    for page_id, title in JA_TITLES.items():
        item = nav.item_for(page_id)
        assert item.text() == title
        rect = nav.visualItemRect(item)
        assert rect.height() >= 48
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.view.navigator.current_id == page_id
        assert window.view.header.title.text() == title
    window.view.go("rates")  # the nav follows navigation from elsewhere (menu, back)
    assert nav.currentItem() is nav.item_for("rates")


def test_touch_targets_are_at_least_48_px(qtbot, kiosk):
    view = kiosk.view
    view.menu.open_menu()
    qtbot.waitUntil(lambda: view.menu.isVisible())
    targets = [view.footer.back_button, view.footer.menu_button, view.footer.lamp,
               *view.menu.tiles.values()]
    for widget in targets:
        assert widget.height() >= 48, widget.objectName()


def test_desktop_follows_the_language(qtbot, services, switcher):
    window = DesktopWindow(services)
    qtbot.addWidget(window)
    window.show()
    services.preferences.set_language("en")
    qtbot.waitUntil(lambda: window.side_nav.item_for("generation").text()
                    == "Generation & storage")
    assert window.windowTitle() == "HEMS Panel"
    assert window.side_nav.width() > window.side_nav.fontMetrics().horizontalAdvance(
        "Generation & storage")


def test_pages_are_built_on_first_visit_and_styled_like_the_rest(kiosk):
    from app.ui.theme import NIGHT

    view = kiosk.view
    assert [page.page_id for page in view.navigator.built_pages()] == ["home"]
    kiosk.set_theme(NIGHT)
    view.go("generation")
    built = {page.page_id for page in view.navigator.built_pages()}
    assert built == {"home", "generation"}
    page = view.page("generation")
    assert page.panel.graph._theme is NIGHT  # the window's theme reached the late page
    reference = page.layout().property("hems_reference")
    assert reference is not None  # its layout joined the window's scaling
