from PySide6.QtCore import QCoreApplication, Qt

from app.ui.i18n import LanguageSwitcher, pseudo_localize
from app.ui.widgets.flow_nodes import FlowNode


def _texts(window):
    home = window.view.page("home")
    return {
        "used": home.totals.caption_text("used_kwh"),
        "today": home.totals.heading_text(),
        "menu_tile": window.view.menu.tiles["generation"].label_text(),
        "menu_button": window.view.footer.menu_button.text(),
        "title": window.view.header.title.text(),
        "pv": home.diagram.node_text(FlowNode.PV),
    }


def test_switching_language_at_runtime(qtbot, kiosk, services):
    home = kiosk.view.page("home")
    qtbot.waitUntil(lambda: home.snapshot is not None)
    assert _texts(kiosk) == {"used": "使った", "today": "今日", "menu_tile": "発電・蓄電",
                             "menu_button": "メニュー", "title": "ホーム", "pv": "3,210W"}
    kiosk.view.go("settings")
    settings = kiosk.view.page("settings")
    assert settings.language_button("ja").isChecked()

    qtbot.mouseClick(settings.language_button("en"), Qt.MouseButton.LeftButton)
    assert services.preferences.language == "en"
    qtbot.waitUntil(lambda: kiosk.view.header.title.text() == "Settings")
    assert settings.language_button("en").isChecked()
    assert kiosk.view.header.breadcrumb() == "Home › Settings"
    assert "2026" in kiosk.view.header.clock.text()
    assert "年" not in kiosk.view.header.clock.text()
    kiosk.view.go("home")
    assert _texts(kiosk) == {"used": "Used", "today": "Today",
                             "menu_tile": "Generation & storage", "menu_button": "Menu",
                             "title": "Home", "pv": "3,210 W"}

    kiosk.view.go("settings")
    qtbot.mouseClick(settings.language_button("ja"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.view.header.title.text() == "設定")
    assert "年" in kiosk.view.header.clock.text()
    kiosk.view.go("home")
    assert _texts(kiosk)["used"] == "使った"
    assert _texts(kiosk)["menu_tile"] == "発電・蓄電"


def test_japanese_is_the_default(qapp, make_services, switcher_for):
    services = make_services()
    switcher = switcher_for(services)
    assert switcher.language == "ja"
    assert QCoreApplication.translate("HomePage", "Home") == "ホーム"


def test_english_needs_no_catalogue(qapp, make_services, switcher_for):
    services = make_services(language="en")
    switcher_for(services)
    assert QCoreApplication.translate("HomePage", "Home") == "Home"


def test_pseudo_locale_widens_strings_and_keeps_placeholders(qapp, make_services):
    assert pseudo_localize("Energy") == "[!!Ｅｎｅｒｇｙ!!]"
    wrapped = pseudo_localize("Data is stale (as of {time})")
    assert "{time}" in wrapped
    assert wrapped.format(time="14:05").endswith("14:05）!!]")
    services = make_services(language="ja")
    switcher = LanguageSwitcher(qapp, services.preferences, pseudo=True)
    try:
        assert QCoreApplication.translate("HomePage", "Home") == "[!!ホーム!!]"
        services.preferences.set_language("en")
        assert QCoreApplication.translate("HomePage", "Home") == "[!!Ｈｏｍｅ!!]"
    finally:
        switcher.shutdown()
