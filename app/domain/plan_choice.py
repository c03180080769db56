"""What the rates page shows: the household's plan and contract, the catalog to choose
from, and the home's settings the charging rules are judged with."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.charging_rules import HomeSettings
from app.domain.tariff import RatePlan


@dataclass(frozen=True)
class PlanChoice:
    current: RatePlan | None  # None: no plan set yet
    amperes: int | None
    kva: float | None
    catalog: tuple[RatePlan, ...]
    settings: HomeSettings
