"""Rate plans from the center server: fetched at start and daily, kept for offline use.

    catalog = RateCatalogService(connect, data_dir, clock)
    catalog.status_changed.connect(page.show_catalog)   # CatalogStatus, immutable
    catalog.start()                                     # the kept state, then a fetch
    catalog.refresh()                                   # fetch now (unless one is under way)

Only this service talks to the server about plans, on its worker thread, one request
at a time, and only while the panel is registered. What it keeps (`app.cloud.plan_cache`)
the plan service reads with the bundled catalog: the rates page lists both, the
server's plan winning over a bundled one of the same id. `changed` is emitted when the
kept plans differ after a fetch (the plan service then reads them again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.cloud.errors import CloudError
from app.cloud.token_store import TokenStore
from app.domain.home_clock import HomeClock
from app.services.background import BackgroundRunner
from app.services.cloud_problem import problem_of

if TYPE_CHECKING:
    from app.cloud.client import CenterClient
    from app.cloud.plan_cache import Refreshed

log = logging.getLogger(__name__)

FETCH_MS = 24 * 3600 * 1000  # utilities publish new prices months ahead: daily is plenty
RETRY_MS = 60 * 60 * 1000  # after a failed fetch
NOT_REGISTERED = "not_registered"

Connect = Callable[[TokenStore], "CenterClient"]


@dataclass(frozen=True)
class CatalogStatus:
    fetched_at: float | None  # the last good fetch (unix s); None: never (bundled plans only)
    plans: int  # server plans kept
    problem: str | None = None  # why the last attempt failed: NOT_REGISTERED or a
    refused: tuple[str, ...] = ()  # cloud_problem kind; ids of plans refused by the check


class RateCatalogService(QObject):
    status_changed = Signal(object)
    changed = Signal()

    def __init__(self, connect: Connect, data_dir: Path, clock: HomeClock,
                 parent: QObject | None = None, *, fetch_ms: int = FETCH_MS,
                 retry_ms: int = RETRY_MS) -> None:
        super().__init__(parent)
        self._connect = connect
        self._data_dir = Path(data_dir)
        self._tokens = TokenStore(self._data_dir)
        self._clock = clock
        self._client: CenterClient | None = None  # worker only
        self._fetch_ms, self._retry_ms = fetch_ms, retry_ms
        self._runner = BackgroundRunner("rate-catalog", self)
        self._timer = QTimer(self)
        self._timer.setInterval(fetch_ms)
        self._timer.timeout.connect(self.refresh)
        self._fetching = False
        self.status: CatalogStatus | None = None

    def start(self) -> None:
        """Fetch now and then daily (the kept plans are read by the plan service)."""
        if not self._timer.isActive():
            self._timer.start()
            self.refresh()

    def refresh(self) -> None:
        if self._fetching:
            return
        self._fetching = True
        self._runner.submit(self._fetch, self._done)

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.shutdown()
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- worker ----------------------------------------------------------------------------

    def _fetch(self) -> tuple[CatalogStatus, bool]:
        from app.cloud.plan_cache import load_cached, refresh_catalog

        if self._tokens.load() is None:
            kept = load_cached(self._data_dir)
            return CatalogStatus(kept.fetched_at, len(kept.plans), NOT_REGISTERED), False
        try:
            if self._client is None:
                self._client = self._connect(self._tokens)
            result: Refreshed = refresh_catalog(self._client, self._data_dir,
                                                self._clock.now())
        except CloudError as exc:
            log.warning("rate plans not fetched: %s", exc)
            kept = load_cached(self._data_dir)
            return CatalogStatus(kept.fetched_at, len(kept.plans),
                                 problem_of(exc).kind), False
        return CatalogStatus(result.catalog.fetched_at, len(result.catalog.plans), None,
                             result.refused), result.changed

    # -- delivery (UI thread) --------------------------------------------------------------

    def _done(self, result: tuple[CatalogStatus, bool] | None,
              error: BaseException | None) -> None:
        self._fetching = False
        if result is None:
            log.error("rate plans: %s", error)  # the disk failed: try again later
            self._timer.setInterval(self._retry_ms)
            return
        status, changed = result
        failed = status.problem is not None and status.problem != NOT_REGISTERED
        self._timer.setInterval(self._retry_ms if failed else self._fetch_ms)
        self.status = status
        self.status_changed.emit(status)
        if changed:
            self.changed.emit()
