"""Feeds the graph, ranking and generation pages: store queries on a worker, newest wins.

One query runs at a time. A request made while another runs replaces any
request of its kind still waiting (swiping through periods must not queue
stale queries), and a result whose request was superseded meanwhile is
dropped, so a page only ever receives the answer to what it asked last.

numpy and the query module load on the worker's first call: the panel builds
this service on its start-up path, which must not import numpy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.periods import HistoryRequest, Period, contains
from app.services.background import BackgroundRunner

if TYPE_CHECKING:
    from app.domain.energy_balance import EnergyBalance
    from app.domain.history import HistoryResult
    from app.domain.ranking import Ranking
    from app.store import Store

log = logging.getLogger(__name__)

REFRESH_MS = 3000
# A period that ended this long ago still refreshes: its last minutes reach the store
# with the collector's next flush.
_SETTLE_S = 300.0
_HISTORY, _RANKING, _BALANCE = "history", "ranking", "balance"
_ORDER = (_HISTORY, _RANKING, _BALANCE)  # the graph first: it is what the finger moved


class HistoryQueries(Protocol):
    def __call__(self, request: HistoryRequest) -> HistoryResult: ...
    def ranking(self, period: Period, anchor: date) -> Ranking: ...
    def balance(self, period: Period, anchor: date) -> EnergyBalance: ...
    def close(self) -> None: ...


class HistoryService(QObject):
    """Emits ``result_ready(HistoryResult)``, ``ranking_ready(Ranking)``,
    ``balance_ready(EnergyBalance)`` and ``error(str)``.

    Works only while active (`set_active`): requests made while inactive wait
    and run on activation. While active, the current requests that include
    today (or are LIVE) re-run every ``refresh_ms`` so the graph follows the house.
    ``make_query`` (tests) replaces the store-backed query; it is called on the worker.
    """

    result_ready = Signal(object)
    ranking_ready = Signal(object)
    balance_ready = Signal(object)
    error = Signal(str)

    def __init__(self, open_store: Callable[[], Store], clock_now: Callable[[], float],
                 timezone: str, refresh_ms: int = REFRESH_MS, parent: QObject | None = None,
                 *, make_query: Callable[[], HistoryQueries] | None = None) -> None:
        super().__init__(parent)
        self._now = clock_now
        self._tz = ZoneInfo(timezone)
        self._make_query = make_query or partial(_store_query, open_store, clock_now, timezone)
        self._query: HistoryQueries | None = None  # made and used on the worker only
        self._runner = BackgroundRunner("history-service", self)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self._active = False
        self._owners: set[int] = set()
        self._closed = False
        self._current: dict[str, Any] = {}  # kind -> the newest request's arguments
        self._generation = dict.fromkeys(_ORDER, 0)  # bumped by every request of a kind
        self._pending: set[str] = set()
        self._in_flight: tuple[str, int] | None = None
        self.last_result: HistoryResult | None = None
        self.last_ranking: Ranking | None = None
        self.last_balance: EnergyBalance | None = None

    # -- what pages call -----------------------------------------------------------------

    def today(self) -> date:
        """The home's local date now (the panel's clock, the store's zone)."""
        return datetime.fromtimestamp(self._now(), self._tz).date()

    def request(self, req: HistoryRequest) -> None:
        self._ask(_HISTORY, req)

    def request_ranking(self, period: Period, anchor: date) -> None:
        self._ask(_RANKING, (period, anchor))

    def request_balance(self, period: Period, anchor: date) -> None:
        self._ask(_BALANCE, (period, anchor))

    def set_active(self, active: bool, owner: object = None) -> None:
        """Pages call this when shown/hidden: invisible pages cost nothing.

        Active while any owner (a page) is: show and hide of two pages using the
        service may come in either order on a page change.
        """
        if active:
            self._owners.add(id(owner))
        else:
            self._owners.discard(id(owner))
        active = bool(self._owners)
        if self._closed or active == self._active:
            return
        self._active = active
        if active:
            self._pending.update(k for k in self._current if self._follows_now(k))
            QTimer.singleShot(0, self._pump)  # let the page paint before the query starts
        self._update_timer()

    @property
    def active(self) -> bool:
        return self._active

    @property
    def refreshing(self) -> bool:
        return self._timer.isActive()

    def refresh(self) -> None:
        """Re-run the current requests that include now (the timer calls this)."""
        self._pending.update(k for k in self._current if self._follows_now(k))
        self._update_timer()
        self._pump()

    def shutdown(self) -> None:
        """Stop the timer and the worker (finishing the running call), then close the query."""
        self._closed = True
        self._active = False
        self._timer.stop()
        self._runner.shutdown()
        if self._query is not None:
            self._query.close()
            self._query = None

    # -- machinery -----------------------------------------------------------------------

    def _ask(self, kind: str, args: Any) -> None:
        if self._closed:
            return
        self._current[kind] = args
        self._generation[kind] += 1
        self._pending.add(kind)
        self._update_timer()
        self._pump()

    def _follows_now(self, kind: str) -> bool:
        args = self._current[kind]
        period, anchor = (args.period, args.anchor) if kind == _HISTORY else args
        if period is Period.LIVE:
            return True
        now = self._now()
        days = {datetime.fromtimestamp(t, self._tz).date() for t in (now, now - _SETTLE_S)}
        return any(contains(period, anchor, day) for day in days)

    def _update_timer(self) -> None:
        wanted = self._active and any(self._follows_now(k) for k in self._current)
        if wanted and not self._timer.isActive():
            self._timer.start()
        elif not wanted:
            self._timer.stop()

    def _pump(self) -> None:
        if not self._active or self._in_flight is not None or not self._pending:
            return
        kind = next(k for k in _ORDER if k in self._pending)
        self._pending.discard(kind)
        self._in_flight = (kind, self._generation[kind])
        self._runner.submit(partial(self._run, kind, self._current[kind]), self._on_done)

    def _run(self, kind: str, args: Any) -> object:
        """On the worker thread."""
        if self._query is None:
            self._query = self._make_query()
        if kind == _HISTORY:
            return self._query(args)
        if kind == _RANKING:
            return self._query.ranking(*args)
        return self._query.balance(*args)

    def _on_done(self, result: object, error: BaseException | None) -> None:
        assert self._in_flight is not None
        kind, generation = self._in_flight
        self._in_flight = None
        if self._closed:
            return
        if generation == self._generation[kind]:  # else superseded while it ran: dropped
            if error is not None:
                self.error.emit(str(error))
            elif kind == _HISTORY:
                self.last_result = result  # type: ignore[assignment]
                self.result_ready.emit(result)
            elif kind == _RANKING:
                self.last_ranking = result  # type: ignore[assignment]
                self.ranking_ready.emit(result)
            else:
                self.last_balance = result  # type: ignore[assignment]
                self.balance_ready.emit(result)
        self._pump()


def _store_query(open_store: Callable[[], Store], clock_now: Callable[[], float],
                 timezone: str) -> HistoryQueries:
    from app.services.history_query import HistoryQuery  # loads numpy: worker only

    return HistoryQuery(open_store, clock_now, timezone)
