"""Properties of the Appendix (Release P) added for real devices: the super class, the
storage battery, the smart meter and the instantaneous gas water heater 0x0272.

EDTs are written by hand from the Appendix definitions, as a device sends them.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from app.echonet.classes._types import MinMax
from app.echonet.classes.smart_meter import DayHistory, TimedReading
from app.echonet.codec import FrameError, decode_frame
from app.echonet.properties import decode, encode_value, lookup, mandatory_gets

BATTERY, METER, GAS_HEATER, PV = 0x027D, 0x0288, 0x0272, 0x0279


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


@pytest.mark.parametrize(
    ("class_code", "epc", "edt", "expected"),
    [
        # super class
        (PV, 0x81, h("08"), "living_room"),
        (PV, 0x81, h("62"), "garden_2"),  # outdoors: garden / perimeter, number 2
        (PV, 0x81, h("00"), "not_set"),
        (PV, 0x81, h("FF"), "undefined"),
        (PV, 0x81, h("80") + bytes(range(16)), "position:000102030405060708090A0B0C0D0E0F"),
        (PV, 0x82, h("00005001"), "P rev.1"),
        (PV, 0x87, h("32"), 50),
        (PV, 0x8C, b"KP55M-J4\x00\x00\x00\x00", "KP55M-J4"),
        (PV, 0x8E, h("07E6 04 1E"), "2022-04-30"),
        (PV, 0x97, h("0D 05"), "13:05"),
        (PV, 0x98, h("07EA 0B 19"), "2026-11-25"),
        (PV, 0x9A, h("43 00000064"), 360_000),  # 100 hours
        # storage battery: the AC side
        (BATTERY, 0xA0, h("00001F40"), 8000),  # Wh
        (BATTERY, 0xA1, h("00001D4C"), 7500),
        (BATTERY, 0xA2, h("00001B58"), 7000),
        (BATTERY, 0xA3, h("00001964"), 6500),
        (BATTERY, 0xA4, h("00000BB8"), 3000),
        (BATTERY, 0xA5, h("00000FA0"), 4000),
        (BATTERY, 0xA6, h("5A"), 90),
        (BATTERY, 0xA8, h("0001E240"), 123.456),  # 0.001 kWh
        (BATTERY, 0xC1, h("02"), "surplus"),
        (BATTERY, 0xC2, h("02"), "load_following"),
        (BATTERY, 0xC8, h("00000064 00000BB8"), MinMax(100, 3000)),
        (BATTERY, 0xCA, h("000A 01F4"), MinMax(1.0, 50.0)),  # 0.1 A
        (BATTERY, 0xD1, h("01F4"), 50.0),  # 0.1 Ah
        (BATTERY, 0xD4, h("FF9C"), -10.0),  # discharging current
        (BATTERY, 0xDB, h("00"), "reverse_flow_acceptable"),
        (BATTERY, 0xE5, h("5F"), 95),  # state of health
        (BATTERY, 0xE6, h("04"), "lithium_ion"),
        # smart meter
        (METER, 0xE5, h("01"), 1),  # yesterday
        (METER, 0xEA, h("07EA 0B 19 0D 1E 00 0000CAFE"),
         TimedReading(datetime(2026, 11, 25, 13, 30), 0xCAFE)),
        # instantaneous gas water heater
        (GAS_HEATER, 0xD0, h("41"), "heating"),
        (GAS_HEATER, 0xD1, h("28"), 40),  # °C
        (GAS_HEATER, 0xDA, h("FFFF"), "limitless"),
        (GAS_HEATER, 0xDB, h("0130"), "01:48"),
        (GAS_HEATER, 0xE1, h("2A"), 42),
        (GAS_HEATER, 0xE2, h("42"), "not_heating"),
        (GAS_HEATER, 0xE3, h("41"), "on"),
        (GAS_HEATER, 0xE7, h("B4"), 180),  # litres
        (GAS_HEATER, 0xE8, h("35"), 5),  # level 5
        (GAS_HEATER, 0xEE, h("00B4"), 180),  # litres, two bytes
        (GAS_HEATER, 0xEF, h("43"), "keeping_warm"),
    ],
)
def test_decode(class_code: int, epc: int, edt: bytes, expected: object) -> None:
    assert decode(class_code, epc, edt) == expected


@pytest.mark.parametrize(
    ("class_code", "epc", "edt"),
    [
        (BATTERY, 0xA0, h("FFFFFFFE")),  # unsigned long "no data"
        (BATTERY, 0xA5, h("3B9ACA00")),  # one past the range
        (BATTERY, 0xE5, h("FD")),
        (BATTERY, 0xE6, h("07")),  # reserved battery type
        (BATTERY, 0xD4, h("7FFF")),  # signed short overflow
        (METER, 0xE5, h("64")),  # 100 days back: outside 0..99
        (GAS_HEATER, 0xD1, h("FD")),
        (GAS_HEATER, 0xE1, h("65")),  # 101 °C
        (GAS_HEATER, 0xEE, h("FFFE")),
        (GAS_HEATER, 0xE8, h("39")),
        (GAS_HEATER, 0xEF, h("44")),
        (PV, 0x97, h("18 00")),  # 24:00
        (PV, 0x98, h("0000 00 00")),
        (PV, 0x9A, h("45 00000001")),  # unknown unit
    ],
)
def test_no_data_and_out_of_range_decode_to_none(class_code: int, epc: int, edt: bytes) -> None:
    assert decode(class_code, epc, edt) is None


def test_min_max_pairs_keep_a_no_data_half() -> None:
    assert decode(BATTERY, 0xC9, h("00000064 FFFFFFFE")) == MinMax(100, None)


def test_smart_meter_history_with_slots_not_measured_yet() -> None:
    edt = h("0000") + h("00000010") * 30 + h("FFFFFFFE") * 18
    history = decode(METER, 0xE2, edt)
    assert history == DayHistory(0, (16,) * 30 + (None,) * 18)
    assert encode_value(METER, 0xE2, history) == edt


@pytest.mark.parametrize(
    ("class_code", "epc", "edt"),
    [(BATTERY, 0xA0, h("001F40")), (BATTERY, 0xE5, h("5F00")), (BATTERY, 0xC8, h("00000064")),
     (METER, 0xE2, h("0000") + h("00000010") * 47), (METER, 0xEA, h("07EA0B190D1E00")),
     (GAS_HEATER, 0xEE, h("B4")), (GAS_HEATER, 0xD0, b""), (PV, 0x81, h("0808"))],
)
def test_wrong_length_raises_frame_error(class_code: int, epc: int, edt: bytes) -> None:
    with pytest.raises(FrameError):
        decode(class_code, epc, edt)


def test_a_whole_frame_of_a_real_battery_decodes() -> None:
    """Get_Res of a hybrid battery (0xA0-0xA5, 0xE5 ...), once rejected as UnknownProperty."""
    props = {
        0x80: "30", 0x81: "68", 0x82: "00005001", 0x88: "42", 0x8A: "000069",
        0xA0: "000015E0", 0xA1: "000014B4", 0xA2: "00000AF0", 0xA3: "00000A5A",
        0xA4: "000005DC", 0xA5: "00000708", 0xC8: "0000000A00000DAC",
        0xC9: "0000000A00000DAC", 0xCF: "42", 0xD3: "000003E8", 0xDA: "46", 0xDB: "00",
        0xE2: "00000E10", 0xE4: "32", 0xE5: "62", 0xE6: "04",
    }
    body = b"".join(bytes((epc, len(h(edt)))) + h(edt) for epc, edt in props.items())
    frame = decode_frame(h("1081 1234 027D01 05FF01 72") + bytes((len(props),)) + body)
    values = {p.epc: decode(BATTERY, p.epc, p.edt) for p in frame.properties}
    assert values[0xA0] == 5600 and values[0xA5] == 1800 and values[0xE5] == 98
    assert values[0x81] == "garage" and values[0xDA] == "auto"
    assert None not in values.values()


def test_mandatory_gets_are_all_in_the_tables() -> None:
    for class_code in (BATTERY, METER, GAS_HEATER, PV, 0x0287, 0x027C, 0x027E, 0x0130,
                       0x026B, 0x0282, 0x0281, 0x0290, 0x0EF0):
        for epc in mandatory_gets(class_code):
            lookup(class_code, epc)  # UnknownProperty for an EPC without a table entry
    assert {0x81, 0x82, 0xE5, 0xE8} <= mandatory_gets(METER)
