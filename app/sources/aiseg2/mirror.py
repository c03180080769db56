"""The AiSEG2 mirror: a live source beside ECHONET Lite, read from the AiSEG2's screens.

One request at a time, paced by the mirror itself: every ``interval_s`` a round (the
power flow, then the per-circuit pages until the AiSEG2 repeats its last one; the
circuit names now and then); between rounds, when the AiSEG2 is well, one graph page
of the backfill every ``backfill_gap_s``. A page that takes long stretches the pause
after it (twice its time), a failure backs off exponentially up to a cap, and a wrong
password stops asking until the login is changed: never a busy loop.

Each step (`poll_once`) asks at most one page and says how long to wait before the
next, so tests drive it with a pinned clock and count the requests.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.aiseg2_status import MirrorState, MirrorStatus
from app.domain.devices import DeviceSeen
from app.domain.imported_history import ImportedTotal, Resolution, SourceCircuit
from app.domain.series import circuit_series
from app.sources.aiseg2 import pages
from app.sources.aiseg2.client import (
    Aiseg2Client,
    Aiseg2Error,
    ErrorPage,
    NotAnswering,
    WrongPassword,
)

log = logging.getLogger(__name__)

TotalsSink = Callable[[list[ImportedTotal]], None]
# The AiSEG2's circuits -> {its number: commissioned circuit key}, run whenever the names
# are read (the panel's circuit matcher, with the installer's confirmed choices).
CircuitMatcher = Callable[[list[SourceCircuit]], Mapping[int, str]]
# A new login saved since the last look (a client for it), else None.
Relogin = Callable[[], "Aiseg2Client | None"]


@dataclass(frozen=True, slots=True)
class MirrorSettings:
    interval_s: float = 10.0  # one live round every interval
    gap_s: float = 0.5  # the pause between two requests of a round
    slow_s: float = 3.0  # a page that takes longer makes the AiSEG2 "slow"
    backoff_cap_s: float = 300.0
    names_every_s: float = 3600.0
    backfill_days: int = 400  # the AiSEG2 keeps daily totals for about 1.3 years
    backfill_gap_s: float = 5.0  # ~12 graph pages a minute: a year in about a day
    max_circuit_pages: int = 8
    relogin_every_s: float = 30.0  # how often a saved login is looked at (no request)

    def __post_init__(self) -> None:
        if min(self.interval_s, self.gap_s, self.backfill_gap_s) <= 0:
            raise ValueError("the mirror's intervals must be positive")

    @property
    def max_age_s(self) -> float:
        """How long a reading stays fresh: three rounds (one missed round is no outage)."""
        return 3 * self.interval_s


@dataclass(frozen=True, slots=True)
class _Task:
    kind: str  # "names" | "flow" | "circuits" | "graph"
    page_id: int = 0  # circuits: the page; graph: the graph id
    day: date | None = None
    circuit: int | None = None  # graph: the AiSEG2's circuit number
    series_key: str = ""


class Aiseg2Mirror:
    def __init__(self, client: Aiseg2Client, circuit_keys: Mapping[int, str],
                 settings: MirrorSettings | None = None, host: str = "",
                 on_totals: TotalsSink | None = None, match: CircuitMatcher | None = None,
                 relogin: Relogin | None = None, known_days: Collection[date] = (),
                 today: Callable[[], date] = date.today,
                 monotonic: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.settings = settings or MirrorSettings()
        self._client = client
        self._keys = dict(circuit_keys)  # AiSEG2 circuit number -> commissioned circuit key
        self._host = host or client.base.removeprefix("http://")
        self._on_totals = on_totals
        self._match = match
        self._relogin = relogin
        self._known_days = frozenset(known_days)  # days whose totals the store has already
        self._today, self._mono, self._wall = today, monotonic, wall
        self._lock = threading.Lock()
        self._values: dict[str, tuple[float, float]] = {}  # key -> (monotonic s, value)
        self._names: list[SourceCircuit] = []
        self._names_at = -float("inf")
        self.unresolved: set[str] = set()  # shown names that fit no single mapped circuit
        self._queue: deque[_Task] = deque()
        self._next_round = -float("inf")
        self._round_rows: list[tuple[str, float]] = []
        self._last_signature: tuple[str, ...] | None = None
        self._state, self._detail, self._last_good = MirrorState.STARTING, "", None
        self._failures, self._retry_at = 0, None
        self._backfill: deque[_Task] = deque()
        self._backfill_day: date | None = None
        self._backfill_next = -float("inf")
        self._day_totals: list[ImportedTotal] = []
        self._day_any = False
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the collector's side (any thread) ----------------------------------------

    def read(self, now: float) -> dict[str, float]:
        mono = self._mono()
        with self._lock:
            return {k: v for k, (at, v) in self._values.items()
                    if mono - at <= self.settings.max_age_s}

    def exact_minutes(self, start_minute: int, count: int) -> None:
        return None  # screens give readings, not minute means

    def devices(self) -> list[DeviceSeen]:
        return []  # the AiSEG2 is no ECHONET Lite device of ours

    def states(self) -> dict[str, tuple[float, str]]:
        return {}

    def circuits(self) -> list[SourceCircuit]:
        """The AiSEG2's circuits as its name screen lists them (for matching)."""
        with self._lock:
            return list(self._names)

    def mirror_status(self) -> MirrorStatus:
        with self._lock:
            retry = (None if self._retry_at is None  # whole seconds: stored when it changes
                     else round(self._wall() + max(0.0, self._retry_at - self._mono())))
            return MirrorStatus(self._state, self._host, self._last_good, self._detail, retry)

    # --- polling --------------------------------------------------------------------

    def poll_once(self) -> float | None:
        """Ask at most one page; the seconds to wait before the next call, or None when
        the mirror waits for a new login (a wrong password)."""
        if self._state is MirrorState.WRONG_PASSWORD:
            return None
        now = self._mono()
        if not self._queue:
            if now >= self._next_round:
                self._start_round(now)
            elif self._backfill_due(now):
                self._queue.append(self._backfill.popleft())
            else:
                wake = self._next_round
                if self._on_totals is not None and self._backfill_open():
                    wake = min(wake, self._backfill_next)
                return max(0.0, wake - now)
        task = self._queue.popleft()
        try:
            elapsed = self._run(task)
        except WrongPassword as exc:
            return self._refused(exc)
        except (NotAnswering, ErrorPage, pages.PageError) as exc:
            return self._failed(exc, task, now)
        return self._answered(elapsed, now)

    def _start_round(self, now: float) -> None:
        self._next_round = now + self.settings.interval_s
        if now - self._names_at >= self.settings.names_every_s:
            self._queue.append(_Task("names"))
        self._queue.append(_Task("flow"))
        self._queue.append(_Task("circuits", 1))
        self._round_rows, self._last_signature = [], None

    def _run(self, task: _Task) -> float:
        if task.kind == "names":
            page = self._client.get(pages.CIRCUIT_NAMES_PAGE)
            names = pages.parse_circuit_names(page.text, page.path)
            with self._lock:
                self._names = names
            self._names_at = self._mono()
            if self._match is not None:
                self._keys = dict(self._match(names))
        elif task.kind == "flow":
            page = self._client.post_data(pages.FLOW_PAGE)
            self._store(pages.parse_power_flow(page.text, page.path).values())
        elif task.kind == "circuits":
            page = self._client.get(pages.circuit_power_page(task.page_id))
            self._circuit_page(task.page_id, pages.parse_circuit_power(page.text, page.path))
        else:
            assert task.day is not None
            path = pages.graph_page(task.page_id, task.day, task.circuit)
            page = self._client.get(path)
            try:
                wh = pages.parse_graph_day(page.text, path, task.day)
            except pages.OtherDayShown:
                wh = None  # a day the AiSEG2 does not keep: it shows another day
            self._graph_total(task, wh)
        return page.elapsed_s

    def _store(self, values: Mapping[str, float]) -> None:
        mono = self._mono()
        with self._lock:
            for key, value in values.items():
                self._values[key] = (mono, value)

    def _circuit_page(self, page_id: int, rows: list[tuple[str, float]]) -> None:
        signature = tuple(name for name, _ in rows)
        repeated = signature == self._last_signature
        if not repeated:
            self._round_rows += rows
        if (repeated or len(rows) < pages.CIRCUITS_PER_PAGE
                or page_id >= self.settings.max_circuit_pages):
            self._store(self._circuit_values(self._round_rows))
        else:
            self._last_signature = signature
            self._queue.append(_Task("circuits", page_id + 1))

    def _circuit_values(self, rows: list[tuple[str, float]]) -> dict[str, float]:
        """Shown names -> the commissioned circuits' series, through the name screen's
        numbers. Two circuits of one name cannot be told apart on this screen: skipped."""
        with self._lock:
            names = list(self._names)
        numbers: dict[str, list[int]] = {}
        for circuit in names:
            numbers.setdefault(pages.same_name(circuit.name), []).append(circuit.number)
        values: dict[str, float] = {}
        unresolved = set()
        for name, watts in rows:
            found = numbers.get(pages.same_name(name), [])
            key = self._keys.get(found[0]) if len(found) == 1 else None
            if key is None:
                unresolved.add(name)
            else:
                values[circuit_series(key).key] = watts
        self.unresolved = unresolved
        return values

    # --- the backfill of daily totals --------------------------------------------------

    def _backfill_open(self) -> bool:
        if self._backfill or self._on_totals is None:
            return bool(self._backfill)
        return self._plan_day()

    def _backfill_due(self, now: float) -> bool:
        return (self._on_totals is not None and self._state is MirrorState.CONNECTED
                and now >= self._backfill_next and self._backfill_open())

    def _plan_day(self) -> bool:
        """Queue the next older day's graph pages; False when the backfill is done."""
        today = self._today()
        day = (today if self._backfill_day is None else self._backfill_day) - timedelta(1)
        if self._backfill_day is not None and not self._day_any:
            return False  # the AiSEG2 had nothing for the last day asked: it keeps no more
        while day in self._known_days:  # taken before (the store has them): not asked again
            day -= timedelta(1)
        if (today - day).days > self.settings.backfill_days:
            return False
        self._backfill_day, self._day_totals, self._day_any = day, [], False
        for graph, key in pages.HOME_GRAPHS.items():
            self._backfill.append(_Task("graph", graph, day, None, key))
        for number, circuit_key in sorted(self._keys.items()):
            self._backfill.append(_Task("graph", pages.CIRCUIT_GRAPH, day, number,
                                        circuit_series(circuit_key).key))
        return True

    def _graph_total(self, task: _Task, wh: float | None) -> None:
        self._backfill_next = self._mono() + self.settings.backfill_gap_s
        if wh is not None:
            assert task.day is not None
            self._day_any = True
            origin = pages.graph_page(task.page_id, task.day, task.circuit)
            self._day_totals.append(ImportedTotal(
                task.series_key, Resolution.DAY,
                datetime(task.day.year, task.day.month, task.day.day), wh, origin))
        if not self._backfill and self._day_totals and self._on_totals is not None:
            totals, self._day_totals = self._day_totals, []
            self._on_totals(totals)

    # --- outcomes ------------------------------------------------------------------------

    def _answered(self, elapsed: float, started: float) -> float:
        slow = elapsed > self.settings.slow_s
        with self._lock:
            self._state = MirrorState.SLOW if slow else MirrorState.CONNECTED
            self._last_good, self._failures, self._retry_at = self._wall(), 0, None
            if not slow:
                self._detail = ""
            else:
                self._detail = f"a page took {elapsed:.1f} s"
        # A slow AiSEG2 gets twice a page's time to itself before the next request.
        return max(self.settings.gap_s, 2 * elapsed) if slow else self.settings.gap_s

    def _failed(self, exc: Aiseg2Error | pages.PageError, task: _Task, now: float) -> float:
        if task.kind == "graph":
            self._backfill.appendleft(task)  # asked again once the AiSEG2 is back
        self._queue.clear()
        self._failures += 1
        delay = min(self.settings.backoff_cap_s,
                    self.settings.interval_s * 2 ** (self._failures - 1))
        self._next_round = now + delay
        state = (MirrorState.NOT_ANSWERING if isinstance(exc, NotAnswering)
                 else MirrorState.ERROR_PAGES)
        with self._lock:
            self._state, self._detail, self._retry_at = state, str(exc), now + delay
        log.info("AiSEG2 %s: %s; asking again in %.0f s", state.value, exc, delay)
        return delay

    def _refused(self, exc: WrongPassword) -> None:
        self._queue.clear()
        with self._lock:
            self._state, self._detail, self._retry_at = (MirrorState.WRONG_PASSWORD, str(exc),
                                                         None)
        log.warning("AiSEG2 refused the login; the mirror stops until it is changed")
        return None

    # --- lifecycle -----------------------------------------------------------------------

    def use_client(self, client: Aiseg2Client) -> None:
        """A new login or address: ask again at once (the mirror's thread, or before it
        starts)."""
        old, self._client = self._client, client
        old.close()
        with self._lock:
            self._state, self._detail, self._failures = MirrorState.STARTING, "", 0
            self._host, self._retry_at = client.base.removeprefix("http://"), None
        self._queue.clear()
        self._next_round = self._names_at = -float("inf")

    def start(self) -> Aiseg2Mirror:
        self._thread = threading.Thread(target=self._main, name="aiseg2-mirror", daemon=True)
        self._thread.start()
        return self

    def _main(self) -> None:
        looked, every = self._mono(), self.settings.relogin_every_s
        while not self._stop.is_set():
            try:
                delay = self.poll_once()
            except Exception:  # one bad step must not end the mirror
                log.exception("AiSEG2 mirror step failed")
                delay = self.settings.interval_s
            if self._relogin is not None:  # a wrong password waits for a new login
                delay = every if delay is None else min(delay, every)
            self._wake.wait(delay)
            self._wake.clear()
            if self._relogin is not None and self._mono() - looked >= every:
                looked = self._mono()
                client = self._relogin()
                if client is not None:
                    log.info("AiSEG2 login changed: asking %s", client.base)
                    self.use_client(client)

    def close(self, timeout_s: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._client.close()
