"""Property tables: physical values, sentinels, enums, settable encodes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.echonet.classes.distribution_board import ChannelList, ChannelRange, ChannelReading
from app.echonet.classes.storage_battery import OPERATION_MODES
from app.echonet.codec import EOJ, FrameError
from app.echonet.properties import (
    UnknownProperty,
    decode,
    encode,
    known_classes,
    lookup,
    property_name,
    scale_cumulative,
)

BOARD, METER, PV, BATTERY, NODE = 0x0287, 0x0288, 0x0279, 0x027D, 0x0EF0
AIRCON = 0x0130
AIR_CLEANER = 0x0135  # no table: only super-class EPCs are known
NEW_CLASSES = {0x027C, 0x027E, 0x0130, 0x026B, 0x0282, 0x0281, 0x0290, 0x0272}


def h(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(
    ("class_code", "epc", "edt", "expected"),
    [
        # super class, for any class code
        (BOARD, 0x80, h("30"), "on"),
        (AIRCON, 0x80, h("31"), "off"),
        (AIR_CLEANER, 0x80, h("30"), "on"),
        (PV, 0x88, h("41"), "fault"),
        (PV, 0x88, h("42"), "no_fault"),
        (METER, 0x84, h("01F4"), 500),
        (METER, 0x85, h("000004D2"), 1.234),
        (BATTERY, 0x82, h("0000 4A 01"), "J rev.1"),
        (BATTERY, 0x8A, h("00000B"), 0x00000B),
        (BATTERY, 0x9F, h("03 80 88 DA"), frozenset({0x80, 0x88, 0xDA})),
        # node profile
        (NODE, 0x82, h("010D0100"), "1.13"),
        (NODE, 0xD3, h("000002"), 2),
        (NODE, 0xD6, h("01 027D01"), (EOJ(0x02, 0x7D, 0x01),)),
        (NODE, 0xD7, h("02 0287 0279"), (0x0287, 0x0279)),
        # smart meter
        (METER, 0xD3, h("0000000A"), 10),
        (METER, 0xD7, h("06"), 6),
        (METER, 0xE0, h("00003039"), 12345),
        (METER, 0xE1, h("01"), 0.1),
        (METER, 0xE1, h("0A"), 10),
        (METER, 0xE7, h("FFFFFE0C"), -500),  # signed: exporting
        (METER, 0xE7, h("000001F4"), 500),
        (METER, 0xE8, h("0032 FFF6"), (5.0, -1.0)),
        # distribution board
        (BOARD, 0xC0, h("05F5E0FF"), 99_999_999),
        (BOARD, 0xC2, h("02"), 0.01),
        (BOARD, 0xC6, h("80000001"), -2_147_483_647),
        (BOARD, 0xB1, h("20"), 32),
        (BOARD, 0xB3, h("03 02 00000001 00000002"), ChannelList(3, (1, 2))),
        (BOARD, 0xB7, h("01 02 FFFFFF9C 7FFFFFFE"), ChannelList(1, (-100, None))),
        (BOARD, 0xB7, h("05 00"), ChannelList(5, ())),
        (BOARD, 0xB6, h("01 10"), ChannelRange(1, 16)),
        (BOARD, 0xB2, h("21 3C"), ChannelRange(33, 60)),
        (BOARD, 0xB4, h("01 02"), ChannelRange(1, 2)),
        (BOARD, 0xB6, h("FD FD"), None),  # range never set
        (BOARD, 0xB7, h("FD FD 7FFFFFFE"), None),
        (BOARD, 0xB3, h("FD FD"), None),
        (BOARD, 0xB3, h("01 02 05F5E0FF FFFFFFFE"), ChannelList(1, (99_999_999, None))),
        (BOARD, 0xB5, h("02 02 0014 7FFE FFEC 0005"),
         ChannelList(2, ((2.0, None), (-2.0, 0.5)))),
        (BOARD, 0xD0, h("00000064 0014 FFEC"), ChannelReading(100, (2.0, -2.0))),
        # PV
        (PV, 0xE0, h("0BB8"), 3000),
        (PV, 0xE1, h("0001E240"), 123.456),
        # storage battery
        (BATTERY, 0xD3, h("FFFFFC18"), -1000),  # discharging
        (BATTERY, 0xD3, h("000003E8"), 1000),  # charging
        (BATTERY, 0xE4, h("64"), 100),
        (BATTERY, 0xE4, h("00"), 0),
        (BATTERY, 0xDA, h("46"), "auto"),
        (BATTERY, 0xCF, h("43"), "discharging"),
    ],
)
def test_decode_known_values(class_code: int, epc: int, edt: bytes, expected: object) -> None:
    assert decode(class_code, epc, edt) == expected


@pytest.mark.parametrize(
    ("class_code", "epc", "edt"),
    [
        (METER, 0xE7, h("7FFFFFFE")),  # no data
        (METER, 0xE7, h("7FFFFFFF")),  # overflow
        (METER, 0xE7, h("80000000")),  # underflow
        (BATTERY, 0xD3, h("7FFFFFFE")),
        (BOARD, 0xC6, h("80000000")),
        (BOARD, 0xC0, h("FFFFFFFE")),
        (BOARD, 0xC0, h("05F5E100")),  # 100,000,000: past the 8-digit range
        (METER, 0xE0, h("FFFFFFFE")),
        (PV, 0xE0, h("FFFE")),
        (PV, 0xE1, h("FFFFFFFE")),
        (BATTERY, 0xE4, h("65")),  # 101 %
        (BATTERY, 0xE4, h("FD")),
        (METER, 0x84, h("FFFE")),
        (BATTERY, 0x80, h("32")),  # unknown enum code
        (BATTERY, 0xDA, h("47")),
    ],
)
def test_sentinels_and_out_of_range_decode_to_none(class_code: int, epc: int, edt: bytes) -> None:
    assert decode(class_code, epc, edt) is None


def test_single_phase_meter_t_current_is_none() -> None:
    assert decode(METER, 0xE8, h("0032 7FFE")) == (5.0, None)
    assert decode(METER, 0xE8, h("0032 7FFE")).t is None


def test_channel_with_no_data() -> None:
    reading = decode(BOARD, 0xEF, h("FFFFFFFE 7FFE 7FFE"))
    assert reading == ChannelReading(None, (None, None))
    assert property_name(BOARD, 0xEF) == "channel_32"


@pytest.mark.parametrize(
    ("class_code", "epc", "edt"),
    [
        (METER, 0xE7, h("01F4")),
        (METER, 0xE7, h("0000000001F4")),
        (BOARD, 0x80, b""),
        (BATTERY, 0xE4, h("0064")),
        (METER, 0xE1, h("05")),  # undefined unit code
        (BOARD, 0xB7, h("01 02 00000001")),  # range says 2, one value
        (BOARD, 0xB7, h("01")),
        (BOARD, 0xB3, h("01 01 000001")),
        (BOARD, 0xB5, h("01 01 0014")),  # one channel needs R and T
        (BOARD, 0xB6, h("01")),
        (BOARD, 0xD0, h("00000064 0014")),
        (NODE, 0xD6, h("02 027D01")),
        (NODE, 0xD7, h("02 0287")),
        (BATTERY, 0x9F, h("05 80")),
    ],
)
def test_wrong_length_raises_frame_error(class_code: int, epc: int, edt: bytes) -> None:
    with pytest.raises(FrameError):
        decode(class_code, epc, edt)


@pytest.mark.parametrize(
    ("class_code", "epc"),
    [(METER, 0xF5), (PV, 0xEA), (AIR_CLEANER, 0xB0), (AIRCON, 0xE0), (0x0000, 0xE0),
     (BOARD, 0x00), (BOARD, 0xCA)],
)
def test_unknown_property(class_code: int, epc: int) -> None:
    with pytest.raises(UnknownProperty) as info:
        decode(class_code, epc, b"\x00")
    assert isinstance(info.value, KeyError)
    assert (info.value.class_code, info.value.epc) == (class_code, epc)


def test_class_table_overrides_super_class() -> None:
    assert lookup(NODE, 0x82).name == "version"
    assert lookup(BOARD, 0x82).name == "standard_version"
    assert known_classes() == {BOARD, METER, PV, BATTERY, NODE} | NEW_CLASSES


def test_encode_settable() -> None:
    assert encode(BATTERY, 0x80, "on") == b"\x30"
    assert encode(AIRCON, 0x80, "off") == b"\x31"
    assert encode(BATTERY, 0xDA, "charging") == b"\x42"
    assert encode(BATTERY, 0xDA, "discharging") == b"\x43"
    assert encode(BOARD, 0xB6, (33, 16)) == b"\x21\x10"
    assert encode(BOARD, 0xB2, (193, 60)) == b"\xc1\x3c"  # 60 channels, up to 252


@pytest.mark.parametrize(
    ("class_code", "epc", "value"),
    [(BATTERY, 0xDA, "turbo"), (BATTERY, 0x80, True), (BOARD, 0xB2, (0, 5)),
     (BOARD, 0xB2, (250, 5)), (BOARD, 0xB6, (1, 61)), (BOARD, 0xB4, (1, 0)),
     (BOARD, 0xB6, (True, 5)), (BOARD, 0xB6, 5), (BOARD, 0xB6, (1, 2, 3))],
)
def test_encode_rejects_bad_values(class_code: int, epc: int, value: object) -> None:
    with pytest.raises(ValueError):
        encode(class_code, epc, value)


def test_encode_read_only_is_unknown() -> None:
    with pytest.raises(UnknownProperty):
        encode(METER, 0xE7, 500)


@given(st.sampled_from(sorted(OPERATION_MODES.values())))
def test_operation_mode_round_trip(mode: str) -> None:
    assert decode(BATTERY, 0xDA, encode(BATTERY, 0xDA, mode)) == mode


@given(st.integers(-2_147_483_647, 2_147_483_645))
def test_signed_power_round_trip(watts: int) -> None:
    assert decode(METER, 0xE7, watts.to_bytes(4, "big", signed=True)) == watts


def test_scale_cumulative() -> None:
    assert scale_cumulative(12345, h("01")) == 1234.5
    assert scale_cumulative(12345, h("00")) == 12345
    assert scale_cumulative(3, h("0B"), coefficient=10) == 3000
    assert scale_cumulative(1, h("04")) == 0.0001
    assert scale_cumulative(None, h("01")) is None
    with pytest.raises(FrameError):
        scale_cumulative(1, h("05"))
    with pytest.raises(FrameError):
        scale_cumulative(1, b"")
