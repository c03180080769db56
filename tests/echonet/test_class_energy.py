"""Fuel cell, EV charger/discharger, gas meter and water flow meter tables.

EDTs are written by hand from the Appendix definitions (ranges, units, codes).
"""

from __future__ import annotations

import pytest

from app.echonet.codec import FrameError
from app.echonet.properties import UnknownProperty, decode, encode, scale_flow

FUEL_CELL, EV, GAS, WATER = 0x027C, 0x027E, 0x0282, 0x0281


def h(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(
    ("class_code", "epc", "edt", "expected"),
    [
        # fuel cell
        (FUEL_CELL, 0xC1, h("3C"), 60),  # °C in the tank
        (FUEL_CELL, 0xC2, h("02BC"), 700),  # rated 700 W
        (FUEL_CELL, 0xC4, h("01F4"), 500),
        (FUEL_CELL, 0xC4, h("FFFD"), 65533),
        (FUEL_CELL, 0xC5, h("0001E240"), 123.456),  # 0.001 kWh
        (FUEL_CELL, 0xC5, h("3B9AC9FF"), 999_999.999),
        (FUEL_CELL, 0xC7, h("00FA"), 0.25),  # 0.001 m³/h
        (FUEL_CELL, 0xC8, h("000004D2"), 1.234),  # 0.001 m³
        (FUEL_CELL, 0xCA, h("41"), "on"),
        (FUEL_CELL, 0xCB, h("41"), "generating"),
        (FUEL_CELL, 0xCB, h("42"), "stopped"),
        (FUEL_CELL, 0xCB, h("43"), "starting"),
        (FUEL_CELL, 0xCB, h("44"), "stopping"),
        (FUEL_CELL, 0xCB, h("45"), "idling"),
        (FUEL_CELL, 0xCC, h("0190"), 400),
        (FUEL_CELL, 0xCD, h("00002710"), 10),
        (FUEL_CELL, 0xD0, h("00"), "reverse_flow_acceptable"),
        (FUEL_CELL, 0xD0, h("02"), "reverse_flow_not_acceptable"),
        (FUEL_CELL, 0xE1, h("0064"), 100),  # litres
        (FUEL_CELL, 0xE2, h("00C8"), 200),
        # EV charger/discharger
        (EV, 0xC0, h("00009C40"), 40_000),  # Wh
        (EV, 0xC2, h("00004E20"), 20_000),
        (EV, 0xC4, h("32"), 50),  # %
        (EV, 0xC5, h("00001770"), 6000),  # W
        (EV, 0xC7, h("30"), "not_connected"),
        (EV, 0xC7, h("40"), "connected"),
        (EV, 0xC7, h("41"), "connected_chargeable"),
        (EV, 0xC7, h("42"), "connected_dischargeable"),
        (EV, 0xC7, h("43"), "connected_chargeable_dischargeable"),
        (EV, 0xC7, h("44"), "connected_status_unknown"),
        (EV, 0xCF, h("00002710"), 10_000),
        (EV, 0xD3, h("00000BB8"), 3000),  # charging the car
        (EV, 0xD3, h("FFFFF448"), -3000),  # discharging into the house
        (EV, 0xD3, h("C4653601"), -999_999_999),
        (EV, 0xD6, h("000003E8"), 1),  # 1000 x 0.001 kWh
        (EV, 0xD8, h("00000001"), 0.001),
        (EV, 0xDA, h("42"), "charging"),
        (EV, 0xDA, h("43"), "discharging"),
        (EV, 0xDA, h("44"), "standby"),
        (EV, 0xDA, h("47"), "idle"),
        (EV, 0xDA, h("40"), "other"),
        (EV, 0xDB, h("01"), "independent"),
        (EV, 0xE2, h("00007530"), 30_000),
        (EV, 0xE4, h("64"), 100),
        # gas meter: fixed 0.001 m³
        (GAS, 0xE0, h("00BC614E"), 12_345.678),
        (GAS, 0xE0, h("00000000"), 0),
        (GAS, 0xE2, h("000003E8" * 47 + "FFFFFFFE"), (1,) * 47 + (None,)),
        # water flow meter: raw count, unit in 0xE1
        (WATER, 0xD0, h("30"), "running_water"),
        (WATER, 0xD0, h("32"), "sewage_water"),
        (WATER, 0xE0, h("3B9AC9FF"), 999_999_999),
        (WATER, 0xE1, h("00"), 1),
        (WATER, 0xE1, h("03"), 0.001),
        (WATER, 0xE1, h("06"), 0.000001),
        (WATER, 0xE2, h("00000005" * 48), (5,) * 48),
    ],
)
def test_decode(class_code: int, epc: int, edt: bytes, expected: object) -> None:
    assert decode(class_code, epc, edt) == expected


@pytest.mark.parametrize(
    ("class_code", "epc", "edt"),
    [
        (FUEL_CELL, 0xC1, h("65")),  # 101 °C
        (FUEL_CELL, 0xC4, h("FFFE")),  # underflow code
        (FUEL_CELL, 0xC4, h("FFFF")),  # overflow code
        (FUEL_CELL, 0xC5, h("3B9ACA00")),  # past 999,999.999
        (FUEL_CELL, 0xC5, h("FFFFFFFE")),
        (FUEL_CELL, 0xC7, h("FFFE")),
        (FUEL_CELL, 0xCB, h("46")),  # unknown code
        (FUEL_CELL, 0xD0, h("03")),
        (FUEL_CELL, 0xE1, h("FFFE")),
        (EV, 0xC4, h("65")),  # 101 %
        (EV, 0xC7, h("FF")),  # "undetermined"
        (EV, 0xC7, h("31")),
        (EV, 0xD3, h("7FFFFFFE")),  # signed no-data code
        (EV, 0xD3, h("3B9ACA00")),  # 1,000,000,000 W: outside the spec's range
        (EV, 0xD3, h("C4653600")),
        (EV, 0xD6, h("FFFFFFFE")),
        (EV, 0xDA, h("41")),  # rapid charging is a battery mode, not an EV one
        (EV, 0xE2, h("FFFFFFFF")),
        (GAS, 0xE0, h("FFFFFFFE")),
        (WATER, 0xE0, h("3B9ACA00")),
        (WATER, 0xD0, h("34")),
    ],
)
def test_out_of_range_and_unknown_codes_decode_to_none(class_code: int, epc: int,
                                                         edt: bytes) -> None:  # fmt: skip
    assert decode(class_code, epc, edt) is None


@pytest.mark.parametrize(
    ("class_code", "epc", "edt"),
    [
        (FUEL_CELL, 0xC4, h("01")),
        (FUEL_CELL, 0xC5, h("000004")),
        (FUEL_CELL, 0xCB, h("4141")),
        (FUEL_CELL, 0xE1, b""),
        (EV, 0xD3, h("0BB8")),
        (EV, 0xC4, h("0032")),
        (EV, 0xC7, b""),
        (GAS, 0xE0, h("0000000001")),
        (GAS, 0xE2, h("000003E8" * 47)),  # 47 of 48 readings
        (WATER, 0xE1, h("07")),  # undefined unit code
        (WATER, 0xE1, h("0303")),
        (WATER, 0xE2, h("00000005" * 49)),
    ],
)
def test_wrong_length_or_unit_raises_frame_error(class_code: int, epc: int, edt: bytes) -> None:
    with pytest.raises(FrameError):
        decode(class_code, epc, edt)


def test_encode_settable() -> None:
    assert encode(EV, 0xDA, "charging") == h("42")
    assert encode(EV, 0xDA, "discharging") == h("43")
    assert encode(EV, 0xDA, "idle") == h("47")
    assert encode(FUEL_CELL, 0xCA, "off") == h("42")


@pytest.mark.parametrize(
    ("class_code", "epc", "value"),
    [(EV, 0xDA, "rapid_charging"), (EV, 0xDA, 0x42), (FUEL_CELL, 0xCA, "generating")],
)
def test_encode_rejects_bad_values(class_code: int, epc: int, value: object) -> None:
    with pytest.raises(ValueError):
        encode(class_code, epc, value)


@pytest.mark.parametrize(
    ("class_code", "epc"),
    [(EV, 0xD3), (EV, 0xC7), (FUEL_CELL, 0xCB), (GAS, 0xE0), (WATER, 0xE1)],
)
def test_read_only_cannot_be_set(class_code: int, epc: int) -> None:
    with pytest.raises(UnknownProperty):
        encode(class_code, epc, 0)


def test_scale_flow() -> None:
    assert scale_flow(12345, h("03")) == 12.345
    assert scale_flow(12345, h("00")) == 12345
    assert scale_flow(7, h("01")) == 0.7
    assert scale_flow(1, h("06")) == 0.000001
    assert scale_flow(None, h("03")) is None
    with pytest.raises(FrameError):
        scale_flow(1, h("07"))
    with pytest.raises(FrameError):
        scale_flow(None, b"")
