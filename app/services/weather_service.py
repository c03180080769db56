"""The panel's weather: the forecast from the center server, kept, forecast from, warned of.

    weather = WeatherService(connect, data_dir, open_store, notices, clock)
    weather.view_changed.connect(page.show_view)          # WeatherView, immutable
    weather.warnings_changed.connect(linkage.on_warnings)  # tuple of active WeatherWarning
    weather.start()                                       # the stored forecast, at once
    weather.refresh()                                     # the page, when shown
    weather.area_changed()                                # the household chose its city

The forecast is fetched by this service only (never by a widget): every hour and
on `refresh()` while the panel is registered, at most one request at a time, and
not again within MIN_REFRESH_S of a good fetch. It is kept in the store exactly
as the server sent it, so the panel and the planner work from the last forecast
while offline; the view's `problem` then says why it is not newer, and its age is
its `issued` time.

After each forecast and every 30 minutes the solar and load forecasts are made
for the next 48 h (`energy_outlook`), tomorrow's are kept once a day, and the
days gone by are judged against what was measured. Warnings for the area and
load forecasts short of data post notices (`app.domain.weather_notices`).

`WeatherView.problem` is None or a code, optionally followed by ": " and the
detail for the installer: NOT_REGISTERED, or a `cloud_problem` kind (unreachable,
rejected, unauthorized, city_required, server, bad_response naming the refused field,
local). `problem_of_view` turns it into the CloudProblem the UI words (cloud_texts).
CITY_REQUIRED (a household registered before city codes) is not retried every few
minutes: nothing changes until the household chooses its city, and then
`area_changed()` fetches at once (the cloud service's `city_chosen` leads there).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.cloud.errors import CityRequired, CloudError
from app.cloud.token_store import TokenStore
from app.domain.home_clock import HomeClock
from app.domain.weather import WeatherForecast, WeatherView, WeatherWarning
from app.domain.weather_json import forecast_from_json
from app.services.background import BackgroundRunner
from app.services.cloud_problem import CITY_REQUIRED, CloudProblem, problem_of
from app.services.notice_service import NoticeService
from app.services.store_query import StoreQuery
from app.store import Store
from app.store import forecasts as forecast_store

if TYPE_CHECKING:
    from app.cloud.client import CenterClient
    from app.domain.energy_forecast import LoadOutlook, SlotForecast

log = logging.getLogger(__name__)

FETCH_MS = 3600 * 1000  # the server refreshes its forecasts hourly at most
RETRY_MS = 10 * 60 * 1000  # after a failed fetch
UPDATE_MS = 30 * 60 * 1000  # the energy forecasts follow the half hours
MIN_REFRESH_S = 600.0  # a page shown again within 10 min of a good fetch asks nothing
ACCURACY_DAYS = 14  # the page shows the last two weeks
WARNING_MEMORY_S = 7 * 86_400.0  # lifted warnings are forgotten after a week
NOT_REGISTERED = "not_registered"
SHORT_POSTED_SETTING = "weather_learning_short_posted"  # day types told of (JSON list)

Connect = Callable[[TokenStore], "CenterClient"]


def problem_of_view(problem: str | None) -> CloudProblem | None:
    """The view's `problem` as the CloudProblem the UI has words for."""
    if not problem:
        return None
    kind, _, detail = problem.partition(": ")
    return CloudProblem(kind, kind if kind in (NOT_REGISTERED, CITY_REQUIRED) else "", detail)


@dataclass(frozen=True, slots=True)
class _Cycle:
    view: WeatherView
    fetched_at: float | None  # of the forecast shown (the last good fetch)
    fetch_failed: bool = False


class WeatherService(QObject):
    """Signals: `view_changed(WeatherView)`, `warnings_changed(tuple[WeatherWarning, ...])`
    (the warnings in force for the household's area; empty when none)."""

    view_changed = Signal(object)
    warnings_changed = Signal(object)

    def __init__(self, connect: Connect, data_dir: Path, open_store: Callable[[], Store],
                 notices: NoticeService | None, clock: HomeClock,
                 parent: QObject | None = None, *, fetch_ms: int = FETCH_MS,
                 retry_ms: int = RETRY_MS, update_ms: int = UPDATE_MS,
                 min_refresh_s: float = MIN_REFRESH_S) -> None:
        super().__init__(parent)
        self._connect = connect
        self._tokens = TokenStore(Path(data_dir))
        self._query = StoreQuery(open_store)  # worker only
        self._client: CenterClient | None = None  # worker only
        self._problem: str | None = None  # worker only: why the last fetch failed
        self._energy_made: tuple[tuple, tuple] | None = None  # worker only: (for what, made)
        self._notices = notices
        self._clock = clock
        self._fetch_ms, self._retry_ms = fetch_ms, retry_ms
        self._min_refresh_s = min_refresh_s
        self._runner = BackgroundRunner("weather-service", self)
        self.view: WeatherView | None = None
        self._warnings: tuple[WeatherWarning, ...] | None = None  # as last emitted
        self._fetched_at: float | None = None  # the last good fetch, as last delivered
        self._fetching = False
        self._refetch = False  # the area changed while a fetch was under way
        self._computed = False
        self._started = False
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setInterval(fetch_ms)
        self._fetch_timer.timeout.connect(self._fetch_now)
        self._update_timer = QTimer(self)
        self._update_timer.setInterval(update_ms)
        self._update_timer.timeout.connect(self._update_now)

    # -- requests (UI thread) ---------------------------------------------------------------

    def start(self) -> None:
        """Show the stored forecast (cheap: no model, no request) and start the timers."""
        if self._start_timers():
            self._runner.submit(self._load, self._deliver)

    def _start_timers(self) -> bool:
        if self._started:
            return False
        self._started = True
        self._fetch_timer.start()
        self._update_timer.start()
        return True

    def refresh(self) -> None:
        """Fetch now, unless a fetch is under way or the last good one is recent; the
        energy forecasts are made at the latest now (one view_changed follows, unless
        nothing was due)."""
        self._start_timers()
        recent = self._fetched_at is not None and \
            self._clock.now() - self._fetched_at < self._min_refresh_s
        if not self._fetching and not recent:
            self._fetch_now()
        elif not self._computed:
            self._update_now()

    def area_changed(self) -> None:
        """The household's municipality changed on the server: the kept forecast is of
        another area (or there is none), so fetch now, however recent the last one."""
        self._start_timers()
        if self._fetching:
            self._refetch = True  # the answer under way may be of the old area
            return
        self._fetch_now(force=True)

    @property
    def fetching(self) -> bool:
        """A request to the server is under way (refresh() asks no second one)."""
        return self._fetching

    def shutdown(self) -> None:
        self._fetch_timer.stop()
        self._update_timer.stop()
        self._runner.shutdown()
        if self._client is not None:
            self._client.close()
            self._client = None
        self._query.close()

    def _fetch_now(self, force: bool = False) -> None:
        if self._fetching:
            return  # one request at a time
        self._fetching = True
        self._computed = True
        self._runner.submit(lambda: self._cycle(fetch=True, force=force), self._fetch_done)

    def _update_now(self) -> None:
        self._computed = True
        self._runner.submit(lambda: self._cycle(fetch=False), self._deliver)

    # -- worker -----------------------------------------------------------------------------

    def _fetched_at_w(self, store: Store) -> float | None:
        with store.read_sql() as conn:
            stored = forecast_store.load_weather(conn)
        return None if stored is None else stored[1]

    def _stored(self, store: Store) -> tuple[WeatherForecast | None, float | None]:
        with store.read_sql() as conn:
            stored = forecast_store.load_weather(conn)
        if stored is None:
            return None, None
        try:
            return forecast_from_json(json.loads(stored[0])), stored[1]
        except ValueError as exc:  # ForecastFormatError too: kept by another version?
            log.error("the stored weather forecast is unreadable: %s", exc)
            return None, stored[1]

    def _accuracy(self, store: Store) -> tuple:
        with store.read_sql() as conn:
            return tuple(forecast_store.recent_accuracy(conn, ACCURACY_DAYS))

    def _load(self) -> _Cycle:
        store = self._query.store
        forecast, fetched_at = self._stored(store)
        return _Cycle(WeatherView(forecast, None, None, self._accuracy(store)), fetched_at)

    def _fetch(self, store: Store, fetched_at: float | None) -> bool:
        """Ask the server (when registered and not asked recently); keep a good answer as
        received. False when the fetch failed (`_problem` says why)."""
        now = self._clock.now()
        if fetched_at is not None and 0 <= now - fetched_at < self._min_refresh_s:
            return True  # a restart, or a page shown again: the kept forecast is new enough
        if self._tokens.load() is None:
            self._problem = NOT_REGISTERED
            return True  # nothing to retry until the panel is registered
        try:
            if self._client is None:
                self._client = self._connect(self._tokens)
            _, body = self._client.weather_answer()
        except CityRequired as exc:
            log.warning("weather forecast not fetched: %s", exc)
            self._problem = f"{CITY_REQUIRED}: {exc.message}"
            return True  # nothing to retry until the city is chosen (area_changed)
        except CloudError as exc:
            log.warning("weather forecast not fetched: %s", exc)
            self._problem = f"{problem_of(exc).kind}: {exc}"
            return False
        with store.write_sql() as conn:
            forecast_store.save_weather(conn, body, now)
        self._problem = None
        return True

    def _cycle(self, fetch: bool, force: bool = False) -> _Cycle:
        store = self._query.store
        fetched_at = None if force else self._fetched_at_w(store)
        ok = self._fetch(store, fetched_at) if fetch else True
        forecast, fetched_at = self._stored(store)
        now = self._clock.now()
        solar, load = self._energy(store, forecast, fetched_at, now)
        if forecast is not None:
            self._post_warnings(store, forecast, now)
        view = WeatherView(forecast, solar, load, self._accuracy(store), self._problem)
        return _Cycle(view, fetched_at, not ok)

    def _energy(self, store: Store, forecast: WeatherForecast | None, fetched_at: float | None,
                now: float) -> tuple[SlotForecast | None, LoadOutlook | None]:
        """The 48 h forecasts; tomorrow's kept, the days gone by judged. A model that fails
        leaves the forecasts out, never the weather. Made once per half hour and forecast:
        a page shown again while offline costs no model run."""
        from app.services import energy_outlook as eo

        zone = self._clock.zone
        key = (eo.slot_start(now, zone), fetched_at)
        if self._energy_made is not None and self._energy_made[0] == key:
            return self._energy_made[1]
        try:
            eo.judge_days(store, self._clock.today(), zone)
            eo.keep_temperatures(store, forecast, fetched_at, now)
            o = eo.outlook(store, forecast, now, zone)
            eo.keep_day_ahead(store, o, now, zone)
        except Exception:  # a model's bug must not take the weather page down with it
            log.exception("energy forecasts not made")
            return None, None
        if o.load is not None:
            self._post_shortages(store, o.load, now)
        self._energy_made = (key, (o.solar, o.load))
        return o.solar, o.load

    def _post_warnings(self, store: Store, forecast: WeatherForecast, now: float) -> None:
        from app.domain.weather_notices import warning_changes

        with store.read_sql() as conn:
            posted = forecast_store.posted_warnings(conn)
        changes = warning_changes(forecast.warnings, posted, forecast.area_name, now)
        if changes.posted:
            with store.write_sql() as conn:
                forecast_store.remember_warnings(conn, changes.posted)
                forecast_store.forget_warnings_before(conn, now - WARNING_MEMORY_S)
        if changes.notices and self._notices is not None:
            # Posted after they are remembered: a crash between may lose a notice, but
            # never posts one twice.
            self._notices.post_many(changes.notices)

    def _post_shortages(self, store: Store, load: LoadOutlook, now: float) -> None:
        from app.domain.weather_notices import shortage_notices

        try:
            told = json.loads(store.get_setting(SHORT_POSTED_SETTING) or "[]")
        except ValueError:
            told = []
        notices, short = shortage_notices(load.shortages, told, now)
        if short != frozenset(told):
            store.set_setting(SHORT_POSTED_SETTING, json.dumps(sorted(short)))
        if notices and self._notices is not None:
            self._notices.post_many(notices)

    # -- delivery (UI thread) ---------------------------------------------------------------

    def _fetch_done(self, cycle: _Cycle | None, error: BaseException | None) -> None:
        self._fetching = False
        # After a failure ask again sooner than hourly; after a success, hourly.
        failed = cycle is None or cycle.fetch_failed
        self._fetch_timer.setInterval(self._retry_ms if failed else self._fetch_ms)
        self._deliver(cycle, error)
        if self._refetch:
            self._refetch = False
            self._fetch_now(force=True)

    def _deliver(self, cycle: _Cycle | None, error: BaseException | None) -> None:
        if cycle is None:
            log.error("weather: %s", error)  # the store failed: the next cycle tries again
            return
        self._fetched_at = cycle.fetched_at
        self.view = cycle.view
        self.view_changed.emit(cycle.view)
        active = _in_force(cycle.view.forecast, self._clock.now())
        if active != self._warnings:
            self._warnings = active
            self.warnings_changed.emit(active)


def _in_force(forecast: WeatherForecast | None, now: float) -> tuple[WeatherWarning, ...]:
    return () if forecast is None else forecast.warnings_in_force(now)
