"""Storage battery class 0x027D."""

from __future__ import annotations

from app.echonet.classes._types import PropDef, enum, number

CLASS_CODE = 0x027D

# Shared by 0xDA (operation mode setting, settable) and 0xCF (working status).
OPERATION_MODES = {
    0x40: "other",
    0x41: "rapid_charging",
    0x42: "charging",
    0x43: "discharging",
    0x44: "standby",
    0x45: "test",
    0x46: "auto",
    0x48: "restart",
    0x49: "capacity_recalculation",
}

PROPERTIES: dict[int, PropDef] = {
    0xCF: enum("working_operation_status", OPERATION_MODES),
    # Signed: positive = charging, negative = discharging.
    0xD3: number("instantaneous_charge_power_w", 4, -2_147_483_647, 2_147_483_645, signed=True),
    0xD6: number("cumulative_discharge_kwh", 4, 0, 999_999_999, divisor=1000),
    0xD8: number("cumulative_charge_kwh", 4, 0, 999_999_999, divisor=1000),
    0xDA: enum("operation_mode", OPERATION_MODES, settable=True),
    0xE2: number("remaining_wh", 4, 0, 999_999_999),
    0xE4: number("remaining_percent", 1, 0, 100),
}
