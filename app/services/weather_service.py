"""The panel's weather: the last forecast from the center server, kept in the store.

    weather = WeatherService(connect, data_dir, open_store, notices, clock)
    weather.view_changed.connect(page.show_view)          # WeatherView, immutable
    weather.warnings_changed.connect(linkage.on_warnings)  # tuple of active WeatherWarning
    weather.start()                                       # load what the store has
    weather.refresh()                                     # the page, when shown

The forecast is fetched by this service only (never by a widget) and kept in the
store as the server sent it, so the panel and the planner work from the last
forecast while offline; its age is its `issued` time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.cloud.token_store import TokenStore
from app.domain.home_clock import HomeClock
from app.domain.weather import WeatherForecast, WeatherView, WeatherWarning
from app.domain.weather_json import ForecastFormatError, forecast_from_json
from app.services.background import BackgroundRunner
from app.services.notice_service import NoticeService
from app.services.store_query import StoreQuery
from app.store import Store
from app.store import forecasts as forecast_store

if TYPE_CHECKING:
    from app.cloud.client import CenterClient

log = logging.getLogger(__name__)

ACCURACY_DAYS = 14  # the page shows the last two weeks

Connect = Callable[[TokenStore], "CenterClient"]


class WeatherService(QObject):
    """Signals: `view_changed(WeatherView)`, `warnings_changed(tuple[WeatherWarning, ...])`
    (the warnings in force for the household's area; empty when none)."""

    view_changed = Signal(object)
    warnings_changed = Signal(object)

    def __init__(self, connect: Connect, data_dir: Path, open_store: Callable[[], Store],
                 notices: NoticeService | None, clock: HomeClock,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connect = connect
        self._tokens = TokenStore(Path(data_dir))
        self._query = StoreQuery(open_store)  # worker only
        self._notices = notices
        self._clock = clock
        self._runner = BackgroundRunner("weather-service", self)
        self.view: WeatherView | None = None
        self._loaded = False

    # -- requests (UI thread) ---------------------------------------------------------------

    def start(self) -> None:
        """Load and show what the store has."""
        if not self._loaded:
            self._loaded = True
            self._runner.submit(self._load, self._deliver)

    def refresh(self) -> None:
        """The page is shown: make sure it has the stored forecast."""
        self.start()

    def shutdown(self) -> None:
        self._runner.shutdown()
        self._query.close()

    # -- worker -----------------------------------------------------------------------------

    def _load(self) -> WeatherView:
        store = self._query.store
        with store.read_sql() as conn:
            stored = forecast_store.load_weather(conn)
            accuracy = tuple(forecast_store.recent_accuracy(conn, ACCURACY_DAYS))
        forecast = None
        if stored is not None:
            try:
                forecast = forecast_from_json(json.loads(stored[0]))
            except (ValueError, ForecastFormatError) as exc:  # written by an older panel?
                log.error("the stored weather forecast is unreadable: %s", exc)
        return WeatherView(forecast, None, None, accuracy)

    # -- delivery (UI thread) ---------------------------------------------------------------

    def _deliver(self, view: WeatherView | None, error: BaseException | None) -> None:
        if view is None:
            log.error("weather: %s", error)
            return
        self.view = view
        self.view_changed.emit(view)
        self.warnings_changed.emit(_active(view.forecast))


def _active(forecast: WeatherForecast | None) -> tuple[WeatherWarning, ...]:
    return () if forecast is None else forecast.active_warnings
