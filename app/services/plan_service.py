"""The household's rate plan: read it with the catalog, and make another plan the plan.

Reads and writes run on the service's worker thread; the page gets an immutable
PlanChoice through ``choice_changed`` and ``saved(bool)`` after a change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.domain.home_clock import HomeClock
from app.services.background import BackgroundRunner
from app.store import Store

if TYPE_CHECKING:  # the tariff model (and `holidays`) load on the worker, after start-up
    from app.domain.plan_choice import PlanChoice
    from app.domain.tariff import RatePlan
    from app.services.plan_query import HomeState, PlanQuery
    from app.services.rate_catalog_service import CatalogStatus, RateCatalogService


class PlanService(QObject):
    """Signals: `choice_changed(PlanChoice)`, `saved(bool)`, `error(str)`, and
    `catalog_changed(CatalogStatus)` when the server's plans were asked for."""

    choice_changed = Signal(object)
    saved = Signal(bool)
    error = Signal(str)
    catalog_changed = Signal(object)

    def __init__(self, open_store: Callable[[], Store], clock: HomeClock, *,
                 registered: Callable[[], bool] | None = None, state: HomeState | None = None,
                 catalog: RateCatalogService | None = None, data_dir: Path | None = None,
                 parent: QObject | None = None) -> None:
        """What the rules judge besides the plan: the home as it is when ``registered``
        (the panel's registration state) is given (`plan_query.home_state`), or ``state``
        (tests), or else the stored settings alone. ``catalog`` fetches the server's plans
        into ``data_dir``, where they are read from; without ``data_dir``, the bundled
        plans only."""
        super().__init__(parent)
        self._open_store = open_store
        self._clock = clock
        self._registered = registered
        self._state = state
        self._data_dir = data_dir
        self._query: PlanQuery | None = None  # made and used on the worker only
        self._runner = BackgroundRunner("plan-service", self)
        self.last_choice: PlanChoice | None = None
        self.catalog = catalog
        if catalog is not None:
            catalog.status_changed.connect(self.catalog_changed)
            catalog.changed.connect(self.refresh)  # new server plans: read them again

    def _plan_query(self) -> PlanQuery:
        if self._query is None:
            from app.cloud.plan_cache import load_cached
            from app.services.plan_query import PlanQuery, home_state, stored_settings

            state = self._state or (stored_settings if self._registered is None else
                                    home_state(self._registered, self._clock.now))
            data_dir = self._data_dir
            self._query = PlanQuery(self._open_store, state,
                                    kept=None if data_dir is None else
                                    lambda: load_cached(data_dir),
                                    today=self._clock.today)
        return self._query

    @property
    def catalog_status(self) -> CatalogStatus | None:
        """How the last fetch of the server's plans went (None: not asked yet, or no server)."""
        return None if self.catalog is None else self.catalog.status

    def start(self) -> None:
        """The server's plans: fetched now (when registered) and daily."""
        if self.catalog is not None:
            self.catalog.start()

    def accept_update(self, key: str) -> None:
        """The household takes the offered new prices of its plan (from their date on)."""
        def save() -> PlanChoice:
            self._plan_query().accept_update(key)
            return self._plan_query()()

        self._runner.submit(save, self._on_saved)

    def decline_update(self, key: str) -> None:
        """The household keeps its prices: that update is not offered again."""
        def save() -> PlanChoice:
            self._plan_query().decline_update(key)
            return self._plan_query()()

        self._runner.submit(save, self._on_choice)

    def refresh(self) -> None:
        self._runner.submit(lambda: self._plan_query()(), self._on_choice)

    def use(self, plan: RatePlan, amperes: int | None = None, kva: float | None = None) -> None:
        def save() -> PlanChoice:
            self._plan_query().use(plan, amperes, kva)
            return self._plan_query()()

        self._runner.submit(save, self._on_saved)

    def save(self, plan: RatePlan) -> None:
        """The household's plan as edited; ``saved(False)`` and ``error`` if it is not valid."""
        def save() -> PlanChoice:
            self._plan_query().save(plan)
            return self._plan_query()()

        self._runner.submit(save, self._on_saved)

    def set_sell_price(self, yen_per_kwh: float) -> None:
        """The household's feed-in price from today (the home's date) on."""
        today = self._clock.today()

        def save() -> PlanChoice:
            self._plan_query().set_sell_price(yen_per_kwh, today)
            return self._plan_query()()

        self._runner.submit(save, self._on_saved)

    def _on_saved(self, choice: PlanChoice | None, error: BaseException | None) -> None:
        self._on_choice(choice, error)  # first: a listener of `saved` reads last_choice
        self.saved.emit(error is None)

    def _on_choice(self, choice: PlanChoice | None, error: BaseException | None) -> None:
        if error is not None or choice is None:
            self.error.emit(str(error))
            return
        self.last_choice = choice
        self.choice_changed.emit(choice)

    def shutdown(self) -> None:
        if self.catalog is not None:
            self.catalog.shutdown()
        self._runner.shutdown()
        if self._query is not None:
            self._query.close()
