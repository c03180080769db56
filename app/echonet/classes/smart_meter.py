"""Low-voltage smart electric energy meter class 0x0288 (B-route meter).

0xE0/0xE3 (and the histories and fixed-time readings) decode to the raw count:
kWh = raw x coefficient (0xD3) x unit (0xE1); see `properties.scale_cumulative`.
"Normal direction" is purchase from the grid, "reverse" is sale to it.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from app.echonet.classes._types import (
    NO_DATA_U32,
    PropDef,
    cumulative_unit,
    expect_len,
    int_field,
    number,
    pack_int,
    phase_currents,
    raw_hex,
)
from app.echonet.codec import FrameError

CLASS_CODE = 0x0288

CUMULATIVE_MAX = 99_999_999  # the meter's effective digits (0xD7) may lower this
SLOTS = 48  # half-hour readings per day in the histories
DAY_MAX = 99  # 0xE5: how many days back the history 0xE2/0xE4 shows


DAY_DEFAULT = 0xFF  # 0xE5 / the day of 0xE2-0xE4 before a controller chose one


class DayHistory(NamedTuple):
    """0xE2/0xE4: the day (0 = today, n = n days ago; None = the meter's default) and
    48 half-hourly counts."""

    day: int | None
    counts: tuple[int | None, ...]


class TimedReading(NamedTuple):
    """0xEA/0xEB: a count at a whole half hour (local time of the meter)."""

    at: datetime | None
    count: int | None


def _count(raw: bytes) -> int | None:
    return int_field(raw, False, 0, CUMULATIVE_MAX, 1)  # type: ignore[return-value]


def _pack_count(value: int | None) -> bytes:
    return NO_DATA_U32 if value is None else pack_int(value, 4, False, 0, CUMULATIVE_MAX, 1)


def day_history(name: str) -> PropDef:
    """0xE2/0xE4 (and the board's 0xC3/0xC4): a day and its 48 half-hourly counts."""

    def decode(edt: bytes) -> DayHistory | None:
        expect_len(edt, 2 + 4 * SLOTS, name)
        day = int.from_bytes(edt[:2], "big")
        counts = tuple(_count(edt[i : i + 4]) for i in range(2, len(edt), 4))
        if day == DAY_DEFAULT:
            return DayHistory(None, counts)
        return DayHistory(day, counts) if day <= DAY_MAX else None

    def pack(value: DayHistory) -> bytes:
        day, counts = value
        code = DAY_DEFAULT if day is None else day
        if not (0 <= code <= DAY_MAX or code == DAY_DEFAULT) or len(counts) != SLOTS:
            raise ValueError(f"{name}: day 0..{DAY_MAX} and {SLOTS} counts")
        return code.to_bytes(2, "big") + b"".join(_pack_count(c) for c in counts)

    return PropDef(name, decode, pack=pack)


def _stamp(raw: bytes) -> datetime | None:
    """YYYY (2 bytes) MM DD hh mm ss; anything invalid (0xFF.. = no data) -> None."""
    try:
        return datetime(int.from_bytes(raw[:2], "big"), *raw[2:7])
    except ValueError:
        return None


def _timed(name: str) -> PropDef:
    def decode(edt: bytes) -> TimedReading:
        expect_len(edt, 11, name)
        return TimedReading(_stamp(edt[:7]), _count(edt[7:]))

    def pack(value: TimedReading) -> bytes:
        at, count = value
        if at is None:
            raise ValueError(f"{name}: needs a time")
        return _pack_stamp(at, 7) + _pack_count(count)

    return PropDef(name, decode, pack=pack)


class Segments(NamedTuple):
    """0xEC/0xEE: from `at` backwards, (normal, reverse) counts per segment; 0xD0: the
    counts at `at`, the last whole minute."""

    at: datetime | None
    pairs: tuple[tuple[int | None, int | None], ...]


class SegmentsDay(NamedTuple):
    """0xED/0xEF: the newest time of 0xEC/0xEE and how many segments they hold."""

    at: datetime | None
    count: int


def _pair(raw: bytes) -> tuple[int | None, int | None]:
    return _count(raw[:4]), _count(raw[4:8])


def _pack_stamp(at: datetime, size: int) -> bytes:
    """YYYY MM DD hh mm [ss]: 7 bytes with seconds, 6 without."""
    fields = (at.month, at.day, at.hour, at.minute, at.second)[: size - 2]
    return at.year.to_bytes(2, "big") + bytes(fields)


def _segments(name: str, most: int) -> PropDef:
    """YYYY MM DD hh mm (6 bytes), a count of segments (1..most), 8 bytes per segment."""

    def decode(edt: bytes) -> Segments:
        if len(edt) < 7 or len(edt) != 7 + 8 * edt[6] or not 1 <= edt[6] <= most:
            raise FrameError(f"{name}: segment count does not match length")
        pairs = tuple(_pair(edt[i : i + 8]) for i in range(7, len(edt), 8))
        return Segments(_stamp(edt[:6] + b"\x00"), pairs)

    def pack(value: Segments) -> bytes:
        at, pairs = value
        if at is None or not 1 <= len(pairs) <= most:
            raise ValueError(f"{name}: needs a time and 1..{most} segments")
        body = b"".join(_pack_count(n) + _pack_count(r) for n, r in pairs)
        return _pack_stamp(at, 6) + bytes((len(pairs),)) + body

    return PropDef(name, decode, pack=pack)


def _segments_day(name: str, most: int, settable: bool) -> PropDef:
    def decode(edt: bytes) -> SegmentsDay | None:
        expect_len(edt, 7, name)
        at = _stamp(edt[:6] + b"\x00")
        return SegmentsDay(at, edt[6]) if at is not None and 1 <= edt[6] <= most else None

    def encode(value: SegmentsDay) -> bytes:
        at, count = value
        if at is None or not 1 <= count <= most:
            raise ValueError(f"{name}: needs a time and a count 1..{most}")
        return _pack_stamp(at, 6) + bytes((count,))

    return PropDef(name, decode, encode if settable else None, pack=encode)


def _minute(edt: bytes) -> Segments:
    """0xD0: date and time (7 bytes), then the normal and reverse counts."""
    expect_len(edt, 15, "cumulative energy at every minute")
    return Segments(_stamp(edt[:7]), (_pair(edt[7:]),))


def _pack_minute(value: Segments) -> bytes:
    at, pairs = value
    if at is None or len(pairs) != 1:
        raise ValueError("cumulative energy at every minute: a time and one pair")
    return _pack_stamp(at, 7) + _pack_count(pairs[0][0]) + _pack_count(pairs[0][1])


def _day(edt: bytes) -> int | None:
    """0xE5: 0..99 days back; 0xFF (the default) and anything else -> None."""
    expect_len(edt, 1, "history day")
    return edt[0] if edt[0] <= DAY_MAX else None


def _pack_day(day: int) -> bytes:
    return pack_int(day, 1, False, 0, DAY_MAX, 1)


def history_day(name: str) -> PropDef:
    """0xE5 (and the board's 0xC5): which day the histories show, settable."""
    return PropDef(name, _day, _pack_day)


PROPERTIES: dict[int, PropDef] = {
    0xC0: raw_hex("route_b_id"),
    0xD0: PropDef("cumulative_at_minute_raw", _minute, pack=_pack_minute),
    0xD3: number("coefficient", 4, 0, 999_999),
    0xD7: number("effective_digits", 1, 1, 8),
    0xE0: number("cumulative_normal_raw", 4, 0, CUMULATIVE_MAX),
    0xE1: cumulative_unit("cumulative_unit_kwh"),
    0xE2: day_history("history_normal_raw"),
    0xE3: number("cumulative_reverse_raw", 4, 0, CUMULATIVE_MAX),
    0xE4: day_history("history_reverse_raw"),
    0xE5: history_day("history_day"),
    # Signed: negative while the house exports (PV surplus).
    0xE7: number("instantaneous_power_w", 4, -2_147_483_647, 2_147_483_645, signed=True),
    0xE8: phase_currents("instantaneous_currents_a"),
    0xEA: _timed("fixed_time_normal_raw"),
    0xEB: _timed("fixed_time_reverse_raw"),
    0xEC: _segments("history_2_raw", 12),
    0xED: _segments_day("history_2_day", 12, settable=True),
    0xEE: _segments("history_3_raw", 10),
    0xEF: _segments_day("history_3_day", 10, settable=True),
}

# Mandatory Gets (MRA Release R). 0xD3 is optional: a meter without it has coefficient 1.
MANDATORY_GET = frozenset({0xC0, 0xD0, 0xD7, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE7, 0xE8,
                           0xEA, 0xEB, 0xEE, 0xEF})
