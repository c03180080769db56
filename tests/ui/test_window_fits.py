"""No page, in any of its main states, pushes the window past the screen.

The kiosk screen is 800×480, a common desktop screen 1280×800. Every page of the
registry is visited (and its main states: a plan chosen on the rates page, the
editor open, a circuit's graph and the stacked breakdown with a bar tapped, the AI
Solar Charge page with a plan), in
Japanese and English; after each the window must still be the screen's size and its
minimum size must fit the screen (or a window once enlarged could not shrink back).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QWidget

from app.ui.pages import SECTION_PAGES, SUB_PAGES
from app.ui.shell.desktop_window import DesktopWindow
from app.ui.shell.kiosk_window import KioskWindow
from tests.ui import control_helpers
from tests.ui.password_helpers import enter_password
from tests.ui.weather_helpers import publish, sample, with_still_weather

KIOSK = QSize(800, 480)
DESKTOP = QSize(1280, 800)


def _fits(window: QWidget, screen: QSize, where: str, qapp) -> None:
    """The window is no larger than the screen, can be no larger than the screen, and
    everything in it fits it (a page needing more would be cut)."""
    qapp.processEvents()
    size = window.size()
    assert size.width() <= screen.width() and size.height() <= screen.height(), (
        f"{where}: the window grew to {size.width()}×{size.height()}")
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if isinstance(window, DesktopWindow):
        least = window.minimumSize()  # explicit: the content follows the scale
    assert least.width() <= screen.width() and least.height() <= screen.height(), (
        f"{where}: the window cannot be smaller than {least.width()}×{least.height()}")
    for content, room in ((window.view, window.view.size()),
                          (window.view.stack.currentWidget(), window.view.stack.size())):
        hint = content.minimumSizeHint()
        assert hint.width() <= room.width() and hint.height() <= room.height(), (
            f"{where}: {content.objectName()} needs {hint.width()}×{hint.height()}, "
            f"has {room.width()}×{room.height()}")


def _states(qtbot, window, with_readout: bool = False):
    """(name, action) for every page and its main states, in an order that builds on itself."""
    view = window.view

    def rates_with_plan():
        view.go("rates")
        page = view.page("rates")
        qtbot.waitUntil(lambda: page.choice is not None, timeout=10_000)
        from tests.ui.test_rates_page import _tap_plan

        _tap_plan(qtbot, page, "hepco-etime3")
        page.services.plans.use(page.selected, 30, None)
        qtbot.waitUntil(lambda: page.edit_button.isEnabled(), timeout=10_000)

    def editor():
        qtbot.mouseClick(view.page("rates").edit_button, Qt.MouseButton.LeftButton)
        if isinstance(window, KioskWindow):
            enter_password(qtbot, view.page("rates"))
        editor_page = view.page("plan_editor")
        qtbot.waitUntil(lambda: editor_page.version is not None, timeout=10_000)

    def stacked_bar_tapped():
        view.go("circuit_graph", "stack")
        graph = view.page("circuit_graph").panel.graph
        qtbot.waitUntil(lambda: graph.result is not None, timeout=10_000)
        index = next(i for i in range(len(graph.result.x) - 1, -1, -1)
                     if graph._bucket_has_data(i))
        graph.select(index)
        assert graph.readout_text()  # a long line: every circuit's share of that hour

    def weather_with_a_forecast():
        view.go("weather")
        services = view.page("weather").services
        publish(services, sample(services))
        assert view.page("weather").day_cards[0].isVisible()

    def ai_charge_with_a_plan():
        view.go("ai_charge")
        services = view.page("ai_charge").services
        control_helpers.publish(services, control_helpers.sample(services))
        assert view.page("ai_charge").decisions.rows

    def home_with_a_forecast():
        view.go("home")
        assert view.page("home").forecast.isVisible()

    def measurement():
        view.go("measurement")
        page = view.page("measurement")
        qtbot.waitUntil(lambda: page.snapshot is not None, timeout=10_000)

    yield from ((ref.page_id, lambda ref=ref: view.go(ref.page_id)) for ref in SECTION_PAGES
                if ref.page_id != "measurement")
    yield "measurement with readings", measurement
    yield "weather with a forecast", weather_with_a_forecast
    yield "home with the forecast", home_with_a_forecast
    yield "AI Solar Charge with a plan", ai_charge_with_a_plan
    yield from ((ref.page_id, lambda ref=ref: view.go(ref.page_id)) for ref in SUB_PAGES
                if ref.page_id not in ("circuit_graph",))
    yield "rates with a plan", rates_with_plan
    yield "plan editor", editor
    yield "circuit graph", lambda: view.go("circuit_graph", "sp2")
    if with_readout:
        yield "stacked breakdown, a bar tapped", stacked_bar_tapped


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_kiosk_never_outgrows_its_screen(qtbot, make_services, switcher_for, open_kiosk,
                                             qapp, language):
    services = control_helpers.with_still_control(
        with_still_weather(make_services(language=language)))
    switcher_for(services)
    window = open_kiosk(services, size=(KIOSK.width(), KIOSK.height()))
    for name, action in _states(qtbot, window):
        action()
        _fits(window, KIOSK, f"kiosk {language} {name}", qapp)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_desktop_window_never_outgrows_its_screen(qtbot, make_services, switcher_for,
                                                      qapp, language):
    services = control_helpers.with_still_control(
        with_still_weather(make_services(language=language)))
    switcher_for(services)
    window = DesktopWindow(services)
    qtbot.addWidget(window)
    window.resize(DESKTOP)
    with qtbot.waitExposed(window):
        window.show()
    for name, action in _states(qtbot, window):
        action()
        _fits(window, DESKTOP, f"desktop {language} {name}", qapp)
    # Once enlarged to the whole screen, it still shrinks to its default and its
    # smallest size, and the page shown still fits.
    for small in (QSize(1024, 640), window.minimumSize()):
        window.resize(small)
        qapp.processEvents()
        assert window.size() == small
        _fits(window, small, f"desktop {language} made {small.width()}×{small.height()}", qapp)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_tapped_bar_of_the_stacked_breakdown_fits(qtbot, make_services, switcher_for,
                                                    open_kiosk, qapp, language):
    services = control_helpers.with_still_control(
        with_still_weather(make_services(language=language)))
    switcher_for(services)
    window = open_kiosk(services, size=(KIOSK.width(), KIOSK.height()))
    for name, action in _states(qtbot, window, with_readout=True):
        action()
        try:
            _fits(window, KIOSK, f"kiosk {language} {name}", qapp)
        finally:
            assert window.size() == KIOSK  # the shell's part holds whatever the page does
