"""Builds the home page's HomeSnapshot from the store (runs on a worker thread).

The snapshot's types, the series' names and the device states' reader load with the first
query, on its worker after the first frame: the composition root only builds the query.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.services.store_query import StoreQuery
from app.sources.collector_settings import STATES_SETTING
from app.store import Interval, Store

if TYPE_CHECKING:
    from app.domain.home_snapshot import DayTotals, HomeSnapshot

STATE_MAX_AGE_S = 60.0
# After a start, how long readings may take to arrive (discovery, the first polling
# round) before a reading from before the start is called stale.
STARTUP_GRACE_S = 60.0
MONEY_REFRESH_S = 60
# The settings the money depends on (cost_query.PLAN_SETTING, plan_query's contract);
# spelled here so that the start-up path does not import the billing engine.
PLAN_SETTING, CONTRACT_AMPERES, CONTRACT_KVA = "rate_plan", "contract_amperes", "contract_kva"


def build_home_snapshot(store: Store, now: float, live_interval_s: float,
                        timezone: str, started_at: float | None = None) -> HomeSnapshot:
    """``started_at``: when this run of the panel started. Until a reading of this run
    arrives (at most STARTUP_GRACE_S), the flow says "starting", not "stale"."""
    from app.domain import series as s
    from app.domain.devices import states_from_json
    from app.domain.home_snapshot import DeviceStates, HomeSnapshot, LiveFlow

    live = store.live([s.PV, s.FUEL_CELL, s.GRID_BUY, s.GRID_SELL, s.BATTERY_CHARGE,
                       s.BATTERY_DISCHARGE, s.BATTERY_SOC, s.CONSUMPTION, s.EV_CHARGE])
    newest = max((at for at, _ in live.values()), default=None)
    if started_at is not None and (newest is None or newest < started_at) \
            and now - started_at < STARTUP_GRACE_S:
        nothing = dict.fromkeys(("pv_w", "fuel_cell_w", "grid_buy_w", "grid_sell_w",
                                 "battery_charge_w", "battery_discharge_w",
                                 "battery_soc_pct", "consumption_w", "ev_w"))
        states = states_from_json(store.get_setting(STATES_SETTING), now, STATE_MAX_AGE_S)
        return HomeSnapshot(flow=LiveFlow(at=None, stale=False, starting=True, **nothing),
                            today=today_totals(store, now, timezone),
                            states=DeviceStates(**states))

    # Older than two intervals is stale: shown as such, never as current.
    stale = newest is None or now - newest > 2 * live_interval_s

    def value(key: str) -> float | None:
        if key not in live:
            return None
        at, reading = live[key]
        # One silent device while the others answer: its old value is no value now.
        return reading if stale or now - at <= 2 * live_interval_s else None

    flow = LiveFlow(
        at=None if newest is None else datetime.fromtimestamp(newest, ZoneInfo(timezone)),
        stale=stale,
        pv_w=value(s.PV), fuel_cell_w=value(s.FUEL_CELL),
        grid_buy_w=value(s.GRID_BUY), grid_sell_w=value(s.GRID_SELL),
        battery_charge_w=value(s.BATTERY_CHARGE),
        battery_discharge_w=value(s.BATTERY_DISCHARGE),
        battery_soc_pct=value(s.BATTERY_SOC), consumption_w=value(s.CONSUMPTION),
        ev_w=value(s.EV_CHARGE),
    )
    # States are written every few seconds from the slow lane: older than a minute, unknown.
    states = states_from_json(store.get_setting(STATES_SETTING), now, STATE_MAX_AGE_S)
    return HomeSnapshot(flow=flow, today=today_totals(store, now, timezone),
                        states=DeviceStates(**states))


def home_money(store: Store, now: float):
    """Today's cost and the month's forecast (cost_query; numpy loads on the worker)."""
    from app.services.cost_query import money_of_month

    return money_of_month(store, now)


def today_totals(store: Store, now: float, timezone: str) -> DayTotals:
    from app.domain import series as s
    from app.domain.home_snapshot import DayTotals

    tz = ZoneInfo(timezone)
    midnight = datetime.fromtimestamp(now, tz).replace(hour=0, minute=0, second=0, microsecond=0)
    defined = {spec.key for spec in store.series()}
    keys = [key for key in (s.CONSUMPTION, s.PV, s.FUEL_CELL, s.GRID_BUY, s.GRID_SELL)
            if key in defined]
    frame = store.rollup(keys, Interval.DAY, midnight, midnight + timedelta(days=1))

    def kwh(key: str) -> float:
        values = frame.values.get(key)
        if values is None or len(values) == 0 or math.isnan(values[0]):
            return 0.0
        return float(values[0]) / 1000.0

    return DayTotals(used_kwh=kwh(s.CONSUMPTION), generated_kwh=kwh(s.PV) + kwh(s.FUEL_CELL),
                     bought_kwh=kwh(s.GRID_BUY), sold_kwh=kwh(s.GRID_SELL))


class HomeQuery(StoreQuery):
    """The HomeService query: opens its own store lazily, on the worker thread that calls it."""

    def __init__(self, open_store: Callable[[], Store], clock_now: Callable[[], float],
                 live_interval_s: float, timezone: str) -> None:
        super().__init__(open_store)
        self._now = clock_now
        self._live_interval_s = live_interval_s
        self._timezone = timezone
        self._started_at = clock_now()  # built once at start-up, in the composition root
        self._money: tuple[tuple, object] | None = None  # (key, HomeMoney | None)

    def __call__(self) -> HomeSnapshot:
        now = self._now()
        snapshot = build_home_snapshot(self.store, now, self._live_interval_s,
                                       self._timezone, self._started_at)
        return replace(snapshot, money=self._money_at(now))

    def _money_at(self, now: float):
        """The money, priced again once a minute or when the plan changes (a month of
        slots through the billing engine is too much for every refresh)."""
        store = self.store
        key = (int(now // MONEY_REFRESH_S), store.get_setting(PLAN_SETTING),
               store.get_setting(CONTRACT_AMPERES), store.get_setting(CONTRACT_KVA))
        if self._money is None or self._money[0] != key:
            self._money = (key, home_money(store, now))
        return self._money[1]

