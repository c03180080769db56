"""Storage battery class 0x027D (Appendix Release R, as in the MRA 1.3.1).

"AC" properties (0xA0-0xAB) are measured at the power conditioner's AC side, the
others at the battery (DC) side. Energies in Wh (cumulative ones in 0.001 kWh,
decoded to kWh), powers in W, currents in 0.1 A (decoded to A). Signed values are
positive while charging, negative while discharging.
"""

from __future__ import annotations

from app.echonet.classes._types import (
    SYSTEM_INTERCONNECTION,
    PropDef,
    enum,
    min_max,
    number,
)

CLASS_CODE = 0x027D

WH_MAX = 999_999_999  # 0x3B9AC9FF: unsigned long quantities
U16_MAX = 0x7FFE  # 0.1 A / 0.1 Ah / V quantities of 2 bytes (0x0000-0x7FFE)
CURRENT_SETTING_MAX = 0xFFFD  # 0xED/0xEE: 0.1 A, 0x0000-0xFFFD
SIGNED_MAX = 999_999_999  # signed long: -999,999,999 .. 999,999,999
SIGNED_16_MAX = 0x7FFE  # signed short: -32,767 .. 32,766

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
CHARGING_METHODS = {0x00: "other", 0x01: "maximum", 0x02: "surplus", 0x03: "designated_power",
                    0x04: "designated_current"}
DISCHARGING_METHODS = {0x00: "other", 0x01: "maximum", 0x02: "load_following",
                       0x03: "designated_power", 0x04: "designated_current"}
PERMISSION = {0x41: "permitted", 0x42: "prohibited"}  # 0xCC-0xCE
BATTERY_TYPES = {0x00: "unknown", 0x01: "lead", 0x02: "nimh", 0x03: "nicd", 0x04: "lithium_ion",
                 0x05: "zinc", 0x06: "alkaline"}


def _wh(name: str, settable: bool = False) -> PropDef:
    return number(name, 4, 0, WH_MAX, settable=settable)


def _kwh(name: str) -> PropDef:
    return number(name, 4, 0, WH_MAX, divisor=1000)


def _tenths(name: str, settable: bool = False) -> PropDef:
    return number(name, 2, 0, U16_MAX, divisor=10, settable=settable)


PROPERTIES: dict[int, PropDef] = {
    0xA0: _wh("ac_effective_capacity_charging_wh"),
    0xA1: _wh("ac_effective_capacity_discharging_wh"),
    0xA2: _wh("ac_chargeable_capacity_wh"),
    0xA3: _wh("ac_dischargeable_capacity_wh"),
    0xA4: _wh("ac_chargeable_energy_wh"),
    0xA5: _wh("ac_dischargeable_energy_wh"),
    0xA6: number("ac_charge_upper_limit_percent", 1, 0, 100, settable=True),
    0xA7: number("ac_discharge_lower_limit_percent", 1, 0, 100, settable=True),
    0xA8: _kwh("ac_cumulative_charge_kwh"),
    0xA9: _kwh("ac_cumulative_discharge_kwh"),
    0xAA: _wh("ac_charge_amount_setting_wh", settable=True),  # 0 = not set
    0xAB: _wh("ac_discharge_amount_setting_wh", settable=True),
    0xC1: enum("charging_method", CHARGING_METHODS, settable=True),
    0xC2: enum("discharging_method", DISCHARGING_METHODS, settable=True),
    0xC7: _wh("ac_rated_energy_wh"),
    0xC8: min_max("charge_power_range_w", 4, WH_MAX),
    0xC9: min_max("discharge_power_range_w", 4, WH_MAX),
    0xCA: min_max("charge_current_range_a", 2, U16_MAX, divisor=10),
    0xCB: min_max("discharge_current_range_a", 2, U16_MAX, divisor=10),
    0xCC: enum("reinterconnection_permission", PERMISSION, settable=True),
    0xCD: enum("operation_permission", PERMISSION, settable=True),
    0xCE: enum("independent_operation_permission", PERMISSION, settable=True),
    0xCF: enum("working_operation_status", OPERATION_MODES),
    0xD0: _wh("rated_energy_wh"),
    0xD1: _tenths("rated_capacity_ah"),
    0xD2: number("rated_voltage_v", 2, 0, U16_MAX),
    # Signed: positive = charging, negative = discharging.
    0xD3: number("instantaneous_charge_power_w", 4, -SIGNED_MAX, SIGNED_MAX, signed=True),
    0xD4: number("instantaneous_charge_current_a", 2, -SIGNED_16_MAX - 1, SIGNED_16_MAX,
                 signed=True, divisor=10),
    0xD5: number("instantaneous_voltage_v", 2, -SIGNED_16_MAX - 1, SIGNED_16_MAX, signed=True),
    0xD6: _kwh("cumulative_discharge_kwh"),
    0xD7: enum("cumulative_discharge_reset", {0x00: "reset"}, settable=True),
    0xD8: _kwh("cumulative_charge_kwh"),
    0xD9: enum("cumulative_charge_reset", {0x00: "reset"}, settable=True),
    0xDA: enum("operation_mode", OPERATION_MODES, settable=True),
    0xDB: enum("system_interconnection", SYSTEM_INTERCONNECTION),
    0xDC: min_max("charge_power_range_independent_w", 4, WH_MAX),
    0xDD: min_max("discharge_power_range_independent_w", 4, WH_MAX),
    0xDE: min_max("charge_current_range_independent_a", 2, U16_MAX, divisor=10),
    0xDF: min_max("discharge_current_range_independent_a", 2, U16_MAX, divisor=10),
    0xE0: number("charge_discharge_amount_1_wh", 4, -SIGNED_MAX, SIGNED_MAX, signed=True,
                 settable=True),
    0xE1: number("charge_discharge_amount_2_ah", 2, -SIGNED_16_MAX, SIGNED_16_MAX, signed=True,
                 divisor=10, settable=True),
    0xE2: _wh("remaining_wh"),
    0xE3: _tenths("remaining_ah"),
    0xE4: number("remaining_percent", 1, 0, 100),
    0xE5: number("state_of_health_percent", 1, 0, 100),
    0xE6: enum("battery_type", BATTERY_TYPES),
    0xE7: _wh("charge_amount_1_wh", settable=True),
    0xE8: _wh("discharge_amount_1_wh", settable=True),
    0xE9: _tenths("charge_amount_2_ah", settable=True),
    0xEA: _tenths("discharge_amount_2_ah", settable=True),
    0xEB: _wh("charge_power_setting_w", settable=True),
    0xEC: _wh("discharge_power_setting_w", settable=True),
    0xED: number("charge_current_setting_a", 2, 0, CURRENT_SETTING_MAX, divisor=10,
                 settable=True),
    0xEE: number("discharge_current_setting_a", 2, 0, CURRENT_SETTING_MAX, divisor=10,
                 settable=True),
    0xEF: number("rated_voltage_independent_v", 2, 0, U16_MAX),
}

# Mandatory Gets beyond the super class (MRA Release R): maker's fault code, product
# code, clock, the AC capacities and energies, charge and discharge methods and limits,
# status and mode, interconnection, remaining energy (the Appendix lets a battery offer
# one of 0xE2-0xE4) and battery type.
MANDATORY_GET = frozenset({
    0x89, 0x8C, 0x97, 0x98, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA8, 0xA9, 0xAA, 0xAB,
    0xC1, 0xC2, 0xC8, 0xC9, 0xCF, 0xDA, 0xDB, 0xE2, 0xE3, 0xE4, 0xE6,
})
