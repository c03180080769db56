"""Power distribution board metering class 0x0287 (simplex channels only, for now).

Cumulative energies (0xC0/0xC1, list 0xB3, channels 0xD0-0xEF) decode to the raw
count; multiply by the unit in 0xC2 with `properties.scale_cumulative`.
Boards with many channels are read by setting a range (0xB2/0xB6) and then
getting the list (0xB3/0xB7); another controller may change that range, so
the list carries its own start channel and the caller must check it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from app.echonet.classes._types import (
    PhaseCurrents,
    PropDef,
    cumulative_unit,
    expect_len,
    int_field,
    number,
    phase_currents,
)
from app.echonet.codec import FrameError

CLASS_CODE = 0x0287

CUMULATIVE_MAX = 99_999_999  # 0xC0/0xC1/0xB3/0xD0.. valid range is 0..99,999,999
POWER_LO, POWER_HI = -2_147_483_647, 2_147_483_645  # signed long; 0x7FFFFFFE.. = no data
FIRST_CHANNEL_EPC, LAST_CHANNEL_EPC = 0xD0, 0xEF  # measurement channels 1..32


class ChannelList(NamedTuple):
    """0xB3/0xB7: values for channels start .. start + len(values) - 1."""

    start: int
    values: tuple[int | float | None, ...]


class ChannelReading(NamedTuple):
    """0xD0-0xEF: one channel's raw cumulative count and R/T currents (A)."""

    cumulative_raw: int | None
    currents: PhaseCurrents


class ChannelRange(NamedTuple):
    """0xB2/0xB6: which channels the next list Get returns."""

    start: int
    count: int


def _range_decode(edt: bytes) -> ChannelRange:
    expect_len(edt, 2, "channel range")
    return ChannelRange(edt[0], edt[1])


def _range_encode(value: tuple[int, int]) -> bytes:
    start, count = value
    # Channels are numbered 1..252; the range may not run past channel 252.
    if not (1 <= start <= 252 and 1 <= count <= 252 and start + count - 1 <= 252):
        raise ValueError(f"bad channel range start={start} count={count}")
    return bytes((start, count))


def _channel_list(signed: bool, lo: int, hi: int) -> Callable[[bytes], ChannelList]:
    def decode(edt: bytes) -> ChannelList:
        if len(edt) < 2 or len(edt) != 2 + 4 * edt[1]:
            raise FrameError("channel list: range does not match length")
        values = tuple(
            int_field(edt[i : i + 4], signed, lo, hi, 1) for i in range(2, len(edt), 4)
        )
        return ChannelList(edt[0], values)

    return decode


_CHANNEL_CURRENTS = phase_currents("channel currents")


def _channel(edt: bytes) -> ChannelReading:
    expect_len(edt, 8, "measurement channel")
    cumulative = int.from_bytes(edt[:4], "big")
    return ChannelReading(
        cumulative if cumulative <= CUMULATIVE_MAX else None, _CHANNEL_CURRENTS.decode(edt[4:])
    )


PROPERTIES: dict[int, PropDef] = {
    0xB0: number("master_rated_capacity_a", 1, 0, 0xFD),
    0xB1: number("channel_count", 1, 1, 252),
    0xB2: PropDef("cumulative_channel_range", _range_decode, _range_encode),
    0xB3: PropDef("cumulative_list_raw", _channel_list(False, 0, CUMULATIVE_MAX)),
    0xB6: PropDef("power_channel_range", _range_decode, _range_encode),
    0xB7: PropDef("power_list_w", _channel_list(True, POWER_LO, POWER_HI)),
    0xC0: number("cumulative_normal_raw", 4, 0, CUMULATIVE_MAX),
    0xC1: number("cumulative_reverse_raw", 4, 0, CUMULATIVE_MAX),
    0xC2: cumulative_unit("cumulative_unit_kwh"),
    0xC6: number("instantaneous_power_w", 4, POWER_LO, POWER_HI, signed=True),
    0xC7: phase_currents("instantaneous_currents_a"),
    **{
        epc: PropDef(f"channel_{epc - FIRST_CHANNEL_EPC + 1}", _channel)
        for epc in range(FIRST_CHANNEL_EPC, LAST_CHANNEL_EPC + 1)
    },
}
