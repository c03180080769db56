"""Fuel cell class 0x027C (household fuel cell, e.g. ENE-FARM).

Cumulative values have fixed units (0.001 kWh, 0.001 m³) and decode straight to
kWh / m³. 0xC7 is gas consumption, not in-house power: the in-house power
properties are 0xCC/0xCD.
"""

from __future__ import annotations

from app.echonet.classes._types import SYSTEM_INTERCONNECTION, PropDef, enum, number

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

PROPERTIES: dict[int, PropDef] = {
    0xC1: number("water_temperature_c", 1, 0, 100),
    0xC2: number("rated_generation_w", 2, 0, U16_MAX),
    0xC3: number("tank_heat_mj", 2, 0, U16_MAX),
    0xC4: number("instantaneous_generation_w", 2, 0, U16_MAX),
    0xC5: number("cumulative_generation_kwh", 4, 0, CUMULATIVE_MAX, divisor=1000),
    0xC7: number("instantaneous_gas_m3h", 2, 0, U16_MAX, divisor=1000),
    0xC8: number("cumulative_gas_m3", 4, 0, CUMULATIVE_MAX, divisor=1000),
    0xCA: enum("generation_setting", GENERATION_SETTING, settable=True),
    0xCB: enum("generation_status", GENERATION_STATUS),
    0xCC: number("in_house_instantaneous_w", 2, 0, U16_MAX),
    0xCD: number("in_house_cumulative_kwh", 4, 0, CUMULATIVE_MAX, divisor=1000),
    0xD0: enum("system_interconnection", SYSTEM_INTERCONNECTION),
    0xE1: number("remaining_hot_water_l", 2, 0, U16_MAX),
    0xE2: number("tank_capacity_l", 2, 0, U16_MAX),
}

# Mandatory Gets beyond the super class (Appendix): generation, its setting and status.
MANDATORY_GET: frozenset[int] = frozenset({0xC4, 0xC5, 0xCA, 0xCB})
