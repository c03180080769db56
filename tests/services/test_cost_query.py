"""Graph buckets in yen and kg-CO2: the billing engine's slot costs, summed per bucket."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain import series as s
from app.domain.billing import SlotUsage, slot_costs
from app.domain.periods import HistoryRequest, Measure, Period
from app.domain.tariff_json import load_plan
from app.services.cost_query import PLAN_SETTING
from app.services.history_query import build_history
from app.sources.collector import backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Interval, open_store

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)
FIRST = date(2026, 7, 13)
AFTER = datetime(2026, 7, 16, 1, tzinfo=ZONE).timestamp()
PLAN = {
    "schema": "hems-rate-plan/1", "id": "t", "name": {"ja": "t", "en": "t"},
    "company": {"ja": "t", "en": "t"}, "source": None,
    "versions": [{"valid_from": "2020-01-01", "basic": {"kind": "fixed", "yen": 1000.0},
                  "energy": {"kind": "time_of_use", "seasons": [{
                      "name": {"ja": "通年", "en": "All year"}, "from": "01-01", "to": "12-31",
                      "weekday": [{"from": "07:00", "to": "23:00", "yen_per_kwh": 40.0},
                                  {"from": "23:00", "to": "07:00", "yen_per_kwh": 25.0}],
                      "holiday": [{"from": "00:00", "to": "00:00", "yen_per_kwh": 25.0}]}]},
                  "fuel_adjustment_yen_per_kwh": -1.0, "renewable_surcharge_yen_per_kwh": 3.98}],
    "sell": [{"valid_from": "2020-01-01", "yen_per_kwh": 16.0}],
    "co2": [{"valid_from": "2020-01-01", "kg_per_kwh": 0.45}], "gas": [], "water": []}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = open_store(tmp_path_factory.mktemp("cost") / "data", TZ)
    home = SimulatedHome(HomeConfig(seed=8))
    st.define_series(home.series)
    st.save_circuits(home.circuits)
    start = int(datetime(2026, 7, 13, tzinfo=ZONE).timestamp() // 60)
    backfill(st, home, start, start + 3 * 1440)
    yield st
    st.close()


def _day(store, keys, measure, day=date(2026, 7, 14)):
    return build_history(store, HistoryRequest(tuple(keys), Period.DAY, day, measure=measure),
                         AFTER, TZ)


def test_without_a_plan_cost_says_so(store) -> None:
    store.set_setting(PLAN_SETTING, "")
    result = _day(store, [s.GRID_BUY], Measure.COST)
    assert result.unit == "¥" and result.missing == "plan" and not result.has_data


def test_day_cost_is_the_engines_slot_costs(store) -> None:
    store.set_setting(PLAN_SETTING, json.dumps(PLAN))
    result = _day(store, [s.GRID_BUY, s.GRID_SELL], Measure.COST)
    start = datetime(2026, 7, 14, tzinfo=ZONE)
    frame = store.rollup([s.GRID_BUY, s.GRID_SELL], Interval.MIN30, start,
                         start + timedelta(days=1))
    costs = slot_costs(load_plan(json.dumps(PLAN)),
                       SlotUsage(frame.starts.astype(float), frame.values[s.GRID_BUY],
                                 frame.values[s.GRID_SELL], TZ))
    assert result.unit == "¥" and result.missing == ""
    np.testing.assert_allclose(result.values[s.GRID_BUY], costs.bought_yen)
    np.testing.assert_allclose(result.values[s.GRID_SELL], costs.sell_yen)
    # 07:00 on a weekday: 40 + 3.98 - 1.0 yen per kWh bought.
    kwh = frame.values[s.GRID_BUY][14] / 1000
    assert result.values[s.GRID_BUY][14] == pytest.approx(kwh * 42.98)


def test_circuits_share_the_bought_cost_and_co2_follows_the_factor(store) -> None:
    store.set_setting(PLAN_SETTING, json.dumps(PLAN))
    circuits = [c.series_key for c in store.circuits()
                if c.measured and not c.key.startswith("main")]
    month = build_history(store, HistoryRequest((*circuits, s.CONSUMPTION),
                                                Period.MONTH, FIRST, measure=Measure.COST),
                          AFTER, TZ)
    total_circuits = np.nansum([month.values[k] for k in circuits], axis=0)
    house = month.values[s.CONSUMPTION]
    seen = np.isfinite(house)
    assert seen.sum() == 3  # three days of data; the rest of July is a gap, not ¥0
    assert (total_circuits[seen] <= house[seen] + 1e-6).all()  # the unmeasured rest remains
    assert (total_circuits[seen] > 0.5 * house[seen]).all()
    co2 = _day(store, [s.GRID_BUY, s.PV], Measure.CO2)
    start = datetime(2026, 7, 14, tzinfo=ZONE)
    frame = store.rollup([s.GRID_BUY, s.PV], Interval.MIN30, start, start + timedelta(days=1))
    np.testing.assert_allclose(co2.values[s.GRID_BUY], frame.values[s.GRID_BUY] / 1000 * 0.45)
    np.testing.assert_allclose(co2.values[s.PV], frame.values[s.PV] / 1000 * 0.45)
    assert co2.unit == "kg"


def test_water_cost_follows_the_plans_price_per_cubic_metre(store) -> None:
    with_water = dict(PLAN, water=[{"valid_from": "2020-01-01", "yen_per_m3": 250.0}])
    store.set_setting(PLAN_SETTING, json.dumps(with_water))
    result = _day(store, [s.WATER], Measure.COST)
    start = datetime(2026, 7, 14, tzinfo=ZONE)
    frame = store.rollup([s.WATER], Interval.MIN30, start, start + timedelta(days=1))
    assert result.unit == "¥"
    np.testing.assert_allclose(result.values[s.WATER], frame.values[s.WATER] / 1000 * 250.0)
    store.set_setting(PLAN_SETTING, json.dumps(PLAN))  # no water price: no cost, not ¥0
    assert not _day(store, [s.WATER], Measure.COST).has_data


def test_home_money_is_the_bill_of_the_month_so_far_on_the_real_store(store) -> None:
    from app.domain.billing import Contract, bill
    from app.services.cost_query import money_of_month, national_surcharge

    now = datetime(2026, 7, 15, 20, 10, tzinfo=ZONE).timestamp()  # the store has the day
    store.set_setting(PLAN_SETTING, "")
    assert money_of_month(store, now) is None  # no plan: nothing to show
    store.set_setting(PLAN_SETTING, json.dumps(PLAN))
    money = money_of_month(store, now)
    plan = load_plan(json.dumps(PLAN))
    month = datetime(2026, 7, 1, tzinfo=ZONE)
    frame = store.rollup([s.GRID_BUY, s.GRID_SELL], Interval.MIN30, month,
                         datetime.fromtimestamp(now, ZONE))
    usage = SlotUsage(frame.starts.astype(float), frame.values[s.GRID_BUY],
                      frame.values[s.GRID_SELL], TZ)
    assert money.month_so_far_yen == bill(plan, Contract(), usage, national_surcharge())[0] \
        .total_yen
    midnight = datetime(2026, 7, 15, tzinfo=ZONE).timestamp()
    today = frame.starts >= midnight
    costs = slot_costs(plan, usage, national_surcharge())
    assert money.today_yen == pytest.approx(costs.bought_yen[today].sum())
    assert money.today_yen > 0
    # The forecast: 2.8 days measured (the store starts on the 13th), the 16.2 days left
    # as those days went; the days before the panel measured count nowhere.
    energy_so_far = money.month_so_far_yen - 1000  # less the basic charge
    days_seen = np.isfinite(usage.buy_wh).sum() / 48
    days_left = (datetime(2026, 8, 1, tzinfo=ZONE).timestamp() - now) / 86400
    expected = 1000 + energy_so_far * (days_seen + days_left) / days_seen
    assert money.month_forecast_yen == pytest.approx(expected, rel=0.1)
    store.set_setting(PLAN_SETTING, "")
