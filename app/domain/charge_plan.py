"""The charge plan's inputs and outputs: values only (the linear program is `charge_planner`).

Units everywhere: energy in Wh per 30-minute slot, power in W (the slot's mean), prices in
円/kWh, levels in % of capacity. Slot i runs from `start + i × 30 min`. A battery's and a
car's energy are counted as stored (after the charging loss), their power on the AC side,
which is what the devices report and are set to; losses are split evenly: √η each way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from app.domain.forecast_scenarios import Scenario

SLOT = timedelta(minutes=30)
SLOT_HOURS = 0.5


def slot_start(start: datetime, i: int) -> datetime:
    """Slot i's start in the zone of `start`, counted in real time (a clock change moves
    the wall clock, not the slots)."""
    return (start.astimezone(UTC) + i * SLOT).astimezone(start.tzinfo)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _finite(name: str, value: float, low: float = 0.0, high: float = math.inf) -> None:
    _check(isinstance(value, int | float) and math.isfinite(value) and low <= value <= high,
           f"{name} must be a number in {low}..{high}, not {value!r}")


def _half_hour(name: str, moment: time) -> None:
    _check(moment.minute in (0, 30) and moment.second == 0 and moment.microsecond == 0,
           f"{name} must be on a half hour, not {moment}")


@dataclass(frozen=True, slots=True)
class BatterySpec:
    capacity_wh: float
    max_charge_w: float
    max_discharge_w: float
    round_trip_efficiency: float = 0.9
    reserve_pct: float = 30.0  # outage care (停電ケア): never discharged below this
    may_sell: bool = False  # a home battery normally must not export (逆潮流)

    def __post_init__(self) -> None:
        _finite("battery capacity_wh", self.capacity_wh)
        _check(self.capacity_wh > 0, "battery capacity_wh must be positive")
        _finite("battery max_charge_w", self.max_charge_w)
        _finite("battery max_discharge_w", self.max_discharge_w)
        _finite("battery round_trip_efficiency", self.round_trip_efficiency, 0.01, 1.0)
        _finite("battery reserve_pct", self.reserve_pct, 0.0, 100.0)

    @property
    def leg_efficiency(self) -> float:
        """One way's efficiency (charging or discharging): √ of the round trip."""
        return math.sqrt(self.round_trip_efficiency)


@dataclass(frozen=True, slots=True)
class EvSpec:
    """The car at a charger (or a V2H stand, which can also power the house from it)."""

    capacity_wh: float
    level_pct: float  # now
    target_pct: float  # wanted by departure (the user's setting)
    departure_slot: int | None  # the car leaves at this slot's start; None: not in the horizon
    max_charge_w: float
    can_discharge: bool = False  # V2H
    max_discharge_w: float = 0.0
    floor_pct: float = 30.0  # V2H discharges no lower (the stand's 放電下限)
    round_trip_efficiency: float = 0.9
    present: bool = True  # plugged in; an absent car is not planned

    def __post_init__(self) -> None:
        _finite("EV capacity_wh", self.capacity_wh)
        _check(self.capacity_wh > 0, "EV capacity_wh must be positive")
        _finite("EV level_pct", self.level_pct, 0.0, 100.0)
        _finite("EV target_pct", self.target_pct, 0.0, 100.0)
        _finite("EV floor_pct", self.floor_pct, 0.0, 100.0)
        _finite("EV max_charge_w", self.max_charge_w)
        _finite("EV max_discharge_w", self.max_discharge_w)
        _finite("EV round_trip_efficiency", self.round_trip_efficiency, 0.01, 1.0)
        _check(self.departure_slot is None or (isinstance(self.departure_slot, int)
                                               and self.departure_slot >= 0),
               f"EV departure_slot must be a slot index or None, not {self.departure_slot!r}")

    @property
    def leg_efficiency(self) -> float:
        return math.sqrt(self.round_trip_efficiency)


@dataclass(frozen=True, slots=True)
class EcoCuteSpec:
    """The EcoCute's daily refill: `heating_wh` of electricity at `power_w`, in its night
    window, or (沸き上げシフト, when `day_shift` allows it) in the day window's surplus slots.

    A refill serves one day's hot water: the night that ends that morning, or that day's
    window (the evening bath uses either). `heated_wh` is what the refill in progress has
    already done (the first whose windows have not ended by the plan's start).
    `daily_heating_wh`: (day, Wh) for refills known to need another amount than
    `heating_wh` (a study with perfect foresight of each day's hot water)."""

    heating_wh: float
    power_w: float
    night_start: time = time(23, 0)
    night_end: time = time(7, 0)
    day_shift: bool = False
    day_start: time = time(9, 0)
    day_end: time = time(16, 0)
    heated_wh: float = 0.0
    daily_heating_wh: tuple[tuple[date, float], ...] = ()

    def __post_init__(self) -> None:
        _finite("EcoCute heating_wh", self.heating_wh)
        for day, wh in self.daily_heating_wh:
            _check(isinstance(day, date), f"EcoCute daily_heating_wh: {day!r} is not a date")
            _finite(f"EcoCute daily_heating_wh[{day}]", wh)
        _finite("EcoCute power_w", self.power_w)
        _check(self.power_w > 0, "EcoCute power_w must be positive")
        _finite("EcoCute heated_wh", self.heated_wh)
        for name in ("night_start", "night_end", "day_start", "day_end"):
            _half_hour(f"EcoCute {name}", getattr(self, name))
        _check(self.night_start != self.night_end, "the EcoCute's night window is empty")
        _check(self.day_start < self.day_end, "the EcoCute's day window must not cross midnight")
        # A slot belongs to one refill: the day window lies between two nights.
        _check(self.night_end <= self.day_start
               and (self.night_start < self.night_end or self.day_end <= self.night_start),
               "the EcoCute's day window must lie between the end of one night window and "
               "the start of the next")

    def heating_on(self, day: date) -> float:
        """What the refill serving `day` needs (Wh)."""
        return dict(self.daily_heating_wh).get(day, self.heating_wh)


def _tuple(values, n: int, default, name: str) -> tuple:
    values = tuple(values)
    if not values:
        return (default,) * n
    _check(len(values) == n, f"{name} has {len(values)} slots, the prices {n}")
    return values


def _ahead(values: tuple, fraction: float) -> tuple:
    if not values or values[0] is None or fraction == 1.0:
        return values
    return (values[0] * fraction, *values[1:])


@dataclass(frozen=True)
class PlanInputs:
    """Everything the planner needs; `target_wh` and `grid_charge_allowed` may be left
    empty (no targets; grid charging allowed in every slot). A sell price of None or 0
    means nothing is sold in that slot (surplus PV is curtailed when it cannot be stored)."""

    start: datetime  # aware, on a half hour
    buy_yen_per_kwh: tuple[float, ...]
    sell_yen_per_kwh: tuple[float | None, ...]
    pv_wh: tuple[float, ...]  # forecast
    load_wh: tuple[float, ...]  # forecast, without the battery, the car and the EcoCute
    target_wh: tuple[float | None, ...] = ()  # 30-minute purchase target (節電設定)
    grid_charge_allowed: tuple[bool, ...] = ()
    battery: BatterySpec | None = None
    soc_pct: float = 0.0  # the battery now
    ev: EvSpec | None = None
    ecocute: EcoCuteSpec | None = None
    # What a kWh left in the battery at the end is worth; None: the horizon's lowest buy
    # price × the discharge efficiency (it will at least replace that much purchase).
    stored_value_yen_per_kwh: float | None = None
    # The share of the first slot still ahead (a round at :22 has 8 of its 30 minutes):
    # the first slot's PV, load, target and every power limit count for that share only.
    # `pv_wh`, `load_wh` and `target_wh` stay the whole slots' values.
    first_slot_fraction: float = 1.0
    # The forecasts' errors as a few scenarios (`forecast_scenarios`): the plan then
    # minimises the expected cost, the slots before the errors show shared by all of
    # them. Empty: the point forecast is planned.
    scenarios: tuple[Scenario, ...] = ()

    def __post_init__(self) -> None:
        _check(self.start.tzinfo is not None and self.start.utcoffset() is not None,
               "the plan's start must be an aware datetime")
        _check(self.start.minute in (0, 30) and self.start.second == 0
               and self.start.microsecond == 0, f"the plan must start on a half hour, "
               f"not {self.start.time()}")
        n = len(self.buy_yen_per_kwh)
        _check(n > 0, "a plan needs at least one slot")
        fix = object.__setattr__  # normalise once: tuples of the horizon's length
        fix(self, "buy_yen_per_kwh", _tuple(self.buy_yen_per_kwh, n, 0.0, "buy prices"))
        fix(self, "sell_yen_per_kwh", _tuple(self.sell_yen_per_kwh, n, None, "sell prices"))
        fix(self, "pv_wh", _tuple(self.pv_wh, n, 0.0, "pv_wh"))
        fix(self, "load_wh", _tuple(self.load_wh, n, 0.0, "load_wh"))
        fix(self, "target_wh", _tuple(self.target_wh, n, None, "target_wh"))
        fix(self, "grid_charge_allowed", _tuple(self.grid_charge_allowed, n, True,
                                                "grid_charge_allowed"))
        for name in ("buy_yen_per_kwh", "pv_wh", "load_wh"):
            for i, value in enumerate(getattr(self, name)):
                _finite(f"{name}[{i}]", value, -math.inf if name == "buy_yen_per_kwh" else 0.0)
        for name in ("sell_yen_per_kwh", "target_wh"):
            for i, value in enumerate(getattr(self, name)):
                if value is not None:
                    _finite(f"{name}[{i}]", value)
        _finite("soc_pct", self.soc_pct, 0.0, 100.0)
        if self.stored_value_yen_per_kwh is not None:
            _finite("stored_value_yen_per_kwh", self.stored_value_yen_per_kwh)
        _finite("first_slot_fraction", self.first_slot_fraction, 0.0, 1.0)
        _check(self.first_slot_fraction > 0.0, "first_slot_fraction must be above 0")
        fix(self, "scenarios", tuple(self.scenarios))
        _check(all(isinstance(s, Scenario) for s in self.scenarios),
               "scenarios must be Scenario values")
        if self.scenarios:
            total = sum(s.probability for s in self.scenarios)
            _check(abs(total - 1.0) < 1e-6, f"the scenarios' probabilities sum to {total}")

    @property
    def n(self) -> int:
        return len(self.buy_yen_per_kwh)

    def slot_start(self, i: int) -> datetime:
        return slot_start(self.start, i)

    @property
    def fractions(self) -> tuple[float, ...]:
        """Per slot, the share of it the plan covers: `first_slot_fraction`, then 1."""
        return (self.first_slot_fraction,) + (1.0,) * (self.n - 1)

    @property
    def pv_ahead_wh(self) -> tuple[float, ...]:
        """The PV of what is ahead of each slot (the first one's rest only)."""
        return _ahead(self.pv_wh, self.first_slot_fraction)

    @property
    def load_ahead_wh(self) -> tuple[float, ...]:
        return _ahead(self.load_wh, self.first_slot_fraction)

    @property
    def target_ahead_wh(self) -> tuple[float | None, ...]:
        """The targets, the first slot's for its rest (bought at an even pace)."""
        return _ahead(self.target_wh, self.first_slot_fraction)

    def sells(self, i: int) -> bool:
        price = self.sell_yen_per_kwh[i]
        return price is not None and price > 0.0

    @property
    def planned_ev(self) -> EvSpec | None:
        """The car, if it is here and leaves after the first slot."""
        ev = self.ev
        if ev is None or not ev.present or ev.departure_slot == 0:
            return None
        return ev

    def ev_deadline(self) -> int:
        """The slots the car is here for (its target counts at their end)."""
        ev = self.planned_ev
        if ev is None:
            return 0
        return self.n if ev.departure_slot is None else min(ev.departure_slot, self.n)


# --- the plan ------------------------------------------------------------------------


class PlanStatus(StrEnum):
    OPTIMAL = "optimal"  # the linear program's optimum
    SELF_CONSUMPTION = "self_consumption"  # the rule without a forecast (and the fallback)
    FAILED = "failed"  # no plan: the caller falls back to self-consumption and says why


class ActionKind(StrEnum):
    GRID_CHARGE = "grid_charge"  # the battery charges from the grid (and any PV surplus)
    SURPLUS_CHARGE = "surplus_charge"  # the battery charges from surplus PV only
    DISCHARGE = "discharge"  # the battery covers the house
    EV_CHARGE = "ev_charge"
    EV_DISCHARGE = "ev_discharge"  # V2H: the car covers the house
    ECOCUTE_NIGHT = "ecocute_night"  # the EcoCute heats in its night window
    ECOCUTE_SURPLUS = "ecocute_surplus"  # 沸き上げシフト: heats in the day's surplus
    TARGET_EXCEEDED = "target_exceeded"  # the purchase exceeds the 30-minute target


@dataclass(frozen=True, slots=True)
class SlotPlan:
    start: datetime
    battery_charge_w: float
    battery_discharge_w: float
    grid_buy_wh: float
    grid_sell_wh: float
    soc_pct: float | None  # at the slot's end; None without a battery
    ev_w: float  # + charging, - discharging (V2H)
    ev_level_pct: float | None  # at the slot's end; None while no car is planned
    ecocute_w: float
    curtailed_wh: float  # PV that can be neither used, stored nor sold


# The reasons: numbers, not words (the UI words them). Prices are 円/kWh, weighted by the
# energy they apply to; "later" is where the stored energy goes until the next charge.


@dataclass(frozen=True, slots=True)
class GridChargeReason:
    price_yen: float  # paid for the grid energy of the run
    later_price_yen: float | None  # the purchase the battery replaces afterwards
    round_trip_efficiency: float
    grid_wh: float  # bought into the battery in the run
    needed_wh: float  # what the battery then delivers, until it next charges from the grid
    surplus_wh: float  # of which surplus PV charges in between


@dataclass(frozen=True, slots=True)
class SurplusChargeReason:
    sell_price_yen: float | None  # what selling the surplus would earn; None: not sold
    later_price_yen: float | None
    round_trip_efficiency: float
    surplus_wh: float  # PV over the house's use in the run
    sold_wh: float  # what the run still sells


@dataclass(frozen=True, slots=True)
class DischargeReason:
    price_yen: float  # the purchase replaced
    stored_price_yen: float | None  # what the charges since the last discharge cost (PV:
    # the sale it did not make); None: no charge since
    carried_wh: float  # above the reserve before those charges (e.g. at the plan's start)
    round_trip_efficiency: float
    end_soc_pct: float
    reserve_pct: float


@dataclass(frozen=True, slots=True)
class EvChargeReason:
    price_yen: float  # paid for the grid part
    surplus_wh: float  # surplus PV in the charge
    cheapest_price_yen: float  # the lowest buy price while the car is here
    departure: datetime | None
    target_pct: float
    level_at_departure_pct: float  # planned (below the target: see the plan's shortfalls)


@dataclass(frozen=True, slots=True)
class EvDischargeReason:
    price_yen: float
    floor_pct: float
    end_level_pct: float


@dataclass(frozen=True, slots=True)
class EcoCuteReason:
    """Night or day: what each costs for this refill (None where it has no slot)."""

    night_price_yen: float | None  # the night window's buy price
    day_cost_yen: float | None  # a kWh of the day's surplus: the sell price it forgoes,
    # or the buy price where the heating buys
    day_surplus_wh: float  # the forecast surplus in the day window
    shift_allowed: bool
    surplus_wh: float  # PV in this run's heating
    grid_wh: float  # grid energy in this run's heating


@dataclass(frozen=True, slots=True)
class TargetReason:
    target_wh: float  # the lowest target of the run
    buy_wh: float  # the highest planned purchase of a slot of the run
    excess_wh: float  # over the targets, summed over the run


Reason = (GridChargeReason | SurplusChargeReason | DischargeReason | EvChargeReason
          | EvDischargeReason | EcoCuteReason | TargetReason)


@dataclass(frozen=True, slots=True)
class Decision:
    """A contiguous run of one action (slots first_slot .. end_slot - 1)."""

    kind: ActionKind
    first_slot: int
    end_slot: int
    start: datetime
    end: datetime
    energy_wh: float  # the run's energy of that action (AC side)
    reason: Reason


class ShortfallKind(StrEnum):
    EV_TARGET = "ev_target"  # the car cannot reach its target by departure
    ECOCUTE_HEATING = "ecocute_heating"  # a refill cannot be done in its windows


@dataclass(frozen=True, slots=True)
class Shortfall:
    kind: ShortfallKind
    wh: float
    by: datetime  # the deadline


@dataclass(frozen=True)
class Plan:
    status: PlanStatus
    start: datetime
    slots: tuple[SlotPlan, ...] = ()  # empty when the plan failed: nothing to apply
    decisions: tuple[Decision, ...] = ()
    shortfalls: tuple[Shortfall, ...] = ()
    cost_yen: float | None = None  # purchases minus sales over the horizon
    end_stored_wh: float = 0.0  # in the battery (and a staying V2H car) at the end
    message: str = ""  # why it failed
    solve_ms: float = field(default=0.0, compare=False)

    @property
    def ok(self) -> bool:
        return self.status is not PlanStatus.FAILED
