"""What a graph asks for: periods, stepping and comparison, and the request (no numpy:
the panel builds requests on its start-up path; results live in `app.domain.history`).

A period is a local-time span around an anchor day: LIVE (the last hours at 1 minute,
in W, plus the live tail), DAY (48 half-hour bars), WEEK (7 daily bars, Monday first),
MONTH (daily bars) and YEAR (12 monthly bars), in kWh (volumes in L, levels in mean %).
Every bucket of the period is present in the result; a bucket without data is NaN,
drawn as a gap, never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Period(StrEnum):
    LIVE = "live"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Compare(StrEnum):
    NONE = "none"
    PREVIOUS = "previous"  # the period before (yesterday, last month, ...)
    LAST_YEAR = "last_year"  # the same period a year earlier


class Measure(StrEnum):
    ENERGY = "energy"  # kWh (L, %) as measured
    COST = "cost"  # yen, by the household's rate plan
    CO2 = "co2"  # kg-CO2 of bought energy (avoided, for own generation)


LIVE_HOURS = 3  # how far back the live graph reaches


def period_bounds(period: Period, anchor: date) -> tuple[date, date]:
    """First day and the day after the last, of the period containing ``anchor``.

    LIVE is not a calendar period (it ends now); callers handle it by the clock.
    """
    if period in (Period.DAY, Period.LIVE):
        return anchor, anchor + timedelta(days=1)
    if period is Period.WEEK:
        first = anchor - timedelta(days=anchor.weekday())
        return first, first + timedelta(days=7)
    if period is Period.MONTH:
        first = anchor.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1)
    first = anchor.replace(month=1, day=1)
    return first, first.replace(year=first.year + 1)


def step(period: Period, anchor: date, steps: int) -> date:
    """The anchor ``steps`` periods later (negative: earlier); months keep a valid day."""
    if period in (Period.DAY, Period.LIVE):
        return anchor + timedelta(days=steps)
    if period is Period.WEEK:
        return anchor + timedelta(weeks=steps)
    if period is Period.MONTH:
        months = anchor.year * 12 + anchor.month - 1 + steps
        return _clamped(months // 12, months % 12 + 1, anchor.day)
    return _clamped(anchor.year + steps, anchor.month, anchor.day)


def contains(period: Period, anchor: date, day: date) -> bool:
    """Whether ``day`` lies in the period containing ``anchor`` (LIVE: the anchor day)."""
    first, after = period_bounds(period, anchor)
    return first <= day < after


def compare_anchor(period: Period, anchor: date, compare: Compare) -> date | None:
    if compare is Compare.NONE or period is Period.LIVE:
        return None
    if compare is Compare.PREVIOUS:
        return step(period, anchor, -1)
    return _clamped(anchor.year - 1, anchor.month, anchor.day)


def _clamped(year: int, month: int, day: int) -> date:
    for d in (day, 30, 29, 28):
        try:
            return date(year, month, min(day, d))
        except ValueError:
            continue
    raise ValueError(f"no valid day in {year}-{month}")


@dataclass(frozen=True)
class HistoryRequest:
    keys: tuple[str, ...]  # series keys; several are shown stacked
    period: Period
    anchor: date  # a local day inside the period
    compare: Compare = Compare.NONE
    measure: Measure = Measure.ENERGY


