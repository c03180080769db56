"""Properties of the Appendix (Release P) added for real devices: the super class, the
storage battery, the smart meter and the instantaneous gas water heater 0x0272.

EDTs are written by hand from the Appendix definitions, as a device sends them.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from app.echonet.classes._types import MinMax
from app.echonet.classes.distribution_board import ChannelList
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


def test_decode_only_properties() -> None:
    from app.echonet.classes.pv import ControlSchedule
    from app.echonet.classes.water_heater import SurplusPrediction

    schedule = decode(PV, 0xB0, h("07EA0B19") + bytes([100] * 94 + [50, 0xFF]))
    assert schedule == ControlSchedule("2026-11-25", (100,) * 94 + (50, None))
    assert decode(PV, 0xB1, h("07EA0B1A0D0000")) == datetime(2026, 11, 26, 13, 0)
    assert decode(PV, 0xB1, h("FFFFFFFFFFFFFF")) is None  # no control, no schedule
    assert decode(0x026B, 0xC8, h("17")) == 23 and decode(0x026B, 0xC8, h("02")) is None
    prediction = decode(0x026B, 0xD9, h("0B 19 0D") + h("0064") * 23 + h("8000"))
    assert prediction == SurplusPrediction(11, 25, 13, (1000,) * 23 + (None,))


@pytest.mark.parametrize(
    ("class_code", "epc", "edt", "expected"),
    [
        (0x0287, 0xC6, h("FFFFF45F"), -2977),  # the main line selling
        (0x0287, 0xC8, h("03F2 03F0"), (101.0, 100.8)),  # V, 0.1 V units
        (0x0287, 0xBA, h("0101 00000010 FFFFFFFE"), ChannelList(1, ((16, None),))),
        (0x0279, 0xA0, h("32"), 50), (0x0279, 0xC1, h("41"), "fit"),
        (0x0279, 0xD1, h("44"), "not_restrained"), (0x0279, 0xE8, h("1194"), 4500),
        (0x0279, 0xB4, h("FFFF"), None),  # upper limit clip not set
        (0x027C, 0xD1, h("0600 1700"), ("06:00", "23:00")),
        (0x027C, 0xD1, h("FFFFFFFF"), None), (0x027C, 0xD2, h("42"), "load_following"),
        (0x027E, 0xCC, h("22"), "dc_aa_charge_discharge"), (0x027E, 0xDA, h("49"), "auto"),
        (0x027E, 0xE6, h("03 414243"), "414243"), (0x027E, 0xC8, h("0000000000000BB8"),
                                                   MinMax(0, 3000)),
        (0x0130, 0xA0, h("41"), "auto"), (0x0130, 0xBB, h("7E"), None),  # unmeasurable
        (0x0130, 0xB3, h("FD"), None),  # set temperature undefined
        (0x0130, 0xB8, h("02BC 0320 FFFE 0064"), (700, 800, None, 100)),
        (0x0130, 0xBF, h("F6"), -1.0), (0x0130, 0xA5, h("6F"), "l_lc_c_rc_r"),
        (0x026B, 0xC0, h("41"), "on"), (0x026B, 0xCA, h("0D"), "13:00"),
        (0x026B, 0xCA, h("00"), "cleared"), (0x026B, 0xB3, h("FD"), None),
        (0x026B, 0xCB, h("000003E8 000007D0 00000BB8 FFFFFFFE"), (1000, 2000, 3000, None)),
        (0x0281, 0xD1, h("31"), "public_waterworks"), (0x0290, 0xB1, h("FD"), None),
        (0x0290, 0xC0, h("FF8000"), (255, 128, 0)), (0x0EF0, 0xBF, h("1234"), "1234"),
        (METER, 0xC0, h("00112233445566778899AABBCCDDEEFF"), "00112233445566778899AABBCCDDEEFF"),
        (METER, 0xE5, h("FF"), None),  # never chosen: the meter's default day
    ],
)
def test_decode_other_classes(class_code: int, epc: int, edt: bytes, expected: object) -> None:
    assert decode(class_code, epc, edt) == expected


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


# Real-looking EDTs for the entries whose values have structure (dates, ranges, lists).
SAMPLES: dict[tuple[int, int], bytes] = {
    (0x0287, 0xB2): h("0105"), (0x0287, 0xB3): h("0102 00000010 00000020"),
    (0x0287, 0xB7): h("0101 000001F4"), (0x0287, 0xB5): h("0101 0032 7FFE"),
    (0x0287, 0xB9): h("011E"), (0x0287, 0xBA): h("0101 00000010 00000000"),
    (0x0288, 0xD0): h("07EA0B190D1E00 00000010 00000020"),
    (0x0288, 0xEC): h("07EA0B190D1E 02 0000001000000000 0000000F00000000"),
    (0x0288, 0xED): h("07EA0B190D1E 02"), (0x0288, 0xEE): h("07EA0B190D1E 01 0000001000000000"),
    (0x0288, 0xEF): h("07EA0B190D1E 01"),
    (0x027E, 0xE6): h("03 414243"), (0x027C, 0xD1): h("0600 1700"), (0x027E, 0xCD): h("10"),
    (0x0287, 0xBC): h("0101 0032 7FFE"), (0x0287, 0xBE): h("0101 000001F4"),
    (0x0288, 0xEA): h("07EA0B190D1E00 0000CAFE"), (0x0288, 0xEB): h("07EA0B190D1E00 00000010"),
    (0x0281, 0xE2): h("00000010") * 48, (0x0281, 0xE7): h("00000010") * 48,
    (0x0282, 0xE2): h("00000010") * 48, (0x0EF0, 0x82): h("010D0100"),
    (0x0279, 0xB0): h("07EA0B19") + bytes([100] * 95 + [0xFF]),
}
STRUCTURED_PATTERNS = [h("07EA0B19"), h("0D05"), h("07EA0B190D1E00")]


def _candidates(key: tuple[int, int]) -> list[bytes]:
    if key in SAMPLES:
        return [SAMPLES[key]]
    sizes = (1, 2, 3, 4, 5, 6, 8, 12, 16, 17, 51, 100, 194)
    fills = (0x00, 0x01, 0x02, 0x09, 0x11, 0x30, 0x31, 0x41, 0x42, 0x44)
    return STRUCTURED_PATTERNS + [bytes((fill,)) * size for size in sizes for fill in fills]


def _packable() -> list[tuple[int, int]]:
    from app.echonet.classes import super_class
    from app.echonet.properties import _CLASS_TABLES  # the tables under test

    keys = [(0x0279, epc) for epc, e in super_class.PROPERTIES.items() if e.pack or e.encode]
    keys += [(code, epc) for code, table in _CLASS_TABLES.items()
             for epc, e in table.items() if e.pack or e.encode]
    return sorted(keys)


@pytest.mark.parametrize("key", _packable(), ids=lambda k: f"{k[0]:04X}-{k[1]:02X}")
def test_every_packable_entry_round_trips_a_real_looking_edt(key: tuple[int, int]) -> None:
    """Some EDT a device could send decodes to a value that packs back to the same bytes."""
    for edt in _candidates(key):
        try:
            value = decode(*key, edt)
        except (FrameError, ValueError):
            continue
        if value is not None and encode_value(*key, value) == edt:
            return
    pytest.fail(f"no EDT round-trips for class {key[0]:#06x} EPC {key[1]:#04x}")
