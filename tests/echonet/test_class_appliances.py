"""Home air conditioner, electric water heater and general lighting tables."""

from __future__ import annotations

import pytest

from app.echonet.codec import FrameError
from app.echonet.properties import UnknownProperty, decode, encode

AIRCON, HEATER, LIGHT = 0x0130, 0x026B, 0x0290


def h(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(
    ("class_code", "epc", "edt", "expected"),
    [
        # home air conditioner
        (AIRCON, 0xA0, h("41"), "auto"),
        (AIRCON, 0xA0, h("31"), 1),
        (AIRCON, 0xA0, h("38"), 8),
        (AIRCON, 0xB0, h("41"), "auto"),
        (AIRCON, 0xB0, h("42"), "cooling"),
        (AIRCON, 0xB0, h("43"), "heating"),
        (AIRCON, 0xB0, h("44"), "dehumidification"),
        (AIRCON, 0xB0, h("45"), "air_circulator"),
        (AIRCON, 0xB0, h("40"), "other"),
        (AIRCON, 0xB3, h("1A"), 26),
        (AIRCON, 0xB3, h("32"), 50),
        (AIRCON, 0xBA, h("37"), 55),
        (AIRCON, 0xBB, h("19"), 25),
        (AIRCON, 0xBB, h("FB"), -5),  # signed
        (AIRCON, 0xBB, h("7D"), 125),
        (AIRCON, 0xBB, h("81"), -127),
        (AIRCON, 0xBE, h("F6"), -10),
        (AIRCON, 0x84, h("0190"), 400),  # super class
        # electric water heater
        (HEATER, 0xB0, h("41"), "auto"),
        (HEATER, 0xB0, h("42"), "manual_heating"),
        (HEATER, 0xB0, h("43"), "manual_stop"),
        (HEATER, 0xB2, h("41"), "heating"),
        (HEATER, 0xB2, h("42"), "not_heating"),
        (HEATER, 0xC3, h("41"), "supplying"),
        (HEATER, 0xE1, h("00B4"), 180),  # litres
        (HEATER, 0xE2, h("0172"), 370),
        (HEATER, 0xE3, h("42"), "non_auto"),
        (HEATER, 0xEA, h("43"), "keeping_warm"),
        # general lighting
        (LIGHT, 0xB0, h("64"), 100),
        (LIGHT, 0xB0, h("00"), 0),
        (LIGHT, 0xB6, h("41"), "auto"),
        (LIGHT, 0xB6, h("43"), "night"),
        (LIGHT, 0xB6, h("45"), "color"),
    ],
)
def test_decode(class_code: int, epc: int, edt: bytes, expected: object) -> None:
    assert decode(class_code, epc, edt) == expected


@pytest.mark.parametrize(
    ("class_code", "epc", "edt"),
    [
        (AIRCON, 0xBB, h("7E")),  # "unmeasurable"
        (AIRCON, 0xBB, h("7F")),  # overflow
        (AIRCON, 0xBB, h("80")),  # underflow
        (AIRCON, 0xBE, h("7E")),
        (AIRCON, 0xB3, h("FD")),  # "undefined" setting
        (AIRCON, 0xB3, h("33")),  # 51 °C
        (AIRCON, 0xA0, h("30")),  # level 0
        (AIRCON, 0xA0, h("39")),  # level 9
        (AIRCON, 0xB0, h("46")),
        (AIRCON, 0xBA, h("FD")),
        (HEATER, 0xE1, h("FFFE")),
        (HEATER, 0xB2, h("43")),
        (HEATER, 0xEA, h("44")),
        (LIGHT, 0xB0, h("65")),
        (LIGHT, 0xB6, h("44")),  # not assigned
    ],
)
def test_out_of_range_and_unknown_codes_decode_to_none(class_code: int, epc: int,
                                                         edt: bytes) -> None:  # fmt: skip
    assert decode(class_code, epc, edt) is None


@pytest.mark.parametrize(
    ("class_code", "epc", "edt"),
    [
        (AIRCON, 0xA0, b""),
        (AIRCON, 0xBB, h("0019")),
        (AIRCON, 0xB0, h("4142")),
        (HEATER, 0xE1, h("B4")),
        (HEATER, 0xE2, h("000172")),
        (LIGHT, 0xB0, h("0064")),
    ],
)
def test_wrong_length_raises_frame_error(class_code: int, epc: int, edt: bytes) -> None:
    with pytest.raises(FrameError):
        decode(class_code, epc, edt)


@pytest.mark.parametrize(
    ("class_code", "epc", "value", "edt"),
    [
        (AIRCON, 0xB0, "cooling", "42"),
        (AIRCON, 0xB0, "air_circulator", "45"),
        (AIRCON, 0xB3, 26, "1A"),
        (AIRCON, 0xB3, 0, "00"),
        (AIRCON, 0xA0, "auto", "41"),
        (AIRCON, 0xA0, 3, "33"),
        (HEATER, 0xB0, "manual_stop", "43"),
        (HEATER, 0xE3, "auto", "41"),
        (LIGHT, 0xB0, 40, "28"),
        (LIGHT, 0xB6, "normal", "42"),
    ],
)
def test_encode_settable(class_code: int, epc: int, value: object, edt: str) -> None:
    assert encode(class_code, epc, value) == h(edt)
    assert decode(class_code, epc, h(edt)) == value


@pytest.mark.parametrize(
    ("class_code", "epc", "value"),
    [
        (AIRCON, 0xB3, 51),
        (AIRCON, 0xB3, -1),
        (AIRCON, 0xB3, "26"),
        (AIRCON, 0xB3, True),
        (AIRCON, 0xA0, 0),
        (AIRCON, 0xA0, 9),
        (AIRCON, 0xA0, True),
        (AIRCON, 0xA0, "fast"),
        (AIRCON, 0xB0, "fan"),
        (HEATER, 0xB0, "on"),
        (LIGHT, 0xB0, 101),
        (LIGHT, 0xB6, "disco"),
    ],
)
def test_encode_rejects_bad_values(class_code: int, epc: int, value: object) -> None:
    with pytest.raises(ValueError):
        encode(class_code, epc, value)


@pytest.mark.parametrize(
    ("class_code", "epc"),
    [(AIRCON, 0xBB), (AIRCON, 0xBE), (HEATER, 0xB2), (HEATER, 0xE1), (HEATER, 0xEA)],
)
def test_read_only_cannot_be_set(class_code: int, epc: int) -> None:
    with pytest.raises(UnknownProperty):
        encode(class_code, epc, 1)
