"""Graph buckets in yen or kg-CO2, from the 30-minute rollups and the household's plan.

The slots of the period are priced by the billing engine and summed into the
graph's buckets, so a day's bars add up to what the month's bill charges for
those slots. Tiers depend on the month's running total, so the slots are priced
from the first day of the billing month even when the period starts later.

What each series costs:
* grid_buy, consumption: the bought energy (energy charge with fuel adjustment,
  plus the renewable-energy surcharge); CO2: of the bought energy;
* grid_sell: the feed-in revenue (no CO2);
* a circuit: its share of each slot's bought cost (and CO2), by its kWh;
* pv, fuelcell: no cost; CO2: what their generation avoided.
Other series have no cost (NaN). A bucket whose slots have no bought energy data is NaN.
"""

from __future__ import annotations

import functools
from datetime import datetime

import numpy as np

from app.domain import series as s
from app.domain.billing import (
    Contract,
    SlotUsage,
    circuit_costs,
    slot_costs,
    volume_slot_costs,
)
from app.domain.money_forecast import HomeMoney, home_money
from app.domain.periods import Measure
from app.domain.tariff import RatePlan, SurchargeRate
from app.domain.tariff_json import PlanError, load_national_surcharge, load_plan
from app.resource_files import resource_path
from app.store import Interval, Store

PLAN_SETTING = "rate_plan"  # the household's plan, in its JSON form (`hems-panel plan use`)
UNIT = {Measure.COST: "¥", Measure.CO2: "kg"}
VOLUME_UTILITY = {s.GAS: "gas", s.WATER: "water"}  # volume series priced per m³
NATIONAL_SURCHARGE_FILE = resource_path("rate_plans", "renewable_surcharge.json")


@functools.cache
def national_surcharge() -> tuple[SurchargeRate, ...]:
    """The national renewable-energy surcharge by fiscal year (resources/rate_plans)."""
    return load_national_surcharge(NATIONAL_SURCHARGE_FILE.read_bytes())


def household_plan(store: Store) -> RatePlan | None:
    """The plan the household set (`hems-panel plan use`, or the editor); None if none."""
    text = store.get_setting(PLAN_SETTING)
    if not text:
        return None
    try:
        return load_plan(text)
    except PlanError:
        return None  # a plan that no longer loads is no plan (the editor says why)


def household_contract(store: Store) -> Contract:
    """The contract the household's plan is charged by (set with the plan)."""
    from app.services.plan_query import CONTRACT_AMPERES, CONTRACT_KVA  # it imports us

    amperes = store.get_setting(CONTRACT_AMPERES) or ""
    kva = store.get_setting(CONTRACT_KVA) or ""
    return Contract(int(amperes) if amperes.isdigit() else None,
                    float(kva) if kva.replace(".", "", 1).isdigit() else None)


def money_of_month(store: Store, now: float) -> HomeMoney | None:
    """Today's electricity cost so far and this month's bill forecast (home screen);
    None without a rate plan or without a bought-energy series."""
    plan = household_plan(store)
    if plan is None:
        return None
    moment = datetime.fromtimestamp(now, store.calendar.tz)
    usage = grid_usage(store, moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0),
                       moment)
    if usage is None:
        return None
    return home_money(plan, household_contract(store), usage, now, national_surcharge())


def grid_usage(store: Store, start: datetime, end: datetime) -> SlotUsage | None:
    """The 30-minute bought and sold energy from `start` to before `end`, as the billing
    engine reads it; None without a bought-energy series."""
    defined = {spec.key for spec in store.series()}
    if s.GRID_BUY not in defined:
        return None
    keys = [k for k in (s.GRID_BUY, s.GRID_SELL) if k in defined]
    frame = store.rollup(keys, Interval.MIN30, start, end)
    size = len(frame.starts)
    return SlotUsage(frame.starts.astype(np.float64), frame.values[s.GRID_BUY],
                     frame.values.get(s.GRID_SELL, np.zeros(size)), store.timezone)


def bucket_costs(store: Store, plan: RatePlan, keys: list[str], measure: Measure,
                 x: np.ndarray, period_end: float) -> dict[str, np.ndarray]:
    """Yen or kg per bucket (bucket starts ``x`` in unix s) for each key."""
    out = {k: np.full(len(x), np.nan) for k in keys}
    if not len(x):
        return out
    tz = store.calendar.tz
    first = datetime.fromtimestamp(float(x[0]), tz)
    month_start = datetime(first.year, first.month, 1, tzinfo=tz)
    defined = {spec.key for spec in store.series()}
    circuits = [k for k in keys if k.startswith("circuit.") and k in defined]
    # A plan without gas (water) prices gives them no cost: no data, not ¥0.
    volumes = [k for k in keys if k in VOLUME_UTILITY and k in defined
               and measure is Measure.COST and getattr(plan, VOLUME_UTILITY[k])]
    wanted = [k for k in (s.GRID_BUY, s.GRID_SELL, s.CONSUMPTION, s.PV, s.FUEL_CELL)
              if k in defined]
    frame = store.rollup(wanted + circuits + volumes, Interval.MIN30, month_start,
                         datetime.fromtimestamp(period_end, tz))
    if not len(frame.starts):
        return out
    values = frame.values
    known = {k: np.isfinite(values[k]) for k in volumes}
    per_slot = {k: volume_slot_costs(plan, frame.starts, values[k], store.timezone,
                                     VOLUME_UTILITY[k]) for k in volumes}
    if s.GRID_BUY in values:
        electric = [k for k in keys if k not in VOLUME_UTILITY]
        per_slot.update(_electricity(plan, store, frame, electric, circuits, measure))
        known.update(dict.fromkeys(electric, np.isfinite(values[s.GRID_BUY])))
    # Slot -> bucket: the last bucket starting at or before the slot; slots of the
    # billing month before the period (priced for the tiers) fall outside.
    bucket = np.searchsorted(x, frame.starts, side="right") - 1
    inside = (bucket >= 0) & (frame.starts >= x[0])
    for key, slot_values in per_slot.items():
        sums = np.bincount(bucket[inside], weights=slot_values[inside], minlength=len(x))
        seen = np.bincount(bucket[inside], weights=known[key][inside], minlength=len(x)) > 0
        out[key] = np.where(seen, sums[:len(x)], np.nan)
    return out


def _electricity(plan: RatePlan, store: Store, frame, keys: list[str], circuits: list[str],
                 measure: Measure) -> dict[str, np.ndarray]:
    values = frame.values
    generation = sum((np.nan_to_num(values[k]) for k in (s.PV, s.FUEL_CELL) if k in values),
                     np.zeros(len(frame.starts)))
    usage = SlotUsage(frame.starts.astype(np.float64), values[s.GRID_BUY],
                      values.get(s.GRID_SELL, np.zeros(len(frame.starts))), store.timezone,
                      generation_wh=generation, consumption_wh=values.get(s.CONSUMPTION),
                      circuits={k: values[k] for k in circuits})
    costs = slot_costs(plan, usage, national_surcharge())
    return _per_slot(costs, usage, keys, measure, values)


def _per_slot(costs, usage: SlotUsage, keys: list[str], measure: Measure,
              values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    bought = costs.bought_yen if measure is Measure.COST else costs.co2_kg
    shares = circuit_costs(costs, usage) if measure is Measure.COST else _co2_shares(costs, usage)
    out: dict[str, np.ndarray] = {}
    for key in keys:
        if key in (s.GRID_BUY, s.CONSUMPTION):
            out[key] = bought
        elif key == s.GRID_SELL and measure is Measure.COST:
            out[key] = costs.sell_yen
        elif key in shares:
            out[key] = shares[key]
        elif key in (s.PV, s.FUEL_CELL) and measure is Measure.CO2 and key in values:
            # What this generator's kWh avoided, at the slot's CO2 factor.
            factor = np.divide(costs.co2_avoided_kg, usage.generation_wh / 1000.0,
                               out=np.zeros(len(bought)), where=usage.generation_wh > 0)
            out[key] = np.nan_to_num(values[key]) / 1000.0 * factor
    return out


def _co2_shares(costs, usage: SlotUsage) -> dict[str, np.ndarray]:
    size = len(costs.co2_kg)
    house = np.nan_to_num(np.asarray(usage.consumption_wh, dtype=np.float64)) \
        if usage.consumption_wh is not None else np.zeros(size)
    per_wh = np.divide(costs.co2_kg, house, out=np.zeros(size), where=house > 0)
    return {k: np.nan_to_num(v) * per_wh for k, v in usage.circuits.items()}
