"""The simulated home: evaluates every series of the house minute by minute.

How a minute's value is made, and why it never depends on chunking:

- The model works in whole local days. A day's loads, PV and fuel cell depend
  only on the seed and that day (plus its neighbours' *parameters*, e.g. a
  washing cycle or EV session that started yesterday), never on a running
  generator or on what was asked before.
- The battery's state of charge is the one thing that carries over. Its value
  at local midnight of day d is not stored but derived: the battery rule is run
  over the preceding day(s) from both an empty and a full battery until the two
  meet (a battery that fills or reaches its reserve forgets its past; economy
  mode fills up every night). All histories lie between the two, so the result
  equals the end of day d-1 as evaluated - no jump at midnight - and any day
  can be computed alone (``battery.soc_at_midnight``). In "standby" the state
  stays at ``initial_soc``.
- ``evaluate`` cuts the requested window out of whole days, so any split of a
  window gives bit-for-bit the same numbers. Recent days are kept in small LRU
  caches: live use (a minute at a time) costs a dictionary lookup.

Energy balance every minute, by construction:
    pv + fuelcell + grid_buy + battery_discharge
        == consumption + grid_sell + battery_charge,
with consumption = main1 + main2; see ``circuit_table`` for what the circuits carry.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import numpy as np

from app.domain import series as s
from app.domain.circuits import CircuitSpec
from app.domain.series import HOME_SERIES, SeriesSpec, circuit_series
from app.sources.simulator.battery import run_battery, soc_at_midnight
from app.sources.simulator.circuit_table import BOTH, BRANCH, L1, L2, MAINS, SPECIAL, board
from app.sources.simulator.config import HomeConfig
from app.sources.simulator.day_context import DayContext
from app.sources.simulator.ecocute import RefillRun, refill_run
from app.sources.simulator.ev_charger import ev_stay
from app.sources.simulator.fuel_cell import fuel_cell
from app.sources.simulator.household import DayPlan, make_plan
from app.sources.simulator.live import LiveJitter
from app.sources.simulator.loads import BASE_OTHER_W, house_loads
from app.sources.simulator.local_days import LocalCalendar
from app.sources.simulator.solar import irradiance, pv_power, sun_day
from app.sources.simulator.weather import cold_water_c, daily_weather, sky_factors, temperature

_LOAD_CACHE_DAYS = 8  # a week of look-back for the battery, plus the day itself
_DAY_CACHE_DAYS = 4
_PLAN_CACHE_DAYS = 16


@dataclass(frozen=True, slots=True)
class _LoadDay:
    """Everything of a day that does not depend on the battery."""

    tod: np.ndarray
    values: dict[str, np.ndarray]  # circuits, mains, consumption, pv, fuelcell, ev, gas, water
    load_after_gen: np.ndarray  # consumption - pv - fuelcell


class SimulatedHome:
    def __init__(self, config: HomeConfig) -> None:
        self.config = config
        self._calendar = LocalCalendar(config.timezone)
        self._board = board(config)
        self.circuits: tuple[CircuitSpec, ...] = MAINS + tuple(c.spec for c in self._board)
        self.series: tuple[SeriesSpec, ...] = HOME_SERIES + tuple(
            circuit_series(c.key) for c in self.circuits if c.measured)
        self._measured = tuple(c for c in self._board if c.load is not None)
        self._lock = threading.RLock()
        self._loads_cache: OrderedDict[int, _LoadDay] = OrderedDict()
        self._day_cache: OrderedDict[int, dict[str, np.ndarray]] = OrderedDict()
        self._plan_cache: OrderedDict[int, DayPlan] = OrderedDict()
        self._live = LiveJitter(config.seed, self._measured)
        self.initial_soc = max(config.battery_reserve_pct, 50.0)

    # ----------------------------------------------------------------- public
    def load_circuit(self, load: str) -> str | None:
        """The series key of the circuit that carries a load model ("ecocute", "ac_living")."""
        return next((c.spec.series_key for c in self._board if c.load == load), None)

    def evaluate(self, start_minute: int, minutes: int) -> dict[str, np.ndarray]:
        """Minute means of every series over [start_minute, start_minute + minutes).

        ``start_minute`` is a UTC epoch minute. Returns fresh float64 arrays.
        """
        start, count = int(start_minute), int(minutes)
        if count < 0:
            raise ValueError(f"minutes must not be negative, not {minutes}")
        out = {spec.key: np.empty(count) for spec in self.series}
        if count == 0:
            return out
        end = start + count
        ordinal = self._calendar.day_of_minute(start)
        pos = start
        while pos < end:
            midnight = self._calendar.midnight(ordinal)
            day = self._day(ordinal)
            a, b = pos - midnight, min(self._calendar.day_length(ordinal), end - midnight)
            lo = pos - start
            for key, arr in out.items():
                arr[lo:lo + b - a] = day[key][a:b]
            pos = midnight + b
            ordinal += 1
        return out

    def day_loads(self, ordinal: int) -> dict[str, np.ndarray]:
        """Minute means of local day ``ordinal`` without the battery (read-only arrays):
        circuits, mains, consumption, PV, fuel cell, EV, gas and water. Fast (no battery
        run), for whole-year studies of what the house needs and the roof gives."""
        out = {}
        for key, arr in self._loads(ordinal).values.items():
            view = arr.view()
            view.flags.writeable = False  # the cache's own arrays
            out[key] = view
        return out

    def ecocute_run(self, ordinal: int) -> RefillRun:
        """The EcoCute's night run that refills what local day ``ordinal`` used."""
        seed = self.config.seed
        return refill_run(self._plan(ordinal), daily_weather(seed, ordinal),
                          date.fromordinal(ordinal))

    def ev_stay(self, ordinal: int) -> tuple[float, float] | None:
        """(minute of local day ``ordinal`` the car is plugged in, Wh its session then
        charges), or None: no session that day."""
        if not self.config.has_ev:
            return None
        return ev_stay(self.config.seed, ordinal, self._plan(ordinal))

    def local_minute(self, unix_seconds: float) -> tuple[int, float]:
        """(local day ordinal, minutes since its midnight) of a moment."""
        minute = unix_seconds / 60.0
        ordinal = self._calendar.day_of_minute(math.floor(minute))
        return ordinal, minute - self._calendar.midnight(ordinal)

    def midnight_minute(self, ordinal: int) -> int:
        """UTC epoch minute at which local day ``ordinal`` starts."""
        return self._calendar.midnight(ordinal)

    def instant(self, unix_seconds: float) -> dict[str, float]:
        """A live reading: the minute's mean plus small zero-mean wobble, still balanced."""
        minute = math.floor(unix_seconds / 60.0)
        values = {key: float(arr[0]) for key, arr in self.evaluate(minute, 1).items()}
        return self._live.apply(values, minute, unix_seconds / 60.0 - minute)

    # ------------------------------------------------------------------ days
    def _day(self, ordinal: int) -> dict[str, np.ndarray]:
        with self._lock:
            day = self._day_cache.get(ordinal)
            if day is None:
                day = self._build_day(ordinal)
                self._remember(self._day_cache, ordinal, day, _DAY_CACHE_DAYS)
            else:
                self._day_cache.move_to_end(ordinal)
            return day

    def _build_day(self, ordinal: int) -> dict[str, np.ndarray]:
        loads = self._loads(ordinal)
        battery = run_battery(self.config, loads.tod, loads.load_after_gen,
                              self._start_soc(ordinal))
        grid = loads.load_after_gen + battery.charge - battery.discharge
        day = dict(loads.values)
        day[s.BATTERY_CHARGE] = battery.charge
        day[s.BATTERY_DISCHARGE] = battery.discharge
        day[s.BATTERY_SOC] = battery.soc
        day[s.GRID_BUY] = np.maximum(grid, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0
        day[s.GRID_SELL] = np.maximum(-grid, 0.0) + 0.0
        for arr in day.values():
            arr.flags.writeable = False  # cached: callers get copies via evaluate()
        return day

    def _start_soc(self, ordinal: int) -> float:
        """State of charge at local midnight, derived without stored state (see module doc)."""
        if not self.config.has_battery or self.config.battery_mode == "standby":
            return self.initial_soc
        return soc_at_midnight(self.config, ordinal, self._end_soc)

    def _end_soc(self, ordinal: int, start_soc: float) -> float:
        loads = self._loads(ordinal)
        return run_battery(self.config, loads.tod, loads.load_after_gen, start_soc).end_soc

    def _loads(self, ordinal: int) -> _LoadDay:
        with self._lock:
            loads = self._loads_cache.get(ordinal)
            if loads is None:
                loads = self._build_loads(ordinal)
                self._remember(self._loads_cache, ordinal, loads, _LOAD_CACHE_DAYS)
            else:
                self._loads_cache.move_to_end(ordinal)
            return loads

    def _build_loads(self, ordinal: int) -> _LoadDay:
        cfg = self.config
        ctx, poa = self._context(ordinal)
        loads, meters = house_loads(ctx, cfg, daily_weather(cfg.seed, ordinal - 1))
        # Mains: 100 V loads on their phase, 200 V loads and "other" half on each.
        main = {L1: np.full(ctx.n, BASE_OTHER_W / 2), L2: np.full(ctx.n, BASE_OTHER_W / 2)}
        for circuit in SPECIAL + BRANCH:
            if circuit.load is None:
                continue
            power = loads[circuit.load]
            if circuit.phase == BOTH:
                main[L1] += 0.5 * power
                main[L2] += 0.5 * power
            else:
                main[circuit.phase] += power
        consumption = main[L1] + main[L2]
        pv = pv_power(poa, ctx.temp, cfg.pv_capacity_w) if cfg.has_pv else np.zeros(ctx.n)
        fc, fc_gas = fuel_cell(ctx, consumption - pv) if cfg.has_fuel_cell else (
            np.zeros(ctx.n), np.zeros(ctx.n))
        values = {c.spec.series_key: loads[c.load] for c in self._measured if c.load is not None}
        values |= {
            "circuit.main1": main[L1], "circuit.main2": main[L2],
            s.CONSUMPTION: consumption, s.PV: pv, s.FUEL_CELL: fc,
            s.EV_CHARGE: loads["ev"].copy(),
            s.GAS: meters.gas + fc_gas, s.WATER: meters.water,
        }
        return _LoadDay(ctx.tod, values, consumption - pv - fc)

    def _context(self, ordinal: int) -> tuple[DayContext, np.ndarray]:
        cfg, cal = self.config, self._calendar
        n, midnight = cal.day_length(ordinal), cal.midnight(ordinal)
        tod = np.arange(n) + 0.5
        abs_minutes = midnight + np.arange(n, dtype=np.float64)
        weather = daily_weather(cfg.seed, ordinal)
        sun = sun_day(midnight, n, cfg.latitude, cfg.longitude)
        beam, extra = sky_factors(cfg.seed, ordinal, n, weather)
        light = irradiance(sun, beam, extra, cfg.pv_tilt_deg, cfg.pv_azimuth_deg)
        day = date.fromordinal(ordinal)
        ctx = DayContext(
            seed=cfg.seed, ordinal=ordinal, day=day, n=n, midnight=midnight, tod=tod,
            abs_minutes=abs_minutes, weather=weather,
            temp=temperature(cfg.seed, ordinal, tod), ghi=light.ghi,
            sun_elevation=sun.sun.elevation_deg, plan=self._plan(ordinal),
            prev_plan=self._plan(ordinal - 1), prev_n=cal.day_length(ordinal - 1),
            cold_water_c=cold_water_c(day),
        )
        return ctx, light.poa

    def _plan(self, ordinal: int) -> DayPlan:
        with self._lock:
            plan = self._plan_cache.get(ordinal)
            if plan is None:
                seed = self.config.seed
                plan = make_plan(seed, ordinal, self._calendar.is_day_off(ordinal),
                                 daily_weather(seed, ordinal), date.fromordinal(ordinal).month)
                self._remember(self._plan_cache, ordinal, plan, _PLAN_CACHE_DAYS)
            return plan

    @staticmethod
    def _remember(cache: OrderedDict, key: int, value: object, size: int) -> None:
        cache[key] = value
        while len(cache) > size:
            cache.popitem(last=False)
