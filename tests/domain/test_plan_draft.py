"""The editor's steps on a plan: every step keeps the day covered once, seasons whole."""

from __future__ import annotations

from datetime import date, time

from hypothesis import given
from hypothesis import strategies as st

from app.domain.plan_draft import (
    DayBands,
    EnergyKind,
    change_kind,
    copy_weekday_to_holiday,
    kind_of,
    move_season_end,
    one_price,
    remove_season,
    replace_schedule,
    season_after,
    set_tier,
    split_season,
    version_problems,
    with_dated,
    with_version,
)
from app.domain.tariff import (
    Band,
    Co2Factor,
    DaySchedule,
    FixedBasic,
    FlatEnergy,
    GasPrice,
    MonthDay,
    PlanVersion,
    RatePlan,
    Season,
    Text,
    Tier,
    TieredEnergy,
    TimeOfUseEnergy,
)
from app.domain.tariff_checks import check_schedule, check_seasons, check_version

NIGHT = DaySchedule((Band(time(7), time(23), 30.0), Band(time(23), time(7), 20.0)))
SUMMER = Season(Text("夏季", "Summer"), MonthDay(7, 1), MonthDay(9, 30), NIGHT, NIGHT)
OTHER = Season(Text("その他季", "Other"), MonthDay(10, 1), MonthDay(6, 30), NIGHT, NIGHT)
V2024 = PlanVersion(date(2024, 4, 1), FixedBasic(0.0), TimeOfUseEnergy((SUMMER, OTHER)))
PLAN = RatePlan("home", Text("家", "Home"), Text("電力", "Power"), None, (V2024,))


def test_bands_read_back_as_the_schedule_they_came_from() -> None:
    bands = DayBands.of(NIGHT)
    assert bands == DayBands((14, 46), (30.0, 20.0))
    assert bands.schedule().prices() == NIGHT.prices()
    assert bands.length(1) == 16  # 23:00 round midnight to 07:00


def test_moving_a_start_moves_the_end_of_the_band_before() -> None:
    bands = DayBands.of(NIGHT).move_start(0, -2)  # day starts at 06:00
    assert bands.schedule().bands[0] == Band(time(6), time(23), 30.0)
    assert bands.schedule().bands[1] == Band(time(23), time(6), 20.0)
    # A start cannot pass the next one: both bands keep at least one slot.
    tight = DayBands((14, 15), (30.0, 20.0))
    assert not tight.can_move(1, -1) and tight.move_start(1, -1) == tight


def test_split_divides_on_the_hour_and_remove_gives_the_hours_back() -> None:
    bands = DayBands.of(NIGHT).split(0)  # 07:00-23:00 -> 07:00-15:00, 15:00-23:00
    assert bands.starts == (14, 30, 46) and bands.prices == (30.0, 30.0, 20.0)
    bands = bands.set_price(1, 40.0)
    assert bands.schedule().prices()[30] == 40.0
    assert bands.remove(1).schedule().prices() == NIGHT.prices()


steps = st.lists(st.tuples(st.sampled_from(["move", "split", "remove", "price"]),
                           st.integers(0, 20), st.integers(-6, 6),
                           st.floats(0, 99, allow_nan=False)), max_size=40)


@given(steps)
def test_any_steps_keep_the_day_covered_exactly_once(moves) -> None:
    bands = DayBands.of(NIGHT)
    for kind, which, delta, price in moves:
        index = which % len(bands.starts)
        if kind == "move":
            bands = bands.move_start(index, delta)
        elif kind == "split":
            bands = bands.split(index)
        elif kind == "remove":
            bands = bands.remove(index)
        else:
            bands = bands.set_price(index, round(price, 2))
        assert check_schedule(bands.schedule(), "day") == []
        assert sum(bands.length(i) for i in range(len(bands.starts))) == 48 \
            or len(bands.starts) == 1


def test_a_schedule_change_lands_in_its_season_and_day_kind() -> None:
    changed = replace_schedule(V2024, 0, True, DayBands.of(NIGHT).set_price(0, 35.0))
    summer, other = changed.energy.seasons
    assert summer.holiday.prices()[20] == 35.0 and summer.weekday.prices()[20] == 30.0
    assert other == OTHER
    again = copy_weekday_to_holiday(changed, 0)
    assert again.energy.seasons[0].holiday == again.energy.seasons[0].weekday


@given(st.lists(st.tuples(st.sampled_from(["move", "split", "remove"]), st.integers(0, 9),
                          st.integers(-13, 13)), max_size=20))
def test_season_steps_keep_every_day_in_one_season(moves) -> None:
    version = V2024
    for kind, which, months in moves:
        index = which % len(version.energy.seasons)
        if kind == "move":
            version = move_season_end(version, index, months)
        elif kind == "split":
            version = split_season(version, index, Text("新しい季節", "New season"))
        else:
            version = remove_season(version, index)
        assert check_seasons(version.energy.seasons, "seasons") == []


def test_a_season_splits_on_a_first_of_month_and_goes_again() -> None:
    whole = replace_schedule(V2024, 0, False, DayBands.of(NIGHT))
    whole = PlanVersion(whole.valid_from, whole.basic, TimeOfUseEnergy((
        Season(Text("通年", "All year"), MonthDay(1, 1), MonthDay(12, 31), NIGHT, NIGHT),)))
    halves = split_season(whole, 0, Text("後半", "Second half"))
    first, second = halves.energy.seasons
    assert (first.start, first.end) == (MonthDay(1, 1), MonthDay(6, 30))
    assert (second.start, second.end, second.name.en) == (MonthDay(7, 1), MonthDay(12, 31),
                                                          "Second half")
    assert second.weekday == first.weekday  # the same prices until edited
    assert remove_season(halves, 1).energy.seasons == whole.energy.seasons
    assert remove_season(whole, 0) == whole  # the only season stays


def test_a_season_ends_a_month_later_and_the_next_starts_after_it() -> None:
    longer = move_season_end(V2024, 0, 1)
    summer, other = longer.energy.seasons
    assert (summer.end, other.start) == (MonthDay(10, 31), MonthDay(11, 1))
    assert season_after(V2024, 1) == 0  # other ends 06-30, summer starts 07-01
    # Summer cannot swallow the other season whole.
    assert move_season_end(V2024, 0, 9) == V2024


def test_a_new_version_keeps_the_old_prices_for_earlier_days() -> None:
    newer = replace_schedule(V2024, 1, False, DayBands.of(NIGHT).set_price(0, 33.0))
    newer = PlanVersion(date(2026, 12, 1), newer.basic, newer.energy)
    plan = with_version(PLAN, newer)
    assert [v.valid_from for v in plan.versions] == [date(2024, 4, 1), date(2026, 12, 1)]
    assert plan.slot_prices(date(2026, 11, 30))[20] == 30.0
    assert plan.slot_prices(date(2026, 12, 1))[20] == 33.0
    # The same date again replaces that version, nothing else.
    again = with_version(plan, PlanVersion(date(2026, 12, 1), newer.basic, newer.energy, 1.5))
    assert len(again.versions) == 2 and again.versions[1].fuel_adjustment_yen_per_kwh == 1.5


def test_problems_name_the_field_of_the_edited_version() -> None:
    tiered = PlanVersion(date(2026, 12, 1), FixedBasic(0.0),
                         TieredEnergy((Tier(120, 30.0), Tier(300, 36.0), Tier(None, 40.0))))
    plan = with_version(PLAN, tiered)
    assert version_problems(plan, date(2026, 12, 1)) == []
    broken = with_version(plan, set_tier(tiered, 1, price=-2.0))
    assert version_problems(broken, date(2026, 12, 1)) == [
        "energy.tiers[1].yen_per_kwh: -2 is negative"]


# --- changing the kind of price ----------------------------------------------------------

yen = st.integers(0, 20_000).map(lambda sen: sen / 100)  # 0.00–200.00, as entered


@st.composite
def day_bands(draw) -> DaySchedule:
    starts = draw(st.lists(st.integers(0, 47), min_size=1, max_size=12, unique=True))
    prices = draw(st.lists(yen, min_size=len(starts), max_size=len(starts)))
    return DayBands._sorted(starts, prices).schedule()


@st.composite
def energies(draw):
    kind = draw(st.sampled_from(list(EnergyKind)))
    if kind is EnergyKind.FLAT:
        return FlatEnergy(draw(yen))
    if kind is EnergyKind.TIERED:
        limits = sorted(draw(st.sets(st.integers(1, 2000), max_size=3)))
        prices = draw(st.lists(yen, min_size=len(limits) + 1, max_size=len(limits) + 1))
        return TieredEnergy((*(Tier(float(a), p) for a, p in zip(limits, prices[:-1], strict=True)),
                             Tier(None, prices[-1])))
    version = PlanVersion(date(2026, 1, 1), FixedBasic(0.0), TimeOfUseEnergy((
        Season(Text("通年", "All year"), MonthDay(1, 1), MonthDay(12, 31),
               draw(day_bands()), draw(day_bands())),)))
    for which in draw(st.lists(st.integers(0, 5), max_size=3)):  # more seasons, other days
        index = which % len(version.energy.seasons)
        version = split_season(version, index, Text("季節", "Season"))
        version = replace_schedule(version, index, False, DayBands.of(draw(day_bands())))
    return version.energy


def _every_slot_once(schedule: DaySchedule) -> bool:
    slots = sorted(slot for band in schedule.bands for slot in band.slots())
    return slots == list(range(48))


@given(energies(), st.sampled_from(list(EnergyKind)), st.none() | yen)
def test_a_changed_kind_is_valid_and_covers_every_slot_once(energy, kind, price) -> None:
    version = PlanVersion(date(2026, 8, 1), FixedBasic(1200.0), energy, 2.5)
    changed = change_kind(version, kind, price)
    assert kind_of(changed.energy) is kind
    assert check_version(changed, "version") == []
    assert (changed.basic, changed.fuel_adjustment_yen_per_kwh) == (FixedBasic(1200.0), 2.5)
    if kind is kind_of(energy):
        assert changed == version  # nothing to convert
        return
    carried = one_price(energy) if price is None else price
    if kind is EnergyKind.TIME_OF_USE:
        (season,) = changed.energy.seasons  # all year, weekdays and holidays alike
        assert check_seasons(changed.energy.seasons, "seasons") == []
        for day in (season.weekday, season.holiday):
            assert _every_slot_once(day)
            assert day.prices() == (carried,) * 48
    elif kind is EnergyKind.FLAT:
        assert changed.energy == FlatEnergy(carried)
    else:
        assert {t.yen_per_kwh for t in changed.energy.tiers} == {carried}
    # And back: one price survives the round trip.
    assert one_price(change_kind(changed, EnergyKind.FLAT).energy) == carried


@given(energies())
def test_time_of_use_to_one_price_suggests_the_days_mean(energy) -> None:
    if kind_of(energy) is not EnergyKind.TIME_OF_USE:
        return
    prices = energy.seasons[0].weekday.prices()
    mean = one_price(energy)
    assert mean == round(sum(prices) / 48, 2) and min(prices) - 0.005 <= mean <= max(prices)


def test_each_kind_carries_its_price_over_as_the_household_expects() -> None:
    flat = PlanVersion(date(2026, 8, 1), FixedBasic(0.0), FlatEnergy(31.0))
    day = change_kind(flat, EnergyKind.TIME_OF_USE).energy.seasons[0].weekday
    assert day == DaySchedule((Band(time(0), time(0), 31.0),))  # one band, the whole day
    tiered = PlanVersion(date(2026, 8, 1), FixedBasic(0.0),
                         TieredEnergy((Tier(120, 29.8), Tier(300, 36.4), Tier(None, 40.49))))
    assert change_kind(tiered, EnergyKind.FLAT).energy == FlatEnergy(29.8)  # the first tier
    assert [t.up_to_kwh for t in change_kind(flat, EnergyKind.TIERED).energy.tiers] == [
        120.0, 300.0, None]
    # NIGHT: 16 hours at 30 yen, 8 at 20: a mean of 26.67.
    assert change_kind(V2024, EnergyKind.FLAT).energy == FlatEnergy(26.67)
    assert change_kind(V2024, EnergyKind.FLAT, 25.5).energy == FlatEnergy(25.5)  # as asked


def test_a_co2_factor_or_gas_price_from_a_date_keeps_the_earlier_ones() -> None:
    plan = with_dated(PLAN, Co2Factor(date(2025, 4, 1), 0.45))
    plan = with_dated(plan, Co2Factor(date(2026, 8, 1), 0.43))
    plan = with_dated(plan, GasPrice(date(2026, 8, 1), 759.0, 145.31))
    assert plan.co2_on(date(2026, 7, 31)) == 0.45 and plan.co2_on(date(2026, 8, 1)) == 0.43
    again = with_dated(plan, Co2Factor(date(2026, 8, 1), 0.44))  # the same date: replaced
    assert [c.kg_per_kwh for c in again.co2] == [0.45, 0.44]
    assert again.gas_on(date(2026, 9, 1)) == GasPrice(date(2026, 8, 1), 759.0, 145.31)
    assert again.water == ()
