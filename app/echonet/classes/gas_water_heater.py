"""Instantaneous gas water heater class 0x0272 (ガス給湯機, Appendix Release P).

Temperatures in °C (0..100), bath volumes in litres (0xE7: 1 byte, 0xEE: 2 bytes)
or levels (0xE8: 1..8; 0xD4: 1..the maximum in 0xD5). Times are "HH:MM".
"""

from __future__ import annotations

from app.echonet.classes._types import ON_OFF_30, ON_OFF_41, PropDef, enum, hh_mm, level, number

CLASS_CODE = 0x0272

HEATING_STATUS = {0x41: "heating", 0x42: "not_heating"}  # 0xD0 hot water, 0xE2 bath
SUPPLY_STATUS = {0x41: "supplying", 0x42: "stopped"}  # 0xEA shower, 0xEB kitchen
BATH_STATUS = {0x41: "filling", 0x42: "stopped", 0x43: "keeping_warm"}  # 0xEF
def _celsius(name: str) -> PropDef:
    return number(name, 1, 0, 100, settable=True)


PROPERTIES: dict[int, PropDef] = {
    0x90: enum("on_timer_reservation", ON_OFF_41, settable=True),
    0x91: hh_mm("on_timer_time", settable=True),
    0x92: hh_mm("on_timer_relative_time", settable=True, max_hour=255),
    0xD0: enum("hot_water_heating_status", HEATING_STATUS),
    0xD1: _celsius("hot_water_temperature_c"),
    0xD2: enum("hot_water_warmer", ON_OFF_41, settable=True),
    0xD4: number("bath_volume_level_4", 1, 1, 0xFF, settable=True),
    0xD5: number("bath_volume_level_4_max", 1, 1, 0xFF),
    0xD6: number("sound_volume_percent", 1, 0, 100, settable=True),
    0xD7: enum("mute", ON_OFF_30, settable=True),
    0xDA: hh_mm("automatic_operation_duration", settable=True, limitless=True),
    0xDB: hh_mm("automatic_operation_remaining", limitless=True),
    0xE1: _celsius("bath_temperature_c"),
    0xE2: enum("bath_heating_status", HEATING_STATUS),
    0xE3: enum("bath_auto_mode", ON_OFF_41, settable=True),
    0xE4: enum("bath_additional_boil_up", ON_OFF_41, settable=True),
    0xE5: enum("bath_hot_water_adding", ON_OFF_41, settable=True),
    0xE6: enum("bath_temperature_lowering", ON_OFF_41, settable=True),
    0xE7: number("bath_volume_l", 1, 0, 0xFD, settable=True),
    0xE8: level("bath_volume_level", settable=True),
    0xE9: enum("bathroom_priority", ON_OFF_41),
    0xEA: enum("shower_supply_status", SUPPLY_STATUS),
    0xEB: enum("kitchen_supply_status", SUPPLY_STATUS),
    0xEC: enum("hot_water_warmer_on_timer", ON_OFF_41, settable=True),
    0xED: hh_mm("hot_water_warmer_on_timer_time", settable=True),
    0xEE: number("bath_volume_3_l", 2, 0, 65533, settable=True),
    0xEF: enum("bath_operation_status", BATH_STATUS),
}

# Mandatory Gets (MRA Release R): hot water and bath heating status, bath auto mode.
MANDATORY_GET = frozenset({0xD0, 0xE2, 0xE3})
