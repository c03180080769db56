"""What electricity costs: per 30-minute slot, per circuit, per billing month.

Conventions (as a Japanese household bill, e.g. TEPCO's 従量電灯):
* The billing month is the calendar month (a meter-reading day would shift it;
  the panel shows calendar months everywhere else too).
* The basic charge and the tiers follow the plan version in force on the month's
  first day; slot prices, adjustments, the sell price and the CO2 factor follow
  the version in force on each slot's day.
* Tiered energy is priced at the margin: each slot's kWh at the tier the month's
  running total has reached, so slot costs add up exactly to the month's tier cost
  and the cost of a period is the sum of the costs of its parts.
* Rounding happens once per bill, never per slot: (basic + energy charge + fuel
  adjustment) rounded down to the yen, the renewable-energy surcharge rounded down
  to the yen on its own, the feed-in revenue rounded down to the yen (1円未満切り捨て).
* A circuit's cost is its share of each slot's bought energy cost (its kWh over the
  house's kWh in that slot); the basic charge is not split between circuits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.tariff import (
    SLOTS_PER_DAY,
    FixedBasic,
    PerAmpereBasic,
    PerKvaBasic,
    RatePlan,
    SurchargeRate,
    TieredEnergy,
    in_force,
)

WH_PER_KWH = 1000.0


@dataclass(frozen=True)
class Contract:
    """What the basic charge depends on: the contract current (A) or capacity (kVA)."""

    amperes: int | None = None
    kva: float | None = None


@dataclass(frozen=True)
class SlotUsage:
    """30-minute slots: starts in unix seconds (local days in ``timezone``) and Wh per slot.

    NaN is a slot without data: it costs nothing and counts nowhere.
    """

    starts: np.ndarray
    buy_wh: np.ndarray
    sell_wh: np.ndarray
    timezone: str
    generation_wh: np.ndarray | None = None  # own generation, for CO2 avoided
    consumption_wh: np.ndarray | None = None  # the house, for per-circuit shares
    circuits: Mapping[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class SlotCosts:
    """Unrounded yen and kg per slot (for graphs); `month_index` groups slots by month."""

    energy_yen: np.ndarray  # bought kWh × (slot or tier price + fuel adjustment)
    fuel_yen: np.ndarray  # the fuel-adjustment part of energy_yen
    surcharge_yen: np.ndarray  # bought kWh × renewable-energy surcharge
    sell_yen: np.ndarray  # sold kWh × feed-in price
    co2_kg: np.ndarray  # bought kWh × CO2 factor
    co2_avoided_kg: np.ndarray  # own generation × CO2 factor
    months: tuple[date, ...]  # first day of each billing month present
    month_index: np.ndarray  # per slot: index into `months`

    @property
    def bought_yen(self) -> np.ndarray:
        return self.energy_yen + self.surcharge_yen


@dataclass(frozen=True)
class MonthBill:
    month: date  # first day
    buy_kwh: float
    sell_kwh: float
    basic_yen: float
    energy_yen: float  # energy charge incl. fuel adjustment, unrounded
    fuel_adjustment_yen: float
    surcharge_yen: float  # renewable-energy surcharge, rounded down
    charge_yen: int  # basic + energy (incl. fuel adjustment), rounded down
    sell_revenue_yen: int  # rounded down
    co2_kg: float
    co2_avoided_kg: float

    @property
    def total_yen(self) -> int:
        """What the household pays: the charge plus the surcharge."""
        return self.charge_yen + int(self.surcharge_yen)

    @property
    def net_yen(self) -> int:
        return self.total_yen - self.sell_revenue_yen


def _kwh(wh: np.ndarray | None, size: int) -> np.ndarray:
    if wh is None:
        return np.zeros(size)
    return np.nan_to_num(np.asarray(wh, dtype=np.float64) / WH_PER_KWH, nan=0.0)


def _local(starts: np.ndarray, timezone: str) -> tuple[list[date], np.ndarray]:
    """Each slot's local day and its slot number within that day (0..47)."""
    zone = ZoneInfo(timezone)
    moments = [datetime.fromtimestamp(float(t), zone) for t in starts]
    slots = np.array([(m.hour * 60 + m.minute) // 30 for m in moments], dtype=np.int64)
    return [m.date() for m in moments], slots % SLOTS_PER_DAY


def slot_costs(plan: RatePlan, usage: SlotUsage,
               national: Sequence[SurchargeRate] = ()) -> SlotCosts:
    """Costs of every slot; vectorised over slots, with one price lookup per day.

    ``national``: the national renewable-energy surcharge table, for plan versions that
    leave the surcharge to it (None in the plan); without it those slots add nothing.
    """
    starts = np.asarray(usage.starts, dtype=np.float64)
    size = len(starts)
    buy = _kwh(usage.buy_wh, size)
    sell = _kwh(usage.sell_wh, size)
    generation = _kwh(usage.generation_wh, size)
    days, slot = _local(starts, usage.timezone)
    unique_days = sorted(set(days))
    day_row = {day: i for i, day in enumerate(unique_days)}
    rows = np.array([day_row[d] for d in days], dtype=np.int64)
    months = tuple(sorted({d.replace(day=1) for d in unique_days}))
    month_of = {m: i for i, m in enumerate(months)}
    month_index = np.array([month_of[d.replace(day=1)] for d in days], dtype=np.int64)

    # Per day: 48 energy prices (NaN for tiered days), adjustments, sell price, CO2 factor.
    prices = np.full((len(unique_days), SLOTS_PER_DAY), np.nan)
    fuel = np.zeros(len(unique_days))
    surcharge = np.zeros(len(unique_days))
    sell_price = np.zeros(len(unique_days))
    co2 = np.zeros(len(unique_days))
    for i, day in enumerate(unique_days):
        version = plan.version_on(day)
        if not isinstance(version.energy, TieredEnergy):
            prices[i] = version.slot_prices(day)
        fuel[i] = version.fuel_adjustment_yen_per_kwh
        own = version.renewable_surcharge_yen_per_kwh
        rate = in_force(national, day) if own is None else None
        surcharge[i] = own if own is not None else rate.yen_per_kwh if rate else 0.0
        sell_price[i] = plan.sell_price_on(day) or 0.0
        co2[i] = plan.co2_on(day) or 0.0

    unit = prices[rows, slot]
    tiered = np.isnan(unit)
    if tiered.any():
        unit = unit.copy()
        unit[tiered] = 0.0
    fuel_yen = buy * fuel[rows]
    energy = buy * unit + fuel_yen
    if tiered.any():
        energy += _tier_costs(plan, months, month_index, buy, tiered)
    return SlotCosts(
        energy_yen=energy, fuel_yen=fuel_yen, surcharge_yen=buy * surcharge[rows],
        sell_yen=sell * sell_price[rows],
        co2_kg=buy * co2[rows], co2_avoided_kg=generation * co2[rows],
        months=months, month_index=month_index)


def _tier_costs(plan: RatePlan, months: tuple[date, ...], month_index: np.ndarray,
                buy: np.ndarray, tiered: np.ndarray) -> np.ndarray:
    """Marginal tier cost per slot: the month's running total decides each kWh's tier.

    Slots must be in time order within a month (they are: rollups come sorted).
    """
    out = np.zeros(len(buy))
    for m, month in enumerate(months):
        energy = plan.version_on(month).energy
        if not isinstance(energy, TieredEnergy):
            continue
        sel = np.flatnonzero((month_index == m) & tiered)
        kwh = buy[sel]
        after = np.cumsum(kwh)
        before = after - kwh
        cost = np.zeros(len(sel))
        lower = 0.0
        for tier in energy.tiers:
            upper = math.inf if tier.up_to_kwh is None else tier.up_to_kwh
            # The part of each slot's kWh that falls inside [lower, upper).
            inside = np.clip(np.minimum(after, upper) - np.maximum(before, lower), 0.0, None)
            cost += inside * tier.yen_per_kwh
            lower = upper
        out[sel] = cost
    return out


def basic_charge(plan: RatePlan, contract: Contract, month: date) -> float:
    basic = plan.version_on(month).basic
    if isinstance(basic, FixedBasic):
        return basic.yen
    if isinstance(basic, PerAmpereBasic):
        if contract.amperes is None:
            raise ValueError("the plan charges by contract current: set the amperes")
        return basic.charge(contract.amperes)
    if isinstance(basic, PerKvaBasic):
        if contract.kva is None:
            raise ValueError("the plan charges by contract capacity: set the kVA")
        return basic.charge(contract.kva)
    raise TypeError(f"unknown basic charge {basic!r}")


def bill(plan: RatePlan, contract: Contract, usage: SlotUsage,
         national: Sequence[SurchargeRate] = ()) -> list[MonthBill]:
    """One bill per calendar month present in ``usage``, rounded as the module says."""
    costs = slot_costs(plan, usage, national)
    size = len(costs.month_index)
    buy, sell = _kwh(usage.buy_wh, size), _kwh(usage.sell_wh, size)
    bills = []
    for m, month in enumerate(costs.months):
        sel = costs.month_index == m
        basic = basic_charge(plan, contract, month)
        energy = float(costs.energy_yen[sel].sum())
        bills.append(MonthBill(
            month=month, buy_kwh=float(buy[sel].sum()), sell_kwh=float(sell[sel].sum()),
            basic_yen=basic, energy_yen=energy,
            fuel_adjustment_yen=float(costs.fuel_yen[sel].sum()),
            surcharge_yen=math.floor(float(costs.surcharge_yen[sel].sum()) + 1e-9),
            charge_yen=math.floor(basic + energy + 1e-9),
            sell_revenue_yen=math.floor(float(costs.sell_yen[sel].sum()) + 1e-9),
            co2_kg=float(costs.co2_kg[sel].sum()),
            co2_avoided_kg=float(costs.co2_avoided_kg[sel].sum())))
    return bills


def circuit_costs(costs: SlotCosts, usage: SlotUsage) -> dict[str, np.ndarray]:
    """Each circuit's share of every slot's bought-energy cost (yen per slot).

    Share = circuit kWh / house kWh in that slot; a slot where the house used
    nothing (or has no data) gives every circuit 0.
    """
    size = len(costs.energy_yen)
    house = _kwh(usage.consumption_wh, size)
    per_kwh = np.divide(costs.bought_yen, house, out=np.zeros(size), where=house > 0)
    return {key: _kwh(wh, size) * per_kwh for key, wh in usage.circuits.items()}



def volume_slot_costs(plan: RatePlan, starts: np.ndarray, litres: np.ndarray, timezone: str,
                      utility: str) -> np.ndarray:
    """Yen per slot for gas or water (``utility``): litres × the per-m³ price in force
    that day. The monthly basic charge of gas is not split into slots; no price, no cost."""
    days, _ = _local(np.asarray(starts, dtype=np.float64), timezone)
    price_on = plan.gas_on if utility == "gas" else plan.water_on
    per_day = {}
    for day in set(days):
        price = price_on(day)
        per_day[day] = 0.0 if price is None else price.yen_per_m3
    unit = np.array([per_day[d] for d in days])
    return np.nan_to_num(np.asarray(litres, dtype=np.float64)) / 1000.0 * unit
