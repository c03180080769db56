"""The prices a plan weighs, slot by slot, from the household's rate plan.

A bought kWh costs the slot's energy price plus what every bought kWh adds (the fuel-cost
adjustment and the renewable-energy surcharge, the plan's own or the national one), as
the billing engine charges it; a sold kWh earns the sell price in force that day.
A tiered plan has no price per slot (its price depends on the month's total): it raises
ValueError, as `tariff.energy_slot_prices` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from app.domain.charge_plan import slot_start
from app.domain.tariff import RatePlan, SurchargeRate, in_force, slot_of


def horizon_prices(plan: RatePlan, start: datetime, n: int,
                   national: Sequence[SurchargeRate] = ()
                   ) -> tuple[tuple[float, ...], tuple[float | None, ...]]:
    """(buy, sell) 円/kWh for `n` slots from `start` (aware; local days in its zone)."""
    days: dict[date, tuple[tuple[float, ...], float, float | None]] = {}
    buy: list[float] = []
    sell: list[float | None] = []
    for i in range(n):
        moment = slot_start(start, i)
        day = moment.date()
        if day not in days:
            version = plan.version_on(day)
            own = version.renewable_surcharge_yen_per_kwh
            rate = in_force(national, day) if own is None else None
            surcharge = own if own is not None else rate.yen_per_kwh if rate else 0.0
            days[day] = (version.slot_prices(day),
                         version.fuel_adjustment_yen_per_kwh + surcharge,
                         plan.sell_price_on(day))
        prices, added, sell_price = days[day]
        buy.append(prices[slot_of(moment.time())] + added)
        sell.append(sell_price)
    return tuple(buy), tuple(sell)
