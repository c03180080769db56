"""The charge plan as one linear program, solved by HiGHS (highspy).

Per slot t (energies in kWh, prices in 円/kWh):

    minimise  Σ buy·p_buy − sell·p_sell  − v·E_end          (money, and what is left stored)
              + penalties: over a 30-minute target; hot water or car energy missing
    s.t.      pv − curtail + buy + discharge + v2h_out
                  = load + sell + charge + ev_charge + ecocute               (every slot)
              E_t = E_t−1 + √η·charge − discharge/√η,  reserve ≤ E_t ≤ capacity
              car: the same with its own η, target by departure (soft), V2H floor
              EcoCute: each refill's energy within its windows, at most its power per slot
              sell ≤ the PV surplus over the house's load (a battery does not export
                  unless it may); no selling where the sell price is None or 0
              buy − over_target ≤ target  (soft: an unavoidable excess stays feasible
                  and is reported)
              where grid charging is forbidden: charge ≤ PV surplus over the load; should
                  the solution still charge while the EcoCute or the car buy in that slot
                  (grid energy by another door), the slot gets charge + ecocute +
                  ev_charge − v2h_out + curtail ≤ PV surplus and the program is solved
                  again (exactly "charge only what PV leaves over" is not convex).

`v` (what a kWh left stored is worth) keeps the plan from emptying the battery at the
horizon's end for nothing: by default the lowest buy price in the horizon times the
discharge efficiency (at least that much purchase it will replace). Of equal plans a tiny
cost picks the one that charges and heats later (closer to use, as the EcoCute itself
does) and discharges sooner, so that runs stay whole.
Buying and selling, or charging and discharging, in one slot never pays when prices are
sane; the solution is checked, and a slot that does both (prices that make it pay, or a
tie) gets the smaller side fixed at zero before solving again.

With `PlanInputs.scenarios` (the forecasts' errors, learnt by `forecast_scenarios`) the
program holds one copy of the above per scenario (its PV and load after the shared slots
times the scenario's factors), each copy's costs times its probability: the expected cost.
The shared slots (the first, and the rest of a cheapest-price window it starts in: the
night's charge is bought before the day shows how it turns out) take one decision for
all scenarios (rows: each copy's charge, discharge, car and EcoCute columns there equal
the first copy's); the later slots are each scenario's own recourse. A kWh short costs
the evening price and a kWh too many only the losses, so the hedged night charges more
than the plan of the mean day. The plan returned is the probability-weighted path (the
program is linear: a path of the mean inputs), whose first slot is the shared one.

A solver failure, a time-out or any error gives a Plan with status "failed" and no slot
actions: the caller falls back to self-consumption and says so. The same function, fed the
real PV and load instead of the forecast, gives the perfect-foresight optimum.
"""

from __future__ import annotations

import dataclasses
import time

import highspy
import numpy as np

from app.domain.charge_plan import SLOT_HOURS, Plan, PlanInputs, PlanStatus
from app.domain.ecocute_cycles import refills
from app.domain.plan_flows import Flows, shares
from app.domain.plan_result import build_plan
from app.domain.self_consumption import self_consumption_plan

__all__ = ["plan_charges", "scenario_flows", "self_consumption_plan"]

KWH = 1000.0
TARGET_PENALTY = 200.0  # 円/kWh over a 30-minute target: above any price, below the needs
NEED_PENALTY = 2000.0  # 円/kWh of hot water or car energy missing at its deadline
TIE = 1e-4  # 円/kWh per slot: of equal plans, the one that charges and heats later
TOLERANCE = 1e-6  # kWh: less is the solver's rounding
MAX_ROUNDS = 6
INF = highspy.kHighsInf


class _Lp:
    """Columns and sparse rows, collected as arrays, handed to HiGHS row-wise."""

    def __init__(self) -> None:
        self.col_lo: list[np.ndarray] = []
        self.col_hi: list[np.ndarray] = []
        self.cost: list[np.ndarray] = []
        self.row_lo: list[np.ndarray] = []
        self.row_hi: list[np.ndarray] = []
        self.entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.costs_set: dict[int, float] = {}
        self.n_cols = self.n_rows = 0

    def cols(self, count: int, lo, hi, cost=0.0) -> np.ndarray:
        self.col_lo.append(np.broadcast_to(np.asarray(lo, float), (count,)))
        self.col_hi.append(np.broadcast_to(np.asarray(hi, float), (count,)))
        self.cost.append(np.broadcast_to(np.asarray(cost, float), (count,)))
        index = np.arange(self.n_cols, self.n_cols + count)
        self.n_cols += count
        return index

    def set_cost(self, col: int, cost: float) -> None:
        self.costs_set[int(col)] = cost

    def rows(self, count: int, lo, hi) -> np.ndarray:
        self.row_lo.append(np.broadcast_to(np.asarray(lo, float), (count,)))
        self.row_hi.append(np.broadcast_to(np.asarray(hi, float), (count,)))
        index = np.arange(self.n_rows, self.n_rows + count)
        self.n_rows += count
        return index

    def put(self, rows, cols, value) -> None:
        rows, cols = np.asarray(rows), np.asarray(cols)
        self.entries.append((rows, cols, np.broadcast_to(np.asarray(value, float),
                                                         rows.shape)))

    def highs(self) -> highspy.HighsLp:
        rows = np.concatenate([e[0] for e in self.entries])
        cols = np.concatenate([e[1] for e in self.entries])
        values = np.concatenate([e[2] for e in self.entries])
        order = np.lexsort((cols, rows))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n_cols, self.n_rows
        cost = np.concatenate(self.cost)
        for col, value in self.costs_set.items():
            cost[col] = value
        lp.col_cost_ = cost
        lp.col_lower_ = np.concatenate(self.col_lo)
        lp.col_upper_ = np.concatenate(self.col_hi)
        lp.row_lower_ = np.concatenate(self.row_lo)
        lp.row_upper_ = np.concatenate(self.row_hi)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.searchsorted(rows[order], np.arange(self.n_rows + 1))
        lp.a_matrix_.index_ = cols[order].astype(np.int32)
        lp.a_matrix_.value_ = values[order]
        return lp


class _Model:
    """The program for one PlanInputs, and where each quantity sits among its columns."""

    def __init__(self, inputs: PlanInputs) -> None:
        self.inputs = inputs
        n = self.n = inputs.n
        self.lp = lp = _Lp()
        buy_price = np.asarray(inputs.buy_yen_per_kwh, float)
        sells = np.array([inputs.sells(i) for i in range(n)])
        sell_price = np.where(sells, [p or 0.0 for p in inputs.sell_yen_per_kwh], 0.0)
        # A round in mid-slot plans the first slot's rest: its energies and limits scale.
        self.share = share = np.asarray(inputs.fractions, float)
        pv = np.asarray(inputs.pv_ahead_wh, float) / KWH
        load = np.asarray(inputs.load_ahead_wh, float) / KWH
        self.surplus = surplus = np.maximum(pv - load, 0.0)
        # Of equal plans: charge and heat as late as possible, discharge as soon.
        self.later = later = TIE * (n - 1 - np.arange(n))
        self.sooner = TIE * np.arange(n)
        battery = inputs.battery

        may_export = battery is not None and battery.may_sell
        export = battery.max_discharge_w * SLOT_HOURS / KWH * share if may_export else 0.0
        self.buy = lp.cols(n, 0.0, INF, buy_price)
        self.sell = lp.cols(n, 0.0, np.where(sells, surplus + export, 0.0), -sell_price)
        self.curtail = lp.cols(n, 0.0, pv)
        self.balance = lp.rows(n, load - pv, load - pv)
        lp.put(self.balance, self.buy, 1.0)
        lp.put(self.balance, self.sell, -1.0)
        lp.put(self.balance, self.curtail, -1.0)
        self.pairs = [(self.buy, self.sell)]
        self.charge = self.discharge = self.stored = None
        self.ev_charge = self.ev_discharge = self.ev_stored = None
        self.ecocute_slots: np.ndarray = np.array([], dtype=int)
        self.ecocute = None
        if battery is not None:
            self._battery(float(buy_price.min()))
        if inputs.planned_ev is not None:
            self._ev(float(buy_price.min()))
        if inputs.ecocute is not None:
            self._ecocute(later)
        self._targets()

    def _storage(self, count: int, charge_w: float | np.ndarray, discharge_w: float,
                 leg: float, low: float, high: float, now: float) -> tuple:
        """Charge, discharge and stored-energy columns with their dynamics rows (powers in
        W: a slot's energy limit is its share of the half hour at that power)."""
        lp = self.lp
        hours = SLOT_HOURS * self.share[:count] / KWH
        charge = lp.cols(count, 0.0, np.broadcast_to(charge_w, (count,)) * hours,
                         self.later[:count])
        discharge = (lp.cols(count, 0.0, discharge_w * hours, self.sooner[:count])
                     if discharge_w > 0 else None)
        stored = lp.cols(count, low, high)
        dynamics = lp.rows(count, np.r_[now, np.zeros(count - 1)],
                           np.r_[now, np.zeros(count - 1)])
        lp.put(dynamics, stored, 1.0)
        lp.put(dynamics[1:], stored[:-1], -1.0)
        lp.put(dynamics, charge, -leg)
        lp.put(self.balance[:count], charge, -1.0)
        if discharge is not None:
            lp.put(dynamics, discharge, 1.0 / leg)
            lp.put(self.balance[:count], discharge, 1.0)
            self.pairs.append((charge, discharge))
        return charge, discharge, stored

    def _battery(self, lowest_price: float) -> None:
        inputs = self.inputs
        b = inputs.battery
        assert b is not None
        cap = b.capacity_wh / KWH
        now = inputs.soc_pct / 100.0 * cap
        charge_w = np.full(self.n, b.max_charge_w)
        forbidden = ~np.asarray(inputs.grid_charge_allowed, bool)
        surplus_w = self.surplus * KWH / (SLOT_HOURS * self.share)
        charge_w[forbidden] = np.minimum(charge_w[forbidden], surplus_w[forbidden])
        self.charge, self.discharge, self.stored = self._storage(
            self.n, charge_w, b.max_discharge_w, b.leg_efficiency,
            min(b.reserve_pct / 100.0 * cap, now), cap, now)
        value = inputs.stored_value_yen_per_kwh
        if value is None:
            value = max(lowest_price, 0.0) * b.leg_efficiency
        self.lp.set_cost(self.stored[-1], -value)

    def _ev(self, lowest_price: float) -> None:
        ev, m = self.inputs.planned_ev, self.inputs.ev_deadline()
        assert ev is not None
        cap = ev.capacity_wh / KWH
        now = ev.level_pct / 100.0 * cap
        v2h = ev.can_discharge and ev.max_discharge_w > 0
        low = min(ev.floor_pct / 100.0 * cap, now) if v2h else 0.0
        self.ev_charge, self.ev_discharge, self.ev_stored = self._storage(
            m, ev.max_charge_w, ev.max_discharge_w if v2h else 0.0, ev.leg_efficiency,
            low, cap, now)
        short = self.lp.cols(1, 0.0, INF, NEED_PENALTY)
        row = self.lp.rows(1, ev.target_pct / 100.0 * cap, INF)
        self.lp.put(row, self.ev_stored[-1:], 1.0)
        self.lp.put(row, short, 1.0)
        if v2h and ev.departure_slot is None:
            value = self.inputs.stored_value_yen_per_kwh
            if value is None:
                value = max(lowest_price, 0.0) * ev.leg_efficiency
            self.lp.set_cost(self.ev_stored[-1], -value)

    def _ecocute(self, later: np.ndarray) -> None:
        spec, n, lp = self.inputs.ecocute, self.n, self.lp
        assert spec is not None
        plan = refills(self.inputs)
        slots = np.array(sorted({i for r in plan for i in r.allowed(n)}), dtype=int)
        self.ecocute_slots = slots
        self.ecocute = lp.cols(len(slots), 0.0,
                               spec.power_w * SLOT_HOURS / KWH * self.share[slots],
                               later[slots])
        lp.put(self.balance[slots], self.ecocute, -1.0)
        column = {int(slot): int(col) for slot, col in zip(slots, self.ecocute, strict=True)}
        for refill in plan:
            short = lp.cols(1, 0.0, INF, NEED_PENALTY)
            row = lp.rows(1, refill.min_in_horizon_wh(n) / KWH, refill.required_wh / KWH)
            cols = [column[i] for i in refill.allowed(n)]
            lp.put(np.repeat(row, len(cols)), cols, 1.0)
            lp.put(row, short, 1.0)

    def _targets(self) -> None:
        target = self.inputs.target_ahead_wh
        slots = [i for i, t in enumerate(target) if t is not None]
        if not slots:
            return
        limit = np.array([target[i] for i in slots], float) / KWH
        over = self.lp.cols(len(slots), 0.0, INF, TARGET_PENALTY)
        rows = self.lp.rows(len(slots), -INF, limit)
        self.lp.put(rows, self.buy[slots], 1.0)
        self.lp.put(rows, over, -1.0)

    # --- reading a solution ----------------------------------------------------------
    def flows(self, x: np.ndarray) -> Flows:
        n = self.n

        def wh(cols, count: int = n) -> np.ndarray:
            out = np.zeros(n)
            if cols is not None:
                out[:count] = np.maximum(x[cols], 0.0) * KWH
            return out

        ecocute = np.zeros(n)
        if self.ecocute is not None:
            ecocute[self.ecocute_slots] = np.maximum(x[self.ecocute], 0.0) * KWH
        m = self.inputs.ev_deadline()
        return Flows(buy=wh(self.buy), sell=wh(self.sell), curtail=wh(self.curtail),
                     charge=wh(self.charge), discharge=wh(self.discharge),
                     stored=wh(self.stored), ev_charge=wh(self.ev_charge, m),
                     ev_discharge=wh(self.ev_discharge, m), ev_stored=wh(self.ev_stored, m),
                     ecocute=ecocute)

    def both_ways(self, x: np.ndarray) -> list[int]:
        """Columns to fix at zero: the smaller side of a slot that flows both ways."""
        fix = []
        for one, other in self.pairs:
            a, b = x[one], x[other]
            both = (a > TOLERANCE) & (b > TOLERANCE)
            fix += np.where(a <= b, one, other)[both].tolist()
        return fix

    def grid_charging(self, flows: Flows) -> list[int]:
        """Slots where the battery may not charge from the grid but the solution does."""
        if self.charge is None:
            return []
        grid = shares(self.inputs, flows).battery_grid(flows) / KWH
        forbidden = ~np.asarray(self.inputs.grid_charge_allowed, bool)
        return np.flatnonzero(forbidden & (grid > TOLERANCE)).tolist()

    def surplus_only_row(self, slot: int) -> tuple[list[int], list[float], float]:
        """charge + ecocute + ev_charge − v2h + curtail ≤ the PV surplus, in one slot."""
        assert self.charge is not None
        cols, values = [int(self.charge[slot]), int(self.curtail[slot])], [1.0, 1.0]
        if self.ecocute is not None and slot in self.ecocute_slots:
            cols.append(int(self.ecocute[np.searchsorted(self.ecocute_slots, slot)]))
            values.append(1.0)
        if self.ev_charge is not None and slot < len(self.ev_charge):
            cols.append(int(self.ev_charge[slot]))
            values.append(1.0)
            if self.ev_discharge is not None:
                cols.append(int(self.ev_discharge[slot]))
                values.append(-1.0)
        return cols, values, float(self.surplus[slot])


class SolverFailed(Exception):
    pass


def _solve(model: _Model, time_limit_s: float) -> Flows:
    return _solve_all(model.lp.highs(), [(model, 0)], time_limit_s)[0]


def _solve_all(lp: highspy.HighsLp, models: list[tuple[_Model, int]],
               time_limit_s: float) -> list[Flows]:
    """Solve `lp`, which holds each model's columns from its offset on; the rounds fix
    what flows both ways and cut grid charging where it is forbidden, in each model."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("time_limit", float(time_limit_s))  # over all rounds: HiGHS sums
    highs.passModel(lp)
    cut: set[tuple[int, int]] = set()
    for _ in range(MAX_ROUNDS):
        highs.run()
        status = highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolverFailed(highs.modelStatusToString(status))
        x_all = np.asarray(highs.getSolution().col_value)
        done, out = True, []
        for k, (model, offset) in enumerate(models):
            x = x_all[offset:offset + model.lp.n_cols]
            flows = model.flows(x)
            out.append(flows)
            fix = model.both_ways(x)
            slots = [s for s in model.grid_charging(flows) if (k, s) not in cut]
            done = done and not fix and not slots
            for col in fix:
                highs.changeColBounds(offset + col, 0.0, 0.0)
            for slot in slots:
                cols, values, limit = model.surplus_only_row(slot)
                highs.addRow(-INF, limit, len(cols),
                             offset + np.array(cols, dtype=np.int32), np.array(values))
                cut.add((k, slot))
        if done:
            return out
    raise SolverFailed(f"still flows both ways after {MAX_ROUNDS} rounds")


# --- the forecasts' errors: one program over a few scenarios ---------------------------


def shared_slots(inputs: PlanInputs) -> int:
    """The slots decided before the forecasts' errors show: the first, and, when it is
    in the horizon's cheapest price, the rest of that cheap window (the night's charge
    is bought before the day it is for shows how it turns out)."""
    buy = np.asarray(inputs.buy_yen_per_kwh, float)
    if buy[0] > buy.min() + 1e-9:
        return 1
    dearer = np.flatnonzero(buy > buy[0] + 1e-9)
    return int(dearer[0]) if len(dearer) else inputs.n


def scenario_inputs(inputs: PlanInputs, shared: int) -> list[PlanInputs]:
    """Each scenario's inputs: the forecasts after the shared slots times its factors."""
    out = []
    for s in inputs.scenarios:
        pv = np.asarray(inputs.pv_wh, float)
        load = np.asarray(inputs.load_wh, float)
        pv[shared:] *= s.pv_factor
        load[shared:] *= s.load_factor
        out.append(dataclasses.replace(inputs, pv_wh=tuple(pv), load_wh=tuple(load),
                                       scenarios=()))
    return out


def _shared_columns(model: _Model, shared: int) -> np.ndarray:
    """The decisions of the shared slots (what the devices are told); the grid's flows
    follow from them and the inputs, which are the same in those slots."""
    parts = []
    for cols in (model.charge, model.discharge, model.ev_charge, model.ev_discharge):
        if cols is not None:
            parts.append(cols[:shared])
    if model.ecocute is not None:
        parts.append(model.ecocute[model.ecocute_slots < shared])
    return np.concatenate(parts) if parts else np.array([], dtype=int)


def _scenario_program(inputs: PlanInputs) -> tuple[highspy.HighsLp, list[tuple[_Model, int]]]:
    """One program: each scenario's model, its costs times its probability, and rows
    that make the shared slots' decisions equal in every scenario (non-anticipativity)."""
    shared = shared_slots(inputs)
    models = [_Model(i) for i in scenario_inputs(inputs, shared)]
    whole = _Lp()
    placed: list[tuple[_Model, int]] = []
    for scenario, model in zip(inputs.scenarios, models, strict=True):
        part, col0, row0 = model.lp, whole.n_cols, whole.n_rows
        p = scenario.probability
        whole.col_lo += part.col_lo
        whole.col_hi += part.col_hi
        whole.cost += [c * p for c in part.cost]
        whole.row_lo += part.row_lo
        whole.row_hi += part.row_hi
        whole.entries += [(r + row0, c + col0, v) for r, c, v in part.entries]
        whole.costs_set.update({col0 + c: v * p for c, v in part.costs_set.items()})
        whole.n_cols += part.n_cols
        whole.n_rows += part.n_rows
        placed.append((model, col0))
    first_model, first_col = placed[0]
    first = _shared_columns(first_model, shared) + first_col
    for model, col0 in placed[1:]:
        mine = _shared_columns(model, shared) + col0
        if len(mine) != len(first):
            raise SolverFailed("the scenarios' shared decisions differ in shape")
        if len(mine):
            rows = whole.rows(len(mine), 0.0, 0.0)
            whole.put(rows, mine, 1.0)
            whole.put(rows, first, -1.0)
    return whole.highs(), placed


def _expected(flows: list[Flows], inputs: PlanInputs) -> tuple[PlanInputs, Flows]:
    """The probability-weighted path: flows and inputs (the program is linear, so this is
    a path of the mean inputs, and its first slot is the shared one)."""
    p = [s.probability for s in inputs.scenarios]
    mean = Flows(**{f.name: sum(w * getattr(x, f.name) for w, x in zip(p, flows, strict=True))
                    for f in dataclasses.fields(Flows)})
    shared = shared_slots(inputs)
    parts = scenario_inputs(inputs, shared)
    pv = sum(w * np.asarray(i.pv_wh) for w, i in zip(p, parts, strict=True))
    load = sum(w * np.asarray(i.load_wh) for w, i in zip(p, parts, strict=True))
    return dataclasses.replace(inputs, pv_wh=tuple(map(float, pv)),
                               load_wh=tuple(map(float, load))), mean


def scenario_flows(inputs: PlanInputs, time_limit_s: float = 5.0) -> list[Flows]:
    """Each scenario's flows of the scenario program (raises SolverFailed)."""
    lp, models = _scenario_program(inputs)
    return _solve_all(lp, models, time_limit_s)


def plan_charges(inputs: PlanInputs, time_limit_s: float = 5.0) -> Plan:
    """The cheapest plan over the inputs' horizon, or a failed plan with no actions."""
    started = time.perf_counter()
    try:
        if inputs.scenarios:
            inputs, flows = _expected(scenario_flows(inputs, time_limit_s), inputs)
        else:
            flows = _solve(_Model(inputs), time_limit_s)
    except SolverFailed as exc:
        message = str(exc)
    except Exception as exc:  # whatever went wrong in the solver: never a half-made plan
        message = f"{type(exc).__name__}: {exc}"
    else:
        return build_plan(inputs, flows, PlanStatus.OPTIMAL,
                          (time.perf_counter() - started) * 1000)
    return Plan(PlanStatus.FAILED, inputs.start, message=message,
                solve_ms=(time.perf_counter() - started) * 1000)
