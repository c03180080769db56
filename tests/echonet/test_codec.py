"""Frame codec: hand-written vectors from the spec, round trips, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.echonet.codec import (
    EOJ,
    ESV,
    NODE_PROFILE,
    Frame,
    FrameError,
    Property,
    decode_frame,
    encode_frame,
)
from tests.echonet.strategies import frames

CONTROLLER = EOJ(0x05, 0xFF, 0x01)

# Get request, controller -> node profile, EPC 0xD6 (self-node instance list S).
GET_D6 = bytes.fromhex("1081 0001 05FF01 0EF001 62 01 D600")
# Its answer: one instance, a distribution board 0x028701.
GET_RES_D6 = bytes.fromhex("1081 0001 0EF001 05FF01 72 01 D604 01028701")
# SetGet: set 0x80 = on, get 0x80 and 0x88, to storage battery 0x027D01.
SETGET = bytes.fromhex("1081 ABCD 05FF01 027D01 6E 01 800130 02 8000 8800")


def test_get_request_vector_encodes_byte_for_byte() -> None:
    frame = Frame(1, CONTROLLER, NODE_PROFILE, ESV.Get, (Property(0xD6),))
    assert encode_frame(frame) == GET_D6
    assert decode_frame(GET_D6) == frame


def test_get_response_vector() -> None:
    frame = decode_frame(GET_RES_D6)
    assert frame.esv is ESV.Get_Res
    assert frame.seoj == NODE_PROFILE and frame.seoj.class_code16 == 0x0EF0
    assert frame.properties == (Property(0xD6, bytes.fromhex("01028701")),)


def test_setget_vector_has_two_blocks() -> None:
    frame = decode_frame(SETGET)
    assert frame.tid == 0xABCD
    assert frame.deoj.class_code16 == 0x027D
    assert frame.properties == (Property(0x80, b"\x30"),)
    assert frame.get_properties == (Property(0x80), Property(0x88))
    assert encode_frame(frame) == SETGET


def test_esv_codes() -> None:
    assert {e.name: e.value for e in ESV} == {
        "SetI": 0x60, "SetC": 0x61, "Get": 0x62, "INF_REQ": 0x63, "SetGet": 0x6E,
        "Set_Res": 0x71, "Get_Res": 0x72, "INF": 0x73, "INFC": 0x74, "INFC_Res": 0x7A,
        "SetGet_Res": 0x7E, "SetI_SNA": 0x50, "SetC_SNA": 0x51, "Get_SNA": 0x52,
        "INF_SNA": 0x53, "SetGet_SNA": 0x5E,
    }


def test_eoj_int_and_bytes() -> None:
    eoj = EOJ.from_int(0x028701)
    assert eoj == EOJ(0x02, 0x87, 0x01)
    assert eoj.class_code16 == 0x0287
    assert eoj.to_bytes() == b"\x02\x87\x01"
    assert eoj.to_int() == 0x028701
    assert str(eoj) == "028701"
    with pytest.raises(FrameError):
        EOJ.from_int(0x1000000)
    with pytest.raises(FrameError):
        EOJ(0x100, 0, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "too short"),
        (GET_D6[:11], "too short"),
        (b"\x10\x82" + GET_D6[2:], "EHD"),
        (b"\x11\x81" + GET_D6[2:], "EHD"),
        (GET_D6[:10] + b"\x99" + GET_D6[11:], "ESV"),
        (GET_D6[:11] + b"\x02" + GET_D6[12:], "property 2 of 2"),
        (GET_RES_D6[:-1], "PDC 4 runs past"),
        (GET_D6 + b"\x00", "trailing"),
        (SETGET[:-2], "property 2 of 2"),
        (SETGET[:-5], "OPC missing"),
    ],
)
def test_malformed_frames_raise_frame_error(data: bytes, message: str) -> None:
    with pytest.raises(FrameError, match=message):
        decode_frame(data)


def test_frame_error_is_a_value_error() -> None:
    assert issubclass(FrameError, ValueError)


@pytest.mark.parametrize(
    "frame",
    [
        Frame(0x10000, CONTROLLER, NODE_PROFILE, ESV.Get, ()),
        Frame(-1, CONTROLLER, NODE_PROFILE, ESV.Get, ()),
        Frame(1, CONTROLLER, NODE_PROFILE, ESV.Get, (Property(0x100),)),
        Frame(1, CONTROLLER, NODE_PROFILE, ESV.SetC, (Property(0x80, bytes(256)),)),
        Frame(1, CONTROLLER, NODE_PROFILE, ESV.Get, (Property(0x80),) * 256),
        Frame(1, CONTROLLER, NODE_PROFILE, 0x99, ()),  # type: ignore[arg-type]
        Frame(1, CONTROLLER, NODE_PROFILE, ESV.Get, (), (Property(0x80),)),
    ],
    ids=["tid-high", "tid-negative", "epc", "pdc", "opc", "esv", "get-block-on-get"],
)
def test_encode_validates_ranges(frame: Frame) -> None:
    with pytest.raises(FrameError):
        encode_frame(frame)


def test_encode_accepts_limits() -> None:
    frame = Frame(0xFFFF, CONTROLLER, NODE_PROFILE, ESV.SetC, (Property(0xFF, bytes(255)),) * 255)
    assert decode_frame(encode_frame(frame)) == frame


@given(frames())
def test_round_trip(frame: Frame) -> None:
    assert decode_frame(encode_frame(frame)) == frame


@given(st.binary(max_size=64))
def test_arbitrary_bytes_raise_only_frame_error(data: bytes) -> None:
    try:
        decode_frame(data)
    except FrameError:
        pass


@given(st.binary(max_size=48))
def test_arbitrary_body_after_valid_header_raise_only_frame_error(body: bytes) -> None:
    # Random bytes rarely get past EHD/ESV; this drives the property parser.
    try:
        frame = decode_frame(GET_D6[:10] + b"\x72" + body)
    except FrameError:
        return
    assert encode_frame(frame) == GET_D6[:10] + b"\x72" + body


@given(frames(), st.data())
def test_mutated_valid_frames_raise_only_frame_error(frame: Frame, data: st.DataObject) -> None:
    raw = bytearray(encode_frame(frame))
    action = data.draw(st.sampled_from(["flip", "cut", "append", "insert"]))
    pos = data.draw(st.integers(0, len(raw) - 1))
    if action == "flip":
        raw[pos] ^= data.draw(st.integers(1, 255))
    elif action == "cut":
        del raw[pos:]
    elif action == "append":
        raw += data.draw(st.binary(min_size=1, max_size=8))
    else:
        raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=4))
    try:
        decoded = decode_frame(bytes(raw))
    except FrameError:
        return
    # Whatever still parses must be a faithful reading of those bytes.
    assert encode_frame(decoded) == bytes(raw)
