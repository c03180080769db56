"""Fuel cell class 0x027C (household fuel cell, e.g. ENE-FARM; Appendix Release R).

Cumulative values have fixed units (0.001 kWh, 0.001 m³) and decode straight to
kWh / m³. 0xC7 is gas consumption, not in-house power: the in-house power
properties are 0xCC/0xCD.
"""

from __future__ import annotations

from typing import NamedTuple

from app.echonet.classes._types import (
    RESET,
    SYSTEM_INTERCONNECTION,
    PropDef,
    enum,
    expect_len,
    number,
)

CLASS_CODE = 0x027C

U16_MAX = 0xFFFD  # unsigned short valid range ends at 65,533
CUMULATIVE_MAX = 999_999_999  # 0x3B9AC9FF: 999,999.999 in 0.001 units

GENERATION_SETTING = {0x41: "on", 0x42: "off"}
GENERATION_STATUS = {
    0x41: "generating",
    0x42: "stopped",
    0x43: "starting",
    0x44: "stopping",
    0x45: "idling",
}
GENERATION_MODE = {0x41: "maximum_rating", 0x42: "load_following"}  # 0xD2


class GenerationWindow(NamedTuple):
    """0xD1: when the fuel cell is asked to generate ("HH:MM" to "HH:MM")."""

    start: str
    end: str


def _window(edt: bytes) -> GenerationWindow | None:
    expect_len(edt, 4, "requested time of generation")
    if edt == b"\xff\xff\xff\xff" or edt[0] > 23 or edt[2] > 23 or edt[1] > 59 or edt[3] > 59:
        return None  # 0xFFFFFFFF = not set
    return GenerationWindow(f"{edt[0]:02d}:{edt[1]:02d}", f"{edt[2]:02d}:{edt[3]:02d}")


def _pack_window(value: GenerationWindow) -> bytes:
    out = b""
    for hh_mm in value:
        hours, _, minutes = str(hh_mm).partition(":")
        if not (hours.isdigit() and minutes.isdigit()
                and int(hours) <= 23 and int(minutes) <= 59):
            raise ValueError(f"requested time of generation: not HH:MM: {hh_mm!r}")
        out += bytes((int(hours), int(minutes)))
    return out


PROPERTIES: dict[int, PropDef] = {
    0xC1: number("water_temperature_c", 1, 0, 100),
    0xC2: number("rated_generation_w", 2, 0, U16_MAX),
    0xC3: number("tank_heat_mj", 2, 0, U16_MAX),
    0xC4: number("instantaneous_generation_w", 2, 0, U16_MAX),
    0xC5: number("cumulative_generation_kwh", 4, 0, CUMULATIVE_MAX, divisor=1000),
    0xC6: enum("cumulative_generation_reset", RESET, settable=True),
    0xC7: number("instantaneous_gas_m3h", 2, 0, U16_MAX, divisor=1000),
    0xC8: number("cumulative_gas_m3", 4, 0, CUMULATIVE_MAX, divisor=1000),
    0xC9: enum("cumulative_gas_reset", RESET, settable=True),
    0xCA: enum("generation_setting", GENERATION_SETTING, settable=True),
    0xCB: enum("generation_status", GENERATION_STATUS),
    0xCC: number("in_house_instantaneous_w", 2, 0, U16_MAX),
    0xCD: number("in_house_cumulative_kwh", 4, 0, CUMULATIVE_MAX, divisor=1000),
    0xCE: enum("in_house_cumulative_reset", RESET, settable=True),
    0xD0: enum("system_interconnection", SYSTEM_INTERCONNECTION),
    0xD1: PropDef("requested_generation_time", _window, _pack_window),
    0xD2: enum("generation_mode", GENERATION_MODE, settable=True),
    0xE1: number("remaining_hot_water_l", 2, 0, U16_MAX),
    0xE2: number("tank_capacity_l", 2, 0, U16_MAX),
}

# Mandatory Gets beyond the super class (MRA Release R): rating, generation now and in
# total, status, interconnection, requested time and mode.
MANDATORY_GET: frozenset[int] = frozenset({0xC2, 0xC4, 0xC5, 0xCB, 0xD0, 0xD1, 0xD2})
