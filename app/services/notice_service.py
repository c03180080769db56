"""The notices inbox: every producer posts here, the UI only listens.

    notices = NoticeService(open_store, clock.now)
    notices.post(device_error_notice(...))      # any thread, cheap: a list append
    notices.changed.connect(page.reload)        # at most one per COALESCE_MS
    notices.lamp_changed.connect(lamp_output.show)

Posting never touches the database on the caller's thread: posts pile up in a
list, and the first post of a batch wakes the service (one queued signal), which
waits COALESCE_MS and writes the whole batch on its worker in one transaction,
folding repeats. A flood of 10,000 posts is therefore one write and one
`changed`. A timer re-evaluates the lamp when a `lamp_until` or an expiry passes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.notices import LampState, Notice, NoticeSource, lamp_state, next_lamp_change
from app.services.background import BackgroundRunner
from app.services.store_query import StoreQuery
from app.store import Store
from app.store import notices as notice_store

log = logging.getLogger(__name__)

COALESCE_MS = 30  # a lamp lit within 100 ms of a post; a flood is still one write
MAX_LAMP_WAIT_S = 3600.0  # re-check at least hourly (a clock that jumped)


@dataclass(frozen=True, slots=True)
class InboxState:
    unread: int
    lamp: LampState
    next_change: float | None  # unix s when the lamp may change by itself


class NoticeService(QObject):
    """Signals: `changed()` (coalesced), `unread_changed(int)`, `lamp_changed(LampState)`,
    `error(str)`; a list is answered to whoever asked (`request_list(reply, ...)`)."""

    changed = Signal()
    unread_changed = Signal(int)
    lamp_changed = Signal(object)
    error = Signal(str)
    _wake = Signal()  # queued to this object's thread by post() from any thread

    def __init__(self, open_store: Callable[[], Store], clock_now: Callable[[], float],
                 parent: QObject | None = None, coalesce_ms: int = COALESCE_MS) -> None:
        super().__init__(parent)
        self._now = clock_now
        self._query = StoreQuery(open_store)  # used on the worker only
        self._runner = BackgroundRunner("notice-service", self)
        self._lock = threading.Lock()
        self._pending: list[Notice] = []
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(coalesce_ms)
        self._coalesce.timeout.connect(self._write_pending)
        self._lamp_timer = QTimer(self)
        self._lamp_timer.setSingleShot(True)
        self._lamp_timer.timeout.connect(self.refresh)
        self._wake.connect(self._on_wake)
        self.unread = 0
        self.lamp = LampState.OFF
        self._closed = False

    # -- producers (any thread) -----------------------------------------------------------

    def post(self, notice: Notice) -> None:
        self.post_many((notice,))

    def post_many(self, notices: Sequence[Notice]) -> None:
        with self._lock:
            first = not self._pending
            self._pending.extend(notices)
        if first and notices:
            self._wake.emit()

    # -- the page (UI thread) -------------------------------------------------------------

    def mark_read(self, ids: Sequence[int], read: bool = True) -> None:
        self._write(lambda s: self._in_tx(s, lambda c: notice_store.mark_read(c, ids, read)))

    def mark_all_read(self) -> None:
        self._write(lambda s: self._in_tx(s, notice_store.mark_all_read))

    def request_list(self, reply: Callable[[tuple[Notice, ...]], None], *,
                     receiver: QObject | None = None, unread_only: bool = False,
                     sources: tuple[NoticeSource, ...] = (), limit: int = 200,
                     offset: int = 0) -> None:
        """``reply(notices)`` on this thread with the inbox newest first; not called when
        ``receiver`` (the widget that asked) was deleted meanwhile, nor after an error
        (``error`` says it)."""
        def query() -> tuple[Notice, ...]:
            with self._query.store.read_sql() as conn:
                return tuple(notice_store.listing(conn, self._now(), unread_only=unread_only,
                                                  sources=sources, limit=limit, offset=offset))

        def done(notices: tuple[Notice, ...] | None, error: BaseException | None) -> None:
            if error is not None or notices is None:
                self.error.emit(str(error))
            elif receiver is None or shiboken6.isValid(receiver):
                reply(notices)

        self._runner.submit(query, done)

    def refresh(self) -> None:
        """Re-read unread count and lamp (after expiries, or at start)."""
        self._write(lambda s: None)

    # -- internals -------------------------------------------------------------------------

    def _on_wake(self) -> None:
        if not self._closed and not self._coalesce.isActive():
            self._coalesce.start()

    def _write_pending(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
        if batch:
            self._write(lambda s: self._in_tx(s, lambda c: notice_store.upsert(c, batch)))

    @staticmethod
    def _in_tx(store: Store, work: Callable[..., object]) -> None:
        with store.write_sql() as conn:
            work(conn)

    def _write(self, work: Callable[[Store], None]) -> None:
        def run() -> InboxState:
            store = self._query.store
            work(store)
            now = self._now()
            with store.write_sql() as conn:
                notice_store.expire(conn, now)
                relevant = notice_store.lamp_relevant(conn, now)
                unread = notice_store.unread_count(conn, now)
            return InboxState(unread, lamp_state(relevant, now), next_lamp_change(relevant, now))

        if not self._closed:
            self._runner.submit(run, self._deliver_state)

    def _deliver_state(self, state: InboxState | None, error: BaseException | None) -> None:
        if error is not None or state is None:
            self.error.emit(str(error))
            return
        if self._closed:
            return
        if state.unread != self.unread:
            self.unread = state.unread
            self.unread_changed.emit(state.unread)
        if state.lamp != self.lamp:
            self.lamp = state.lamp
            self.lamp_changed.emit(state.lamp)
        self._lamp_timer.stop()
        if state.next_change is not None:
            wait = min(max(state.next_change - self._now(), 0.0), MAX_LAMP_WAIT_S)
            self._lamp_timer.start(int(wait * 1000) + 50)  # just after, not just before
        self.changed.emit()

    def shutdown(self) -> None:
        """Stop the timers and the worker, then write what was posted but not yet written."""
        self._closed = True
        self._coalesce.stop()
        self._lamp_timer.stop()
        self._runner.shutdown()
        with self._lock:
            batch, self._pending = self._pending, []
        if batch:  # the worker has stopped: its store connection is free to use here
            try:
                self._in_tx(self._query.store, lambda c: notice_store.upsert(c, batch))
            except Exception:
                log.exception("notices posted at shutdown were not saved")
        self._query.close()
