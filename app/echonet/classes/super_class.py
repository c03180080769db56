"""Device object super class: properties every device class shares.

`properties.decode` falls back to this table for any class, so a class table
lists only its own EPCs (and may override one of these).
"""

from __future__ import annotations

from app.echonet.classes._types import (
    PropDef,
    enum,
    expect_len,
    number,
    property_map,
    raw_hex,
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


PROPERTIES: dict[int, PropDef] = {
    0x80: enum("operation_status", OPERATION_STATUS, settable=True),
    0x82: PropDef("standard_version", _version, pack=_pack_version),
    0x83: raw_hex("identification_number"),
    0x84: number("instantaneous_power_w", 2, 0, 65533),
    0x85: number("cumulative_energy_kwh", 4, 0, 999_999_999, divisor=1000),
    0x88: enum("fault_status", FAULT_STATUS),
    0x89: number("fault_description", 2, 0, 0x03FF),  # raw code; meaning is per vendor
    0x8A: PropDef("manufacturer_code", _manufacturer, pack=_pack_manufacturer),
    0x9D: property_map("status_change_announcement_map"),
    0x9E: property_map("set_property_map"),
    0x9F: property_map("get_property_map"),
}
