"""Texts of the energy graph: time-axis ticks, value ticks, bucket spans and values.

Pure Python (no Qt) so the forms are easy to test. Times are shown in the result's
local time zone (``tz``); Japanese forms when ``lang == "ja"``:

    period  tick (ja / en)          readout span (ja / en)
    LIVE    14:30 / 14:30           11月25日 14:05 / 25 Nov 14:05
    DAY     14時 / 14:00            11月25日 14:00–14:30 / 25 Nov 14:00–14:30
    WEEK    25日(水) / Wed 25       11月25日(水) / Wed 25 Nov
    MONTH   25日 / 25               11月25日(水) / Wed 25 Nov
    YEAR    11月 / Nov              2026年11月 / Nov 2026

Bar graphs put bucket ``i`` on [i, i + 1) of the x axis (equal widths even though
months differ in length); DAY ticks sit on bucket boundaries (the hour starts there),
day and month ticks on bar centres. LIVE uses unix seconds on the x axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from app.domain.periods import Period
from app.ui.formatting import (
    DASH,
    EN_MONTHS,
    EN_WEEKDAYS,
    JA_WEEKDAYS,
    format_percent,
    format_power,
    format_yen,
    join_unit,
)

Tick = tuple[float, str]

# Candidate label spacings, smallest first; the first that fits the width wins.
_DAY_HOUR_STEPS = (1, 2, 3, 4, 6, 12)
_MONTH_DAY_STEPS = (1, 2, 3, 5, 7, 10, 15)
_WEEK_DAY_STEPS = (1, 2, 7)
_YEAR_MONTH_STEPS = (1, 2, 3, 6, 12)
_LIVE_MINUTE_STEPS = (1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440)


def local(ts: float, tz: tzinfo | None) -> datetime:
    return datetime.fromtimestamp(float(ts), tz)


def bars_centred(period: Period) -> bool:
    """Day and month ticks label a bar; DAY ticks mark the hour boundary."""
    return period is not Period.DAY


# --- time axis ------------------------------------------------------------------------
def tick_label(moment: datetime, period: Period, lang: str) -> str:
    ja = lang == "ja"
    if period is Period.DAY:
        return f"{moment.hour}時" if ja else f"{moment.hour:02d}:00"
    if period is Period.LIVE:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    if period is Period.WEEK:
        weekday = moment.weekday()
        return (f"{moment.day}日({JA_WEEKDAYS[weekday]})" if ja
                else f"{EN_WEEKDAYS[weekday]} {moment.day}")
    if period is Period.MONTH:
        return f"{moment.day}日" if ja else str(moment.day)
    return f"{moment.month}月" if ja else EN_MONTHS[moment.month - 1]


def widest_tick_sample(period: Period, lang: str) -> str:
    """A label at least as wide as any this period shows (for spacing the ticks)."""
    sample = {Period.DAY: datetime(2026, 11, 28, 22), Period.LIVE: datetime(2026, 11, 28, 22),
              Period.WEEK: datetime(2026, 11, 28), Period.MONTH: datetime(2026, 11, 28),
              Period.YEAR: datetime(2026, 11, 28)}[period]
    if period is Period.YEAR and lang != "ja":
        return "May"
    return tick_label(sample, period, lang)


def bar_ticks(period: Period, xs: Sequence[float], tz: tzinfo | None, lang: str,
              max_labels: int) -> list[Tick]:
    """Ticks for a bar period: (x position, label), at most ``max_labels`` of them."""
    moments = [local(ts, tz) for ts in xs]
    centred = 0.5 if bars_centred(period) else 0.0
    steps, keep = _bar_rule(period)
    max_labels = max(1, max_labels)
    chosen: list[int] = []
    for step in steps:
        chosen = [i for i, moment in enumerate(moments) if keep(moment, step)]
        if len(chosen) <= max_labels:
            break
    return [(i + centred, tick_label(moments[i], period, lang)) for i in chosen]


def _bar_rule(period: Period):
    if period is Period.DAY:
        return _DAY_HOUR_STEPS, lambda m, s: m.minute == 0 and m.hour % s == 0
    if period is Period.WEEK:
        return _WEEK_DAY_STEPS, lambda m, s: m.weekday() % s == 0
    if period is Period.MONTH:
        return _MONTH_DAY_STEPS, lambda m, s: (m.day - 1) % s == 0 and (s == 1 or m.day < 30)
    return _YEAR_MONTH_STEPS, lambda m, s: (m.month - 1) % s == 0


def live_ticks(first: float, last: float, tz: tzinfo | None, max_labels: int) -> list[Tick]:
    """Ticks on round local minutes between two unix times (LIVE)."""
    if not last > first:
        return []
    offset = local(first, tz).utcoffset()
    offset_s = offset.total_seconds() if offset is not None else 0.0
    max_labels = max(1, max_labels)
    span_min = (last - first) / 60
    step = next((s for s in _LIVE_MINUTE_STEPS if span_min / s < max_labels),
                _LIVE_MINUTE_STEPS[-1])
    step_s = step * 60
    tick = math.ceil((first + offset_s) / step_s) * step_s - offset_s
    ticks: list[Tick] = []
    while tick <= last:
        ticks.append((tick, tick_label(local(tick, tz), Period.LIVE, "en")))
        tick += step_s
    return ticks


# --- value axis -----------------------------------------------------------------------
def nice_step(span: float, max_ticks: int) -> float:
    """1, 2, 2.5 or 5 times a power of ten, so that ``span`` needs at most max_ticks."""
    if not span > 0:
        return 1.0
    raw = span / max(1, max_ticks)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def value_ticks(low: float, high: float, max_ticks: int = 4, *, whole: bool = False
                ) -> tuple[float, float, list[Tick]]:
    """A rounded range covering [low, high] (0 always in it) and its labelled ticks.
    ``whole``: ticks on whole numbers only (yen: never "¥2.5")."""
    low, high = min(0.0, low), max(0.0, high)
    if high - low <= 0:
        high = 1.0
    step = nice_step(high - low, max_ticks)
    if whole:
        step = 5.0 if step == 2.5 else max(1.0, step)
    bottom = math.floor(low / step + 1e-9) * step
    top = math.ceil(high / step - 1e-9) * step
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    if step == 2.5 * 10 ** math.floor(math.log10(step)) and step < 10:
        decimals += 1
    count = round((top - bottom) / step)
    ticks = [(bottom + i * step, f"{bottom + i * step:,.{decimals}f}") for i in range(count + 1)]
    return bottom, top, ticks


# --- readout --------------------------------------------------------------------------
def format_value(value: float | None, unit: str, lang: str) -> str:
    """One bucket's value: '1.23kWh' / '1.23 kWh', '1,234W', '45L', '1.2m³', '64%', '¥12'
    (whole yen, as a household reads money); None -> '—'."""
    if value is None or not math.isfinite(value):
        return DASH
    if unit == "W":
        return format_power(value, lang)
    if unit == "%":
        return format_percent(value)
    if unit == "¥":
        return format_yen(value)
    magnitude = abs(value)
    if unit == "L":
        decimals = 0 if magnitude >= 100 else 1
    elif unit == "m³":  # as gas bills and meters read
        decimals = 1
    else:  # kWh and anything else: two decimals for small buckets
        decimals = 2 if magnitude < 10 else 1 if magnitude < 1000 else 0
    return join_unit(f"{value:,.{decimals}f}", unit, lang)


def _date(moment: datetime, lang: str, *, weekday: bool) -> str:
    if lang == "ja":
        text = f"{moment.month}月{moment.day}日"
        return f"{text}({JA_WEEKDAYS[moment.weekday()]})" if weekday else text
    text = f"{moment.day} {EN_MONTHS[moment.month - 1]}"
    return f"{EN_WEEKDAYS[moment.weekday()]} {text}" if weekday else text


def _clock(moment: datetime, day_start: datetime) -> str:
    if moment.date() > day_start.date() and moment.hour == 0 and moment.minute == 0:
        return "24:00"  # the end of the day's last bucket
    return f"{moment.hour:02d}:{moment.minute:02d}"


def span_text(start_ts: float, width_s: float, period: Period, tz: tzinfo | None,
              lang: str) -> str:
    """The time span of one bucket, as the readout shows it."""
    start = local(start_ts, tz)
    if period is Period.LIVE:
        return f"{_date(start, lang, weekday=False)} {_clock(start, start)}"
    if period is Period.DAY:
        end = start + timedelta(seconds=float(width_s))
        return f"{_date(start, lang, weekday=False)} {_clock(start, start)}–{_clock(end, start)}"
    if period is Period.YEAR:
        return (f"{start.year}年{start.month}月" if lang == "ja"
                else f"{EN_MONTHS[start.month - 1]} {start.year}")
    return _date(start, lang, weekday=True)
