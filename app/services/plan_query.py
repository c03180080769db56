"""The rates page's data (worker thread): the household's plan and contract, the catalog,
and the home settings the charging rules use; and making another plan the plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

from app.domain.charging_rules import HomeSettings
from app.domain.home_rules_state import settings_from_home
from app.domain.plan_choice import PlanChoice
from app.domain.tariff import RatePlan, SellPrice
from app.domain.tariff_checks import validate_plan
from app.domain.tariff_json import PlanError, dump_plan, load_plan
from app.resource_files import resource_path
from app.services.cost_query import PLAN_SETTING, household_plan
from app.services.store_query import StoreQuery
from app.store import Store

CATALOG_DIR = resource_path("rate_plans", "catalog")
CONTRACT_AMPERES, CONTRACT_KVA = "contract_amperes", "contract_kva"  # the basic charge's
STATE_MAX_AGE_S = 600.0  # a battery mode older than this is not known any more


def load_catalog(directory: Path = CATALOG_DIR) -> tuple[RatePlan, ...]:
    """Every catalog plan that loads (a broken file is skipped, not fatal), by company."""
    plans = []
    for path in sorted(directory.glob("*.json")):
        try:
            plans.append(load_plan(path.read_bytes()))
        except (OSError, PlanError):
            continue
    return tuple(sorted(plans, key=lambda p: (p.company.ja, p.name.ja)))


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
        from app.sources.collector import DEVICES_SETTING, STATES_SETTING
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
                 catalog: Callable[[], tuple[RatePlan, ...]] = load_catalog) -> None:
        super().__init__(open_store)
        self._catalog = catalog
        self._state = state

    def __call__(self) -> PlanChoice:
        store = self.store
        settings = self._state(store)
        amperes = store.get_setting(CONTRACT_AMPERES) or ""
        kva = store.get_setting(CONTRACT_KVA) or ""
        return PlanChoice(household_plan(store), int(amperes) if amperes.isdigit() else None,
                          float(kva) if kva.replace(".", "", 1).isdigit() else None,
                          self._catalog(), settings)

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
