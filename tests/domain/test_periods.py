"""Periods: bounds, stepping over month and year ends, comparison anchors."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.periods import Compare, Period, compare_anchor, contains, period_bounds, step


def test_week_starts_monday() -> None:
    # 2026-11-25 is a Wednesday; its week runs Monday 23rd to Sunday 29th.
    assert period_bounds(Period.WEEK, date(2026, 11, 25)) == (date(2026, 11, 23),
                                                              date(2026, 11, 30))
    assert period_bounds(Period.WEEK, date(2026, 11, 23))[0] == date(2026, 11, 23)
    assert period_bounds(Period.WEEK, date(2026, 11, 29))[0] == date(2026, 11, 23)
    assert period_bounds(Period.WEEK, date(2026, 11, 30))[0] == date(2026, 11, 30)


@pytest.mark.parametrize(("anchor", "bounds"), [
    (date(2026, 2, 14), (date(2026, 2, 1), date(2026, 3, 1))),
    (date(2028, 2, 29), (date(2028, 2, 1), date(2028, 3, 1))),
    (date(2026, 12, 31), (date(2026, 12, 1), date(2027, 1, 1))),
    (date(2026, 1, 31), (date(2026, 1, 1), date(2026, 2, 1))),
])
def test_month_bounds(anchor: date, bounds: tuple[date, date]) -> None:
    assert period_bounds(Period.MONTH, anchor) == bounds


def test_day_year_and_live_bounds() -> None:
    assert period_bounds(Period.DAY, date(2026, 12, 31)) == (date(2026, 12, 31),
                                                             date(2027, 1, 1))
    assert period_bounds(Period.LIVE, date(2026, 3, 1)) == (date(2026, 3, 1), date(2026, 3, 2))
    assert period_bounds(Period.YEAR, date(2026, 7, 9)) == (date(2026, 1, 1), date(2027, 1, 1))


@pytest.mark.parametrize(("anchor", "steps", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 5, 31), -1, date(2026, 4, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),  # over the year end
    (date(2027, 1, 15), -1, date(2026, 12, 15)),
    (date(2026, 1, 31), 13, date(2027, 2, 28)),
    (date(2026, 1, 31), -14, date(2024, 11, 30)),
])
def test_month_steps_keep_a_valid_day(anchor: date, steps: int, expected: date) -> None:
    assert step(Period.MONTH, anchor, steps) == expected


def test_day_week_and_year_steps() -> None:
    assert step(Period.DAY, date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert step(Period.LIVE, date(2026, 3, 1), -1) == date(2026, 2, 28)
    assert step(Period.WEEK, date(2026, 12, 30), 1) == date(2027, 1, 6)
    assert step(Period.YEAR, date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert step(Period.YEAR, date(2028, 2, 29), -4) == date(2024, 2, 29)
    assert step(Period.YEAR, date(2026, 6, 1), 0) == date(2026, 6, 1)


def test_stepping_back_and_forth_stays_in_the_same_periods() -> None:
    # Jan 31 -> Feb 28 -> Mar 28: the day drifts but every step lands in the next month.
    anchor = date(2026, 1, 31)
    months = []
    for _ in range(14):
        months.append(period_bounds(Period.MONTH, anchor)[0])
        anchor = step(Period.MONTH, anchor, 1)
    assert months == [date(2026 + (m // 12), m % 12 + 1, 1) for m in range(14)]


def test_compare_anchors() -> None:
    assert compare_anchor(Period.DAY, date(2026, 3, 1), Compare.PREVIOUS) == date(2026, 2, 28)
    assert compare_anchor(Period.MONTH, date(2026, 3, 31), Compare.PREVIOUS) == date(2026, 2, 28)
    assert compare_anchor(Period.DAY, date(2028, 2, 29), Compare.LAST_YEAR) == date(2027, 2, 28)
    assert compare_anchor(Period.YEAR, date(2026, 5, 5), Compare.LAST_YEAR) == date(2025, 5, 5)
    assert compare_anchor(Period.WEEK, date(2026, 11, 25), Compare.PREVIOUS) == date(2026, 11, 18)
    assert compare_anchor(Period.MONTH, date(2026, 3, 1), Compare.NONE) is None
    assert compare_anchor(Period.LIVE, date(2026, 3, 1), Compare.PREVIOUS) is None


def test_contains() -> None:
    assert contains(Period.MONTH, date(2026, 2, 3), date(2026, 2, 28))
    assert not contains(Period.MONTH, date(2026, 2, 3), date(2026, 3, 1))
    assert contains(Period.WEEK, date(2026, 11, 29), date(2026, 11, 23))
    assert not contains(Period.DAY, date(2026, 11, 29), date(2026, 11, 30))
