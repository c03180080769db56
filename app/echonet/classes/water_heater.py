"""Electric water heater class 0x026B (EcoCute): tank, heating and bath state."""

from __future__ import annotations

from app.echonet.classes._types import PropDef, enum, number

CLASS_CODE = 0x026B

AUTO_HEATING = {0x41: "auto", 0x42: "manual_heating", 0x43: "manual_stop"}
HEATING_STATUS = {0x41: "heating", 0x42: "not_heating"}
SUPPLY_STATUS = {0x41: "supplying", 0x42: "not_supplying"}
AUTO_BATH = {0x41: "auto", 0x42: "non_auto"}
BATH_STATUS = {0x41: "filling", 0x42: "stopped", 0x43: "keeping_warm"}

PROPERTIES: dict[int, PropDef] = {
    0xB0: enum("automatic_heating", AUTO_HEATING, settable=True),
    0xB2: enum("heating_status", HEATING_STATUS),
    0xC3: enum("hot_water_supply_status", SUPPLY_STATUS),
    0xE1: number("remaining_hot_water_l", 2, 0, 0xFFFD),
    0xE2: number("tank_capacity_l", 2, 0, 0xFFFD),
    0xE3: enum("automatic_bath_mode", AUTO_BATH, settable=True),
    0xEA: enum("bath_status", BATH_STATUS),
}

# Mandatory Gets beyond the super class (Appendix): automatic heating setting.
MANDATORY_GET: frozenset[int] = frozenset({0xB0})
