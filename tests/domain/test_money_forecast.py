"""Today's cost and the month's forecast are the billing engine's numbers."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain.billing import Contract, SlotUsage, bill, slot_costs
from app.domain.money_forecast import home_money
from app.domain.tariff_json import load_plan

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)


def plan(basic: dict | None = None):
    return load_plan(json.dumps({
        "schema": "hems-rate-plan/1", "id": "t", "name": {"ja": "t", "en": "t"},
        "company": {"ja": "t", "en": "t"}, "source": None,
        "versions": [{"valid_from": "2020-01-01",
                      "basic": basic or {"kind": "fixed", "yen": 1000.0},
                      "energy": {"kind": "tiered", "tiers": [
                          {"up_to_kwh": 120, "yen_per_kwh": 30.0},
                          {"up_to_kwh": 300, "yen_per_kwh": 36.0},
                          {"up_to_kwh": None, "yen_per_kwh": 40.0}]},
                      "fuel_adjustment_yen_per_kwh": -1.0,
                      "renewable_surcharge_yen_per_kwh": 3.98}],
        "sell": [{"valid_from": "2020-01-01", "yen_per_kwh": 16.0}],
        "co2": [], "gas": [], "water": []}))


def slots(first: datetime, last: datetime) -> np.ndarray:
    return np.arange(first.timestamp(), last.timestamp(), 1800.0)


def test_a_steady_household_is_forecast_its_months_bill():
    """Every half-hour the same 400 Wh: the forecast is the bill of the whole month."""
    now = datetime(2026, 11, 10, 12, 0, tzinfo=ZONE).timestamp()
    seen = slots(datetime(2026, 11, 1, tzinfo=ZONE), datetime.fromtimestamp(now, ZONE))
    usage = SlotUsage(seen, np.full(len(seen), 400.0), np.zeros(len(seen)), TZ)
    money = home_money(plan(), Contract(), usage, now)
    whole = slots(datetime(2026, 11, 1, tzinfo=ZONE), datetime(2026, 12, 1, tzinfo=ZONE))
    expected = bill(plan(), Contract(), SlotUsage(whole, np.full(len(whole), 400.0),
                                                  np.zeros(len(whole)), TZ))
    assert money.month_forecast_yen == expected[0].total_yen  # 288 kWh: through two tiers
    assert money.month_so_far_yen == bill(plan(), Contract(), usage)[0].total_yen
    assert money.month == 11
    # Today: 24 half-hours of 0.4 kWh; 172.8 kWh before today, so at the second tier's
    # price at the margin: 36 − 1 (fuel adjustment) + 3.98 (surcharge) yen/kWh.
    today = seen >= datetime(2026, 11, 10, tzinfo=ZONE).timestamp()
    costs = slot_costs(plan(), usage)
    assert money.today_yen == pytest.approx(costs.bought_yen[today].sum())
    assert money.today_yen == pytest.approx(24 * 0.4 * (36 - 1 + 3.98))


def test_the_rest_of_the_month_follows_the_days_half_hours():
    """Nights bought 1 kWh and days nothing: the remaining nights are forecast as nights."""
    now = datetime(2026, 11, 20, 0, 0, tzinfo=ZONE).timestamp()
    seen = slots(datetime(2026, 11, 1, tzinfo=ZONE), datetime.fromtimestamp(now, ZONE))
    hours = np.array([datetime.fromtimestamp(t, ZONE).hour for t in seen])
    buy = np.where(hours < 6, 1000.0, 0.0)
    buy[5] = np.nan  # a gap counts nowhere
    money = home_money(plan(), Contract(), SlotUsage(seen, buy, np.zeros(len(seen)), TZ), now)
    whole = slots(datetime(2026, 11, 1, tzinfo=ZONE), datetime(2026, 12, 1, tzinfo=ZONE))
    whole_hours = np.array([datetime.fromtimestamp(t, ZONE).hour for t in whole])
    full = np.where(whole_hours < 6, 1000.0, 0.0)
    full[5] = np.nan
    expected = bill(plan(), Contract(), SlotUsage(whole, full, np.zeros(len(whole)), TZ))
    assert money.month_forecast_yen == expected[0].total_yen
    assert money.today_yen == 0.0  # midnight: nothing bought today yet


def test_no_forecast_without_data_or_without_the_contract_the_plan_needs():
    now = datetime(2026, 11, 3, 9, tzinfo=ZONE).timestamp()
    seen = slots(datetime(2026, 11, 1, tzinfo=ZONE), datetime.fromtimestamp(now, ZONE))
    gaps = SlotUsage(seen, np.full(len(seen), np.nan), np.full(len(seen), np.nan), TZ)
    money = home_money(plan(), Contract(), gaps, now)
    assert money.today_yen == 0.0 and money.month_forecast_yen is None
    per_ampere = plan({"kind": "per_ampere", "yen": {"30": 935.25, "40": 1247.0}})
    steady = SlotUsage(seen, np.full(len(seen), 300.0), np.zeros(len(seen)), TZ)
    assert home_money(per_ampere, Contract(), steady, now).month_forecast_yen is None
    with_contract = home_money(per_ampere, Contract(amperes=30), steady, now)
    assert with_contract.month_forecast_yen is not None
