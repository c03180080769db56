"""The rates page's data (worker thread): the household's plan and contract, the catalog,
and the home settings the charging rules use; and making another plan the plan."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from app.cloud.plan_cache import CachedCatalog
from app.domain.charging_rules import HomeSettings
from app.domain.home_rules_state import settings_from_home
from app.domain.plan_catalog import (
    Origin,
    PlanUpdate,
    accept_update,
    find_update,
    merge,
    month_difference,
    plan_order,
)
from app.domain.plan_choice import PlanChoice
from app.domain.tariff import RatePlan, SellPrice
from app.domain.tariff_checks import validate_plan
from app.domain.tariff_json import PlanError, dump_plan, load_plan
from app.domain.tariff_reference import TariffReference, load_reference
from app.resource_files import resource_path
from app.services.cost_query import (
    PLAN_SETTING,
    grid_usage,
    household_contract,
    household_plan,
    national_surcharge,
)
from app.services.store_query import StoreQuery
from app.store import Store

CATALOG_DIR = resource_path("rate_plans", "catalog")
REFERENCE_FILE = CATALOG_DIR.parent / "reference.json"
CONTRACT_AMPERES, CONTRACT_KVA = "contract_amperes", "contract_kva"  # the basic charge's
STATE_MAX_AGE_S = 600.0  # a battery mode older than this is not known any more
DECLINED_SETTING = "rate_plan_declined_updates"  # JSON list of PlanUpdate keys


def load_catalog(directory: Path = CATALOG_DIR) -> tuple[RatePlan, ...]:
    """Every catalog plan that loads (a broken file is skipped, not fatal), north to south."""
    plans = []
    for path in sorted(directory.glob("*.json")):
        try:
            plans.append(load_plan(path.read_bytes()))
        except (OSError, PlanError):
            continue
    return tuple(sorted(plans, key=plan_order))


@functools.cache
def tariff_reference() -> TariffReference:
    """FIT prices, post-FIT buy-back offers, CO2 factors (resources/rate_plans)."""
    return load_reference(REFERENCE_FILE.read_bytes())


HomeState = Callable[[Store], HomeSettings]  # what the rules judge besides the plan


def stored_settings(store: Store) -> HomeSettings:
    """The HomeSettings fields as stored (`plan` command flags); defaults for the rest."""
    stored = {f.name: v for f in fields(HomeSettings)
              if (v := store.get_setting(f.name)) is not None}
    return HomeSettings.from_stored(stored)[0]


def home_state(registered: Callable[[], bool], now: Callable[[], float]) -> HomeState:
    """The home as it is: commissioning, devices found, the battery's mode, registration,
    the weather-warning linkage (app/domain/home_rules_state.py); nothing it does not
    know passes."""
    def read(store: Store) -> HomeSettings:
        from app.domain.devices import devices_from_json, states_from_json
        from app.sources.collector_settings import DEVICES_SETTING, STATES_SETTING
        from app.store.home_setup import home_facts
        from app.store.linkage_settings import linkage_state

        states = states_from_json(store.get_setting(STATES_SETTING), now(), STATE_MAX_AGE_S)
        return settings_from_home(
            stored_settings(store), circuits=store.circuits(), facts=home_facts(store),
            device_classes=(d.class_code for d in
                            devices_from_json(store.get_setting(DEVICES_SETTING))),
            battery_mode=states.get("battery_mode"), registered=registered(),
            linkage_in_force=linkage_state(store).in_force)

    return read


class PlanQuery(StoreQuery):
    def __init__(self, open_store: Callable[[], Store], state: HomeState = stored_settings,
                 catalog: Callable[[], tuple[RatePlan, ...]] = load_catalog, *,
                 kept: Callable[[], CachedCatalog] | None = None,
                 today: Callable[[], date] | None = None) -> None:
        """``kept``: the server's plans kept for offline use (`plan_cache.load_cached`);
        ``today``: the home's date, for last month's usage an update is priced on."""
        super().__init__(open_store)
        self._catalog = catalog
        self._kept = kept or (lambda: CachedCatalog(None, None))
        self._state = state
        self._today = today

    def __call__(self) -> PlanChoice:
        store = self.store
        settings = self._state(store)
        amperes = store.get_setting(CONTRACT_AMPERES) or ""
        kva = store.get_setting(CONTRACT_KVA) or ""
        kept = self._kept()
        catalog = merge(self._catalog(), kept.plans)
        current = household_plan(store)
        update = find_update(current, catalog, self._declined(store))
        month, yen = (None, None)
        if update is not None and current is not None and self._today is not None:
            month, yen = self._last_month_difference(store, current, update)
        return PlanChoice(current, int(amperes) if amperes.isdigit() else None,
                          float(kva) if kva.replace(".", "", 1).isdigit() else None,
                          tuple(c.plan for c in catalog), settings,
                          frozenset(c.plan.id for c in catalog if c.origin is Origin.SERVER),
                          kept.fetched_at, update, month, yen,
                          None if current is None or current.area is None
                          else tariff_reference().buy_back(current.area))

    def _declined(self, store: Store) -> list[str]:
        try:
            declined = json.loads(store.get_setting(DECLINED_SETTING) or "[]")
        except ValueError:
            return []
        return [str(key) for key in declined] if isinstance(declined, list) else []

    def _last_month_difference(self, store: Store, current: RatePlan,
                               update: PlanUpdate) -> tuple[date, int | None]:
        """Last calendar month's bought and sold energy priced at the new prices and at
        today's, by the billing engine: the difference in yen (None without data)."""
        assert self._today is not None
        this_month = self._today().replace(day=1)
        first = (this_month - timedelta(days=1)).replace(day=1)
        tz = store.calendar.tz
        usage = grid_usage(store, datetime(first.year, first.month, 1, tzinfo=tz),
                           datetime(this_month.year, this_month.month, 1, tzinfo=tz))
        if usage is None:
            return first, None
        return first, month_difference(current, update, household_contract(store), usage,
                                       national_surcharge())

    def accept_update(self, key: str) -> None:
        """The household's plan takes the offered prices from their date on; PlanError when
        that update is no longer the one offered (the catalog changed meanwhile)."""
        store = self.store
        current = household_plan(store)
        update = find_update(current, merge(self._catalog(), self._kept().plans),
                             self._declined(store))
        if current is None or update is None or update.key != key:
            raise PlanError(["the offered prices changed; look at the offer again"])
        self.save(accept_update(current, update))

    def decline_update(self, key: str) -> None:
        """That update is not offered again (a later one is)."""
        store = self.store
        declined = self._declined(store)
        if key not in declined:
            store.set_setting(DECLINED_SETTING, json.dumps([*declined, key][-50:]))

    def use(self, plan: RatePlan, amperes: int | None, kva: float | None) -> None:
        store = self.store
        store.set_setting(PLAN_SETTING, dump_plan(plan))
        store.set_setting(CONTRACT_AMPERES, "" if amperes is None else str(amperes))
        store.set_setting(CONTRACT_KVA, "" if kva is None else str(kva))

    def save(self, plan: RatePlan) -> None:
        """The household's plan edited (its contract kept); PlanError if not valid."""
        problems = validate_plan(plan)
        if problems:
            raise PlanError(problems)
        self.store.set_setting(PLAN_SETTING, dump_plan(plan))

    def set_sell_price(self, yen_per_kwh: float, from_day: date) -> None:
        """The household's feed-in price from ``from_day`` on; earlier prices stay for
        earlier days. Raises PlanError when no plan is set or the result is not valid."""
        store = self.store
        plan = household_plan(store)
        if plan is None:
            raise PlanError(["no plan is set: choose a plan first"])
        sell = tuple(p for p in plan.sell if p.valid_from < from_day)
        self.save(replace(plan, sell=(*sell, SellPrice(from_day, yen_per_kwh))))
