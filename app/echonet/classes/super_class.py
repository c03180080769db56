"""Device object super class: properties every device class shares.

`properties.decode` falls back to this table for any class, so a class table
lists only its own EPCs (and may override one of these).
"""

from __future__ import annotations

from app.echonet.classes._types import (
    PropDef,
    date_value,
    enum,
    expect_len,
    hh_mm,
    int_field,
    number,
    property_map,
    raw_hex,
    text,
)

OPERATION_STATUS = {0x30: "on", 0x31: "off"}
FAULT_STATUS = {0x41: "fault", 0x42: "no_fault"}


def _version(edt: bytes) -> str:
    """Appendix release (ASCII letter in byte 3) and revision (byte 4): 'J rev.1'."""
    expect_len(edt, 4, "standard version information")
    letter = chr(edt[2]) if 0x41 <= edt[2] <= 0x5A else f"0x{edt[2]:02X}"
    return f"{letter} rev.{edt[3]}"


def _pack_version(value: str) -> bytes:
    letter, _, revision = value.partition(" rev.")
    code = int(letter, 16) if letter.startswith("0x") else ord(letter)
    return bytes((0, 0, code, int(revision)))


def _manufacturer(edt: bytes) -> int:
    expect_len(edt, 3, "manufacturer code")
    return int.from_bytes(edt, "big")


def _pack_manufacturer(code: int) -> bytes:
    return code.to_bytes(3, "big")


# 0x81 installation location: bits 6-3 the place, bits 2-0 a number (1-7, 0 = none).
PLACES = {
    0x01: "living_room", 0x02: "dining_room", 0x03: "kitchen", 0x04: "bathroom",
    0x05: "lavatory", 0x06: "washroom", 0x07: "passageway", 0x08: "room",
    0x09: "stairway", 0x0A: "front_door", 0x0B: "storeroom", 0x0C: "garden",
    0x0D: "garage", 0x0E: "veranda", 0x0F: "other",
}
LOCATION_NOT_SET, LOCATION_UNDEFINED = 0x00, 0xFF
POSITION_INFO = 0x80  # followed by 16 bytes of position information


def _location(edt: bytes) -> str | None:
    """'living_room', 'room_2', 'not_set', 'undefined', 'free_3' or 'position:<hex>'."""
    if len(edt) == 17 and edt[0] == POSITION_INFO:
        return f"position:{edt[1:].hex().upper()}"
    expect_len(edt, 1, "installation location")
    code = edt[0]
    if code == LOCATION_NOT_SET:
        return "not_set"
    if code == LOCATION_UNDEFINED:
        return "undefined"
    if code < 0x08:
        return f"free_{code}"  # free definition by the installer
    if code & 0x80:
        return None  # reserved
    place, number = PLACES[code >> 3], code & 0x07
    return place if number == 0 else f"{place}_{number}"


def _pack_location(value: str) -> bytes:
    if value == "not_set":
        return bytes((LOCATION_NOT_SET,))
    if value == "undefined":
        return bytes((LOCATION_UNDEFINED,))
    place, _, number = value.rpartition("_") if value[-1].isdigit() else (value, "", "0")
    codes = {name: code for code, name in PLACES.items()}
    if place not in codes or not 0 <= int(number) <= 7:
        raise ValueError(f"not an installation location: {value!r}")
    return bytes((codes[place] << 3 | int(number),))


OPERATING_TIME_UNITS = {0x41: 1, 0x42: 60, 0x43: 3600, 0x44: 86400}  # s, min, h, day


def _operating_time(edt: bytes) -> int | None:
    """Cumulative operating time in seconds (unit byte + unsigned long)."""
    expect_len(edt, 5, "cumulative operating time")
    count = int_field(edt[1:], False, 0, 0xFFFFFFFE, 1)
    unit = OPERATING_TIME_UNITS.get(edt[0])
    return None if unit is None or count is None else int(count) * unit


PROPERTIES: dict[int, PropDef] = {
    0x80: enum("operation_status", OPERATION_STATUS, settable=True),
    0x81: PropDef("installation_location", _location, _pack_location),
    0x82: PropDef("standard_version", _version, pack=_pack_version),
    0x83: raw_hex("identification_number"),
    0x84: number("instantaneous_power_w", 2, 0, 65533),
    0x85: number("cumulative_energy_kwh", 4, 0, 999_999_999, divisor=1000),
    0x86: raw_hex("manufacturer_fault_code"),  # size, maker code, then the maker's own
    0x87: number("current_limit_percent", 1, 0, 100, settable=True),
    0x88: enum("fault_status", FAULT_STATUS),
    0x89: number("fault_description", 2, 0, 0x03FF),  # raw code; meaning is per vendor
    0x8A: PropDef("manufacturer_code", _manufacturer, pack=_pack_manufacturer),
    0x8B: raw_hex("business_facility_code"),
    0x8C: text("product_code", 12),
    0x8D: text("production_number", 12),
    0x8E: date_value("production_date"),
    0x8F: enum("power_saving", {0x41: "saving", 0x42: "normal"}, settable=True),
    0x93: enum("remote_control", {0x41: "not_public_network", 0x42: "public_network",
                                  0x61: "normal_not_public", 0x62: "normal_public"}),
    0x97: hh_mm("current_time", settable=True),
    0x98: date_value("current_date", settable=True),
    0x99: number("power_limit_w", 2, 0, 65533, settable=True),
    0x9A: PropDef("cumulative_operating_time_s", _operating_time),
    0x9B: property_map("setm_property_map"),
    0x9C: property_map("getm_property_map"),
    0x9D: property_map("status_change_announcement_map"),
    0x9E: property_map("set_property_map"),
    0x9F: property_map("get_property_map"),
}

# Every device object answers these (the super class's mandatory Gets).
MANDATORY_GET = frozenset({0x80, 0x81, 0x82, 0x88, 0x8A, 0x9D, 0x9E, 0x9F})
