"""Circuit names in English: the usual names translated, the installer's own kept."""

from __future__ import annotations

import pytest

from app.ui.circuit_names import circuit_name


@pytest.mark.parametrize("name, english", [
    ("キッチン", "Kitchen"), ("リビング 照明", "Living room lights"),
    ("寝室 エアコン", "Bedroom air conditioner"), ("エコキュート", "EcoCute water heater"),
    ("主幹 L1", "Main L1"), ("ものおき", "ものおき"), ("洋室4", "洋室4")])
def test_english_names(name, english):
    assert circuit_name(name, "en") == english
    assert circuit_name(name, "ja") == name


def test_the_measurement_page_shows_circuits_in_english(qtbot, make_services, switcher_for,
                                                        open_kiosk):
    services = make_services(language="en")
    switcher_for(services)
    kiosk = open_kiosk(services)
    kiosk.view.go("measurement")
    page = kiosk.view.page("measurement")
    qtbot.waitUntil(lambda: any(t.isVisible() and t.name for t in page.tiles), timeout=10_000)
    names = {t.name for t in page.tiles if t.isVisible()}
    assert "EcoCute water heater" in names or "IH cooktop" in names
    assert not any(name == "エコキュート" for name in names)
