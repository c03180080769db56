"""The plan explained: contiguous runs of one action, each with the numbers that justify it.

Runs are found per device (battery, car, EcoCute) and for the 30-minute target. A reason
holds the prices compared and the energy concerned, weighted by that energy, so the UI can
say e.g. "Charges 02:00–05:00: night price 26.74 円 < evening 43.61 円, and tomorrow's
surplus covers 3.1 of the 8.0 kWh needed". "Later" is where the stored energy goes: the
discharges until the battery next charges (from the grid, for a grid charge).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from app.domain.charge_plan import (
    ActionKind,
    Decision,
    DischargeReason,
    EcoCuteReason,
    EvChargeReason,
    EvDischargeReason,
    GridChargeReason,
    PlanInputs,
    Reason,
    SurplusChargeReason,
    TargetReason,
)
from app.domain.ecocute_cycles import Refill, refills
from app.domain.plan_flows import TOLERANCE_WH, Flows, Shares, shares

Run = tuple[ActionKind, int, int]  # kind, first slot, end slot (exclusive)


def runs(kinds: Sequence[ActionKind | None]) -> list[Run]:
    """Contiguous stretches of the same kind (None: no action)."""
    out: list[Run] = []
    first = 0
    for i in range(1, len(kinds) + 1):
        if i == len(kinds) or kinds[i] != kinds[first]:
            kind = kinds[first]
            if kind is not None:
                out.append((kind, first, i))
            first = i
    return out


def _weighted(prices: np.ndarray, weights: np.ndarray) -> float | None:
    total = float(weights.sum())
    return float(prices @ weights / total) if total > TOLERANCE_WH else None


class _Explainer:
    def __init__(self, inputs: PlanInputs, flows: Flows) -> None:
        self.inputs, self.flows = inputs, flows
        self.share: Shares = shares(inputs, flows)
        self.grid = self.share.battery_grid(flows)
        self.buy_price = np.asarray(inputs.buy_yen_per_kwh, dtype=float)
        self.sell_price = np.array([p if inputs.sells(i) else 0.0
                                    for i, p in enumerate(inputs.sell_yen_per_kwh)])
        self.refills = refills(inputs)

    # --- the battery -----------------------------------------------------------------
    def battery_kinds(self) -> list[ActionKind | None]:
        f = self.flows
        return [ActionKind.GRID_CHARGE if self.grid[i] > TOLERANCE_WH
                else ActionKind.SURPLUS_CHARGE if f.charge[i] > TOLERANCE_WH
                else ActionKind.DISCHARGE if f.discharge[i] > TOLERANCE_WH else None
                for i in range(self.inputs.n)]

    def _later(self, end: int, until: Callable[[int], bool]) -> tuple[float | None, float,
                                                                         float]:
        """(price the discharges replace, discharged Wh, PV charged Wh) from `end` until
        the first slot where `until` holds."""
        stop = next((i for i in range(end, self.inputs.n) if until(i)), self.inputs.n)
        span = slice(end, stop)
        d = self.flows.discharge[span]
        return (_weighted(self.buy_price[span], d), float(d.sum()),
                float(self.share.battery_pv[span].sum()))

    def grid_charge(self, a: int, b: int) -> Reason:
        battery = self.inputs.battery
        assert battery is not None
        g = self.grid[a:b]
        later, needed, surplus = self._later(b, lambda i: self.grid[i] > TOLERANCE_WH)
        price = _weighted(self.buy_price[a:b], g)
        return GridChargeReason(price if price is not None else float(self.buy_price[a]),
                                later, battery.round_trip_efficiency, float(g.sum()),
                                needed, surplus)

    def surplus_charge(self, a: int, b: int) -> Reason:
        battery = self.inputs.battery
        assert battery is not None
        f = self.flows
        later, _, _ = self._later(b, lambda i: f.charge[i] > TOLERANCE_WH)
        sells = any(self.inputs.sells(i) for i in range(a, b))
        pv = np.asarray(self.inputs.pv_ahead_wh[a:b]) - f.curtail[a:b]
        used = np.asarray(self.inputs.load_ahead_wh[a:b]) + f.ecocute[a:b] + f.ev_charge[a:b]
        return SurplusChargeReason(
            _weighted(self.sell_price[a:b], f.charge[a:b]) if sells else None, later,
            battery.round_trip_efficiency, float(np.maximum(pv - used, 0.0).sum()),
            float(f.sell[a:b].sum()))

    def discharge(self, a: int, b: int) -> Reason:
        battery = self.inputs.battery
        assert battery is not None
        f = self.flows
        previous = next((i + 1 for i in range(a - 1, -1, -1)
                         if f.discharge[i] > TOLERANCE_WH), 0)
        span = slice(previous, a)
        charged = f.charge[span]
        stored_price = None
        if charged.sum() > TOLERANCE_WH:
            paid = self.grid[span] @ self.buy_price[span]
            forgone = self.share.battery_pv[span] @ self.sell_price[span]
            stored_price = float((paid + forgone) / charged.sum())
        floor = min(battery.reserve_pct / 100 * battery.capacity_wh,
                    self.inputs.soc_pct / 100 * battery.capacity_wh)
        before = (f.stored[previous - 1] if previous > 0
                  else self.inputs.soc_pct / 100 * battery.capacity_wh)
        price = _weighted(self.buy_price[a:b], f.discharge[a:b])
        return DischargeReason(price if price is not None else float(self.buy_price[a]),
                               stored_price, max(0.0, float(before - floor)),
                               battery.round_trip_efficiency,
                               float(f.stored[b - 1] / battery.capacity_wh * 100),
                               battery.reserve_pct)

    # --- the car ---------------------------------------------------------------------
    def ev_kinds(self) -> list[ActionKind | None]:
        f = self.flows
        return [ActionKind.EV_CHARGE if f.ev_charge[i] > TOLERANCE_WH
                else ActionKind.EV_DISCHARGE if f.ev_discharge[i] > TOLERANCE_WH else None
                for i in range(self.inputs.n)]

    def ev_charge(self, a: int, b: int) -> Reason:
        ev, deadline = self.inputs.planned_ev, self.inputs.ev_deadline()
        assert ev is not None
        grid = self.flows.ev_charge[a:b] - self.share.ev_pv[a:b]
        price = _weighted(self.buy_price[a:b], grid)
        departure = (None if ev.departure_slot is None
                     else self.inputs.slot_start(ev.departure_slot))
        return EvChargeReason(
            price if price is not None else float(self.buy_price[a]),
            float(self.share.ev_pv[a:b].sum()), float(self.buy_price[:deadline].min()),
            departure, ev.target_pct,
            float(self.flows.ev_stored[deadline - 1] / ev.capacity_wh * 100))

    def ev_discharge(self, a: int, b: int) -> Reason:
        ev = self.inputs.planned_ev
        assert ev is not None
        price = _weighted(self.buy_price[a:b], self.flows.ev_discharge[a:b])
        return EvDischargeReason(price if price is not None else float(self.buy_price[a]),
                                 ev.floor_pct,
                                 float(self.flows.ev_stored[b - 1] / ev.capacity_wh * 100))

    # --- the EcoCute -----------------------------------------------------------------
    def _refill_of(self, slot: int) -> Refill | None:
        return next((r for r in self.refills if slot in r.night or slot in r.day_slots),
                    None)

    def ecocute_kinds(self) -> list[ActionKind | None]:
        out: list[ActionKind | None] = []
        for i in range(self.inputs.n):
            refill = self._refill_of(i) if self.flows.ecocute[i] > TOLERANCE_WH else None
            out.append(None if refill is None else ActionKind.ECOCUTE_SURPLUS
                       if i in refill.day_slots else ActionKind.ECOCUTE_NIGHT)
        return out

    def ecocute(self, a: int, b: int) -> Reason:
        spec, refill = self.inputs.ecocute, self._refill_of(a)
        assert spec is not None and refill is not None
        night = list(refill.night_in(self.inputs.n))
        day = list(refill.day_slots)
        load, pv = np.asarray(self.inputs.load_ahead_wh), np.asarray(self.inputs.pv_ahead_wh)
        heat_pv = self.share.ecocute_pv[a:b]
        return EcoCuteReason(
            float(self.buy_price[night].mean()) if night else None,
            float(self.sell_price[day].min()) if day else None,
            float(np.maximum(pv[day] - load[day], 0.0).sum()) if day else 0.0,
            spec.day_shift, float(heat_pv.sum()),
            float((self.flows.ecocute[a:b] - heat_pv).sum()))

    # --- the 30-minute target --------------------------------------------------------
    def target_kinds(self) -> list[ActionKind | None]:
        return [ActionKind.TARGET_EXCEEDED
                if target is not None and self.flows.buy[i] > target + TOLERANCE_WH else None
                for i, target in enumerate(self.inputs.target_ahead_wh)]

    def target(self, a: int, b: int) -> Reason:
        targets = np.array([t or 0.0 for t in self.inputs.target_ahead_wh[a:b]])
        buy = self.flows.buy[a:b]
        return TargetReason(float(targets.min()), float(buy.max()),
                            float(np.maximum(buy - targets, 0.0).sum()))


def decisions(inputs: PlanInputs, flows: Flows) -> tuple[Decision, ...]:
    """Every run of every device, in time order (the battery first within a slot)."""
    ex = _Explainer(inputs, flows)
    reasons: dict[ActionKind, Callable[[int, int], Reason]] = {
        ActionKind.GRID_CHARGE: ex.grid_charge, ActionKind.SURPLUS_CHARGE: ex.surplus_charge,
        ActionKind.DISCHARGE: ex.discharge, ActionKind.EV_CHARGE: ex.ev_charge,
        ActionKind.EV_DISCHARGE: ex.ev_discharge, ActionKind.ECOCUTE_NIGHT: ex.ecocute,
        ActionKind.ECOCUTE_SURPLUS: ex.ecocute, ActionKind.TARGET_EXCEEDED: ex.target}
    energy: dict[ActionKind, np.ndarray] = {
        ActionKind.GRID_CHARGE: flows.charge, ActionKind.SURPLUS_CHARGE: flows.charge,
        ActionKind.DISCHARGE: flows.discharge, ActionKind.EV_CHARGE: flows.ev_charge,
        ActionKind.EV_DISCHARGE: flows.ev_discharge, ActionKind.ECOCUTE_NIGHT: flows.ecocute,
        ActionKind.ECOCUTE_SURPLUS: flows.ecocute,
        ActionKind.TARGET_EXCEEDED: np.array(
            [0.0 if t is None else max(0.0, flows.buy[i] - t)
             for i, t in enumerate(inputs.target_ahead_wh)])}
    tracks = []
    if inputs.battery is not None:
        tracks.append(ex.battery_kinds())
    if inputs.planned_ev is not None:
        tracks.append(ex.ev_kinds())
    if inputs.ecocute is not None:
        tracks.append(ex.ecocute_kinds())
    tracks.append(ex.target_kinds())
    out = []
    for order, track in enumerate(tracks):
        for kind, a, b in runs(track):
            out.append((a, order, Decision(
                kind, a, b, inputs.slot_start(a), inputs.slot_start(b),
                float(np.maximum(energy[kind][a:b], 0.0).sum()), reasons[kind](a, b))))
    return tuple(d for _, _, d in sorted(out, key=lambda item: item[:2]))
