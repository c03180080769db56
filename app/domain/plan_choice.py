"""What the rates page shows: the household's plan and contract, the catalog to choose
from, and the home's settings the charging rules are judged with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.charging_rules import HomeSettings
from app.domain.plan_catalog import PlanUpdate
from app.domain.tariff import RatePlan
from app.domain.tariff_reference import BuyBackOffer


@dataclass(frozen=True)
class PlanChoice:
    current: RatePlan | None  # None: no plan set yet
    amperes: int | None
    kva: float | None
    catalog: tuple[RatePlan, ...]  # bundled and server plans, north to south
    settings: HomeSettings
    server_ids: frozenset[str] = frozenset()  # the catalog's plans that came from the server
    catalog_updated: float | None = None  # the last good fetch of the server's plans
    update: PlanUpdate | None = None  # newer prices of the household's plan, offered
    update_month: date | None = None  # the month the difference is reckoned on (last)
    update_yen: int | None = None  # that month's bill at the new prices minus now's
    buy_back: BuyBackOffer | None = None  # the area's utility's price after the FIT years
