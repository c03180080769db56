"""Builds graph data, circuit rankings and energy balances from the store (worker thread).

Buckets come from the store's local calendar (`Store.calendar`), the same one
its rollups are kept in, so a day has exactly the slots the rollups have (48,
or 46/50 on a daylight-saving change in zones that have one). Every bucket of
the period is in the result; a bucket without samples, or one that has not
started yet, is NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

import numpy as np

from app.domain import series as s
from app.domain.circuits import CircuitKind
from app.domain.energy_balance import EnergyBalance
from app.domain.history import HistoryResult
from app.domain.periods import (
    LIVE_HOURS,
    HistoryRequest,
    Measure,
    Period,
    compare_anchor,
    period_bounds,
)
from app.domain.ranking import Ranking, rank_circuits
from app.domain.series import SeriesKind, SeriesSpec
from app.services.cost_query import UNIT, bucket_costs, household_plan
from app.services.store_query import StoreQuery
from app.store import Interval, Store
from app.store.local_time import day_of_date

_INTERVAL = {Period.DAY: Interval.MIN30, Period.WEEK: Interval.DAY,
             Period.MONTH: Interval.DAY, Period.YEAR: Interval.MONTH}
# Totals over a period read the coarsest rollup that tiles it.
_TOTAL_INTERVAL = {Period.LIVE: Interval.DAY, Period.DAY: Interval.DAY,
                   Period.WEEK: Interval.DAY, Period.MONTH: Interval.DAY,
                   Period.YEAR: Interval.MONTH}
_BUCKET_UNIT = {SeriesKind.POWER: "kWh", SeriesKind.VOLUME: "L", SeriesKind.LEVEL: "%"}
_LIVE_UNIT = {SeriesKind.POWER: "W", SeriesKind.VOLUME: "L/min", SeriesKind.LEVEL: "%"}
_SCALE = {SeriesKind.POWER: 1e-3, SeriesKind.VOLUME: 1.0, SeriesKind.LEVEL: 1.0}  # Wh -> kWh
# Gas is billed in m³ in Japan (the meter and the bill read 123.4 m³): its buckets are
# in m³; water stays in litres. The store keeps litres for both.
GAS_UNIT = "m³"
_TAIL_SLACK_S = 60.0  # a live reading from the future (clock jumped back) is not drawn

_BALANCE_FIELDS = {s.PV: "pv_kwh", s.FUEL_CELL: "fuel_cell_kwh", s.GRID_BUY: "bought_kwh",
                   s.GRID_SELL: "sold_kwh", s.CONSUMPTION: "consumption_kwh",
                   s.BATTERY_CHARGE: "battery_charge_kwh",
                   s.BATTERY_DISCHARGE: "battery_discharge_kwh",
                   s.EV_CHARGE: "ev_charge_kwh", s.GAS: "gas_l", s.WATER: "water_l"}


def build_history(store: Store, request: HistoryRequest, now: float,
                  timezone: str) -> HistoryResult:
    _check_zone(store, timezone)
    specs = _specs(store, request.keys)
    kind = _one_kind(specs)
    if request.period is Period.LIVE:
        return _live(store, request, specs, kind, now)
    x, width, start, end = _grid(store, request.period, request.anchor)
    unit, missing = _BUCKET_UNIT[kind], ""
    if kind is SeriesKind.VOLUME and set(specs) == {s.GAS}:
        unit = GAS_UNIT
    plan = None
    if request.measure is not Measure.ENERGY:
        unit = UNIT[request.measure]
        plan = household_plan(store)
        missing = "" if plan is not None else "plan"
        if plan is not None and request.measure is Measure.COST and not plan.sell \
                and s.GRID_SELL in specs and len(specs) == 1:
            missing = "sell_price"  # no price: no revenue to show, not ¥0

    if missing == "sell_price":
        plan = None  # every bucket NaN: the page says what to set

    def values_of(grid: np.ndarray, grid_end: datetime) -> dict[str, np.ndarray]:
        if request.measure is Measure.ENERGY:
            return _bucket_values(store, specs, request.period, grid, now)
        if plan is None:
            return {k: np.full(len(grid), np.nan) for k in specs}
        out = bucket_costs(store, plan, list(specs), request.measure, grid,
                           min(grid_end.timestamp(), now))
        for v in out.values():
            v[grid >= now] = np.nan
        return out

    values = values_of(x, end)
    compare = None
    other = compare_anchor(request.period, request.anchor, request.compare)
    if other is not None:
        cx, _, _, c_end = _grid(store, request.period, other)
        compare = {k: _by_index(v, len(x)) for k, v in values_of(cx, c_end).items()}
    return HistoryResult(request=request, start=start, end=end, unit=unit, x=x,
                         width_s=width, values=values, compare=compare, missing=missing)


def build_ranking(store: Store, period: Period, anchor: date, timezone: str) -> Ranking:
    """Measured branch and special circuits by energy in the period, with their shares."""
    _check_zone(store, timezone)
    circuits = [c for c in store.circuits() if c.measured and c.kind is not CircuitKind.MAIN]
    mains = [c.series_key for c in store.circuits() if c.measured and c.kind is CircuitKind.MAIN]
    totals = _totals(store, [c.series_key for c in circuits] + [s.CONSUMPTION, *mains],
                     period, anchor)
    consumption = totals.get(s.CONSUMPTION)
    if consumption is None and any(totals.get(k) is not None for k in mains):
        # No whole-house meter series: the mains see everything the house draws.
        consumption = sum(totals.get(k) or 0.0 for k in mains)
    return rank_circuits(period, anchor, [(c, totals.get(c.series_key)) for c in circuits],
                         consumption)


def build_balance(store: Store, period: Period, anchor: date, timezone: str) -> EnergyBalance:
    _check_zone(store, timezone)
    totals = _totals(store, list(_BALANCE_FIELDS), period, anchor)
    return EnergyBalance(period=period, anchor=anchor,
                         **{field: totals.get(key) for key, field in _BALANCE_FIELDS.items()})


class HistoryQuery(StoreQuery):
    """The HistoryService queries (graph, ranking, balance) on one store connection."""

    def __init__(self, open_store: Callable[[], Store], clock_now: Callable[[], float],
                 timezone: str) -> None:
        super().__init__(open_store)
        self._now = clock_now
        self._timezone = timezone

    def __call__(self, request: HistoryRequest) -> HistoryResult:
        return build_history(self.store, request, self._now(), self._timezone)

    def ranking(self, period: Period, anchor: date) -> Ranking:
        return build_ranking(self.store, period, anchor, self._timezone)

    def balance(self, period: Period, anchor: date) -> EnergyBalance:
        return build_balance(self.store, period, anchor, self._timezone)



# -- helpers ------------------------------------------------------------------------------

def _check_zone(store: Store, timezone: str) -> None:
    # Rollups exist only in the store's zone (open_store refuses another), so buckets in
    # any other zone would straddle them.
    if timezone != store.timezone:
        raise ValueError(f"the store keeps its buckets in {store.timezone}, not {timezone}")


def _specs(store: Store, keys: Sequence[str]) -> dict[str, SeriesSpec | None]:
    """Spec per requested key; None for a key the store does not define (all NaN, no error:
    a removed circuit's open graph just shows no data)."""
    defined = {spec.key: spec for spec in store.series()}
    return {k: defined.get(k) for k in dict.fromkeys(keys)}


def _one_kind(specs: dict[str, SeriesSpec | None]) -> SeriesKind:
    kinds = {spec.kind for spec in specs.values() if spec is not None}
    if len(kinds) > 1:
        raise ValueError(f"one graph shows one unit; got {sorted(kinds)} for {list(specs)}")
    return kinds.pop() if kinds else SeriesKind.POWER


def _bounds_minutes(store: Store, period: Period, anchor: date) -> tuple[int, int]:
    first, after = period_bounds(period, anchor)
    cal = store.calendar
    return cal.day_start(day_of_date(first)), cal.day_start(day_of_date(after))


def _grid(store: Store, period: Period, anchor: date
          ) -> tuple[np.ndarray, np.ndarray, datetime, datetime]:
    """Bucket starts (unix s), widths (s) and the local bounds of the period."""
    lo, hi = _bounds_minutes(store, period, anchor)
    tz = store.calendar.tz
    start, end = datetime.fromtimestamp(lo * 60, tz), datetime.fromtimestamp(hi * 60, tz)
    _, minutes = store.calendar.bucket_starts(_INTERVAL[period].value, start, end)
    width = np.diff(np.append(minutes, hi)) * 60
    return minutes * 60, width, start, end


def _bucket_values(store: Store, specs: dict[str, SeriesSpec | None], period: Period,
                   x: np.ndarray, now: float) -> dict[str, np.ndarray]:
    out = {k: np.full(len(x), np.nan) for k in specs}
    defined = [k for k, spec in specs.items() if spec is not None]
    if defined and len(x):
        tz = store.calendar.tz
        end = datetime.fromtimestamp(float(x[-1]) + 1, tz)  # just past the last bucket start
        frame = store.rollup(defined, _INTERVAL[period], datetime.fromtimestamp(x[0], tz), end)
        # Align by start time, not position: the contract promises no bucket layout.
        pos = np.searchsorted(frame.starts, x)
        ok = pos < len(frame.starts)
        ok[ok] = frame.starts[pos[ok]] == x[ok]
        for k in defined:
            spec = specs[k]
            assert spec is not None
            scale = 1e-3 if k == s.GAS else _SCALE[spec.kind]  # L -> m³
            out[k][ok] = frame.values[k][pos[ok]] * scale
    future = x >= now  # not started yet: nothing to show, whatever the store holds
    for values in out.values():
        values[future] = np.nan
    return out


def _by_index(values: np.ndarray, n: int) -> np.ndarray:
    """Pad with NaN or cut to ``n`` buckets (a 30-day month against a 31-day one)."""
    out = np.full(n, np.nan)
    m = min(n, len(values))
    out[:m] = values[:m]
    return out


def _live(store: Store, request: HistoryRequest, specs: dict[str, SeriesSpec | None],
          kind: SeriesKind, now: float) -> HistoryResult:
    end_minute = int(now // 60)  # the minute in progress has no mean yet
    start_minute = end_minute - LIVE_HOURS * 60
    x = np.arange(start_minute, end_minute, dtype=np.int64) * 60
    defined = [k for k, spec in specs.items() if spec is not None]
    values = {k: np.full(len(x), np.nan) for k in specs}
    tail: dict[str, tuple[float, float]] = {}
    if defined:
        frame = store.raw(defined, start_minute, end_minute)
        live = store.live(defined)
        for k in defined:
            values[k] = frame.values[k]
            finite = np.flatnonzero(np.isfinite(values[k]))
            after = (start_minute + int(finite[-1]) + 1) * 60 if len(finite) else x[0]
            if k in live and after <= live[k][0] <= now + _TAIL_SLACK_S:
                tail[k] = live[k]
    tz = store.calendar.tz
    return HistoryResult(request=request, start=datetime.fromtimestamp(start_minute * 60, tz),
                         end=datetime.fromtimestamp(end_minute * 60, tz),
                         unit=_LIVE_UNIT[kind], x=x, width_s=np.full(len(x), 60.0),
                         values=values, live_tail=tail)


def _totals(store: Store, keys: Sequence[str], period: Period, anchor: date
            ) -> dict[str, float | None]:
    """Energy (kWh) or volume (L) per key over the period; None without data or series."""
    specs = {k: spec for k, spec in _specs(store, keys).items()
             if spec is not None and spec.kind is not SeriesKind.LEVEL}
    if not specs:
        return {}
    lo, hi = _bounds_minutes(store, period, anchor)
    tz = store.calendar.tz
    frame = store.rollup(list(specs), _TOTAL_INTERVAL[period],
                         datetime.fromtimestamp(lo * 60, tz), datetime.fromtimestamp(hi * 60, tz))
    out: dict[str, float | None] = {}
    for k, spec in specs.items():
        v = frame.values[k]
        out[k] = float(np.nansum(v)) * _SCALE[spec.kind] if np.isfinite(v).any() else None
    return out
