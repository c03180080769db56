"""Electric vehicle charger/discharger class 0x027E (V2H).

Capacities in Wh and W, the vehicle's state of charge in %, cumulative energies
in 0.001 kWh (decoded to kWh). 0xD3 is signed: positive = charging the vehicle,
negative = discharging it into the house.
"""

from __future__ import annotations

from app.echonet.classes._types import SYSTEM_INTERCONNECTION, PropDef, enum, number

CLASS_CODE = 0x027E

WH_MAX = 999_999_999  # 0x3B9AC9FF
POWER_MAX = 999_999_999  # 0xD3 range is -999,999,999..999,999,999 W

# 0xC7. 0xFF ("undetermined") is left out on purpose: it decodes to None.
VEHICLE_CONNECTION = {
    0x30: "not_connected",
    0x40: "connected",  # connected, neither chargeable nor dischargeable
    0x41: "connected_chargeable",
    0x42: "connected_dischargeable",
    0x43: "connected_chargeable_dischargeable",
    0x44: "connected_status_unknown",
}
# 0xDA. Unlike the storage battery there is no rapid charging or auto mode.
OPERATION_MODES = {
    0x40: "other",
    0x42: "charging",
    0x43: "discharging",
    0x44: "standby",
    0x47: "idle",
}

PROPERTIES: dict[int, PropDef] = {
    0xC0: number("dischargeable_capacity_wh", 4, 0, WH_MAX),
    0xC2: number("remaining_dischargeable_wh", 4, 0, WH_MAX),
    0xC4: number("remaining_dischargeable_percent", 1, 0, 100),
    0xC5: number("rated_charge_w", 4, 0, WH_MAX),
    0xC6: number("rated_discharge_w", 4, 0, WH_MAX),
    0xC7: enum("vehicle_connection", VEHICLE_CONNECTION),
    0xCE: number("chargeable_capacity_wh", 4, 0, WH_MAX),
    0xCF: number("remaining_chargeable_wh", 4, 0, WH_MAX),
    0xD3: number("instantaneous_charge_power_w", 4, -POWER_MAX, POWER_MAX, signed=True),
    0xD6: number("cumulative_discharge_kwh", 4, 0, WH_MAX, divisor=1000),
    0xD8: number("cumulative_charge_kwh", 4, 0, WH_MAX, divisor=1000),
    0xDA: enum("operation_mode", OPERATION_MODES, settable=True),
    0xDB: enum("system_interconnection", SYSTEM_INTERCONNECTION),
    0xE2: number("remaining_wh", 4, 0, WH_MAX),
    0xE4: number("remaining_percent", 1, 0, 100),
}

# Mandatory Gets beyond the super class (Appendix): vehicle connection and operation mode.
MANDATORY_GET: frozenset[int] = frozenset({0xC7, 0xDA})
