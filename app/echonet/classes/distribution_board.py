"""Power distribution board metering class 0x0287 (Appendix Release R).

Cumulative energies (0xC0/0xC1, list 0xB3, channels 0xD0-0xEF) decode to the raw
count; multiply by the unit in 0xC2 with `properties.scale_cumulative`.
Boards with many channels are read by setting a range (0xB2/0xB4/0xB6: start
channel 1..252, count 1..60) and then getting the list (0xB3/0xB5/0xB7: start,
count, then one value per channel). Another controller may change that range, so
the list carries its own start channel and the caller must check it. A board
whose range was never set answers 0xFD 0xFD ("not set"), decoded to None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from app.echonet.classes._types import (
    NO_DATA_S32,
    NO_DATA_U32,
    PhaseCurrents,
    PropDef,
    cumulative_unit,
    expect_len,
    int_field,
    number,
    numbers,
    pack_int,
    phase_currents,
)
from app.echonet.classes.smart_meter import day_history, history_day
from app.echonet.codec import FrameError

CLASS_CODE = 0x0287

CUMULATIVE_MAX = 99_999_999  # 0xC0/0xC1/0xB3/0xD0.. valid range is 0..99,999,999
POWER_LO, POWER_HI = -2_147_483_647, 2_147_483_645  # signed long; 0x7FFFFFFE.. = no data
FIRST_CHANNEL_EPC, LAST_CHANNEL_EPC = 0xD0, 0xEF  # measurement channels 1..32
MAX_CHANNEL = 252
MAX_RANGE = 60  # the spec's limit on channels per range / list Get
MAX_DUPLEX_ENERGY_RANGE = 30  # 0xB9/0xBA: two counts per channel, so half as many
NOT_SET = 0xFD  # start and count of a range that was never set


class ChannelList(NamedTuple):
    """0xB3/0xB5/0xB7: values for channels start .. start + len(values) - 1."""

    start: int
    values: tuple[Any, ...]


class ChannelReading(NamedTuple):
    """0xD0-0xEF: one channel's raw cumulative count and R/T currents (A)."""

    cumulative_raw: int | None
    currents: PhaseCurrents


class ChannelRange(NamedTuple):
    """0xB2/0xB4/0xB6: which channels the next list Get returns."""

    start: int
    count: int


def _check_range(start: object, count: object, most: int = MAX_RANGE) -> None:
    if not (
        isinstance(start, int)
        and isinstance(count, int)
        and not isinstance(start, bool)
        and 1 <= start <= MAX_CHANNEL
        and 1 <= count <= most
        and start + count - 1 <= MAX_CHANNEL
    ):
        raise ValueError(f"bad channel range start={start!r} count={count!r}")


def _range_decode(edt: bytes) -> ChannelRange | None:
    expect_len(edt, 2, "channel range")
    return None if edt[0] == edt[1] == NOT_SET else ChannelRange(edt[0], edt[1])


def _range_encode(value: tuple[int, int]) -> bytes:
    if not isinstance(value, tuple) or len(value) != 2:
        raise ValueError(f"channel range needs (start, count), got {value!r}")
    _check_range(*value)
    return bytes(value)


def _duplex_energy_range_encode(value: tuple[int, int]) -> bytes:
    if not isinstance(value, tuple) or len(value) != 2:
        raise ValueError(f"channel range needs (start, count), got {value!r}")
    _check_range(*value, most=MAX_DUPLEX_ENERGY_RANGE)
    return bytes(value)


def _channel_list(
    name: str, size: int, value: Callable[[bytes], Any], pack: Callable[[Any], bytes],
    most: int = MAX_RANGE,
) -> PropDef:
    """A list of ``size``-byte values after a start and a count byte."""

    def decode(edt: bytes) -> ChannelList | None:
        if len(edt) >= 2 and edt[0] == edt[1] == NOT_SET:
            return None  # range never set; any trailing bytes carry no data
        # Lenient on the count (up to what one EDT holds); strict on the length.
        if len(edt) < 2 or len(edt) != 2 + size * edt[1]:
            raise FrameError("channel list: range does not match length")
        values = tuple(value(edt[i : i + size]) for i in range(2, len(edt), size))
        return ChannelList(edt[0], values)

    def encode(listed: ChannelList) -> bytes:
        if not isinstance(listed, tuple) or len(listed) != 2:
            raise ValueError(f"channel list needs (start, values), got {listed!r}")
        start, values = listed
        _check_range(start, len(values), most)
        return bytes((start, len(values))) + b"".join(pack(v) for v in values)

    return PropDef(name, decode, pack=encode)


def _cumulative(raw: bytes) -> int | None:
    return int_field(raw, False, 0, CUMULATIVE_MAX, 1)  # type: ignore[return-value]


def _pack_cumulative(value: int | None) -> bytes:
    return NO_DATA_U32 if value is None else pack_int(value, 4, False, 0, CUMULATIVE_MAX, 1)


def _power(raw: bytes) -> int | None:
    return int_field(raw, True, POWER_LO, POWER_HI, 1)  # type: ignore[return-value]


def _pack_power(value: int | None) -> bytes:
    return NO_DATA_S32 if value is None else pack_int(value, 4, True, POWER_LO, POWER_HI, 1)


_CURRENTS = phase_currents("channel currents")  # R/T in 0.1 A; 0x7FFE = not measured
assert _CURRENTS.pack is not None


def _duplex_energy(raw: bytes) -> tuple[int | None, int | None]:
    """0xBA: one duplex channel's normal and reverse counts."""
    return _cumulative(raw[:4]), _cumulative(raw[4:])


def _pack_duplex_energy(value: tuple[int | None, int | None]) -> bytes:
    if not isinstance(value, tuple) or len(value) != 2:
        raise ValueError(f"duplex channel needs (normal, reverse), got {value!r}")
    return _pack_cumulative(value[0]) + _pack_cumulative(value[1])


def _channel(edt: bytes) -> ChannelReading:
    expect_len(edt, 8, "measurement channel")
    return ChannelReading(_cumulative(edt[:4]), _CURRENTS.decode(edt[4:]))


def _pack_channel(reading: tuple[int | None, tuple[float | None, float | None]]) -> bytes:
    if not isinstance(reading, tuple) or len(reading) != 2:
        raise ValueError(f"channel reading needs (cumulative, currents), got {reading!r}")
    cumulative, currents = reading
    return _pack_cumulative(cumulative) + _CURRENTS.pack(currents)  # type: ignore[misc]


PROPERTIES: dict[int, PropDef] = {
    0xB0: number("master_rated_capacity_a", 1, 0, 0xFD),
    0xB1: number("channel_count", 1, 1, MAX_CHANNEL),
    0xB2: PropDef("cumulative_channel_range", _range_decode, _range_encode),
    0xB3: _channel_list("cumulative_list_raw", 4, _cumulative, _pack_cumulative),
    0xB4: PropDef("current_channel_range", _range_decode, _range_encode),
    0xB5: _channel_list("current_list_a", 4, _CURRENTS.decode, _CURRENTS.pack),
    0xB6: PropDef("power_channel_range", _range_decode, _range_encode),
    0xB7: _channel_list("power_list_w", 4, _power, _pack_power),
    # Duplex channels (a circuit that can also feed the house: PV, battery).
    0xB8: number("duplex_channel_count", 1, 1, MAX_CHANNEL),
    0xB9: PropDef("duplex_cumulative_channel_range", _range_decode, _duplex_energy_range_encode),
    0xBA: _channel_list("duplex_cumulative_list_raw", 8, _duplex_energy, _pack_duplex_energy,
                        MAX_DUPLEX_ENERGY_RANGE),
    0xBB: PropDef("duplex_current_channel_range", _range_decode, _range_encode),
    0xBC: _channel_list("duplex_current_list_a", 4, _CURRENTS.decode, _CURRENTS.pack),
    0xBD: PropDef("duplex_power_channel_range", _range_decode, _range_encode),
    0xBE: _channel_list("duplex_power_list_w", 4, _power, _pack_power),
    # The main line: normal direction = purchase, reverse = sale.
    0xC0: number("cumulative_normal_raw", 4, 0, CUMULATIVE_MAX),
    0xC1: number("cumulative_reverse_raw", 4, 0, CUMULATIVE_MAX),
    0xC2: cumulative_unit("cumulative_unit_kwh"),
    0xC3: day_history("history_normal_raw"),
    0xC4: day_history("history_reverse_raw"),
    0xC5: history_day("history_day"),
    # Signed like the smart meter's 0xE7: purchase positive, sale negative.
    0xC6: number("instantaneous_power_w", 4, POWER_LO, POWER_HI, signed=True),
    0xC7: phase_currents("instantaneous_currents_a"),
    0xC8: numbers("instantaneous_voltages_v", 2, 2, 0, 65533, divisor=10),  # R-N, T-N
    **{
        epc: PropDef(f"channel_{epc - FIRST_CHANNEL_EPC + 1}", _channel, pack=_pack_channel)
        for epc in range(FIRST_CHANNEL_EPC, LAST_CHANNEL_EPC + 1)
    },
}

# Mandatory Gets beyond the super class (MRA Release R): the main line's energies and unit.
MANDATORY_GET: frozenset[int] = frozenset({0xC0, 0xC1, 0xC2})
