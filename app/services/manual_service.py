"""Device manuals: the bundled copies, and the server's for the devices in this home.

    manuals = ManualService(connect, data_dir, clock, DevicesQuery(...))
    manuals.library_changed.connect(page.show_library)  # ManualLibrary, immutable
    manuals.start()                                      # read them all, then a fetch
    manuals.devices_seen(entries)                        # a device not asked for: fetch
    manuals.library                                      # the latest, on the UI thread

On its worker thread, one request at a time: it reads the bundled manuals
(resources/manuals, every class, always there) and the fault table that explains their
codes; while registered it asks the server for the manuals of the (class, maker) pairs
of the devices found (its own `DevicesSource`, the devices page's query), at start and
daily (`app.cloud.manual_cache` keeps them under the data directory, checked by
SHA-256); then it emits the library: the bundled
copies with the kept server copies over them. Unregistered or offline, the library is the
bundled copies and whatever was kept before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.cloud.errors import CloudError
from app.cloud.token_store import TokenStore
from app.domain.device_manual import Manual, ManualError, ManualLibrary, load_manual
from app.domain.devices import DeviceEntry
from app.domain.fault_codes import MakerTable, MakerTableError, load_maker_table
from app.domain.home_clock import HomeClock
from app.resource_files import resource_path
from app.services.background import BackgroundRunner
from app.services.cloud_problem import problem_of
from app.services.devices_service import DevicesSource

if TYPE_CHECKING:
    from app.cloud.client import CenterClient

log = logging.getLogger(__name__)

FETCH_MS = 24 * 3600 * 1000  # manuals change seldom: daily is plenty
RETRY_MS = 60 * 60 * 1000  # after a failed fetch
SOON_MS = 5 * 60 * 1000  # no devices found yet (the panel just started): look again soon
NOT_REGISTERED = "not_registered"

Connect = Callable[[TokenStore], "CenterClient"]
Key = tuple[int, int | None]  # (class code, maker code or None)


@dataclass(frozen=True)
class ManualStatus:
    fetched_at: float | None  # the last good fetch (unix s); None: never (bundled only)
    from_server: int  # manuals shown from the server's copy
    problem: str | None = None  # NOT_REGISTERED or a cloud_problem kind
    refused: tuple[str, ...] = ()  # manuals the server sent that failed the checks


def load_bundled(folder: Path) -> tuple[Manual, ...]:
    """The manuals the panel ships; a broken one is logged and left out, never fatal."""
    manuals = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            manuals.append(load_manual(path.read_bytes()))
        except (OSError, ManualError) as exc:
            log.error("bundled manual %s not shown: %s", path.name, exc)
    return tuple(manuals)


class ManualService(QObject):
    library_changed = Signal(object)
    status_changed = Signal(object)

    def __init__(self, connect: Connect, data_dir: Path, clock: HomeClock,
                 devices: DevicesSource,
                 parent: QObject | None = None, *, bundled: Path | None = None,
                 fetch_ms: int = FETCH_MS, retry_ms: int = RETRY_MS,
                 soon_ms: int = SOON_MS) -> None:
        super().__init__(parent)
        self._connect = connect
        self._data_dir = Path(data_dir)
        self._tokens = TokenStore(self._data_dir)
        self._clock = clock
        self._devices = devices  # worker thread
        self._bundled_dir = bundled or resource_path("manuals")
        self._bundled: tuple[Manual, ...] | None = None  # worker only
        self._makers: MakerTable | None = None  # worker only
        self._client: CenterClient | None = None  # worker only
        self._fetch_ms, self._retry_ms, self._soon_ms = fetch_ms, retry_ms, soon_ms
        self._runner = BackgroundRunner("manuals", self)
        self._timer = QTimer(self)
        self._timer.setInterval(fetch_ms)
        self._timer.timeout.connect(self.refresh)
        self._fetching = False
        self._again = False  # asked again while a fetch ran: one more after it
        self._asked: frozenset[Key] = frozenset()  # the devices the last fetch was for
        self.library = ManualLibrary()
        self.status: ManualStatus | None = None

    def start(self) -> None:
        """Read the manuals and fetch now, then daily."""
        if not self._timer.isActive():
            self._timer.start()
            self.refresh()

    def refresh(self) -> None:
        if self._fetching:
            self._again = True
            return
        self._fetching = True
        self._runner.submit(self._fetch, self._done)

    def devices_seen(self, entries: Iterable[DeviceEntry]) -> None:
        """The devices page's list: a device the last fetch was not for is fetched now."""
        if self._timer.isActive() and not {(e.class_code, e.maker) for e in entries} \
                <= self._asked:
            self.refresh()

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.shutdown()
        self._devices.close()
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- worker ----------------------------------------------------------------------------

    def _fetch(self) -> tuple[ManualLibrary, ManualStatus, frozenset[Key]]:
        from app.cloud.manual_cache import load_kept, refresh_manuals

        if self._bundled is None:
            self._bundled = load_bundled(self._bundled_dir)
            try:
                self._makers = load_maker_table()
            except MakerTableError as exc:  # the codes are shown as standard ones then
                log.error("fault table: %s", exc)
                self._makers = MakerTable()
        devices = frozenset((d.class_code, d.maker) for d in self._devices())
        problem, refused = None, ()
        if self._tokens.load() is None:
            problem = NOT_REGISTERED
        elif devices:
            try:
                if self._client is None:
                    self._client = self._connect(self._tokens)
                refused = refresh_manuals(self._client, self._data_dir, self._clock.now(),
                                          devices).refused
            except CloudError as exc:
                log.warning("manuals not fetched: %s", exc)
                problem = problem_of(exc).kind
        kept = load_kept(self._data_dir)
        library = ManualLibrary.merged(self._bundled, kept.manuals, self._makers)
        status = ManualStatus(kept.fetched_at, len(library.from_server), problem, refused)
        return library, status, devices

    # -- delivery (UI thread) --------------------------------------------------------------

    def _done(self, result: tuple[ManualLibrary, ManualStatus, frozenset[Key]] | None,
              error: BaseException | None) -> None:
        self._fetching = False
        if result is None:
            log.error("manuals: %s", error)  # the disk failed: try again later
            self._timer.setInterval(self._retry_ms)
        else:
            library, status, asked = result
            failed = status.problem is not None and status.problem != NOT_REGISTERED
            # Registered with no devices listed yet (the collector is still looking at
            # start): soon again, not tomorrow.
            early = status.problem is None and not asked
            self._timer.setInterval(self._retry_ms if failed else self._soon_ms if early
                                    else self._fetch_ms)
            self._asked = asked
            self.status = status
            if library != self.library:
                self.library = library
                self.library_changed.emit(library)
            self.status_changed.emit(status)
        if self._again:
            self._again = False
            self.refresh()
