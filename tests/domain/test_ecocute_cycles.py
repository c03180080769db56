"""The EcoCute's refills within a plan: which slots each may heat in, and how much."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.charge_plan import EcoCuteSpec, PlanInputs
from app.domain.ecocute_cycles import refills

SPEC = EcoCuteSpec(heating_wh=4500.0, power_w=1500.0)


def inputs(start: str, n: int, spec: EcoCuteSpec = SPEC, pv=(), load=()) -> PlanInputs:
    return PlanInputs(start=datetime.fromisoformat(start), buy_yen_per_kwh=(30.0,) * n,
                      sell_yen_per_kwh=(), pv_wh=pv, load_wh=load, ecocute=spec)


def test_an_evening_plan_holds_the_coming_night():
    (refill,) = refills(inputs("2026-05-12T20:00:00+09:00", 48))
    assert refill.day == date(2026, 5, 13)
    assert refill.night == tuple(range(6, 22))  # 23:00 to 07:00
    assert refill.day_slots == ()
    assert refill.deadline == datetime.fromisoformat("2026-05-13T07:00:00+09:00")
    assert refill.required_wh == 4500.0 and refill.max_slot_wh == 750.0


def test_what_the_refill_in_progress_has_done_is_deducted_once():
    spec = EcoCuteSpec(heating_wh=4500.0, power_w=1500.0, heated_wh=3000.0)
    first, second = refills(inputs("2026-05-13T02:00:00+09:00", 48, spec))
    assert first.night == tuple(range(-6, 10))  # it began at 23:00, before the plan
    assert first.night_in(48) == tuple(range(10))
    assert first.required_wh == 1500.0
    assert second.day == date(2026, 5, 14) and second.required_wh == 4500.0


def test_a_night_cut_by_the_horizon_asks_only_what_cannot_wait():
    spec = EcoCuteSpec(heating_wh=10_000.0, power_w=1000.0)
    (refill,) = refills(inputs("2026-05-12T12:00:00+09:00", 26, spec))  # to 01:00
    assert refill.night_in(26) == (22, 23, 24, 25)
    assert refill.min_in_horizon_wh(26) == pytest.approx(10_000.0 - 12 * 500.0)
    (short,) = refills(inputs("2026-05-12T12:00:00+09:00", 26, SPEC))
    assert short.min_in_horizon_wh(26) == 0.0


def test_the_day_window_offers_only_its_surplus_slots():
    spec = EcoCuteSpec(heating_wh=4500.0, power_w=1500.0, day_shift=True)
    n = 24  # 05:00 to 17:00
    pv = tuple(800.0 if 10 <= 5 + i / 2 < 14 else 100.0 for i in range(n))
    (refill,) = refills(inputs("2026-05-13T05:00:00+09:00", n, spec, pv=pv,
                               load=(300.0,) * n))
    assert refill.night_in(n) == (0, 1, 2, 3)
    assert refill.day_slots == tuple(range(10, 18))  # 10:00–14:00, inside 09:00–16:00
    assert refill.deadline == datetime.fromisoformat("2026-05-13T16:00:00+09:00")
    assert refill.allowed(n) == (0, 1, 2, 3, *range(10, 18))


def test_a_plan_after_the_days_window_starts_with_the_next_refill():
    spec = EcoCuteSpec(heating_wh=4500.0, power_w=1500.0, day_shift=True, heated_wh=1000.0)
    (refill,) = refills(inputs("2026-05-13T16:00:00+09:00", 20, spec))  # to 02:00
    assert refill.day == date(2026, 5, 14)
    assert refill.night == tuple(range(14, 30))
    assert refill.required_wh == 3500.0  # the refill in progress is the coming one


def test_known_daily_needs_replace_the_usual_refill():
    spec = EcoCuteSpec(heating_wh=4500.0, power_w=1500.0, heated_wh=1000.0,
                       daily_heating_wh=((date(2026, 5, 13), 3000.0),
                                         (date(2026, 5, 15), 6000.0)))
    first, second, third = refills(inputs("2026-05-13T02:00:00+09:00", 96, spec))
    assert (first.day, first.required_wh) == (date(2026, 5, 13), 2000.0)  # less what is done
    assert (second.day, second.required_wh) == (date(2026, 5, 14), 4500.0)  # the usual
    assert (third.day, third.required_wh) == (date(2026, 5, 15), 6000.0)
    with pytest.raises(ValueError, match="daily_heating_wh"):
        EcoCuteSpec(heating_wh=4500.0, power_w=1500.0,
                    daily_heating_wh=((date(2026, 5, 13), -1.0),))
