"""The billing engine: hand-computed bills, tiers at the margin, and invariants."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.billing import Contract, SlotUsage, bill, circuit_costs, slot_costs
from app.domain.tariff_json import dump_plan, load_plan

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)


def _plan(energy: dict, *, basic: dict | None = None, versions_extra: list | None = None,
          sell: float | None = 16.0, co2: float | None = 0.5) -> object:
    data = {
        "schema": "hems-rate-plan/1", "id": "test", "name": {"ja": "試験", "en": "Test"},
        "company": {"ja": "試験電力", "en": "Test Power"},
        "source": {"url": "https://example.invalid/", "retrieved": "2026-11-25", "note": "test"},
        "versions": [{"valid_from": "2020-01-01",
                      "basic": basic or {"kind": "per_ampere", "yen": {"30": 935.25}},
                      "energy": energy, "fuel_adjustment_yen_per_kwh": -1.5,
                      "renewable_surcharge_yen_per_kwh": 3.98}] + (versions_extra or []),
        "sell": [] if sell is None else [{"valid_from": "2020-01-01", "yen_per_kwh": sell}],
        "co2": [] if co2 is None else [{"valid_from": "2020-01-01", "kg_per_kwh": co2}],
        "gas": [], "water": [],
    }
    return load_plan(json.dumps(data))


TIERED = {"kind": "tiered", "tiers": [{"up_to_kwh": 120, "yen_per_kwh": 29.80},
                                      {"up_to_kwh": 300, "yen_per_kwh": 36.40},
                                      {"up_to_kwh": None, "yen_per_kwh": 40.49}]}
TOU = {"kind": "time_of_use", "seasons": [{
    "name": {"ja": "通年", "en": "All year"}, "from": "01-01", "to": "12-31",
    "weekday": [{"from": "07:00", "to": "23:00", "yen_per_kwh": 40.0},
                {"from": "23:00", "to": "07:00", "yen_per_kwh": 25.0}],
    "holiday": [{"from": "00:00", "to": "00:00", "yen_per_kwh": 25.0}]}]}


def _slots(first: date, days: int) -> np.ndarray:
    start = datetime(first.year, first.month, first.day, tzinfo=ZONE).timestamp()
    return start + 1800.0 * np.arange(days * 48)


def _usage(first: date, days: int, buy_wh: float, sell_wh: float = 0.0, **extra) -> SlotUsage:
    starts = _slots(first, days)
    return SlotUsage(starts, np.full(len(starts), buy_wh), np.full(len(starts), sell_wh), TZ,
                     **extra)


def test_a_tiered_month_by_hand() -> None:
    # June 2026: 30 days × 48 slots × 250 Wh = 360 kWh: 120 + 180 + 60 kWh through the tiers.
    usage = _usage(date(2026, 6, 1), 30, 250.0, sell_wh=100.0)
    [june] = bill(_plan(TIERED), Contract(amperes=30), usage)
    energy = 120 * 29.80 + 180 * 36.40 + 60 * 40.49
    assert june.buy_kwh == pytest.approx(360.0)
    assert june.energy_yen == pytest.approx(energy + 360 * -1.5)
    assert june.charge_yen == int(935.25 + energy - 540.0)  # rounded down, once
    assert june.surcharge_yen == int(360 * 3.98)
    assert june.sell_revenue_yen == int(144 * 16.0)
    assert june.net_yen == june.total_yen - june.sell_revenue_yen
    assert june.co2_kg == pytest.approx(180.0)


def test_tiers_are_priced_at_the_margin_so_slots_add_up_to_the_month() -> None:
    usage = _usage(date(2026, 6, 1), 30, 250.0)
    costs = slot_costs(_plan(TIERED), usage)
    first_day, last_day = costs.energy_yen[:48].sum(), costs.energy_yen[-48:].sum()
    assert first_day == pytest.approx(12 * (29.80 - 1.5))  # 12 kWh, all in the first tier
    assert last_day == pytest.approx(12 * (40.49 - 1.5))  # by the 30th the third tier
    assert costs.energy_yen.sum() == pytest.approx(bill(_plan(TIERED), Contract(30),
                                                        usage)[0].energy_yen)


def test_time_of_use_weekday_night_and_holiday() -> None:
    plan = _plan(TOU)
    # Wed 2026-11-25: 07:00-23:00 at 40, the rest at 25; Mon 2026-11-23 is 勤労感謝の日.
    wednesday = slot_costs(plan, _usage(date(2026, 11, 25), 1, 1000.0))
    assert wednesday.energy_yen.sum() == pytest.approx(16 * 2 * 40.0 + 8 * 2 * 25.0 - 48 * 1.5)
    holiday = slot_costs(plan, _usage(date(2026, 11, 23), 1, 1000.0))
    assert holiday.energy_yen.sum() == pytest.approx(48 * (25.0 - 1.5))


def test_a_new_version_applies_from_its_day_and_old_usage_keeps_old_prices() -> None:
    newer = {"valid_from": "2026-06-16", "basic": {"kind": "fixed", "yen": 500.0},
             "energy": {"kind": "flat", "yen_per_kwh": 50.0},
             "fuel_adjustment_yen_per_kwh": 0.0, "renewable_surcharge_yen_per_kwh": 0.0}
    plan = _plan({"kind": "flat", "yen_per_kwh": 30.0}, versions_extra=[newer])
    costs = slot_costs(plan, _usage(date(2026, 6, 1), 30, 1000.0))
    assert costs.energy_yen[:48].sum() == pytest.approx(48 * 28.5)  # 6/1: 30 - 1.5
    assert costs.energy_yen[-48:].sum() == pytest.approx(48 * 50.0)  # 6/30: the new price


def test_circuit_costs_share_each_slots_cost_by_energy() -> None:
    usage = _usage(date(2026, 11, 25), 1, 1000.0, consumption_wh=np.full(48, 1000.0),
                   circuits={"circuit.a": np.full(48, 250.0), "circuit.b": np.full(48, 500.0)})
    costs = slot_costs(_plan(TOU), usage)
    shares = circuit_costs(costs, usage)
    np.testing.assert_allclose(shares["circuit.a"] * 4, costs.bought_yen)
    np.testing.assert_allclose(shares["circuit.b"] * 2, costs.bought_yen)


def test_missing_slots_cost_nothing_and_zero_usage_costs_the_basic_charge() -> None:
    usage = _usage(date(2026, 6, 1), 30, 0.0)
    usage.buy_wh[:100] = np.nan
    [june] = bill(_plan(TIERED), Contract(amperes=30), usage)
    assert june.charge_yen == 935 and june.surcharge_yen == 0 and june.total_yen == 935


def test_a_per_ampere_plan_needs_the_contract() -> None:
    with pytest.raises(ValueError, match="amperes"):
        bill(_plan(TIERED), Contract(), _usage(date(2026, 6, 1), 1, 100.0))


@settings(max_examples=40, deadline=None)
@given(wh=st.lists(st.floats(0, 3000), min_size=48 * 3, max_size=48 * 3),
       cut=st.integers(1, 48 * 3 - 1), tiered=st.booleans())
def test_the_cost_of_a_period_is_the_sum_of_its_parts(wh, cut, tiered) -> None:
    plan = _plan(TIERED if tiered else TOU)
    starts = _slots(date(2026, 6, 29), 3)  # crosses a month end: two bills
    buy = np.array(wh)
    whole = slot_costs(plan, SlotUsage(starts, buy, np.zeros_like(buy), TZ))
    if tiered:
        # Tiers depend on the month's running total: a part is priced inside its month.
        total = whole.energy_yen.sum()
        per_month = sum(slot_costs(plan, SlotUsage(starts[sel], buy[sel], np.zeros(sel.sum()),
                                                   TZ)).energy_yen.sum()
                        for sel in (whole.month_index == m for m in range(len(whole.months))))
        assert total == pytest.approx(per_month)
    else:
        first = slot_costs(plan, SlotUsage(starts[:cut], buy[:cut], np.zeros(cut), TZ))
        rest = slot_costs(plan, SlotUsage(starts[cut:], buy[cut:], np.zeros(len(buy) - cut), TZ))
        assert whole.energy_yen.sum() == pytest.approx(
            first.energy_yen.sum() + rest.energy_yen.sum())


def test_the_first_slot_of_each_day_is_midnight_local() -> None:
    usage = _usage(date(2026, 11, 25), 2, 1000.0)
    costs = slot_costs(_plan(TOU), usage)
    assert costs.energy_yen[0] == pytest.approx(25.0 - 1.5)  # 00:00 is night
    assert costs.energy_yen[14] == pytest.approx(40.0 - 1.5)  # 07:00 starts the day price
    assert len(costs.months) == 1 and costs.months[0] == date(2026, 11, 1)
    assert (datetime.fromtimestamp(usage.starts[48], ZONE) - timedelta(days=1)).day == 25


def test_a_plan_can_leave_the_surcharge_to_the_national_table() -> None:
    from app.domain.tariff import SurchargeRate

    data = json.loads(dump_plan(_plan({"kind": "flat", "yen_per_kwh": 30.0})))
    data["versions"][0]["renewable_surcharge_yen_per_kwh"] = None
    plan = load_plan(json.dumps(data))
    assert plan.versions[0].renewable_surcharge_yen_per_kwh is None
    national = (SurchargeRate(date(2025, 5, 1), 3.98), SurchargeRate(date(2026, 5, 1), 4.18))
    april = slot_costs(plan, _usage(date(2026, 4, 30), 1, 1000.0), national)
    may = slot_costs(plan, _usage(date(2026, 5, 1), 1, 1000.0), national)
    assert april.surcharge_yen.sum() == pytest.approx(48 * 3.98)  # FY2025's rate
    assert may.surcharge_yen.sum() == pytest.approx(48 * 4.18)  # from 1 May, FY2026's
    assert json.loads(dump_plan(plan))["versions"][0]["renewable_surcharge_yen_per_kwh"] is None
