"""Property maps (0x9D-0x9F) and node-profile instance lists (0xD5/0xD6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.echonet.codec import (
    EOJ,
    FrameError,
    decode_instance_list,
    decode_property_map,
    encode_instance_list,
    encode_property_map,
)
from tests.echonet.strategies import eojs

epc_sets = st.frozensets(st.integers(0x80, 0xFF), max_size=128)


def test_list_form_by_hand() -> None:
    edt = bytes.fromhex("04 80 81 88 9F")
    assert decode_property_map(edt) == {0x80, 0x81, 0x88, 0x9F}
    assert encode_property_map([0x9F, 0x88, 0x81, 0x80]) == edt


def test_empty_map() -> None:
    assert encode_property_map([]) == b"\x00"
    assert decode_property_map(b"\x00") == frozenset()


def test_bitmap_form_by_hand() -> None:
    # 16 EPCs: 0x80..0x8F -> bit 0 (high nibble 8) of bytes 0..15.
    epcs = set(range(0x80, 0x90))
    edt = bytes([16]) + bytes([0x01] * 16)
    assert encode_property_map(epcs) == edt
    assert decode_property_map(edt) == epcs


def test_bitmap_bit_layout() -> None:
    # EPC 0xE7: byte index 7 (low nibble), bit 6 (0xE - 8); 0xFF: byte 15, bit 7.
    edt = bytearray(17)
    edt[0] = 16
    edt[1 + 0x7] = 1 << 6
    edt[1 + 0xF] = 1 << 7
    assert decode_property_map(bytes(edt)) == {0xE7, 0xFF}


def test_switches_to_bitmap_at_16_entries() -> None:
    fifteen = set(range(0x80, 0x8F))
    assert len(encode_property_map(fifteen)) == 16  # count + 15 EPCs
    assert len(encode_property_map(fifteen | {0xF0})) == 17  # count + 16-byte bitmap
    assert encode_property_map(fifteen | {0xF0})[0] == 16


@pytest.mark.parametrize(
    "edt",
    [
        b"",  # no count
        bytes.fromhex("03 80 81"),  # list shorter than its count
        bytes.fromhex("01 80 81"),  # list longer than its count
        bytes.fromhex("01 7F"),  # EPC below 0x80
        bytes([16]) + bytes(15),  # bitmap one byte short
        bytes([20]) + bytes(17),  # bitmap one byte long
    ],
)
def test_malformed_maps(edt: bytes) -> None:
    with pytest.raises(FrameError):
        decode_property_map(edt)


@pytest.mark.parametrize("epcs", [[0x7F], [0x100], [-1]])
def test_unencodable_map(epcs: list[int]) -> None:
    with pytest.raises(FrameError):
        encode_property_map(epcs)


@given(epc_sets)
def test_map_round_trip(epcs: frozenset[int]) -> None:
    edt = encode_property_map(epcs)
    assert edt[0] == len(epcs)
    assert len(edt) == (1 + len(epcs) if len(epcs) < 16 else 17)
    assert decode_property_map(edt) == epcs


@given(st.binary(max_size=20))
def test_map_decode_raises_only_frame_error(edt: bytes) -> None:
    try:
        decode_property_map(edt)
    except FrameError:
        pass


def test_instance_list_by_hand() -> None:
    edt = bytes.fromhex("02 028701 027901")
    eojs_ = (EOJ(0x02, 0x87, 0x01), EOJ(0x02, 0x79, 0x01))
    assert decode_instance_list(edt) == eojs_
    assert encode_instance_list(eojs_) == edt


@pytest.mark.parametrize("edt", [b"", bytes.fromhex("02 028701"), bytes.fromhex("01 0287")])
def test_malformed_instance_list(edt: bytes) -> None:
    with pytest.raises(FrameError):
        decode_instance_list(edt)


def test_instance_list_limit() -> None:
    assert len(encode_instance_list([EOJ(2, 0x87, 1)] * 84)) == 253
    with pytest.raises(FrameError):
        encode_instance_list([EOJ(2, 0x87, 1)] * 85)


@given(st.lists(eojs, max_size=84))
def test_instance_list_round_trip(items: list[EOJ]) -> None:
    assert decode_instance_list(encode_instance_list(items)) == tuple(items)
