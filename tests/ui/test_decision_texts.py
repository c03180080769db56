"""The plan's decisions in words: the numbers of their reasons, in the right places, in
Japanese and in English, for every kind of decision the planner makes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.charge_plan import (
    ActionKind,
    BatterySpec,
    EcoCuteSpec,
    EvSpec,
    PlanInputs,
)
from app.domain.charge_planner import plan_charges
from app.ui.decision_texts import decision_text, reason_text, shortfall_text
from app.ui.sample_control import sample_control_view
from tests.domain.planner_cases import day

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime.fromisoformat("2026-05-12T23:00:00+09:00")  # a Tuesday night
TODAY = START.date()


def _evening_case() -> PlanInputs:
    """23:00 to 21:00. Night 26.74, day 35.00 with 3.1 kWh of surplus 11:00–14:00 that
    sells for 10 円, evening 17:00–21:00 at 43.61 with 8.0 kWh of load. A lossless
    battery (10 kWh, 1 kWh a slot) starts empty; what is left at the end is worth 0.
    (The case of tests/domain/test_plan_decisions.py.)"""
    n = 44
    buy = tuple(26.74 if i < 16 else 35.0 if i < 36 else 43.61 for i in range(n))
    pv = tuple(3100.0 / 6 if 24 <= i < 30 else 0.0 for i in range(n))
    load = tuple(1000.0 if i >= 36 else 0.0 for i in range(n))
    return PlanInputs(start=START, buy_yen_per_kwh=buy, sell_yen_per_kwh=(10.0,) * n,
                      pv_wh=pv, load_wh=load,
                      battery=BatterySpec(capacity_wh=10_000, max_charge_w=2000,
                                          max_discharge_w=2000, round_trip_efficiency=1.0,
                                          reserve_pct=0.0),
                      soc_pct=0.0, stored_value_yen_per_kwh=0.0)


def _texts(inputs: PlanInputs, lang: str) -> dict[ActionKind, list[str]]:
    plan = plan_charges(inputs)
    assert plan.ok, plan.message
    out: dict[ActionKind, list[str]] = {}
    for decision in plan.decisions:
        out.setdefault(decision.kind, []).append(
            decision_text(decision, plan, TODAY, TOKYO, lang))
    return out


def test_a_night_charge_in_japanese_says_its_price_the_price_it_replaces_and_the_sun(
        switcher):
    texts = _texts(_evening_case(), "ja")
    assert texts[ActionKind.GRID_CHARGE] == [
        "明日 04:30–07:00 蓄電池に充電（買電）：26.74円 で充電する方が、使う時間（明日 "
        "17:00–21:00）に 43.61円 で買うより安く、使う 8.0kWh のうち明日の余剰でまかなえるのは "
        "3.1kWh だけのため。"]
    assert texts[ActionKind.SURPLUS_CHARGE] == [
        "明日 11:00–14:00 蓄電池に充電（太陽光の余剰）：売れば 10.00円 の余剰を貯めて、明日 "
        "17:00–21:00 に 43.61円 で買う電気の代わりに使う方が得なため。"]
    assert texts[ActionKind.DISCHARGE] == [
        "明日 17:00–21:00 蓄電池から放電：43.61円 で買う代わりに、20.25円 相当で貯めた電気を"
        "使います（0% まで）。"]


def test_the_same_in_english(qapp):
    texts = _texts(_evening_case(), "en")
    assert texts[ActionKind.GRID_CHARGE] == [
        "tomorrow 04:30–07:00 Battery charges from the grid: Charging at 26.74 yen/kWh costs "
        "less than buying at 43.61 yen/kWh when the energy is used (tomorrow 17:00–21:00), "
        "and tomorrow's surplus covers only 3.1 kWh of the 8.0 kWh needed."]
    assert texts[ActionKind.DISCHARGE] == [
        "tomorrow 17:00–21:00 Battery supplies the house: Uses energy stored at 20.25 "
        "yen/kWh instead of buying at 43.61 yen/kWh (down to 0%)."]


def test_the_stored_price_is_what_the_charges_cost():
    """20.25 円 above: 4.9 kWh bought at 26.74 and 3.1 kWh of surplus that would have
    sold for 10 円, over the 8.0 kWh stored."""
    assert round((4.9 * 26.74 + 3.1 * 10.0) / 8.0, 2) == 20.25


def test_a_discharge_down_to_the_reserve_says_so(switcher):
    inputs = day()  # the simulated home's battery: 30 % reserve, 90 % round trip
    plan = plan_charges(inputs)
    last = [d for d in plan.decisions if d.kind is ActionKind.DISCHARGE][-1]
    assert last.reason.end_soc_pct == pytest.approx(30.0, abs=0.5)
    assert reason_text(last, plan, TODAY, TOKYO, "ja").endswith("（停電ケアの 30% まで）。")


def test_the_car_the_ecocute_and_the_target(switcher):
    """The sample round: the car by its departure at the night price, the EcoCute in the
    day's surplus and at night for the rest; and a target the plan cannot keep."""
    now = datetime(2026, 12, 3, 14, 10, tzinfo=TOKYO)
    view = sample_control_view(now)
    plan, today = view.plan, now.date()
    by_kind = {d.kind: reason_text(d, plan, today, TOKYO, "ja") for d in plan.decisions}
    assert by_kind[ActionKind.EV_CHARGE] == (
        "出発（明日 07:30）までに 80% にするため、いちばん安い時間帯（26.74円）に充電します。")
    assert by_kind[ActionKind.ECOCUTE_SURPLUS] == (
        "余剰で沸き上げると 1kWh あたり 16.00円（売電をやめる分）で、夜間の 26.74円 より安いため。")
    night = by_kind[ActionKind.ECOCUTE_NIGHT]
    assert night.startswith("明日の余剰（見込み ") and night.endswith(
        "では足りない分を、夜間（26.74円）に沸き上げます。")

    # No battery, and a 0.2 kWh target in the evening, when the house needs 0.75 kWh.
    inputs = replace(day(), battery=None, target_wh=tuple(200.0 if 38 <= i < 40 else None
                                                          for i in range(48)))
    plan = plan_charges(inputs)
    target = next(d for d in plan.decisions if d.kind is ActionKind.TARGET_EXCEEDED)
    assert reason_text(target, plan, TODAY, TOKYO, "ja") == (
        "30分の買電が最大 0.8kWh になり、目標の 0.2kWh を超える見込みです（超過は合計 1.1kWh）。")


def test_a_v2h_car_and_a_missed_departure(switcher):
    """A V2H car covers the evening; another cannot reach its target by 07:00."""
    ev = EvSpec(capacity_wh=40_000, level_pct=60.0, target_pct=50.0, departure_slot=None,
                max_charge_w=3000, can_discharge=True, max_discharge_w=3000, floor_pct=30.0)
    plan = plan_charges(replace(day(), battery=None, ev=ev, start=START))
    v2h = max((d for d in plan.decisions if d.kind is ActionKind.EV_DISCHARGE),
              key=lambda d: d.reason.price_yen)
    text = reason_text(v2h, plan, TODAY, TOKYO, "ja")
    assert re.fullmatch(r"43\.61円 で買う代わりに、EVの電気を使います（\d+% まで。下限は 30%）。",
                        text), text
    sunny = next(d for d in plan.decisions if d.kind is ActionKind.EV_CHARGE)
    assert reason_text(sunny, plan, TODAY, TOKYO, "ja") == (
        f"太陽光の余剰（{sunny.energy_wh / 1000:.1f}kWh）でEVに充電します。")
    short = EvSpec(capacity_wh=40_000, level_pct=10.0, target_pct=90.0, departure_slot=16,
                   max_charge_w=3000)
    plan = plan_charges(replace(day(), ev=short))
    (shortfall,) = plan.shortfalls
    assert shortfall_text(shortfall, TODAY, TOKYO, "ja") == (
        f"明日 07:00 までにEVが目標に届きません（{shortfall.wh / 1000:.1f}kWh 不足）。")
    charge = next(d for d in plan.decisions if d.kind is ActionKind.EV_CHARGE)
    reached = 10.0 + 16 * 1500 * 0.9 ** 0.5 / 40_000 * 100  # 16 slots at 3 kW, √η in
    assert reason_text(charge, plan, TODAY, TOKYO, "ja").endswith(
        f"出発までに {reached:.0f}% までしか届きません。")


def test_every_english_reason_is_english_and_every_japanese_one_japanese(qapp, switcher_for,
                                                                         make_services):
    now = datetime(2026, 12, 3, 14, 10, tzinfo=TOKYO)
    view = sample_control_view(now)
    cases = [(view.plan, now.date()), (plan_charges(_evening_case()), TODAY)]
    inputs = replace(day(), ecocute=EcoCuteSpec(heating_wh=4500, power_w=1500))
    cases.append((plan_charges(inputs), TODAY))
    english = [reason_text(d, plan, today, TOKYO, "en") for plan, today in cases
               for d in plan.decisions]
    switcher_for(make_services(language="ja"))
    japanese = [reason_text(d, plan, today, TOKYO, "ja") for plan, today in cases
                for d in plan.decisions]
    assert len(english) == len(japanese) > 10
    for text in english:
        assert text[0].isupper() and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), text
    for text in japanese:
        words = set(re.findall(r"[A-Za-z]{3,}", text)) - {"kWh"}
        assert not words, text
