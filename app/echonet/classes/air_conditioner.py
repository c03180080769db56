"""Home air conditioner class 0x0130 (Appendix Release R).

Temperatures are signed bytes in °C; 0x7E ("unmeasurable"), 0x7F/0x80
(overflow/underflow) lie outside -127..125 and decode to None; a set temperature
of 0xFD ("undefined") is outside 0..50 and decodes to None too.
0x84/0x85 (power, energy) come from the super class.
"""

from __future__ import annotations

from app.echonet.classes._types import (
    ON_OFF_41,
    PropDef,
    enum,
    hh_mm,
    level,
    number,
    numbers,
    raw_hex,
)

CLASS_CODE = 0x0130

OPERATION_MODES = {
    0x40: "other",
    0x41: "auto",
    0x42: "cooling",
    0x43: "heating",
    0x44: "dehumidification",
    0x45: "air_circulator",
}
ON_TIMER = {0x41: "time_and_relative_on", 0x42: "off", 0x43: "time_on", 0x44: "relative_on"}
AUTO_DIRECTION = {0x41: "auto", 0x42: "manual", 0x43: "auto_vertical", 0x44: "auto_horizontal"}
SWING = {0x31: "off", 0x41: "vertical", 0x42: "horizontal", 0x43: "vertical_and_horizontal"}
VERTICAL = {0x41: "uppermost", 0x42: "lowermost", 0x43: "central", 0x44: "upper_center",
            0x45: "lower_center"}
# 0xA5: which of left (l), left-centre (lc), centre (c), right-centre (rc), right (r).
HORIZONTAL = {
    0x41: "rc_r", 0x42: "l_lc", 0x43: "lc_c_rc", 0x44: "l_lc_rc_r", 0x51: "r", 0x52: "rc",
    0x54: "c", 0x55: "c_r", 0x56: "c_rc", 0x57: "c_rc_r", 0x58: "lc", 0x59: "lc_r",
    0x5A: "lc_rc", 0x5B: "lc_rc_r", 0x5C: "lc_c", 0x5D: "lc_c_r", 0x5F: "lc_c_rc_r",
    0x60: "l", 0x61: "l_r", 0x62: "l_rc", 0x63: "l_rc_r", 0x64: "l_c", 0x65: "l_c_r",
    0x66: "l_c_rc", 0x67: "l_c_rc_r", 0x69: "l_lc_r", 0x6A: "l_lc_rc", 0x6C: "l_lc_c",
    0x6D: "l_lc_c_r", 0x6E: "l_lc_c_rc", 0x6F: "l_lc_c_rc_r",
}
SPECIAL_STATE = {0x40: "normal", 0x41: "defrosting", 0x42: "preheating", 0x43: "heat_removal"}
NON_PRIORITY = {0x40: "normal", 0x41: "non_priority"}
SPEED = {0x41: "normal", 0x42: "high_speed", 0x43: "silent"}
VENTILATION = {0x41: "on_outlet", 0x42: "off", 0x43: "on_intake", 0x44: "on_outlet_and_intake"}
SPECIAL_FUNCTION = {0x40: "none", 0x41: "clothes_dryer", 0x42: "condensation_suppressor",
                    0x43: "mite_and_mold_control", 0x44: "active_defrosting"}
THERMOSTAT_OVERRIDE = {0x40: "normal", 0x41: "on", 0x42: "off"}


def _temperature(name: str) -> PropDef:
    return number(name, 1, -127, 125, signed=True)


def _set_temperature(name: str) -> PropDef:
    return number(name, 1, 0, 50, settable=True)


PROPERTIES: dict[int, PropDef] = {
    0x90: enum("on_timer_reservation", ON_TIMER, settable=True),
    0x91: hh_mm("on_timer_time", settable=True),
    0x92: hh_mm("on_timer_relative_time", settable=True, max_hour=255),
    0x94: enum("off_timer_reservation", ON_TIMER, settable=True),
    0x95: hh_mm("off_timer_time", settable=True),
    0x96: hh_mm("off_timer_relative_time", settable=True, max_hour=255),
    # Air flow: 'auto' or a level 1..8.
    0xA0: level("air_flow", auto=0x41, settable=True),
    0xA1: enum("air_flow_direction_auto", AUTO_DIRECTION, settable=True),
    0xA3: enum("air_flow_swing", SWING, settable=True),
    0xA4: enum("air_flow_vertical", VERTICAL, settable=True),
    0xA5: enum("air_flow_horizontal", HORIZONTAL, settable=True),
    0xAA: enum("special_state", SPECIAL_STATE),
    0xAB: enum("non_priority_state", NON_PRIORITY),
    0xB0: enum("operation_mode", OPERATION_MODES, settable=True),
    0xB1: enum("automatic_temperature_control", ON_OFF_41, settable=True),
    0xB2: enum("speed", SPEED, settable=True),
    0xB3: _set_temperature("target_temperature_c"),
    0xB4: number("dehumidifying_humidity_percent", 1, 0, 100, settable=True),
    0xB5: _set_temperature("cooling_temperature_c"),
    0xB6: _set_temperature("heating_temperature_c"),
    0xB7: _set_temperature("dehumidifying_temperature_c"),
    # Rated power when cooling, heating, dehumidifying, circulating (0xFFFE unsupported).
    0xB8: numbers("rated_power_w", 4, 2, 0, 65533),
    0xB9: number("current_consumption_a", 2, 0, 65533, divisor=10),
    0xBA: number("room_humidity_percent", 1, 0, 100),
    0xBB: _temperature("room_temperature_c"),
    0xBC: number("remote_control_temperature_c", 1, 0, 50),
    0xBD: _temperature("cooled_air_temperature_c"),
    0xBE: _temperature("outdoor_temperature_c"),
    0xBF: number("relative_temperature_c", 1, -127, 125, signed=True, divisor=10, settable=True),
    0xC0: enum("ventilation", VENTILATION, settable=True),
    0xC1: enum("humidifier", ON_OFF_41, settable=True),
    0xC2: level("ventilation_air_flow", auto=0x41, settable=True),
    0xC4: level("humidification_level", auto=0x41, settable=True),
    # Bitmaps of mounted functions and their settings: shown as hex.
    0xC6: raw_hex("air_cleaning_methods"),
    0xC7: raw_hex("air_purifier_setting"),
    0xC8: raw_hex("air_refresh_methods"),
    0xC9: raw_hex("air_refresher_setting"),
    0xCA: raw_hex("self_cleaning_methods"),
    0xCB: raw_hex("self_cleaning_setting"),
    0xCC: enum("special_function", SPECIAL_FUNCTION, settable=True),
    0xCD: raw_hex("component_status"),
    0xCE: enum("thermostat_override", THERMOSTAT_OVERRIDE, settable=True),
    0xCF: enum("air_purification_mode", ON_OFF_41, settable=True),
    0xD0: enum("buzzer", {0x41: "beep"}, settable=True),
}

# Mandatory Gets beyond the super class (MRA Release R): power saving, air flow, mode,
# set temperature and room temperature.
MANDATORY_GET: frozenset[int] = frozenset({0x8F, 0xA0, 0xB0, 0xB3, 0xBB})
