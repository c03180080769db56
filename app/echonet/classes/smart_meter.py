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
)
from app.echonet.codec import FrameError

CLASS_CODE = 0x0288

CUMULATIVE_MAX = 99_999_999  # the meter's effective digits (0xD7) may lower this
SLOTS = 48  # half-hour readings per day in the histories
DAY_MAX = 99  # 0xE5: how many days back the history 0xE2/0xE4 shows


class DayHistory(NamedTuple):
    """0xE2/0xE4: the day (0 = today, n = n days ago) and 48 half-hourly counts."""

    day: int
    counts: tuple[int | None, ...]


class TimedReading(NamedTuple):
    """0xEA/0xEB: a count at a whole half hour (local time of the meter)."""

    at: datetime | None
    count: int | None


def _count(raw: bytes) -> int | None:
    return int_field(raw, False, 0, CUMULATIVE_MAX, 1)  # type: ignore[return-value]


def _pack_count(value: int | None) -> bytes:
    return NO_DATA_U32 if value is None else pack_int(value, 4, False, 0, CUMULATIVE_MAX, 1)


def _history(name: str) -> PropDef:
    def decode(edt: bytes) -> DayHistory | None:
        expect_len(edt, 2 + 4 * SLOTS, name)
        day = int.from_bytes(edt[:2], "big")
        counts = tuple(_count(edt[i : i + 4]) for i in range(2, len(edt), 4))
        return DayHistory(day, counts) if day <= DAY_MAX else None

    def pack(value: DayHistory) -> bytes:
        day, counts = value
        if not 0 <= day <= DAY_MAX or len(counts) != SLOTS:
            raise ValueError(f"{name}: day 0..{DAY_MAX} and {SLOTS} counts")
        return day.to_bytes(2, "big") + b"".join(_pack_count(c) for c in counts)

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
        stamp = at.year.to_bytes(2, "big") + bytes((at.month, at.day, at.hour, at.minute,
                                                    at.second))
        return stamp + _pack_count(count)

    return PropDef(name, decode, pack=pack)


class History2(NamedTuple):
    """0xEC: from `at` backwards, (normal, reverse) counts per half hour."""

    at: datetime | None
    pairs: tuple[tuple[int | None, int | None], ...]


def _history_2(edt: bytes) -> History2:
    """YYYY MM DD hh mm (6 bytes), a count of segments (1..12), 8 bytes per segment."""
    if len(edt) < 7 or len(edt) != 7 + 8 * edt[6]:
        raise FrameError("historical data 2: segment count does not match length")
    at = _stamp(edt[:6] + b"\x00")
    pairs = tuple((_count(edt[i : i + 4]), _count(edt[i + 4 : i + 8]))
                  for i in range(7, len(edt), 8))
    return History2(at, pairs)


def _history_2_day(edt: bytes) -> tuple[datetime | None, int] | None:
    """0xED: the newest half hour of 0xEC and how many segments (1..12) it holds."""
    expect_len(edt, 7, "day for historical data 2")
    return (_stamp(edt[:6] + b"\x00"), edt[6]) if 1 <= edt[6] <= 12 else None


PROPERTIES: dict[int, PropDef] = {
    0xD3: number("coefficient", 4, 0, 999_999),
    0xD7: number("effective_digits", 1, 1, 8),
    0xE0: number("cumulative_normal_raw", 4, 0, CUMULATIVE_MAX),
    0xE1: cumulative_unit("cumulative_unit_kwh"),
    0xE2: _history("history_normal_raw"),
    0xE3: number("cumulative_reverse_raw", 4, 0, CUMULATIVE_MAX),
    0xE4: _history("history_reverse_raw"),
    0xE5: number("history_day", 1, 0, DAY_MAX, settable=True),
    # Signed: negative while the house exports (PV surplus).
    0xE7: number("instantaneous_power_w", 4, -2_147_483_647, 2_147_483_645, signed=True),
    0xE8: phase_currents("instantaneous_currents_a"),
    0xEA: _timed("fixed_time_normal_raw"),
    0xEB: _timed("fixed_time_reverse_raw"),
    0xEC: PropDef("history_2_raw", _history_2),
    0xED: PropDef("history_2_day", _history_2_day),
}

# The Appendix's mandatory Gets (0xD3 when the coefficient is not 1); the reverse
# direction (0xE3, 0xE4, 0xEB) is mandatory for a meter that measures it.
MANDATORY_GET = frozenset({0xD3, 0xD7, 0xE0, 0xE1, 0xE2, 0xE5, 0xE7, 0xE8, 0xEA})
