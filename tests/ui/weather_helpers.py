"""Weather views for the UI tests, and a weather service that shows only what it is given.

The real WeatherService fetches when a page asks it to refresh and then emits a view of
its own (offline in the tests: no forecast), which would replace a view a test shows.
`StillWeather` has its signals and its `view`, counts the refreshes, and emits only what
`publish` gives it; `with_still_weather` puts it in a copy of the services.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from app.domain.weather import WeatherView
from app.services.services import Services
from app.ui.sample_weather import sample_weather_view


class StillWeather(QObject):
    view_changed = Signal(object)
    warnings_changed = Signal(object)

    def __init__(self, view: WeatherView | None = None) -> None:
        super().__init__()
        self.view = view
        self.refreshes = 0

    def start(self) -> None:
        """Nothing to load: the view is what the test published."""

    def refresh(self) -> None:
        self.refreshes += 1

    def shutdown(self) -> None:
        """No timer, no thread."""


def with_still_weather(services: Services, view: WeatherView | None = None) -> Services:
    """The same services with a StillWeather (the real one is shut down by the fixture)."""
    return replace(services, weather=StillWeather(view))


def sample(services: Services) -> WeatherView:
    """The sample forecast made for the services' pinned clock."""
    return sample_weather_view(services.clock.local_now(), services.clock.zone.key)


def publish(services: Services, view: WeatherView) -> None:
    """What the weather service does with a new view."""
    weather = services.weather
    assert isinstance(weather, StillWeather), "publish needs with_still_weather(services)"
    weather.view = view
    weather.view_changed.emit(view)
    weather.warnings_changed.emit(() if view.forecast is None
                                  else view.forecast.active_warnings)
