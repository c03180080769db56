"""The savings line on measured days: a battery that ran self-consumption saved nothing
to speak of; whole days are computed once and kept; the month's total adds its days."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.charge_plan import BatterySpec
from app.domain.tariff_json import load_plan
from app.services.control_savings_query import savings
from app.sources.collector import backfill
from app.sources.demo_home import demo_circuits
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import open_store
from app.store.control_settings import kept_savings
from tests.services.control_helpers import PLAN, ready_home

ZONE = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 3, 4, 9, 15, tzinfo=ZONE)
CONFIG = HomeConfig(seed=3, battery_mode="green")


def test_days_of_self_consumption_saved_nothing_and_are_kept(tmp_path: Path) -> None:
    home = SimulatedHome(CONFIG)
    plan = load_plan(PLAN.read_bytes())
    battery = BatterySpec(CONFIG.battery_capacity_wh, CONFIG.battery_power_w,
                          CONFIG.battery_power_w, CONFIG.battery_efficiency,
                          CONFIG.battery_reserve_pct)
    with open_store(tmp_path / "d", "Asia/Tokyo") as store:
        ready_home(store, demo_circuits(home))
        store.define_series(home.series)
        first = NOW.replace(hour=0, minute=45) - timedelta(days=3)  # Mar 1 from 00:45
        backfill(store, home, int(first.timestamp() // 60), int(NOW.timestamp() // 60))
        under_ai = {NOW.date() - timedelta(days=n) for n in range(4)}
        days, month = savings(store, plan, NOW.date(), ZONE, battery, None, under_ai)
        by_day = {d.day: d for d in days}
        # Mar 1 lacks its first half hour: not a whole day, not counted; nor is today,
        # still in progress (its night charge would show as a loss until the evening).
        assert sorted(by_day) == [NOW.date() - timedelta(days=n) for n in (2, 1)]
        for n in (1, 2):
            whole = by_day[NOW.date() - timedelta(days=n)]
            assert whole.baseline_yen > 100
            assert whole.saved_yen == pytest.approx(0.0, abs=0.03 * whole.baseline_yen)
        assert month == pytest.approx(sum(d.saved_yen for d in days))
        assert sorted(kept_savings(store)) == sorted(d for d in by_day if d < NOW.date())
        assert [d.day for d in days] == sorted(by_day, reverse=True)  # newest first


def test_only_days_under_ai_control_are_savings(tmp_path: Path) -> None:
    home = SimulatedHome(CONFIG)
    plan = load_plan(PLAN.read_bytes())
    with open_store(tmp_path / "d", "Asia/Tokyo") as store:
        ready_home(store, demo_circuits(home))
        store.define_series(home.series)
        first = NOW.replace(hour=0, minute=0) - timedelta(days=3)
        backfill(store, home, int(first.timestamp() // 60), int(NOW.timestamp() // 60))
        yesterday = NOW.date() - timedelta(days=1)
        assert savings(store, plan, NOW.date(), ZONE, None, None, ()) == ((), None)
        days, month = savings(store, plan, NOW.date(), ZONE, None, None, {yesterday})
        assert [d.day for d in days] == [yesterday]
        assert month == pytest.approx(days[0].saved_yen)
