"""Building the cloud and backup services for one server (app.main, tests, screenshots).

`EmbeddedCenter` runs our center server as a child process on loopback (the
default of `make run`, so registration and backups work out of the box). It
starts in a background thread: the panel paints first, and the first request
to the server waits for it (about 1.5 s) instead of the start-up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.cloud.errors import Unreachable
from app.cloud.token_store import TokenStore
from app.domain.home_clock import HomeClock
from app.services.backup_service import BackupService
from app.services.cloud_service import CloudService, Connect
from app.services.devices_service import DevicesSource
from app.services.manual_service import ManualService
from app.services.notice_service import NoticeService
from app.services.rate_catalog_service import RateCatalogService
from app.services.remote_summary import SummaryQuery, Titles, default_titles
from app.services.remote_view_service import RemoteViewService
from app.services.weather_service import FETCH_MS, RETRY_MS, UPDATE_MS, WeatherService
from app.sources.clock import AcceleratedClock, Clock

if TYPE_CHECKING:
    from app.cloud.client import CenterClient
    from app.services.command_relay_service import CommandRelayService
    from app.sources.device_link import DeviceLink
    from app.store import Store

log = logging.getLogger(__name__)

# A loopback port where nothing listens: for panels built without a server (tests, shots).
NO_SERVER = "http://127.0.0.1:9"
EMBEDDED_LABEL = "embedded (127.0.0.1)"


def connect_to(url: str | Callable[[], str], ca_bundle: str | None = None,
               **client_options) -> Connect:
    """One client per caller (each service uses its own, on its own worker thread)."""
    def connect(tokens: TokenStore) -> CenterClient:
        from app.cloud.client import CenterClient  # requests: at the first connection

        return CenterClient(url if isinstance(url, str) else url(), tokens, ca_bundle,
                            **client_options)

    return connect


def build_cloud(url: str | Callable[[], str], data_dir: Path, notices: NoticeService | None,
                clock_now: Callable[[], float], timezone: str, *, label: str | None = None,
                **client_options) -> tuple[CloudService, BackupService]:
    zone = ZoneInfo(timezone)
    # The home's date (from the panel's clock) ages the token: tests and --speed move it.
    client_options.setdefault("today", lambda: datetime.fromtimestamp(clock_now(), zone).date())
    connect = connect_to(url, **client_options)
    shown = label or (url if isinstance(url, str) else "")
    return (CloudService(connect, data_dir, shown, notices),
            BackupService(connect, data_dir, notices, clock_now, timezone))


def build_weather(url: str | Callable[[], str], data_dir: Path,
                  open_store: Callable[[], Store], notices: NoticeService | None,
                  clock: HomeClock, *, speed: float = 1.0, server_speed: float = 1.0,
                  **client_options) -> WeatherService:
    """The weather service, asking the server under the registration in `data_dir`. With
    an accelerated clock (`speed`) the energy forecasts follow the home's half hours; the
    fetches follow the server's hours (`server_speed`: 1 for a real forecast, the demo's
    speed for an embedded server on the demo's clock, whose forecasts age as fast)."""
    client_options.setdefault("today", clock.today)
    return WeatherService(connect_to(url, **client_options), data_dir, open_store, notices,
                          clock, update_ms=max(MIN_UPDATE_MS, round(UPDATE_MS / speed)),
                          fetch_ms=max(MIN_UPDATE_MS, round(FETCH_MS / server_speed)),
                          retry_ms=max(MIN_UPDATE_MS, round(RETRY_MS / server_speed)))


def build_rate_catalog(url: str | Callable[[], str], data_dir: Path, clock: HomeClock,
                       **client_options) -> RateCatalogService:
    """The service that fetches the server's rate plans into `data_dir` (when registered)."""
    client_options.setdefault("today", clock.today)
    return RateCatalogService(connect_to(url, **client_options), data_dir, clock)


def build_manuals(url: str | Callable[[], str], data_dir: Path, clock: HomeClock,
                  devices: DevicesSource, **client_options) -> ManualService:
    """The service that fetches the manuals of the devices `devices` lists (when
    registered) and reads the bundled ones."""
    client_options.setdefault("today", clock.today)
    return ManualService(connect_to(url, **client_options), data_dir, clock, devices)


def follow_registration(cloud: CloudService,
                        *fetchers: RateCatalogService | ManualService) -> None:
    """A panel just registered asks for the server's plans and manuals at once, not
    tomorrow."""
    for fetcher in fetchers:
        cloud.registered.connect(lambda _registration, f=fetcher: f.refresh())


def build_remote_view(url: str | Callable[[], str], data_dir: Path,
                      open_store: Callable[[], Store], clock_now: Callable[[], float],
                      live_interval_s: float, timezone: str, titles: Titles = default_titles,
                      **client_options) -> RemoteViewService:
    """The service that pushes the home's summary for the phone page (when registered)."""
    client_options.setdefault("today", lambda: datetime.fromtimestamp(
        clock_now(), ZoneInfo(timezone)).date())
    query = SummaryQuery(open_store, clock_now, live_interval_s, timezone, titles)
    return RemoteViewService(connect_to(url, **client_options), data_dir, query, clock_now,
                             close_summary=query.close)


def follow_remote_view(cloud: CloudService, remote: RemoteViewService) -> None:
    """Pushes while registered under the current terms; a registration ended (or terms
    that need accepting) stops them at once."""
    cloud.state_changed.connect(lambda state: remote.set_registered(state.sending_allowed))
    remote.set_registered(cloud.state.sending_allowed)


def build_relay(url: str | Callable[[], str], data_dir: Path, open_store: Callable[[], Store],
                link: DeviceLink, clock_now: Callable[[], float],
                **client_options) -> CommandRelayService:
    """The commands relay (smartphones, smart speakers), asking the server under the
    registration in `data_dir` and sending its Sets over `link`; it follows the
    registration (`follow_registration_for_relay`)."""
    from app.services.command_relay_service import CommandRelayService

    return CommandRelayService(connect_to(url, **client_options), data_dir, open_store, link,
                               clock_now)


def follow_registration_for_relay(cloud: CloudService, relay: CommandRelayService) -> None:
    """Unregistered: the relay stops at once; registered again: it polls again."""
    cloud.state_changed.connect(relay.on_cloud_state)


MIN_UPDATE_MS = 1000  # an accelerated demo remakes its forecasts at most every second


def follow_city(cloud: CloudService, weather: WeatherService) -> None:
    """A municipality chosen again on the server (the household registered before city
    codes, or moved) is another area's weather: the weather service fetches it at once."""
    cloud.city_chosen.connect(lambda _household: weather.area_changed())


def demo_weather_args(seed: int, clock: Clock | None = None) -> list[str]:
    """The embedded server's weather for the simulated home: a synthetic forecast of the
    model's own weather (same seed), so forecasts can be judged against what it does.
    Under --speed the server's clock runs with the panel's: its forecasts start at the
    home's hour, not the wall's."""
    args = ["--weather", "synthetic", "--weather-seed", str(seed)]
    if isinstance(clock, AcceleratedClock):
        args += ["--demo-clock", f"{clock.epoch!r}:{clock.speed!r}"]
    return args


class EmbeddedCenter:
    """The center server on loopback, as a subprocess started by `start()` (after the
    panel's first frame: its start-up costs a core for ~1.5 s) or the first `url()`."""

    def __init__(self, data_dir: Path, extra_args: Sequence[str] = ()) -> None:
        self._data_dir = Path(data_dir)
        self._extra_args = list(extra_args)
        self._server = None
        self._error: BaseException | None = None
        self._ready = threading.Event()
        self._stopping = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._start, name="embedded-center",
                                        daemon=True)

    def start(self) -> None:
        with self._lock:
            if not self._thread.is_alive() and not self._ready.is_set():
                self._thread.start()

    def _start(self) -> None:
        from server.embedded import start_embedded  # a subprocess: no fastapi in the panel

        try:
            self._server = start_embedded(self._data_dir, extra_args=self._extra_args)
            log.info("embedded center server at %s (data in %s)", self._server.url,
                     self._data_dir)
        except Exception as exc:  # reported on the first request, as "unreachable"
            log.error("the embedded center server did not start: %s", exc)
            self._error = exc
        self._ready.set()

    def url(self, timeout: float = 60.0) -> str:
        self.start()
        if not self._ready.wait(timeout) or self._server is None:
            raise Unreachable(f"the embedded center server is not running: {self._error}")
        return self._server.url

    def stop(self) -> None:
        if self._thread.ident is not None:  # started
            self._thread.join()
        if self._server is not None:
            self._server.stop()
            self._server = None
