"""Electric vehicle charger/discharger class 0x027E (V2H; Appendix Release R).

Capacities in Wh and W, the vehicle's state of charge in %, currents in 0.1 A
(decoded to A), cumulative energies in 0.001 kWh (decoded to kWh). 0xD3 is signed:
positive = charging the vehicle, negative = discharging it into the house.
"""

from __future__ import annotations

from app.echonet.classes._types import (
    RESET,
    SYSTEM_INTERCONNECTION,
    PropDef,
    enum,
    min_max,
    number,
)
from app.echonet.codec import FrameError

CLASS_CODE = 0x027E

WH_MAX = 999_999_999  # 0x3B9AC9FF
POWER_MAX = 999_999_999  # 0xD3 range is -999,999,999..999,999,999 W
U16_MAX = 0x7FFE  # Ah / V / A quantities of 2 bytes
CURRENT_SETTING_MAX = 0xFFFD  # 0xED/0xEE

# 0xC7. 0xFF ("undetermined") is left out on purpose: it decodes to None.
VEHICLE_CONNECTION = {
    0x30: "not_connected",
    0x40: "connected",  # connected, neither chargeable nor dischargeable
    0x41: "connected_chargeable",
    0x42: "connected_dischargeable",
    0x43: "connected_chargeable_dischargeable",
    0x44: "connected_status_unknown",
}
# 0xDA (setting). Unlike the storage battery there is no rapid charging.
OPERATION_MODES = {
    0x40: "other",
    0x42: "charging",
    0x43: "discharging",
    0x44: "standby",
    0x46: "charging_discharging",
    0x47: "idle",
    0x48: "preparation",
    0x49: "auto",
}
# 0xE1: what the unit is doing now.
WORKING_MODES = {k: v for k, v in OPERATION_MODES.items() if k in (0x40, 0x42, 0x43, 0x44,
                                                                    0x47, 0x48)}
EQUIPMENT_TYPES = {  # 0xCC: AC / DC type and what it can do
    0x11: "ac_cplt", 0x12: "ac_hlc_charge", 0x13: "ac_hlc_charge_discharge",
    0x21: "dc_aa_charge", 0x22: "dc_aa_charge_discharge", 0x23: "dc_aa_discharge",
    0x31: "dc_bb_charge", 0x32: "dc_bb_charge_discharge", 0x33: "dc_bb_discharge",
    0x41: "dc_ee_charge", 0x42: "dc_ee_charge_discharge", 0x43: "dc_ee_discharge",
    0x51: "dc_ff_charge", 0x52: "dc_ff_charge_discharge", 0x53: "dc_ff_discharge",
}
CHARGING_METHODS = {0x00: "other", 0x01: "maximum", 0x02: "surplus",
                    0x03: "designated_power", 0x04: "designated_current",
                    0x05: "designated_purchase", 0x06: "v2g"}
DISCHARGING_METHODS = {0x00: "other", 0x01: "maximum", 0x02: "load_following",
                       0x03: "designated_power", 0x04: "designated_current",
                       0x05: "designated_purchase", 0x06: "v2g"}
PERMISSION = {0x41: "permitted", 0x42: "prohibited"}
MAINTENANCE = {0x41: "necessary", 0x42: "not_necessary"}


def _vehicle_id(edt: bytes) -> str:
    """0xE6: a size byte (0..24), then that many bytes of ID, shown as hex."""
    if not edt or edt[0] > 24 or len(edt) != 1 + edt[0]:
        raise FrameError("vehicle ID: size does not match length")
    return edt[1:].hex().upper()


def _pack_vehicle_id(value: str) -> bytes:
    raw = bytes.fromhex(value)
    if len(raw) > 24:
        raise ValueError("vehicle ID: at most 24 bytes")
    return bytes((len(raw),)) + raw


def _wh(name: str, settable: bool = False) -> PropDef:
    return number(name, 4, 0, WH_MAX, settable=settable)


def _tenths(name: str, hi: int = U16_MAX, settable: bool = False) -> PropDef:
    return number(name, 2, 0, hi, divisor=10, settable=settable)


PROPERTIES: dict[int, PropDef] = {
    0xC0: _wh("dischargeable_capacity_wh"),
    0xC1: _tenths("dischargeable_capacity_ah"),
    0xC2: _wh("remaining_dischargeable_wh"),
    0xC3: _tenths("remaining_dischargeable_ah"),
    0xC4: number("remaining_dischargeable_percent", 1, 0, 100),
    0xC5: _wh("rated_charge_w"),
    0xC6: _wh("rated_discharge_w"),
    0xC7: enum("vehicle_connection", VEHICLE_CONNECTION),
    0xC8: min_max("charge_power_range_w", 4, WH_MAX),
    0xC9: min_max("discharge_power_range_w", 4, WH_MAX),
    0xCA: min_max("charge_current_range_a", 2, U16_MAX, divisor=10),
    0xCB: min_max("discharge_current_range_a", 2, U16_MAX, divisor=10),
    0xCC: enum("equipment_type", EQUIPMENT_TYPES),
    0xCD: enum("vehicle_connection_check", {0x10: "check"}, settable=True),
    0xCE: _wh("chargeable_capacity_wh"),
    0xCF: _wh("remaining_chargeable_wh"),
    0xD0: _wh("used_capacity_wh"),
    0xD1: _tenths("used_capacity_ah"),
    0xD2: number("rated_voltage_v", 2, 0, U16_MAX),
    0xD3: number("instantaneous_charge_power_w", 4, -POWER_MAX, POWER_MAX, signed=True),
    0xD4: number("instantaneous_current_a", 2, -U16_MAX - 1, U16_MAX, signed=True,
                 divisor=10),
    0xD5: number("instantaneous_voltage_v", 2, -U16_MAX - 1, U16_MAX, signed=True),
    0xD6: number("cumulative_discharge_kwh", 4, 0, WH_MAX, divisor=1000),
    0xD7: enum("cumulative_discharge_reset", RESET, settable=True),
    0xD8: number("cumulative_charge_kwh", 4, 0, WH_MAX, divisor=1000),
    0xD9: enum("cumulative_charge_reset", RESET, settable=True),
    0xDA: enum("operation_mode", OPERATION_MODES, settable=True),
    0xDB: enum("system_interconnection", SYSTEM_INTERCONNECTION),
    0xDC: enum("charging_method", CHARGING_METHODS, settable=True),
    0xDD: enum("discharging_method", DISCHARGING_METHODS, settable=True),
    0xDE: _wh("purchase_power_setting_w", settable=True),
    0xDF: enum("reinterconnection_permission", PERMISSION, settable=True),
    0xE0: number("charge_discharge_power_setting_w", 4, -POWER_MAX, POWER_MAX, signed=True,
                 settable=True),
    0xE1: enum("working_operation_mode", WORKING_MODES),
    0xE2: _wh("remaining_wh"),
    0xE3: _tenths("remaining_ah"),
    0xE4: number("remaining_percent", 1, 0, 100),
    0xE5: enum("maintenance", MAINTENANCE),
    0xE6: PropDef("vehicle_id", _vehicle_id, pack=_pack_vehicle_id),
    0xE7: _wh("charge_amount_1_wh", settable=True),
    0xE9: _tenths("charge_amount_2_ah", settable=True),
    0xEA: _wh("discharge_amount_wh", settable=True),
    0xEB: _wh("charge_power_setting_w", settable=True),
    0xEC: _wh("discharge_power_setting_w", settable=True),
    0xED: _tenths("charge_current_setting_a", CURRENT_SETTING_MAX, settable=True),
    0xEE: _tenths("discharge_current_setting_a", CURRENT_SETTING_MAX, settable=True),
    0xEF: number("rated_voltage_independent_v", 2, 0, U16_MAX),
}

# Mandatory Gets beyond the super class (MRA Release R).
MANDATORY_GET: frozenset[int] = frozenset({
    0x89, 0x8C, 0xC0, 0xC2, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCE,
    0xCF, 0xD0, 0xDA, 0xDC, 0xDD, 0xE2, 0xE4, 0xE6,
})
