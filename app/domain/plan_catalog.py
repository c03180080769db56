"""The plans a household chooses from, and a newer version of the plan it chose.

Pure: the bundled plans and the server's (already parsed) are merged here, a server
plan replacing the bundled plan of the same id; the list is ordered by supply area
from north to south (北海道 → 沖縄), then by company and plan name. A plan the household
chose that has a version upstream newer than all of its own is an update offered to
it; `accept_update` makes the plan switch to the new prices from their date on.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

import numpy as np

from app.domain.billing import Contract, SlotUsage, bill
from app.domain.tariff import AREAS, PlanVersion, RatePlan, SurchargeRate, Text


class Origin(Enum):
    BUNDLED = "bundled"  # shipped with the panel
    SERVER = "server"  # fetched from the center server (kept for offline use)


@dataclass(frozen=True)
class CatalogPlan:
    plan: RatePlan
    origin: Origin


def _name_key(text: str) -> str:
    """Full-width and half-width letters alike, case ignored (ｅタイム = eタイム = Eタイム)."""
    return unicodedata.normalize("NFKC", text).casefold()


def plan_order(plan: RatePlan) -> tuple[int, str, str, str]:
    """North to south by area (a plan of no area last), then company, then plan name."""
    area = AREAS.index(plan.area) if plan.area in AREAS else len(AREAS)
    return area, _name_key(plan.company.ja), _name_key(plan.name.ja), plan.id


def merge(bundled: Iterable[RatePlan], server: Iterable[RatePlan]) -> tuple[CatalogPlan, ...]:
    """Every plan once (the server's wins over a bundled one of the same id), in order."""
    plans = {plan.id: CatalogPlan(plan, Origin.BUNDLED) for plan in bundled}
    plans.update({plan.id: CatalogPlan(plan, Origin.SERVER) for plan in server})
    return tuple(sorted(plans.values(), key=lambda p: plan_order(p.plan)))


@dataclass(frozen=True)
class PlanUpdate:
    """Newer prices of the household's plan, from `valid_from` on."""

    plan: RatePlan  # the catalog's plan, as published
    versions: tuple[PlanVersion, ...]  # the versions the household's copy lacks, oldest first
    key: str  # names this update: declined once, it is not offered again

    @property
    def valid_from(self) -> date:
        return self.versions[0].valid_from

    @property
    def newest(self) -> PlanVersion:
        return self.versions[-1]


def update_key(plan_id: str, versions: Iterable[PlanVersion]) -> str:
    """The plan's id, the first new date and a digest of the new prices: a correction of
    the prices upstream is a new update, the same prices fetched again are not."""
    from app.domain.tariff_json import plan_to_data  # the one writer of the JSON form

    versions = tuple(versions)
    probe = RatePlan(plan_id, _BLANK, _BLANK, None, versions)
    digest = hashlib.sha256(json.dumps(plan_to_data(probe)["versions"], sort_keys=True)
                            .encode()).hexdigest()[:12]
    return f"{plan_id}@{versions[0].valid_from.isoformat()}#{digest}"


def find_update(household: RatePlan | None, catalog: Iterable[CatalogPlan],
                declined: Iterable[str] = ()) -> PlanUpdate | None:
    """The catalog's newer versions of the household's plan (same id) whose prices
    differ from what the household pays on their dates, unless declined; else None."""
    if household is None or not household.versions:
        return None
    upstream = next((c.plan for c in catalog if c.plan.id == household.id), None)
    if upstream is None:
        return None
    last = household.versions[-1].valid_from
    newer = tuple(v for v in upstream.versions if v.valid_from > last)
    if not any(_prices(v) != _prices(household.version_on(v.valid_from)) for v in newer):
        return None  # nothing new, or the same prices restated from a later date
    key = update_key(household.id, newer)
    return None if key in set(declined) else PlanUpdate(upstream, newer, key)


def _prices(version: PlanVersion) -> tuple:
    return (version.basic, version.energy, version.fuel_adjustment_yen_per_kwh,
            version.renewable_surcharge_yen_per_kwh)


def accept_update(household: RatePlan, update: PlanUpdate) -> RatePlan:
    """The household's plan with the new prices from their date on: old usage keeps the
    old prices; its own selling price, CO2, gas and water prices stay as they are."""
    kept = tuple(v for v in household.versions if v.valid_from < update.valid_from)
    return replace(household, versions=kept + update.versions,
                   source=update.plan.source or household.source,
                   area=household.area or update.plan.area)


def priced_as(plan: RatePlan, version: PlanVersion) -> RatePlan:
    """`plan` with `version`'s prices on every day (a month priced both ways, to compare)."""
    return replace(plan, versions=(replace(version, valid_from=date.min),))


def month_difference(household: RatePlan, update: PlanUpdate, contract: Contract,
                     usage: SlotUsage, national: tuple[SurchargeRate, ...] = ()) -> int | None:
    """What `usage` (a month) costs at the update's newest prices minus what it costs at
    the prices the household pays now, in yen as billed (each bill rounded its own way);
    None when there is no usage or the contract does not fit the plan's basic charge."""
    if not np.isfinite(np.asarray(usage.buy_wh, dtype=float)).any():
        return None  # no data: no figure, rather than the basic charges' difference alone
    try:
        now = bill(priced_as(household, household.versions[-1]), contract, usage, national)
        new = bill(priced_as(household, update.newest), contract, usage, national)
    except (KeyError, ValueError):  # no basic charge for this contract in one of them
        return None
    return sum(b.total_yen for b in new) - sum(b.total_yen for b in now)


_BLANK = Text("-", "-")
