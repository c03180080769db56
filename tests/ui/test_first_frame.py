"""The panel's first frame is built from the front services alone; the rest are attached
once it has painted: then a page asked for meanwhile opens, and the home page's
forecast follows the weather service."""

from __future__ import annotations

import pytest

from app.services.services import FirstFrameServices
from app.ui.shell.panel_view import PanelView
from tests.ui.weather_helpers import publish, sample, with_still_weather


def _front(services) -> FirstFrameServices:
    return FirstFrameServices(clock=services.clock, home=services.home,
                              access=services.access, preferences=services.preferences,
                              notices=services.notices)


def test_a_page_asked_for_before_the_rest_opens_when_they_come(qtbot, make_services) -> None:
    services = make_services()
    view = PanelView(_front(services))
    qtbot.addWidget(view)
    view.resize(800, 480)
    with qtbot.waitExposed(view):
        view.show()
    assert view.navigator.current_id == "home" and not view.attached
    view.go("settings")  # a tap on the menu during start-up
    assert view.navigator.current_id == "home"
    with pytest.raises(RuntimeError, match="settings"):
        view.page("settings")  # no page is built without its services
    view.attach(services)
    assert view.attached
    assert view.navigator.current_id == "settings"
    assert view.page("settings").services is services


def test_the_home_page_shows_the_forecast_once_the_weather_service_comes(
        qtbot, make_services) -> None:
    services = with_still_weather(make_services())
    view = PanelView(_front(services))
    qtbot.addWidget(view)
    view.resize(800, 480)
    with qtbot.waitExposed(view):
        view.show()
    home = view.page("home")
    assert not home.forecast.isVisible()  # the first frame: no forecast yet
    view.attach(services)
    publish(services, sample(services))  # the stored forecast, loaded after the frame
    assert home.forecast.isVisible()
    assert home.services is services
