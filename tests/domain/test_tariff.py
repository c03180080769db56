"""The rate-plan model: versions in force, prices by time of day, seasons, holidays."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.domain.tariff import (
    Band,
    Co2Factor,
    DaySchedule,
    FixedBasic,
    FlatEnergy,
    GasPrice,
    MonthDay,
    PerAmpereBasic,
    PerKvaBasic,
    PlanVersion,
    RatePlan,
    Season,
    SellPrice,
    Text,
    Tier,
    TieredEnergy,
    TimeOfUseEnergy,
    WaterPrice,
    is_holiday,
)

NIGHT_DAY = DaySchedule((Band(time(7), time(23), 30.0), Band(time(23), time(7), 20.0)))
FLAT_HOLIDAY = DaySchedule((Band(time(0), time(0), 25.0),))  # from == to: the whole day
SUMMER = Season(Text("夏季", "Summer"), MonthDay(7, 1), MonthDay(9, 30),
                DaySchedule((Band(time(13), time(16), 50.0), Band(time(16), time(13), 30.0))),
                FLAT_HOLIDAY)
OTHER = Season(Text("その他季", "Other"), MonthDay(10, 1), MonthDay(6, 30), NIGHT_DAY,
               FLAT_HOLIDAY)  # wraps the year end


def plan() -> RatePlan:
    return RatePlan(
        "test", Text("テスト", "Test"), Text("会社", "Company"), None,
        versions=(PlanVersion(date(2023, 6, 1), FixedBasic(1000.0), FlatEnergy(31.0)),
                  PlanVersion(date(2024, 4, 1), PerKvaBasic(311.75),
                              TimeOfUseEnergy((SUMMER, OTHER)), -1.5, 3.49)),
        sell=(SellPrice(date(2019, 4, 1), 24.0), SellPrice(date(2029, 4, 1), 8.5)),
        co2=(Co2Factor(date(2024, 4, 1), 0.421),),
        gas=(GasPrice(date(2024, 1, 1), 759.0, 145.2),),
        water=(WaterPrice(date(2024, 1, 1), 250.0),))


def test_a_version_applies_from_its_date_until_the_next() -> None:
    p = plan()
    assert p.version_on(date(2023, 6, 1)).energy == FlatEnergy(31.0)
    assert p.version_on(date(2024, 3, 31)).energy == FlatEnergy(31.0)
    assert isinstance(p.version_on(date(2024, 4, 1)).energy, TimeOfUseEnergy)
    with pytest.raises(LookupError, match="no prices before 2023-06-01"):
        p.version_on(date(2023, 5, 31))


def test_dated_prices_have_their_own_validity() -> None:
    p = plan()
    assert p.sell_price_on(date(2029, 3, 31)) == 24.0
    assert p.sell_price_on(date(2029, 4, 1)) == 8.5
    assert p.sell_price_on(date(2019, 3, 31)) is None
    assert p.co2_on(date(2024, 3, 31)) is None and p.co2_on(date(2025, 1, 1)) == 0.421
    assert p.gas_on(date(2025, 1, 1)) == GasPrice(date(2024, 1, 1), 759.0, 145.2)
    assert p.water_on(date(2023, 12, 31)) is None


def test_price_at_follows_bands_across_midnight_and_seasons() -> None:
    p = plan()
    # 2025-11-25 is a Tuesday in the "Other" season (which wraps the year end).
    assert p.price_at(datetime(2025, 11, 25, 6, 59)) == 20.0
    assert p.price_at(datetime(2025, 11, 25, 7, 0)) == 30.0
    assert p.price_at(datetime(2025, 11, 25, 23, 30)) == 20.0
    assert p.price_at(datetime(2026, 1, 6, 0, 0)) == 20.0
    assert p.price_at(datetime(2025, 7, 1, 13, 0)) == 50.0  # a Tuesday in summer
    assert p.price_at(datetime(2025, 7, 5, 13, 0)) == 25.0  # Saturday: holiday schedule
    assert p.price_at(datetime(2023, 7, 1, 13, 0)) == 31.0  # the flat version


def test_slot_prices_are_48_half_hours_from_midnight() -> None:
    prices = plan().slot_prices(date(2025, 11, 25))
    assert len(prices) == 48
    assert prices[:14] == (20.0,) * 14 and prices[14:46] == (30.0,) * 32
    assert prices[46:] == (20.0, 20.0)
    assert plan().slot_prices(date(2023, 8, 1)) == (31.0,) * 48


def test_a_tiered_price_has_no_time_of_day() -> None:
    version = PlanVersion(date(2023, 1, 1), FixedBasic(0.0),
                          TieredEnergy((Tier(120.0, 29.8), Tier(None, 36.4))))
    with pytest.raises(ValueError, match="tiered"):
        version.slot_prices(date(2023, 1, 1))


def test_adjustments_add_up() -> None:
    assert plan().version_on(date(2025, 1, 1)).adjustments_yen_per_kwh == pytest.approx(1.99)


def test_basic_charges() -> None:
    table = PerAmpereBasic(((30, 935.25), (40, 1247.0)))
    assert table.charge(30) == 935.25
    with pytest.raises(KeyError):
        table.charge(35)
    assert PerKvaBasic(311.75).charge(6) == pytest.approx(1870.5)


@pytest.mark.parametrize(("day", "holiday"), [
    (date(2026, 11, 25), False),  # Wednesday
    (date(2026, 11, 28), True),  # Saturday
    (date(2026, 11, 29), True),  # Sunday
    (date(2026, 11, 23), True),  # Labour Thanksgiving Day, a Monday
    (date(2026, 5, 6), True),  # substitute holiday (振替休日) for Constitution Day on a Sunday
    (date(2026, 12, 31), False),  # the year-end break is not a national holiday
])
def test_holidays_are_weekends_and_national_holidays(day: date, holiday: bool) -> None:
    assert is_holiday(day) is holiday


def test_a_leap_day_belongs_to_a_wrapping_season() -> None:
    energy = TimeOfUseEnergy((SUMMER, OTHER))
    assert energy.season_on(date(2028, 2, 29)) is OTHER
    assert energy.season_on(date(2028, 9, 30)) is SUMMER
