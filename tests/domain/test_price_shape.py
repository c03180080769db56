"""The single-peak rule over 48 half-hour prices, and the price range of a version."""

from __future__ import annotations

from datetime import date, time

from hypothesis import assume, given
from hypothesis import strategies as st

from app.domain.price_shape import (
    FALLS_BEFORE_PEAK,
    RISES_AFTER_PEAK,
    price_range,
    shape_faults,
    single_peak_fault,
)
from app.domain.tariff import (
    Band,
    DaySchedule,
    FixedBasic,
    FlatEnergy,
    MonthDay,
    PlanVersion,
    Season,
    Text,
    Tier,
    TieredEnergy,
    TimeOfUseEnergy,
)


def day(*bands: tuple[int, int, float]) -> DaySchedule:
    """Bands from hour to hour."""
    return DaySchedule(tuple(Band(time(a % 24), time(b % 24), p) for a, b, p in bands))


def slots(schedule: DaySchedule) -> list[float]:
    return list(schedule.prices())


def test_night_and_day_pass() -> None:
    assert single_peak_fault(slots(day((7, 23, 30), (23, 7, 20)))) is None


def test_flat_and_tiered_plans_pass() -> None:
    assert single_peak_fault([31.0] * 48) is None
    assert shape_faults(FlatEnergy(31.0)) == []
    assert shape_faults(TieredEnergy((Tier(120, 29.8), Tier(None, 36.4)))) == []


def test_a_second_evening_peak_fails_and_says_where() -> None:
    prices = slots(day((0, 7, 20), (7, 17, 35), (17, 19, 30), (19, 23, 38), (23, 0, 25)))
    fault = single_peak_fault(prices)
    assert fault is not None and fault.kind == FALLS_BEFORE_PEAK
    assert fault.describe() == "the price falls at 17:00 before the peak at 19:00"


def test_a_rise_after_the_peak_fails() -> None:
    prices = slots(day((0, 7, 20), (7, 19, 38), (19, 23, 25), (23, 0, 30)))
    fault = single_peak_fault(prices)
    assert fault is not None and fault.kind == RISES_AFTER_PEAK
    assert fault.describe() == "the price rises again at 23:00 after the peak at 07:00"


def test_every_season_and_day_kind_is_checked() -> None:
    good = day((7, 23, 30), (23, 7, 20))
    bad = day((0, 10, 20), (10, 12, 40), (12, 14, 30), (14, 16, 40), (16, 0, 20))
    energy = TimeOfUseEnergy((
        Season(Text("夏季", "Summer"), MonthDay(7, 1), MonthDay(9, 30), good, bad),
        Season(Text("その他", "Other"), MonthDay(10, 1), MonthDay(6, 30), bad, good)))
    assert [f.message for f in shape_faults(energy)] == [
        "Summer holiday: the price rises again at 14:00 after the peak at 10:00",
        "Other weekday: the price rises again at 14:00 after the peak at 10:00"]


def test_price_range_includes_adjustments_and_says_where() -> None:
    energy = TimeOfUseEnergy((Season(Text("通年", "All year"), MonthDay(1, 1),
                                     MonthDay(12, 31), day((7, 23, 30), (23, 7, 20)),
                                     day((0, 0, 25))),))
    found = price_range(PlanVersion(date(2024, 1, 1), FixedBasic(0), energy, -1.0, 3.0))
    assert (found.minimum, found.maximum) == (22.0, 32.0)
    assert found.cheapest == "All year weekday 00:00" and found.dearest == "All year weekday 07:00"


# --- properties -------------------------------------------------------------------------

levels = st.integers(0, 60).map(float)


@st.composite
def one_peak(draw: st.DrawFn) -> list[float]:
    """Up, then down, then rotated by any amount: a single peak round the day."""
    cut = draw(st.integers(0, 48))
    up = sorted(draw(st.lists(levels, min_size=cut, max_size=cut)))
    down = sorted(draw(st.lists(levels, min_size=48 - cut, max_size=48 - cut)), reverse=True)
    shift = draw(st.integers(0, 47))
    prices = up + down
    return prices[shift:] + prices[:shift]


@given(one_peak())
def test_any_rotation_of_up_then_down_passes(prices: list[float]) -> None:
    assert single_peak_fault(prices) is None


@given(one_peak(), st.integers(0, 47), st.data())
def test_a_dip_between_two_higher_prices_fails(prices: list[float], at: int,
                                                data: st.DataObject) -> None:
    """Put two high slots round a lower one away from the day's low: two peaks."""
    base = min(prices)
    high = max(prices) + 10
    gap = data.draw(st.integers(2, 20))
    lo_slot = prices.index(base)
    spots = [(at + k) % 48 for k in (0, 1, gap)]
    assume(lo_slot not in spots and len(set(spots)) == 3)
    mutated = list(prices)
    mutated[spots[0]] = high
    mutated[spots[1]] = high - 5  # the dip
    mutated[spots[2]] = high
    assume(min(mutated) < high - 5)  # a cheaper slot exists outside, so both sides fall
    # The cheapest slot lies outside the two peaks, so the day has two valleys.
    assume(any(mutated[(at + k) % 48] < high - 5 for k in range(gap + 1, 48)))
    assert single_peak_fault(mutated) is not None


@given(st.lists(levels, min_size=48, max_size=48), st.integers(0, 47))
def test_the_verdict_does_not_depend_on_where_the_day_starts(prices: list[float],
                                                             shift: int) -> None:
    rotated = prices[shift:] + prices[:shift]
    assert (single_peak_fault(prices) is None) == (single_peak_fault(rotated) is None)
