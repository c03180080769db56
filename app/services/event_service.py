"""The appliance history for its page: pages of events, CSV export, and errors -> notices.

    events = EventService(open_store, notices, DEFAULT_TIMEZONE)
    events.page_ready.connect(page.show_page)
    events.request_page(EventFilter(kinds=(EventKind.ERROR,)), limit=50)
    events.request_page(same_filter, limit=50, after=last_page.next_cursor)  # keyset: fast
    events.export_csv(filter, Path("history.csv"))   # export_progress(done, total), then
                                                     # export_finished(path, rows)
    events.export_energy_csv(first, last, "30min", Path("energy.csv"))  # the same
                                                     # CSV as `hems-panel export`
    CollectorThread(..., on_events=events.device_events)   # the bridge to the notices

Queries run on the service's worker, newest request wins (a page that swipes
through filters gets only the answer to the last one). The export has its own
worker so that paging stays quick while a big file is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.domain.events import DeviceEvent, ErrorEvent, EventCursor, EventFilter, Recovery
from app.domain.fault_codes import MakerTable, MakerTableError, load_maker_table
from app.domain.notices import device_error_notice, device_recovered_notice
from app.services.background import BackgroundRunner
from app.services.event_export import export_csv
from app.services.notice_service import NoticeService
from app.services.store_query import StoreQuery
from app.store import Store
from app.store import events as event_store

log = logging.getLogger(__name__)


class EventService(QObject):
    """Signals: `page_ready(EventPage)`, `devices_ready(list[str])`,
    `export_progress(int, int)`, `export_finished(str, int)`, `error(str)`."""

    page_ready = Signal(object)
    devices_ready = Signal(object)
    export_progress = Signal(int, int)
    export_finished = Signal(str, int)
    error = Signal(str)

    def __init__(self, open_store: Callable[[], Store], notices: NoticeService | None,
                 timezone: str, parent: QObject | None = None,
                 makers: MakerTable | None = None) -> None:
        super().__init__(parent)
        self._notices = notices
        self._timezone = timezone
        if makers is None:
            try:
                makers = load_maker_table()
            except MakerTableError as exc:
                log.error("maker fault codes not loaded: %s", exc)
        self.makers = makers
        self._query = StoreQuery(open_store)
        self._export_query = StoreQuery(open_store)
        self._runner = BackgroundRunner("event-service", self)
        self._export_runner = BackgroundRunner("event-export", self)
        self._generation = 0
        self._open: dict[str, int | None] = {}  # device -> code of its open error (bridge)

    # -- the history page -----------------------------------------------------------------

    def request_page(self, f: EventFilter, limit: int = 50, offset: int = 0,
                     after: EventCursor | None = None) -> None:
        self._generation += 1
        generation = self._generation

        def query() -> object:
            with self._query.store.read_sql() as conn:
                return event_store.page(conn, f, limit, offset, after)

        def done(page: object, error: BaseException | None) -> None:
            if generation != self._generation:
                return  # superseded by a newer request
            if error is not None:
                self.error.emit(str(error))
            else:
                self.page_ready.emit(page)

        self._runner.submit(query, done)

    def request_devices(self) -> None:
        def query() -> list[str]:
            with self._query.store.read_sql() as conn:
                return event_store.devices(conn)

        self._runner.submit(query, lambda result, error: self.error.emit(str(error))
                            if error is not None else self.devices_ready.emit(result))

    def export_csv(self, f: EventFilter, path: Path, language: str = "ja") -> None:
        def run() -> int:
            return export_csv(self._export_query.store, f, Path(path), self._timezone,
                              self.makers, self.export_progress.emit, language)

        def done(rows: int | None, error: BaseException | None) -> None:
            if error is not None or rows is None:
                self.error.emit(str(error))
            else:
                self.export_finished.emit(str(path), rows)

        self._export_runner.submit(run, done)

    def export_energy_csv(self, first: date, last: date, interval: str, path: Path) -> None:
        """The energy data of the days ``first``..``last`` (`hems-panel export`'s CSV),
        on the export worker; ``export_finished(path, rows)`` or ``error``."""
        def run() -> int:
            from app.services.energy_export import export_energy_csv

            return export_energy_csv(self._export_query.store, first, last, interval,
                                     Path(path), self._timezone)

        def done(rows: int | None, error: BaseException | None) -> None:
            if error is not None or rows is None:
                self.error.emit(str(error))
            else:
                self.export_finished.emit(str(path), rows)

        self._export_runner.submit(run, done)

    # -- the bridge: device errors -> notices (collector thread) ------------------------------

    def device_events(self, events: Sequence[DeviceEvent],
                      names: Mapping[str, str] | None = None) -> None:
        """After the collector committed `events`: a new fault posts one folded notice,
        its recovery a "recovered" notice, naming the device as the household named it
        (`names`: device key -> name). Cheap, any thread (posting only)."""
        if self._notices is None:
            return
        names = names or {}
        for e in events:
            name = names.get(e.device, "")
            if isinstance(e, ErrorEvent):
                self._open[e.device] = e.code
                self._notices.post(device_error_notice(e.device, name, e.code, e.fault_class,
                                                       e.at))
            elif isinstance(e, Recovery) and e.device in self._open:
                code = self._open.pop(e.device)
                self._notices.post(device_recovered_notice(e.device, name, code, e.at))

    def shutdown(self) -> None:
        self._runner.shutdown()
        self._export_runner.shutdown()
        self._query.close()
        self._export_query.close()
