"""Merging the bundled and server plans, their order, and an upstream price change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.billing import Contract, SlotUsage
from app.domain.plan_catalog import (
    Origin,
    accept_update,
    find_update,
    merge,
    month_difference,
)
from app.domain.tariff import (
    FixedBasic,
    FlatEnergy,
    PerAmpereBasic,
    PlanVersion,
    RatePlan,
    Text,
    Tier,
    TieredEnergy,
)
from app.domain.tariff_json import dump_plan, load_plan

ZONE = "Asia/Tokyo"


def plan(plan_id: str, company: str, name: str, area: str | None,
         *versions: PlanVersion) -> RatePlan:
    return RatePlan(plan_id, Text(name, name), Text(company, company), None,
                    versions or (PlanVersion(date(2024, 4, 1), FixedBasic(0.0), FlatEnergy(30.0)),),
                    area=area)


def test_plans_run_north_to_south_then_by_name_not_by_code_points() -> None:
    bundled = [plan("okiden", "沖縄電力", "従量電灯", "okinawa"),
               plan("kepco", "関西電力", "従量電灯A", "kansai"),
               plan("tepco-s", "東京電力エナジーパートナー", "スマートライフS", "tokyo"),
               plan("tepco-b", "東京電力エナジーパートナー", "従量電灯B", "tokyo"),
               plan("hepco-e", "北海道電力", "ｅタイム３", "hokkaido"),
               plan("hepco-b", "北海道電力", "従量電灯B", "hokkaido"),
               plan("tohoku", "東北電力", "従量電灯B", "tohoku"),
               plan("chuden", "中部電力ミライズ", "従量電灯B", "chubu"),
               plan("other", "A社", "でんき", None)]
    order = [c.plan.id for c in merge(bundled, [])]
    # By code points 中部 (U+4E2D) would lead and 沖縄 (U+6C96) come before 関西 (U+95A2).
    assert order == ["hepco-e", "hepco-b", "tohoku", "tepco-s", "tepco-b", "chuden", "kepco",
                     "okiden", "other"]


def test_a_server_plan_replaces_the_bundled_plan_of_its_id() -> None:
    old = plan("tepco-b", "東京電力EP", "従量電灯B", "tokyo")
    new = replace(old, name=Text("従量電灯B(新)", "Metered B (new)"))
    merged = merge([old, plan("kepco", "関西電力", "従量電灯A", "kansai")], [new])
    assert [(c.plan.id, c.origin) for c in merged] == [("tepco-b", Origin.SERVER),
                                                       ("kepco", Origin.BUNDLED)]
    assert merged[0].plan.name.ja == "従量電灯B(新)"


def test_the_area_round_trips_and_an_unknown_area_is_refused() -> None:
    p = plan("x", "北陸電力", "従量電灯B", "hokuriku")
    assert load_plan(dump_plan(p)) == p
    text = dump_plan(p).replace('"hokuriku"', '"mars"')
    try:
        load_plan(text)
    except ValueError as exc:
        assert "area: 'mars'" in str(exc)
    else:
        raise AssertionError("an unknown area loaded")


TIERS_2024 = TieredEnergy((Tier(120.0, 29.80), Tier(300.0, 36.40), Tier(None, 40.49)))
TIERS_2027 = TieredEnergy((Tier(120.0, 31.00), Tier(300.0, 37.00), Tier(None, 41.00)))
BASIC_2024 = PerAmpereBasic(((30, 935.25), (40, 1247.0)))
BASIC_2027 = PerAmpereBasic(((30, 960.00), (40, 1280.0)))
V2024 = PlanVersion(date(2024, 4, 1), BASIC_2024, TIERS_2024)
V2027 = PlanVersion(date(2027, 1, 1), BASIC_2027, TIERS_2027)


def test_a_newer_version_upstream_is_offered_until_declined_and_accepting_switches_on_its_day(
) -> None:
    mine = replace(plan("tepco-b", "東京電力EP", "従量電灯B", "tokyo", V2024),
                   sell=())
    upstream = plan("tepco-b", "東京電力EP", "従量電灯B", "tokyo", V2024, V2027)
    catalog = merge([], [upstream])
    update = find_update(mine, catalog)
    assert update is not None and update.valid_from == date(2027, 1, 1)
    assert update.versions == (V2027,)
    assert find_update(mine, catalog, [update.key]) is None  # declined: not again
    corrected = plan("tepco-b", "東京電力EP", "従量電灯B", "tokyo", V2024,
                     replace(V2027, energy=TIERS_2024))
    again = find_update(mine, merge([], [corrected]), [update.key])
    assert again is not None and again.key != update.key  # other prices: a new offer
    taken = accept_update(mine, update)
    assert taken.version_on(date(2026, 12, 31)) == V2024  # old usage keeps old prices
    assert taken.version_on(date(2027, 1, 1)) == V2027
    assert find_update(taken, catalog) is None


def test_the_same_prices_restated_or_an_unrelated_plan_are_no_update() -> None:
    mine = plan("tepco-b", "東京電力EP", "従量電灯B", "tokyo", V2024)
    restated = plan("tepco-b", "東京電力EP", "従量電灯B", "tokyo", V2024,
                    replace(V2024, valid_from=date(2025, 4, 1)))
    assert find_update(mine, merge([], [restated])) is None
    other = plan("kepco", "関西電力", "従量電灯A", "kansai", V2024, V2027)
    assert find_update(mine, merge([], [other])) is None
    assert find_update(None, merge([], [other])) is None


def _month(buy_wh_per_slot: float) -> SlotUsage:
    zone = ZoneInfo(ZONE)
    start = datetime(2026, 11, 1, tzinfo=zone).timestamp()
    starts = start + 1800.0 * np.arange(30 * 48)
    return SlotUsage(starts, np.full(len(starts), buy_wh_per_slot), np.zeros(len(starts)),
                     ZONE)


def test_last_months_difference_is_the_two_bills_apart() -> None:
    mine = plan("tepco-b", "東京電力EP", "従量電灯B", "tokyo", V2024)
    update = find_update(mine, merge([], [plan("tepco-b", "東京電力EP", "従量電灯B", "tokyo",
                                               V2024, V2027)]))
    assert update is not None
    usage = _month(250.0)  # 1440 slots × 0.25 kWh = 360 kWh
    # By hand, 30 A: 935.25 + 120×29.80 + 180×36.40 + 60×40.49 = 13,492.65 → 13,492;
    # 960.00 + 120×31.00 + 180×37.00 + 60×41.00 = 13,800.00 → 13,800 (no surcharge here).
    assert month_difference(mine, update, Contract(30), usage) == 13_800 - 13_492
    assert month_difference(mine, update, Contract(20), usage) is None  # no 20 A charge
    assert month_difference(mine, update, Contract(30), _month(np.nan)) is None
