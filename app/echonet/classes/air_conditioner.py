"""Home air conditioner class 0x0130.

Temperatures are signed bytes in °C; 0x7E ("unmeasurable"), 0x7F/0x80
(overflow/underflow) lie outside -127..125 and decode to None.
0x84/0x85 (power, energy) come from the super class.
"""

from __future__ import annotations

from app.echonet.classes._types import PropDef, enum, expect_len, number

CLASS_CODE = 0x0130

OPERATION_MODES = {
    0x40: "other",
    0x41: "auto",
    0x42: "cooling",
    0x43: "heating",
    0x44: "dehumidification",
    0x45: "air_circulator",
}
AIR_FLOW_AUTO = 0x41
AIR_FLOW_LEVEL_BASE = 0x30  # levels 1..8 are 0x31..0x38


def _air_flow(edt: bytes) -> str | int | None:
    expect_len(edt, 1, "air flow rate")
    if edt[0] == AIR_FLOW_AUTO:
        return "auto"
    level = edt[0] - AIR_FLOW_LEVEL_BASE
    return level if 1 <= level <= 8 else None


def _encode_air_flow(value: str | int) -> bytes:
    """'auto' or a level 1..8."""
    if value == "auto":
        return bytes((AIR_FLOW_AUTO,))
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 8:
        return bytes((AIR_FLOW_LEVEL_BASE + value,))
    raise ValueError(f"air flow must be 'auto' or 1..8, got {value!r}")


def _temperature(name: str) -> PropDef:
    return number(name, 1, -127, 125, signed=True)


PROPERTIES: dict[int, PropDef] = {
    0xA0: PropDef("air_flow", _air_flow, _encode_air_flow),
    0xB0: enum("operation_mode", OPERATION_MODES, settable=True),
    0xB3: number("target_temperature_c", 1, 0, 50, settable=True),
    0xBA: number("room_humidity_percent", 1, 0, 100),
    0xBB: _temperature("room_temperature_c"),
    0xBE: _temperature("outdoor_temperature_c"),
}

# Mandatory Gets beyond the super class (Appendix): operation mode and set temperature.
MANDATORY_GET: frozenset[int] = frozenset({0xB0, 0xB3})
