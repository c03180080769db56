"""A simulated year under AI control: what the plan saves against no control, with the
synthetic forecast and with a perfect one, against the perfect-foresight optimum.

The home is the default simulated home (HomeConfig()), in 2025, in 30-minute slots taken
straight from the model (`simulator.slot_days`: PV, the house's load without the
battery, the EcoCute's heating and the fuel cell). The EcoCute refills what each day
used (the model's night run); its heat pump is taken at the year's lowest power (its
summer rating), so that no strategy heats faster than the unit can.

The car: each of the model's sessions is a stay at a 3 kW charger, from the slot after
the car is plugged in until 07:00 the next morning (the departure the household set,
before the commute), to charge what the model's session charged, to a target of 80 %
of a 40 kWh car. No control charges it as the model does (at once, or from the
charger's 23:00 timer); the controlled strategies plan it as the control loop does
(`EvSpec` while it is plugged in), and charge at once what can no longer wait. The
history the load forecast learns from has the car's charging where a plan puts it (the
cheapest slots of each stay, `planned_car`), as the panel would measure it under its own
control; that is also how the year's optimum and perfect foresight get the car.

Prices: HEPCO eタイム3 (time of use: 22-8 h 26.74, 8-13 and 18-22 h 43.61, 13-18 h
51.02 円/kWh before Oct 2025) with the fuel-cost adjustment and the national
renewable surcharge as billed, and a sell price of 15 円/kWh (the FIT price of a new
small roof array in the first half of FY2025). A 30-minute purchase target (節電設定) of
1.5 kWh holds in every slot from 17:00 to 22:00.

Eight strategies over the same year, from the same battery level, each re-planned every
30 minutes as the control service does (17,520 plans a year each; the strategies run in
parallel worker processes, about 15 minutes on this shared two-core machine):

* **no control**: `self_consumption_plan` every slot, its first slot carried out: the
  battery charges from surplus PV and covers the house down to the reserve, the EcoCute
  heats at the end of its night window;
* **forecast control**: `plan_charges` every slot (receding horizon, 48 h), from the
  synthetic weather forecast (`simulated_forecast`, issued every hour, as the panel
  fetches it from the server, which issues it at the hour) through
  `solar_forecast` calibrated on the last 28 days' day-ahead forecasts, the load
  forecast learnt from the days before with the weather (`load_forecast` with the
  temperatures the panel has: see `seen_temperatures`; less the parts the plan
  schedules, as the control loop takes them off), and the EcoCute's need: the last 7
  days' mean, the actual once its night has begun (the tank shows what the day drew);
  its first slot carried out with designated charge / discharge powers and standby
  where the plan holds (the control loop's first mapping: for comparison);
* **adaptive**: the same plans, carried out as the control loop sends them
  (app/domain/control_actions.battery_settings): a charge without grid energy, and a
  hold, as surplus charging (0xC1 surplus: what PV leaves over, no more), a discharge as
  load following (0xC2); above the horizon's cheapest price the battery follows the
  house both ways, whatever the plan expected (`follows_house`: load following where the
  slot lacks, surplus charging where it has a surplus; the panel turns the battery about
  within the slot, minute by minute, as the house turns; here the slot's whole balance
  decides); grid charges stay at their designated power; planned over the
  forecasts' error scenarios (`forecast_scenarios`) as the control loop plans them:
  learnt from the 28 days judged before the day as the panel judges them (the PV's
  day-ahead forecast and the whole house's load forecast against what was measured),
  never from the days ahead;
* **forecast PV** / **forecast load**: adaptive, with only the PV forecast (the load and
  the EcoCute's need as they came), or only the load and the need forecast (the PV as
  it came): where the gap to perfect control lies;
* **day totals** (an oracle, not a strategy the panel could run): adaptive without
  scenarios, its PV and load forecasts scaled, per local day, to the energy that day (the
  rest of it) actually brought: a forecast right about every day's energy, which no
  forecast service is, wrong only in which half hours the sun and the load fall. What
  it leaves of the gap is what a better forecast of the days' energy cannot recover;
* **perfect control**: the forecast control's plans made from the actual PV, load and
  EcoCute needs (and the car's next sessions);
* **optimum**: one `plan_charges` over the whole year with perfect foresight (its flows
  are physical for the same model, so they are carried out as they are).

Carrying out a slot against the ACTUAL PV and load: the battery charges or discharges
at the power asked within its limits (power, capacity, √η each way, never below the
reserve, never exporting); the EcoCute heats what was planned, no more than its tank
lacks, and heats at once what can no longer wait (the unit's own program); the grid
takes the rest. The seed's rule: a slot whose purchase would exceed its target suspends
AI control for that slot (self-consumption battery, no heating that can wait). Each
strategy's cost counts the battery's end level at what a stored kWh is at least worth
(the year's lowest buy price x √η).
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
import statistics
import time as timer
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.charge_plan import (
    SLOT_HOURS,
    ActionKind,
    BatterySpec,
    EcoCuteSpec,
    EvSpec,
    Plan,
    PlanInputs,
    PlanStatus,
)
from app.domain.charge_plan_prices import horizon_prices
from app.domain.charge_planner import plan_charges, self_consumption_plan
from app.domain.control_actions import follows_house
from app.domain.control_inputs import net_load
from app.domain.energy_forecast import DayAccuracy, ForecastKind, PvInstallation
from app.domain.forecast_accuracy import day_accuracy
from app.domain.forecast_scenarios import LEARN_DAYS as SCENARIO_DAYS
from app.domain.forecast_scenarios import Scenario, learnt_scenarios
from app.domain.load_forecast import load_forecast
from app.domain.load_temperature import HourlyTemperatures
from app.domain.solar_forecast import calibration_factor, solar_forecast
from app.domain.tariff import SellPrice
from app.domain.tariff_json import load_national_surcharge, load_plan
from app.domain.weather import HourlyWeather
from app.sources.simulated_nodes import CAR_WH
from app.sources.simulator import HomeConfig, SimulatedHome
from app.sources.simulator.forecast import simulated_forecast
from app.sources.simulator.slot_days import DaySlots, day_slots
from tests.bench.results import Result

ROOT = Path(__file__).resolve().parents[2]
ZONE = ZoneInfo("Asia/Tokyo")
FIRST_DAY, DAYS = date(2025, 1, 1), 365
HORIZON = 96
LEARN_DAYS = 56  # load history before the year (as the panel's outlook keeps)
CALIBRATION_DAYS = 28
FORECAST_EVERY_H = 1  # the panel fetches every hour (3 h understated it: 84.4 vs 85.6 %)
SELL_YEN = 15.0
TARGET_WH, TARGET_FROM, TARGET_TO = 1500.0, time(17), time(22)
NEED_DAYS = 7  # the EcoCute's need: the mean of the last days'
START_SOC_PCT = 50.0
EPS_WH = 1.0
NIGHT_START, NIGHT_END, DAY_START, DAY_END = time(23), time(7), time(9), time(16)
EV_DEPARTURE, EV_TARGET_PCT = time(7), 80.0  # the household's settings for the car


@dataclass(frozen=True)
class Session:
    """The car at the charger: slots [arrive, depart) of the year's arrays, and what its
    session charges (the model's energy: what the day's driving used)."""

    arrive: int
    depart: int
    need_wh: float


@dataclass
class Year:
    """The model's days around the year, and the prices of every slot."""

    config: HomeConfig
    days: dict[date, DaySlots]
    first: date  # of `pv` / `base`
    pv: np.ndarray
    base: np.ndarray  # the house with the car's charging, as the model runs it
    ev: np.ndarray  # the car's charging within `base`, as the model runs it
    buy: np.ndarray
    sell: np.ndarray
    heat_pump_w: float
    sessions: list[Session]
    present: np.ndarray  # per slot: the index of the session whose car is plugged in, or -1
    house: np.ndarray = field(init=False)  # the house without the car
    planned_car: np.ndarray = field(init=False)  # the car's charging where a plan puts it

    def __post_init__(self) -> None:
        self.house = np.maximum(self.base - self.ev, 0.0)
        self.planned_car = cheapest_car_charging(self)

    def car_load(self, horizon: slice, session: int) -> np.ndarray:
        """The car's charging where a plan puts it (`planned_car`), but for the session
        in progress (`session`, or -1), which the plan charges itself."""
        out = self.planned_car[horizon].copy()
        if session >= 0:
            s = self.sessions[session]
            out[max(s.arrive - horizon.start, 0):max(s.depart - horizon.start, 0)] = 0.0
        return out

    def index(self, moment: datetime) -> int:
        """The slot's index in the arrays (Japan: every day has 48 slots)."""
        local = moment.astimezone(ZONE)
        return (local.date() - self.first).days * 48 + local.hour * 2 + local.minute // 30

    def need(self, refill_day: date) -> float:
        """A refill serves one day (the night that ends that morning, or that day's
        window): it replaces what the day before drew, the model's run of that night."""
        return self.days[refill_day - timedelta(days=1)].refill_wh


def load_year() -> Year:
    config = HomeConfig()
    home = SimulatedHome(config)
    # The load history before the year, and before each of the judged days before it.
    first = FIRST_DAY - timedelta(days=LEARN_DAYS + SCENARIO_DAYS + 1)
    last = FIRST_DAY + timedelta(days=DAYS + 4)
    days = {}
    day = first
    while day <= last:
        days[day] = day_slots(home, day.toordinal())
        day += timedelta(days=1)
    ordered = [days[d] for d in sorted(days)]
    rates = ROOT / "resources" / "rate_plans"
    plan = load_plan((rates / "catalog" / "hepco-etime3.json").read_bytes())
    plan = replace(plan, sell=(SellPrice(date(2000, 1, 1), SELL_YEN),))
    national = load_national_surcharge((rates / "renewable_surcharge.json").read_bytes())
    start = datetime.combine(first, time(0), tzinfo=ZONE)
    buy, sell = horizon_prices(plan, start, 48 * len(ordered), national)
    sessions, present = car_sessions(ordered, first)
    return Year(config, days, first, np.concatenate([d.pv_wh for d in ordered]),
                np.concatenate([d.base_wh for d in ordered]),
                np.concatenate([d.ev_wh for d in ordered]), np.array(buy),
                np.array([p or 0.0 for p in sell]),
                min(d.heat_pump_w for d in ordered), sessions, present)


def car_sessions(ordered: list[DaySlots], first: date) -> tuple[list[Session], np.ndarray]:
    """Each day's session: the car plugged in from the first slot after it arrives until
    the departure the household set (07:00 the next morning, before the commute)."""
    sessions: list[Session] = []
    present = np.full(48 * len(ordered), -1)
    depart_slot = EV_DEPARTURE.hour * 2 + EV_DEPARTURE.minute // 30
    for k, d in enumerate(ordered[:-1]):
        if d.ev_stay is None:
            continue
        plugged_in, need = d.ev_stay
        arrive = 48 * k + math.ceil(plugged_in / 30)
        depart = 48 * (k + 1) + depart_slot
        present[arrive:depart] = len(sessions)
        sessions.append(Session(arrive, depart, need))
    return sessions, present


# --- forecasts ----------------------------------------------------------------------------


def seen_temperatures(kept: Callable[[date], Mapping[int, float]],
                      ahead: Mapping[int, float], issued: datetime, days: int
                      ) -> HourlyTemperatures:
    """The outdoor temperatures the panel has when the forecast issued at `issued` comes
    (°C by epoch hour): the hours it kept over the `days` days before the issue's day and
    that day until the issue (`kept`: a local day's hours as the panel stored them, the
    newest forecast's value once the hour had begun), and from the issue's hour on the
    issue's forecast (`ahead`): never an hour kept at or after the issue."""
    hour = int(issued.timestamp()) // 3600
    local = issued.astimezone(ZONE).date()
    out: dict[int, float] = {}
    for back in range(days, -1, -1):
        out.update(kept(local - timedelta(days=back)))
    for h in [h for h in out if h >= hour]:
        del out[h]
    out.update((h, t) for h, t in ahead.items() if h >= hour)
    return HourlyTemperatures(out)


class Forecasts:
    """The synthetic forecast as the panel would have it at each slot."""

    def __init__(self, year: Year) -> None:
        self.year = year
        cfg = year.config
        self.installation = PvInstallation(cfg.pv_capacity_w, cfg.pv_tilt_deg,
                                           cfg.pv_azimuth_deg)
        self._issues: dict[datetime, np.ndarray] = {}  # unscaled Wh per slot from issue
        self._temps: dict[datetime, dict[int, float]] = {}  # °C by epoch hour from issue
        self._kept: dict[date, dict[int, float]] = {}  # a day's hours as the panel kept them
        self._seen: tuple[datetime, HourlyTemperatures] | None = None  # the last issue's
        self._factors: dict[date, float] = {}
        self._day_ahead: dict[date, float] = {}  # a day's PV as forecast at noon before
        self._loads: dict[tuple[date, bool], np.ndarray] = {}
        self._judged: dict[date, tuple[DayAccuracy, DayAccuracy]] = {}
        self._scenarios: dict[date, tuple[Scenario, ...]] = {}
        self.issues_made = 0

    def _issue(self, issued: datetime) -> np.ndarray:
        """PV Wh per slot from `issued` (model factor 1), HORIZON + a few hours."""
        got = self._issues.get(issued)
        if got is None:
            cfg = self.year.config
            slots = HORIZON + 2 * FORECAST_EVERY_H
            got = np.array(solar_forecast(self._hourly(issued), self.installation,
                                          cfg.latitude, cfg.longitude, issued, slots=slots).wh)
            self._issues[issued] = got  # kept: a second run over the year reuses them
            self.issues_made += 1
        return got

    def _hourly(self, issued: datetime, hours: int = HORIZON // 2 + FORECAST_EVERY_H + 2
                ) -> tuple[HourlyWeather, ...]:
        cfg = self.year.config
        hourly, _ = simulated_forecast(cfg.seed, cfg.latitude, cfg.longitude, issued,
                                       hours=hours, timezone=cfg.timezone)
        return hourly

    def temperatures_ahead(self, issued: datetime) -> dict[int, float]:
        """°C by epoch hour as forecast at `issued`."""
        got = self._temps.get(issued)
        if got is None:
            got = self._temps[issued] = {int(h.at.timestamp()) // 3600: h.temp_c
                                         for h in self._hourly(issued)}
        return got

    def kept_temperatures(self, day: date) -> dict[int, float]:
        """A local day's hours as the panel kept them: each hour the newest forecast's
        value once the hour had begun (the issue it falls in: the next comes after the
        hour has ended)."""
        got = self._kept.get(day)
        if got is None:
            got = {}
            for k in range(24 // FORECAST_EVERY_H):
                issued = datetime.combine(day, time(k * FORECAST_EVERY_H), tzinfo=ZONE)
                got.update((int(h.at.timestamp()) // 3600, h.temp_c)
                           for h in self._hourly(issued, FORECAST_EVERY_H))
            self._kept[day] = got
        return got

    def temperatures(self, issued: datetime) -> HourlyTemperatures:
        """What the panel has when the forecast issued at `issued` comes: the hours kept
        over the load forecast's learning days, the forecast from the issue on."""
        if self._seen is None or self._seen[0] != issued:
            self._seen = (issued, seen_temperatures(self.kept_temperatures,
                                                    self.temperatures_ahead(issued), issued,
                                                    LEARN_DAYS))
        return self._seen[1]

    def _issued_at(self, moment: datetime) -> datetime:
        local = moment.astimezone(ZONE)
        return local.replace(hour=local.hour - local.hour % FORECAST_EVERY_H, minute=0)

    def factor(self, day: date) -> float:
        """Calibration from the last 28 days' day-ahead forecasts (made at noon the day
        before) against the PV measured."""
        got = self._factors.get(day)
        if got is None:
            measured, modelled = [], []
            for back in range(1, CALIBRATION_DAYS + 1):
                d = day - timedelta(days=back)
                if d not in self._day_ahead:
                    noon = datetime.combine(d - timedelta(days=1), time(12), tzinfo=ZONE)
                    self._day_ahead[d] = float(self._issue(noon)[24:72].sum())  # its 48
                measured.append(float(self.year.days[d].pv_wh.sum()))
                modelled.append(self._day_ahead[d])
            got = self._factors[day] = calibration_factor(measured, modelled)
        return got

    def pv(self, start: datetime) -> np.ndarray:
        issued = self._issued_at(start)
        offset = int((start - issued).total_seconds() // 1800)
        raw = self._issue(issued)[offset:offset + HORIZON]
        cap = self.installation.capacity_w * SLOT_HOURS
        return np.minimum(raw * self.factor(start.date()), cap)

    def _consumption(self, day: date) -> np.ndarray:
        """What the panel measures as the day's consumption (series CONSUMPTION): the
        whole house, the EcoCute's heating in it, the car charging where the plan put it."""
        d = self.year.days[day]
        i = self.year.index(datetime.combine(day, time(0), tzinfo=ZONE))
        return d.consumption_wh - d.ev_wh + self.year.planned_car[i:i + 48]

    def _judge(self, day: date) -> tuple[DayAccuracy, DayAccuracy]:
        """`day` judged as the panel judges it (energy_outlook.judge_days): the PV's
        day-ahead forecast (noon before, calibrated) against the PV measured; the whole
        house's load forecast (`load_forecast` of the consumption with the temperatures
        the panel had at noon before, what the panel keeps and judges; not the net load
        the plan is given) against the consumption."""
        got = self._judged.get(day)
        if got is None:
            year = self.year
            noon = datetime.combine(day - timedelta(days=1), time(12), tzinfo=ZONE)
            cap = self.installation.capacity_w * SLOT_HOURS
            pv = np.minimum(self._issue(noon)[24:72] * self.factor(day), cap)
            midnight = datetime.combine(day, time(0), tzinfo=ZONE)
            i = year.index(midnight)
            history = {d: tuple(self._consumption(d)) for d in
                       (day - timedelta(days=k) for k in range(1, LEARN_DAYS + 1))}
            outlook = load_forecast(history, midnight, slots=48,
                                    temperatures=self.temperatures(noon))
            assert outlook.forecast is not None, outlook.shortages
            got = self._judged[day] = (
                day_accuracy(ForecastKind.SOLAR, day, tuple(pv), tuple(year.pv[i:i + 48])),
                day_accuracy(ForecastKind.LOAD, day, outlook.forecast.wh,
                             tuple(self._consumption(day))))
        return got

    def scenarios(self, start: datetime) -> tuple[Scenario, ...]:
        """The error scenarios the panel learns from its last judged days (the days
        before `start`'s day: yesterday is judged after midnight)."""
        day = start.astimezone(ZONE).date()
        got = self._scenarios.get(day)
        if got is None:
            rows = [r for k in range(1, SCENARIO_DAYS + 1)
                    for r in self._judge(day - timedelta(days=k))]
            got = self._scenarios[day] = learnt_scenarios(rows)
        return got

    def load(self, start: datetime, car_present: bool) -> np.ndarray:
        """The learnt load from the days before `start`'s day, with the temperatures the
        panel has (made again with each forecast issued), as
        the control loop makes it: the house's consumption less the parts the plan
        schedules itself (the EcoCute's heating; the car while it is plugged in) or that
        supply it (the fuel cell), each learnt from its own series. The car's charging in
        the history is where the plan put it (`Year.planned_car`), as the panel would have
        measured it under its own control."""
        day = start.astimezone(ZONE).date()
        issued = self._issued_at(start)
        got = self._loads.get((issued, car_present))
        if got is None:
            year = self.year
            temperatures = self.temperatures(issued)
            before = [year.days[day - timedelta(days=k)] for k in range(1, LEARN_DAYS + 1)]
            midnight = datetime.combine(day, time(0), tzinfo=ZONE)
            car = {d.day: year.planned_car[year.index(datetime.combine(d.day, time(0),
                                                                        tzinfo=ZONE)):][:48]
                   for d in before}

            def learnt(series: dict[date, np.ndarray]) -> tuple[float, ...]:
                outlook = load_forecast({d: tuple(v) for d, v in series.items()}, midnight,
                                        slots=HORIZON + 48, temperatures=temperatures)
                assert outlook.forecast is not None, outlook.shortages
                return outlook.forecast.wh

            got = self._loads[(issued, car_present)] = np.array(net_load(
                learnt({d.day: d.consumption_wh - d.ev_wh + car[d.day] for d in before}),
                learnt({d.day: d.ecocute_heating_wh for d in before}),
                learnt({d.day: d.fuel_cell_wh for d in before}),
                learnt(car) if car_present else None))
        slot = self.year.index(start) - self.year.index(
            datetime.combine(day, time(0), tzinfo=ZONE))
        return got[slot:slot + HORIZON]


# --- the EcoCute's refills ------------------------------------------------------------------


def open_refill(moment: datetime, day_shift: bool) -> date:
    """The refill in progress (the first whose windows have not ended), as the planner
    counts it (`ecocute_cycles`)."""
    local = moment.astimezone(ZONE)
    last_end = DAY_END if day_shift else NIGHT_END
    return local.date() if local.time() < last_end else local.date() + timedelta(days=1)


def window_slots_after(moment: datetime, refill: date, day_shift: bool) -> int:
    """Slots of the refill's windows that start after the slot at `moment`."""
    night_from = datetime.combine(refill - timedelta(days=1), NIGHT_START, tzinfo=ZONE)
    night_to = datetime.combine(refill, NIGHT_END, tzinfo=ZONE)
    windows = [(night_from, night_to)]
    if day_shift:
        windows.append((datetime.combine(refill, DAY_START, tzinfo=ZONE),
                        datetime.combine(refill, DAY_END, tzinfo=ZONE)))
    after = moment + timedelta(minutes=30)
    total = 0
    for lo, hi in windows:
        lo = max(lo, after)
        if hi > lo:
            total += int((hi - lo).total_seconds() // 1800)
    return total


def in_window(moment: datetime, refill: date, day_shift: bool) -> bool:
    local = moment.astimezone(ZONE)
    night_from = datetime.combine(refill - timedelta(days=1), NIGHT_START, tzinfo=ZONE)
    night_to = datetime.combine(refill, NIGHT_END, tzinfo=ZONE)
    if night_from <= local < night_to:
        return True
    return day_shift and datetime.combine(refill, DAY_START, tzinfo=ZONE) <= local < \
        datetime.combine(refill, DAY_END, tzinfo=ZONE)


# --- carrying a slot out ---------------------------------------------------------------------


@dataclass
class Run:
    """One strategy's year, slot by slot."""

    name: str
    battery: BatterySpec
    stored_wh: float
    adaptive: bool = False
    car: bool = False  # the plan charges the car (else it charges as the model runs it)
    heated: dict[date, float] = field(default_factory=dict)
    charged: dict[int, float] = field(default_factory=dict)  # per session
    cost_yen: float = 0.0
    bought_wh: float = 0.0
    sold_wh: float = 0.0
    below_reserve: int = 0
    exceeded: int = 0  # slots above their target
    avoidable: int = 0  # ... that less charging, more discharging or later heating avoided
    suspended: int = 0  # slots the target rule took back from the plan
    unmet_heating_wh: float = 0.0
    unmet_car_wh: float = 0.0
    plan_ms: list[float] = field(default_factory=list)

    @property
    def floor_wh(self) -> float:
        return self.battery.reserve_pct / 100 * self.battery.capacity_wh


def carry_out(run: Run, year: Year, moment: datetime, slot: dict[str, float],
              day_shift: bool, reacts: bool) -> None:
    """The planned first slot (battery charge / discharge, EcoCute and car Wh) against the
    actual PV and load; see the module doc. `run.adaptive`: a charge without grid energy
    and a hold are Set as surplus charging, a discharge as load following."""
    i = year.index(moment)
    pv = float(year.pv[i])
    base = float(year.house[i] if run.car else year.base[i])
    car_left = car_must = 0.0
    car_max = year.config.ev_charger_w * SLOT_HOURS
    session = int(year.present[i]) if run.car else -1
    if session >= 0:
        s = year.sessions[session]
        car_left = max(s.need_wh - run.charged.get(session, 0.0), 0.0)
        car_must = min(max(car_left - (s.depart - i - 1) * car_max, 0.0), car_max)
    battery, leg = run.battery, run.battery.leg_efficiency
    limit = battery.max_charge_w * SLOT_HOURS
    max_heat = year.heat_pump_w * SLOT_HOURS
    refill = open_refill(moment, day_shift)
    left = max(year.need(refill) - run.heated.get(refill, 0.0), 0.0)
    if not in_window(moment, refill, day_shift):
        left = 0.0
    must = min(max(left - window_slots_after(moment, refill, day_shift) * max_heat, 0.0),
               max_heat)
    floor, top = run.floor_wh, battery.capacity_wh
    stored = run.stored_wh

    def flows(charge_wh: float, discharge_wh: float, heat_wh: float, car_wh: float
              ) -> tuple[float, float, float, float, float]:
        heat = min(max(heat_wh, must), left, max_heat)
        car = min(max(car_wh, car_must), car_left, car_max)
        lack = base + heat + car - pv
        charge = discharge = 0.0
        if charge_wh > EPS_WH:
            charge = max(0.0, min(charge_wh, limit, (top - stored) / leg))
        elif discharge_wh > EPS_WH:
            discharge = max(0.0, min(discharge_wh, battery.max_discharge_w * SLOT_HOURS,
                                     max(lack, 0.0), (stored - floor) * leg))
        return heat, car, charge, discharge, lack + charge - discharge

    wanted_charge, wanted_discharge = slot["charge"], slot["discharge"]
    if run.adaptive:
        heat = min(max(slot["heat"], must), left, max_heat)
        car = min(max(slot["car"], car_must), car_left, car_max)
        lack = base + heat + car - pv
        if wanted_discharge > EPS_WH:
            wanted_discharge = max(lack, 0.0)
            if slot["follow"] and -lack > EPS_WH:  # a surplus: stored
                wanted_discharge, wanted_charge = 0.0, -lack
        elif not slot["grid_charge"]:
            wanted_charge = max(-lack, 0.0)
            if slot["follow"] and lack > EPS_WH:  # a shortfall: covered
                wanted_charge, wanted_discharge = 0.0, lack
    heat, car, charge, discharge, net = flows(wanted_charge, wanted_discharge, slot["heat"],
                                              slot["car"])
    target = year_target(moment)
    if reacts and target is not None and net > target + EPS_WH:
        run.suspended += 1  # the seed: an exceeded target suspends AI for the slot
        lack = base + must + car_must - pv
        heat, car, charge, discharge, net = flows(max(-lack, 0.0), max(lack, 0.0), must,
                                                  car_must)
    if target is not None and net > target + EPS_WH:
        run.exceeded += 1
        room = min(battery.max_discharge_w * SLOT_HOURS, (stored - floor) * leg) - discharge
        avoidable = charge + max(room, 0.0) + (heat - must) + (car - car_must)
        if net - min(avoidable, net) < target - EPS_WH:
            run.avoidable += 1
    stored += charge * leg - discharge / leg
    if stored < floor - 1e-6:
        run.below_reserve += 1
    run.stored_wh = stored
    if heat > 0.0:
        run.heated[refill] = run.heated.get(refill, 0.0) + heat
    if left - heat > EPS_WH and window_slots_after(moment, refill, day_shift) == 0:
        run.unmet_heating_wh += left - heat
    if car > 0.0:
        run.charged[session] = run.charged.get(session, 0.0) + car
    if session >= 0 and car_left - car > EPS_WH and year.sessions[session].depart == i + 1:
        run.unmet_car_wh += car_left - car
    buy, sell = max(net, 0.0), max(-net, 0.0)
    run.bought_wh += buy
    run.sold_wh += sell
    run.cost_yen += (buy * year.buy[i] - sell * year.sell[i]) / 1000.0


def year_target(moment: datetime) -> float | None:
    local = moment.astimezone(ZONE).time()
    return TARGET_WH if TARGET_FROM <= local < TARGET_TO else None


def targets(start: datetime) -> tuple[float | None, ...]:
    return tuple(year_target(start + k * timedelta(minutes=30)) for k in range(HORIZON))


def first_slot(plan: Plan, inputs: PlanInputs) -> dict[str, float]:
    s = plan.slots[0]
    kinds = {d.kind for d in plan.decisions if d.first_slot == 0}
    return {"charge": s.battery_charge_w * SLOT_HOURS,
            "discharge": s.battery_discharge_w * SLOT_HOURS, "heat": s.ecocute_w * SLOT_HOURS,
            "car": max(s.ev_w, 0.0) * SLOT_HOURS,
            "grid_charge": float(ActionKind.GRID_CHARGE in kinds),
            "follow": float(follows_house(plan, inputs.buy_yen_per_kwh))}


# --- the strategies ---------------------------------------------------------------------------


def ecocute(year: Year, run: Run, start: datetime, day_shift: bool, known: int,
            estimate: float | None) -> EcoCuteSpec:
    """`known`: refills from the open one whose need is known (the rest: `estimate`)."""
    refill = open_refill(start, day_shift)
    daily = tuple((refill + timedelta(days=k), year.need(refill + timedelta(days=k)))
                  for k in range(known))
    return EcoCuteSpec(heating_wh=estimate if estimate is not None else year.need(refill),
                       power_w=year.heat_pump_w, day_shift=day_shift,
                       heated_wh=run.heated.get(refill, 0.0), daily_heating_wh=daily)


@dataclass(frozen=True)
class Strategy:
    """How a strategy plans: `control` False is no control (self-consumption); which of
    the plan's inputs come from the forecast (else the actual): the PV, the house's
    learnt load, the EcoCute's need; `adaptive`: see `carry_out`."""

    control: bool = True
    adaptive: bool = True
    forecast_pv: bool = False
    forecast_load: bool = False
    forecast_need: bool = False
    scenarios: bool = False  # plans over the error scenarios learnt from the judged days
    day_totals: bool = False  # the oracle: each day's forecast energy made right


STRATEGY = {
    "forecast": Strategy(adaptive=False, forecast_pv=True, forecast_load=True,
                         forecast_need=True),
    "adaptive": Strategy(forecast_pv=True, forecast_load=True, forecast_need=True,
                         scenarios=True),
    "forecast pv": Strategy(forecast_pv=True),
    "forecast load": Strategy(forecast_load=True, forecast_need=True),
    "day totals": Strategy(forecast_pv=True, forecast_load=True, forecast_need=True,
                           day_totals=True),
    "perfect": Strategy(adaptive=False),
    "no control": Strategy(control=False, adaptive=False),
}


def car(year: Year, run: Run, i: int) -> EvSpec | None:
    """The car the plan charges, as the charger reports it: plugged in, its level (what
    the session still needs below the target), the departure the household set."""
    session = int(year.present[i]) if run.car else -1
    if session < 0:
        return None
    s = year.sessions[session]
    level = EV_TARGET_PCT - (s.need_wh - run.charged.get(session, 0.0)) / CAR_WH * 100
    return EvSpec(CAR_WH, min(max(level, 0.0), 100.0), EV_TARGET_PCT, s.depart - i,
                  year.config.ev_charger_w)


def simulate(year: Year, forecasts: Forecasts | None, name: str) -> Run:
    """`forecasts`: the strategy's forecast inputs (None: it takes none)."""
    how = STRATEGY[name]
    cfg = year.config
    battery = BatterySpec(cfg.battery_capacity_wh, cfg.battery_power_w, cfg.battery_power_w,
                          cfg.battery_efficiency, cfg.battery_reserve_pct)
    control = how.control
    run = Run(name, battery, START_SOC_PCT / 100 * battery.capacity_wh, how.adaptive,
              car=control)
    start = datetime.combine(FIRST_DAY, time(0), tzinfo=ZONE)
    for k in range(DAYS * 48):
        moment = start + k * timedelta(minutes=30)
        i = year.index(moment)
        horizon = slice(i, i + HORIZON)
        pv = forecasts.pv(moment) if forecasts and how.forecast_pv else year.pv[horizon]
        session = int(year.present[i]) if run.car else -1
        if forecasts is not None and how.forecast_load:
            load = forecasts.load(moment, session >= 0)
        elif run.car:  # perfect foresight: of the car's next sessions too
            load = year.house[horizon] + year.car_load(horizon, session)
        else:
            load = year.base[horizon]
        if how.day_totals:
            pv = day_scaled(pv, year.pv[horizon], moment)
            load = day_scaled(load, year.house[horizon] + year.car_load(horizon, session),
                              moment)
        if how.forecast_need:
            refill = open_refill(moment, True)
            night_begun = moment >= datetime.combine(refill - timedelta(days=1), NIGHT_START,
                                                     tzinfo=ZONE)
            past = [year.need(refill - timedelta(days=d)) for d in range(1, NEED_DAYS + 1)]
            spec = ecocute(year, run, moment, True, 1 if night_begun else 0,
                           statistics.fmean(past))
        else:
            spec = ecocute(year, run, moment, control, 4, None)
        inputs = PlanInputs(
            start=moment, buy_yen_per_kwh=tuple(year.buy[horizon]),
            sell_yen_per_kwh=tuple(year.sell[horizon]), pv_wh=tuple(pv),
            load_wh=tuple(load), target_wh=targets(moment) if control else (),
            battery=battery, soc_pct=min(max(run.stored_wh / battery.capacity_wh * 100, 0.0),
                                         100.0),
            ev=car(year, run, i), ecocute=spec,
            scenarios=forecasts.scenarios(moment) if forecasts and how.scenarios else ())
        t0 = timer.perf_counter()
        plan = plan_charges(inputs) if control else self_consumption_plan(inputs)
        run.plan_ms.append((timer.perf_counter() - t0) * 1000)
        if plan.status is PlanStatus.FAILED:  # the service's fallback
            plan = self_consumption_plan(replace(inputs, ecocute=replace(spec,
                                                                         day_shift=False)))
        carry_out(run, year, moment, first_slot(plan, inputs), control, reacts=control)
    return run


def day_scaled(forecast: np.ndarray, actual: np.ndarray, start: datetime) -> np.ndarray:
    """`forecast` scaled, per local day of the horizon from `start` (the rest of its day
    first), to `actual`'s energy that day; a day forecast at almost nothing takes the
    actual as it was (a few Wh before sunrise)."""
    out = np.array(forecast, float)
    local = start.astimezone(ZONE)
    first = 48 - (local.hour * 2 + local.minute // 30)
    edges = [0, *range(first, len(out), 48), len(out)]
    for lo, hi in itertools.pairwise(edges):
        total = float(out[lo:hi].sum())
        if total > EPS_WH:
            out[lo:hi] *= float(actual[lo:hi].sum()) / total
        else:
            out[lo:hi] = actual[lo:hi]
    return out


def cheapest_car_charging(year: Year) -> np.ndarray:
    """Each session's energy in the cheapest slots of its stay (latest first of equal
    price), at the charger's power. The planner takes one car at a time, so the year's
    optimum gets the car this way: with time-of-use prices its stays (evening to 07:00)
    reach the night price, which neither PV nor the battery beats at those hours."""
    out = np.zeros(len(year.base))
    top = year.config.ev_charger_w * SLOT_HOURS
    for s in year.sessions:
        left = s.need_wh
        for i in sorted(range(s.arrive, s.depart), key=lambda j: (year.buy[j], -j)):
            out[i] = min(top, left)
            left -= out[i]
            if left <= 0.0:
                break
    return out


def optimum(year: Year) -> tuple[float, float]:
    """(cost, stored Wh at the end) of one perfect-foresight plan over the whole year."""
    cfg = year.config
    battery = BatterySpec(cfg.battery_capacity_wh, cfg.battery_power_w, cfg.battery_power_w,
                          cfg.battery_efficiency, cfg.battery_reserve_pct)
    start = datetime.combine(FIRST_DAY, time(0), tzinfo=ZONE)
    i, n = year.index(start), DAYS * 48
    first = open_refill(start, True)
    daily = tuple((first + timedelta(days=k), year.need(first + timedelta(days=k)))
                  for k in range(DAYS + 2))
    load = year.house + year.planned_car
    inputs = PlanInputs(
        start=start, buy_yen_per_kwh=tuple(year.buy[i:i + n]),
        sell_yen_per_kwh=tuple(year.sell[i:i + n]), pv_wh=tuple(year.pv[i:i + n]),
        load_wh=tuple(load[i:i + n]),
        target_wh=tuple(year_target(start + k * timedelta(minutes=30)) for k in range(n)),
        battery=battery, soc_pct=START_SOC_PCT,
        ecocute=EcoCuteSpec(heating_wh=year.need(first), power_w=year.heat_pump_w,
                            day_shift=True, daily_heating_wh=daily))
    # One program of 17,520 slots: the control loop's 5 s limit is for 96, not this (on a
    # busy machine it took longer and the run was lost).
    plan = plan_charges(inputs, time_limit_s=900.0)
    assert plan.status is PlanStatus.OPTIMAL, plan.message
    assert plan.cost_yen is not None
    return plan.cost_yen, plan.end_stored_wh


@dataclass(frozen=True)
class Outcome:
    """A strategy's year, as the parent process needs it."""

    name: str
    yen: float  # the year's cost, less what is left stored beyond the start
    below_reserve: int = 0
    exceeded: int = 0
    avoidable: int = 0
    suspended: int = 0
    unmet_heating_kwh: float = 0.0
    unmet_car_kwh: float = 0.0
    plan_ms: float = 0.0  # median


def _worth(year: Year) -> float:
    """円 per Wh left stored: the year's lowest buy price x the discharge efficiency."""
    start = datetime.combine(FIRST_DAY, time(0), tzinfo=ZONE)
    lowest = float(year.buy[year.index(start):year.index(start) + DAYS * 48].min())
    return lowest * math.sqrt(year.config.battery_efficiency) / 1000.0


def strategy(name: str) -> Outcome:
    """One strategy over the year (in a worker process of its own)."""
    year = load_year()
    start_wh = START_SOC_PCT / 100 * year.config.battery_capacity_wh
    if name == "optimum":
        cost, end_wh = optimum(year)
        return Outcome(name, cost - (end_wh - start_wh) * _worth(year))
    how = STRATEGY[name]
    forecasts = Forecasts(year) if how.forecast_pv or how.forecast_load else None
    r = simulate(year, forecasts, name)
    return Outcome(name, r.cost_yen - (r.stored_wh - start_wh) * _worth(year),
                   r.below_reserve, r.exceeded, r.avoidable, r.suspended,
                   r.unmet_heating_wh / 1000, r.unmet_car_wh / 1000,
                   statistics.median(r.plan_ms))


STRATEGIES = ("forecast", "adaptive", "forecast pv", "forecast load", "day totals",
              "perfect", "no control", "optimum")  # longest first


def run(workdir: Path) -> list[Result]:
    t0 = timer.perf_counter()
    workers = max(1, min(len(STRATEGIES), os.cpu_count() or 1))
    # Fresh processes: the strategies share nothing, and a bench run may have Qt loaded.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        out = dict(zip(STRATEGIES, pool.map(strategy, STRATEGIES), strict=True))
    seconds = timer.perf_counter() - t0
    none, forecast, adaptive = out["no control"], out["forecast"], out["adaptive"]
    perfect, best = out["perfect"], out["optimum"]
    perfect_saving = none.yen - perfect.yen

    def share(o: Outcome) -> float:
        return 100.0 * (none.yen - o.yen) / perfect_saving

    return [
        Result("control_year_no_control", none.yen, "yen/year", "(info)"),
        Result.compared("control_year_fixed_powers", forecast.yen, "yen/year", "(info)",
                        none.yen),
        Result.compared("control_year_forecast", adaptive.yen, "yen/year",
                        "(info)", none.yen),
        Result.compared("control_year_perfect", perfect.yen, "yen/year", "(info)", none.yen),
        Result.compared("control_year_optimum", best.yen, "yen/year", "(info)", none.yen),
        Result.compared("control_fixed_powers_saving_share", share(forecast), "%", "(info)",
                        100.0),
        Result.compared("control_forecast_saving_share", share(adaptive), "%", ">= 90",
                        100.0),
        # Where the rest of the gap lies: one input forecast, the others as they came.
        Result.compared("control_forecast_pv_only_share", share(out["forecast pv"]), "%",
                        "(info)", 100.0),
        Result.compared("control_forecast_load_only_share", share(out["forecast load"]),
                        "%", "(info)", 100.0),
        # An oracle: every day's energy known in advance, only its half hours forecast.
        Result.compared("control_day_totals_oracle_share", share(out["day totals"]), "%",
                        "(info)", 100.0),
        Result.compared("control_perfect_share_of_optimum",
                        100.0 * perfect_saving / (none.yen - best.yen), "%", ">= 99.5", 100.0),
        Result("control_reserve_violations",
               float(sum(o.below_reserve for o in (none, forecast, adaptive, perfect))),
               "slots", "<= 0"),
        Result.compared("control_avoidable_over_target",
                        float(forecast.avoidable + adaptive.avoidable + perfect.avoidable),
                        "slots", "<= 0", float(none.exceeded)),
        Result("control_over_target_forecast", float(forecast.exceeded), "slots", "(info)"),
        Result("control_target_suspensions", float(forecast.suspended), "slots", "(info)"),
        Result("control_unmet_heating", forecast.unmet_heating_kwh + adaptive.unmet_heating_kwh,
               "kWh", "(info)"),
        Result("control_unmet_car", forecast.unmet_car_kwh + adaptive.unmet_car_kwh, "kWh",
               "(info)"),
        Result("control_plan_median", forecast.plan_ms, "ms", "(info)"),
        Result("control_year_runtime", seconds, "s", "(info)"),
    ]
