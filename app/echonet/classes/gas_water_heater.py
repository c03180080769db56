"""Instantaneous gas water heater class 0x0272 (ガス給湯機, Appendix Release P).

Temperatures in °C (0..100), bath volumes in litres (0xE7: 1 byte, 0xEE: 2 bytes)
or levels (0xE8: 1..8; 0xD4: 1..the maximum in 0xD5). Times are "HH:MM".
"""

from __future__ import annotations

from app.echonet.classes._types import ON_OFF_30, ON_OFF_41, PropDef, enum, expect_len, number

CLASS_CODE = 0x0272

HEATING_STATUS = {0x41: "heating", 0x42: "not_heating"}  # 0xD0 hot water, 0xE2 bath
SUPPLY_STATUS = {0x41: "supplying", 0x42: "stopped"}  # 0xEA shower, 0xEB kitchen
BATH_STATUS = {0x41: "filling", 0x42: "stopped", 0x43: "keeping_warm"}  # 0xEF
LEVEL_BASE = 0x30  # 0xE8: levels 1..8 are 0x31..0x38
LIMITLESS = b"\xff\xff"  # 0xDA / 0xDB: no end to automatic operation


def _hh_mm(name: str, *, settable: bool = False, limitless: bool = False) -> PropDef:
    """HH (0-23) and MM (0-59); 0xFFFF = 'limitless' where the Appendix allows it."""

    def decode(edt: bytes) -> str | None:
        expect_len(edt, 2, name)
        if limitless and edt == LIMITLESS:
            return "limitless"
        return f"{edt[0]:02d}:{edt[1]:02d}" if edt[0] <= 23 and edt[1] <= 59 else None

    def encode(value: str) -> bytes:
        if limitless and value == "limitless":
            return LIMITLESS
        hours, _, minutes = str(value).partition(":")
        if not (hours.isdigit() and minutes.isdigit()
                and int(hours) <= 23 and int(minutes) <= 59):
            raise ValueError(f"{name}: not HH:MM: {value!r}")
        return bytes((int(hours), int(minutes)))

    return PropDef(name, decode, encode if settable else None, pack=encode)


def _level(edt: bytes) -> int | None:
    expect_len(edt, 1, "bath hot water level")
    level = edt[0] - LEVEL_BASE
    return level if 1 <= level <= 8 else None


def _pack_level(level: int) -> bytes:
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 8:
        raise ValueError(f"bath hot water level must be 1..8, got {level!r}")
    return bytes((LEVEL_BASE + level,))


def _celsius(name: str) -> PropDef:
    return number(name, 1, 0, 100, settable=True)


PROPERTIES: dict[int, PropDef] = {
    0x90: enum("on_timer_reservation", ON_OFF_41, settable=True),
    0x91: _hh_mm("on_timer_time", settable=True),
    0x92: _hh_mm("on_timer_relative_time", settable=True),
    0xD0: enum("hot_water_heating_status", HEATING_STATUS),
    0xD1: _celsius("hot_water_temperature_c"),
    0xD2: enum("hot_water_warmer", ON_OFF_41, settable=True),
    0xD4: number("bath_volume_level_4", 1, 1, 0xFF, settable=True),
    0xD5: number("bath_volume_level_4_max", 1, 1, 0xFF),
    0xD6: number("sound_volume", 1, 0, 0x7F, settable=True),
    0xD7: enum("mute", ON_OFF_30, settable=True),
    0xDA: _hh_mm("automatic_operation_duration", settable=True, limitless=True),
    0xDB: _hh_mm("automatic_operation_remaining", limitless=True),
    0xE1: _celsius("bath_temperature_c"),
    0xE2: enum("bath_heating_status", HEATING_STATUS),
    0xE3: enum("bath_auto_mode", ON_OFF_41, settable=True),
    0xE4: enum("bath_additional_boil_up", ON_OFF_41, settable=True),
    0xE5: enum("bath_hot_water_adding", ON_OFF_41, settable=True),
    0xE6: enum("bath_temperature_lowering", ON_OFF_41, settable=True),
    0xE7: number("bath_volume_l", 1, 0, 0xFD, settable=True),
    0xE8: PropDef("bath_volume_level", _level, _pack_level),
    0xE9: enum("bathroom_priority", ON_OFF_41, settable=True),
    0xEA: enum("shower_supply_status", SUPPLY_STATUS),
    0xEB: enum("kitchen_supply_status", SUPPLY_STATUS),
    0xEC: enum("hot_water_warmer_on_timer", ON_OFF_41, settable=True),
    0xED: _hh_mm("hot_water_warmer_on_timer_time", settable=True),
    0xEE: number("bath_volume_3_l", 2, 0, 0xFFFD, settable=True),
    0xEF: enum("bath_operation_status", BATH_STATUS),
}

MANDATORY_GET = frozenset({0xD0})  # hot water heating status
