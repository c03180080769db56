"""Showing a weather view as the weather service would: after its own first load (so that
it cannot land later and replace the view), the view set and `view_changed` emitted."""

from __future__ import annotations

from app.domain.weather import WeatherView
from app.services.services import Services
from app.ui.sample_weather import sample_weather_view


def sample(services: Services) -> WeatherView:
    """The sample forecast made for the services' pinned clock."""
    return sample_weather_view(services.clock.local_now(), services.clock.zone.key)


def publish(qtbot, services: Services, view: WeatherView) -> None:
    services.weather.start()
    qtbot.waitUntil(lambda: services.weather.view is not None, timeout=10_000)
    services.weather.view = view
    services.weather.view_changed.emit(view)
