"""encode_value: publishing read-only values; decode(encode_value(x)) == x."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.echonet.codec import EOJ
from app.echonet.properties import UnknownProperty, decode, encode, encode_value
from tests.echonet.strategies import eojs

BOARD, METER, PV, BATTERY, NODE = 0x0287, 0x0288, 0x0279, 0x027D, 0x0EF0


@pytest.mark.parametrize(
    ("class_code", "epc", "value", "edt"),
    [
        (METER, 0xE7, -500, "FFFFFE0C"),
        (METER, 0xE1, 0.1, "01"),
        (METER, 0xE1, 1000, "0C"),
        (METER, 0xE8, (5.0, None), "00327FFE"),
        (PV, 0xE1, 1.234, "000004D2"),
        (BATTERY, 0xCF, "charging", "42"),  # read-only enum
        (BATTERY, 0xE4, 50, "32"),
        (PV, 0x88, "no_fault", "42"),
        (PV, 0x82, "J rev.1", "00004A01"),
        (PV, 0x8A, 0x00000B, "00000B"),
        (PV, 0x83, "FE00000B01", "FE00000B01"),
        (PV, 0x9F, frozenset({0x80, 0xE0}), "0280E0"),
        (NODE, 0x82, "1.13", "010D0100"),
        (NODE, 0xD3, 2, "000002"),
        (NODE, 0xD6, (EOJ(2, 0x7D, 1),), "01027D01"),
        (NODE, 0xD7, (0x0287, 0x0279), "0202870279"),
    ],
)
def test_encode_value_known(class_code: int, epc: int, value: object, edt: str) -> None:
    assert encode_value(class_code, epc, value) == bytes.fromhex(edt)
    assert decode(class_code, epc, bytes.fromhex(edt)) == value


@pytest.mark.parametrize(
    ("class_code", "epc", "value"),
    [
        (BATTERY, 0xE4, 101),  # > 100 %
        (METER, 0xE7, 2**31),
        (PV, 0xE0, -1),
        (PV, 0xE0, "5"),
        (PV, 0xE0, True),
        (METER, 0xE1, 0.5),  # not a power of ten
        (BATTERY, 0xCF, "flying"),
        (BOARD, 0xB3, None),  # channel lists: no packer yet
    ],
)
def test_encode_value_rejects(class_code: int, epc: int, value: object) -> None:
    with pytest.raises(ValueError):
        encode_value(class_code, epc, value)


def test_encode_value_unknown_epc_and_encode_still_read_only() -> None:
    with pytest.raises(UnknownProperty):
        encode_value(PV, 0xF0, 1)
    with pytest.raises(UnknownProperty):  # the client's Set encoder is unchanged
        encode(BATTERY, 0xCF, "charging")


@given(st.integers(0, 999_999_999))
def test_kwh_round_trip(raw: int) -> None:
    kwh = raw / 1000 if raw % 1000 else raw // 1000
    assert decode(PV, 0xE1, encode_value(PV, 0xE1, kwh)) == kwh


@given(st.integers(-2_147_483_647, 2_147_483_645))
def test_signed_watts_round_trip(watts: int) -> None:
    assert decode(METER, 0xE7, encode_value(METER, 0xE7, watts)) == watts


@given(st.tuples(*[st.none() | st.integers(-32767, 32765).map(lambda r: r / 10)] * 2))
def test_currents_round_trip(currents: tuple[float | None, float | None]) -> None:
    assert tuple(decode(METER, 0xE8, encode_value(METER, 0xE8, currents))) == currents


@given(st.lists(eojs, max_size=84).map(tuple))
def test_instance_list_round_trip(instances: tuple[EOJ, ...]) -> None:
    assert decode(NODE, 0xD6, encode_value(NODE, 0xD6, instances)) == instances


@given(st.frozensets(st.integers(0x80, 0xFF)))
def test_property_map_round_trip(epcs: frozenset[int]) -> None:
    assert decode(PV, 0x9F, encode_value(PV, 0x9F, epcs)) == epcs
