"""Pure number and date formatting for the panel (no Qt, easy to test).

Japanese forms: 1,234W, 12.3kWh, 120Wh, 12°C, ¥1,234, 2026年11月25日(水) 14:05.
English forms follow SI spacing: 1,234 W, 12.3 kWh, 120 Wh, 12 °C, Wed 25 Nov 2026 14:05.
Times are always 24-hour. ``None`` (not measured) renders as an em dash.
"""

from __future__ import annotations

from datetime import date, datetime, time

DASH = "—"
KW_THRESHOLD_W = 10_000  # from here on power reads better in kW with one decimal

JA_WEEKDAYS = "月火水木金土日"
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def join_unit(number: str, unit: str, lang: str) -> str:
    # Japanese UI convention writes the unit right after the figure; % never takes a space.
    if unit == "%":
        return f"{number}%"
    return f"{number}{unit}" if lang == "ja" else f"{number} {unit}"


def split_power(watts: float | None) -> tuple[str, str]:
    """The figure and its unit, for layouts that draw the unit smaller."""
    if watts is None:
        return DASH, "W"
    rounded = round(watts)
    if abs(rounded) >= KW_THRESHOLD_W:
        return f"{watts / 1000:,.1f}", "kW"
    return f"{rounded:,d}", "W"


def format_power(watts: float | None, lang: str = "ja") -> str:
    number, unit = split_power(watts)
    return number if watts is None else join_unit(number, unit, lang)


def format_rating_kw(watts: float | None, lang: str = "ja") -> str:
    """A rating (a PV power conditioner's) in kW, as on its nameplate: 5.5kW, 4.95kW, 10kW."""
    if watts is None:
        return DASH
    number = f"{watts / 1000:,.2f}".rstrip("0").rstrip(".")
    return join_unit(number, "kW", lang)


def split_energy_kwh(kwh: float | None) -> tuple[str, str]:
    return (DASH if kwh is None else f"{kwh:,.1f}"), "kWh"


def format_energy_kwh(kwh: float | None, lang: str = "ja") -> str:
    number, unit = split_energy_kwh(kwh)
    return number if kwh is None else join_unit(number, unit, lang)


def format_energy_wh(wh: float | None, lang: str = "ja", *, signed: bool = False) -> str:
    """Whole watt-hours (a half-hour's error of a forecast); ``signed`` shows "+" too."""
    if wh is None:
        return DASH
    rounded = round(wh)
    return join_unit(f"{rounded:+,d}" if signed and rounded else f"{rounded:,d}", "Wh", lang)


def format_temperature(celsius: float | None, lang: str = "ja") -> str:
    """Whole degrees, as weather forecasts give them: 12°C, -3°C (12 °C in English)."""
    if celsius is None:
        return DASH
    return join_unit(f"{round(celsius):d}", "°C", lang)


def format_percent(pct: float | None) -> str:
    return DASH if pct is None else f"{round(pct):d}%"


def format_yen(amount: float | None) -> str:
    if amount is None:
        return DASH
    rounded = round(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}¥{abs(rounded):,d}"


def format_yen_exact(amount: float | None) -> str:
    """Yen with sen below ¥100 (a half-hour's cost is often a few yen): ¥12.34, ¥1,234."""
    if amount is None:
        return DASH
    if abs(amount) >= 100:
        return format_yen(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):.2f}"


def format_date(day: date, lang: str = "ja") -> str:
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日({JA_WEEKDAYS[day.weekday()]})"
    return f"{EN_WEEKDAYS[day.weekday()]} {day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def format_day(day: date, lang: str = "ja") -> str:
    """A day of this year's or a recent month, short: 12月3日(木) / Thu 3 Dec."""
    if lang == "ja":
        return f"{day.month}月{day.day}日({JA_WEEKDAYS[day.weekday()]})"
    return f"{EN_WEEKDAYS[day.weekday()]} {day.day} {EN_MONTHS[day.month - 1]}"


def format_time(moment: datetime | time, *, seconds: bool = False) -> str:
    return moment.strftime("%H:%M:%S" if seconds else "%H:%M")


def format_date_time(moment: datetime, lang: str = "ja") -> str:
    return f"{format_date(moment.date(), lang)} {format_time(moment)}"


def to_local(moment: datetime) -> datetime:
    """Aware datetimes are shown in the panel's local time; naive ones are local already."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def format_period(period: str, first: date, last: date, lang: str = "ja") -> str:
    """A graph period's name: a day, a week (first to last day), a month or a year.

    ``period`` is a `Period` value ("day", "week", "month", "year"; "live" reads as
    the day).
    """
    if period == "year":
        return f"{first.year}年" if lang == "ja" else str(first.year)
    if period == "month":
        return (f"{first.year}年{first.month}月" if lang == "ja"
                else f"{EN_MONTHS[first.month - 1]} {first.year}")
    if period == "week":
        if lang == "ja":
            end = f"{last.day}日" if last.month == first.month else f"{last.month}月{last.day}日"
            return f"{first.year}年{first.month}月{first.day}日〜{end}"
        return (f"{first.day} {EN_MONTHS[first.month - 1]} – "
                f"{last.day} {EN_MONTHS[last.month - 1]} {last.year}")
    return format_date(first, lang)
