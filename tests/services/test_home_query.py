"""The home snapshot is read from the store: live values, staleness and today's totals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain import series as s
from app.services.home_query import HomeQuery, build_home_snapshot
from app.sources.collector import Collector, ModelSource
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import open_store
from tests.fake_clock import FakeClock

TZ = "Asia/Tokyo"



@pytest.fixture
def store(tmp_path: Path):
    st = open_store(tmp_path / "data", TZ)
    yield st
    st.close()


def test_snapshot_matches_store_and_marks_stale(store) -> None:
    home = SimulatedHome(HomeConfig(seed=3))
    store.define_series(home.series)
    # 14:00 local on a summer day: the sun shines and the house runs.
    noon = datetime(2026, 7, 15, 14, 0, tzinfo=ZoneInfo(TZ)).timestamp()
    clock = FakeClock(noon)
    collector = Collector(store, ModelSource(home), clock, live_interval_s=3.0,
                          flush_interval_s=0.0, history=home)
    collector.catch_up(max_days=1)
    collector.tick()
    collector.flush()

    snap = build_home_snapshot(store, noon + 1, 3.0, TZ)
    live = home.instant(noon)
    assert not snap.flow.stale
    assert snap.flow.pv_w == pytest.approx(live[s.PV])
    assert snap.flow.consumption_w == pytest.approx(live[s.CONSUMPTION])
    assert snap.flow.battery_soc_pct == pytest.approx(live[s.BATTERY_SOC])

    midnight = datetime(2026, 7, 15, tzinfo=ZoneInfo(TZ))
    start = int(midnight.timestamp() // 60)
    values = home.evaluate(start, int(noon // 60) - start)
    kwh = 1e-3  # samples are kept to 0.1 W: 840 minutes round to well under 1 Wh
    assert snap.today.used_kwh == pytest.approx(np.sum(values[s.CONSUMPTION]) / 60_000, abs=kwh)
    assert snap.today.bought_kwh == pytest.approx(np.sum(values[s.GRID_BUY]) / 60_000, abs=kwh)
    generated = (np.sum(values[s.PV]) + np.sum(values[s.FUEL_CELL])) / 60_000
    assert snap.today.generated_kwh == pytest.approx(generated, abs=kwh)
    assert snap.today.generated_kwh > 1.0  # a July morning produces

    later = build_home_snapshot(store, noon + 7, 3.0, TZ)
    assert later.flow.stale  # older than two intervals


def test_one_silent_device_shows_no_value_while_the_others_are_fresh(store) -> None:
    store.define_series(s.HOME_SERIES)
    store.set_live({s.PV: 1200.0, s.CONSUMPTION: 800.0}, 1000.0)
    store.flush()
    store.set_live({s.CONSUMPTION: 900.0}, 1009.0)  # the PV inverter went quiet
    store.flush()
    snap = build_home_snapshot(store, 1010.0, 3.0, TZ)
    assert not snap.flow.stale
    assert snap.flow.consumption_w == 900.0
    assert snap.flow.pv_w is None  # not its 11-second-old value as if current
    everything_old = build_home_snapshot(store, 1100.0, 3.0, TZ)
    assert everything_old.flow.stale and everything_old.flow.pv_w == 1200.0  # greyed, as of


def test_empty_store_is_stale_with_zero_totals(store) -> None:
    snap = build_home_snapshot(store, 1_780_000_000.0, 3.0, TZ)  # any moment: nothing stored
    assert snap.flow.stale and snap.flow.at is None and snap.flow.pv_w is None
    assert snap.today.used_kwh == 0.0


def test_query_opens_its_store_lazily_and_closes(tmp_path: Path) -> None:
    opened = []

    def open_it():
        st = open_store(tmp_path / "q", TZ)
        opened.append(st)
        return st

    query = HomeQuery(open_it, lambda: 0.0, 3.0, TZ)
    assert opened == []
    assert query().flow.starting  # just built: nothing read in this run yet
    assert query().today.used_kwh == 0.0
    assert len(opened) == 1
    query.close()
    query.close()  # idempotent


def test_a_reading_from_before_the_start_is_starting_not_stale(store) -> None:
    """Issue 16.11: just after a start the home said "data is stale (as of 06:01)"."""
    store.define_series(s.HOME_SERIES)
    store.set_live({s.PV: 1200.0, s.CONSUMPTION: 800.0}, 1000.0)  # the previous run's
    store.flush()
    started = 1020.0
    snap = build_home_snapshot(store, started + 5, 3.0, TZ, started_at=started)
    assert snap.flow.starting and not snap.flow.stale
    assert snap.flow.at is None and snap.flow.pv_w is None  # nothing old shown as current
    store.set_live({s.PV: 1300.0, s.CONSUMPTION: 700.0}, started + 8)  # the first reading
    store.flush()
    first = build_home_snapshot(store, started + 9, 3.0, TZ, started_at=started)
    assert not first.flow.starting and not first.flow.stale and first.flow.pv_w == 1300.0
    late = build_home_snapshot(store, started + 30, 3.0, TZ, started_at=started)
    assert late.flow.stale and not late.flow.starting  # later than allowed: stale


def test_no_reading_within_the_grace_is_stale_after_it(store) -> None:
    from app.services.home_query import STARTUP_GRACE_S

    store.define_series(s.HOME_SERIES)
    store.set_live({s.PV: 1200.0}, 1000.0)
    store.flush()
    snap = build_home_snapshot(store, 1020.0 + STARTUP_GRACE_S, 3.0, TZ, started_at=1020.0)
    assert snap.flow.stale and not snap.flow.starting and snap.flow.pv_w == 1200.0


def test_the_query_adds_the_money_with_a_plan_and_none_without(tmp_path: Path) -> None:
    import json

    from app.services.cost_query import PLAN_SETTING

    from .test_cost_query import PLAN

    path = tmp_path / "money"
    st = open_store(path, TZ)
    home = SimulatedHome(HomeConfig(seed=3))
    st.define_series(home.series)
    noon = datetime(2026, 7, 15, 14, 0, tzinfo=ZoneInfo(TZ)).timestamp()
    collector = Collector(st, ModelSource(home), FakeClock(noon), live_interval_s=3.0,
                          flush_interval_s=0.0, history=home)
    collector.catch_up(max_days=2)
    collector.flush()
    st.close()
    now = [noon]
    query = HomeQuery(lambda: open_store(path, TZ), lambda: now[0], 3.0, TZ)
    try:
        assert query().money is None
        query.store.set_setting(PLAN_SETTING, json.dumps(PLAN))
        money = query().money  # a new plan is priced at once, not a minute later
        assert money is not None and money.today_yen > 0 and money.month == 7
        assert money.month_forecast_yen > money.month_so_far_yen
    finally:
        query.close()
