"""General lighting class 0x0290 (Appendix Release R): brightness, colour and mode."""

from __future__ import annotations

from app.echonet.classes._types import (
    ON_OFF_41,
    PropDef,
    enum,
    hh_mm,
    number,
    numbers,
    raw_hex,
)

CLASS_CODE = 0x0290

# 0xB6. 0x44 is not assigned.
LIGHTING_MODES = {0x41: "auto", 0x42: "normal", 0x43: "night", 0x45: "color"}
AUTO_MODES = {0x42: "normal", 0x43: "night", 0x44: "off", 0x45: "color"}  # 0xBF
COLORS = {0x40: "other", 0x41: "incandescent", 0x42: "white", 0x43: "daylight_white",
          0x44: "daylight_color"}  # 0xB1 also 0xFD "undefined" -> None


def _percent(name: str) -> PropDef:
    return number(name, 1, 0, 100, settable=True)


PROPERTIES: dict[int, PropDef] = {
    0x90: enum("on_timer_reservation", ON_OFF_41, settable=True),
    0x91: hh_mm("on_timer_time", settable=True),
    0x94: enum("off_timer_reservation", ON_OFF_41, settable=True),
    0x95: hh_mm("off_timer_time", settable=True),
    0xB0: _percent("brightness_percent"),
    0xB1: enum("light_color", COLORS, settable=True),
    # Steps (0x01..the maximum in 0xB4/0xB5) are kept raw: their scale is the maker's.
    0xB2: raw_hex("brightness_step"),
    0xB3: raw_hex("color_step"),
    0xB4: numbers("maximum_steps", 2, 1, 0, 255),  # brightness, colour (0 = no steps)
    0xB5: numbers("maximum_night_steps", 2, 1, 0, 255),
    0xB6: enum("lighting_mode", LIGHTING_MODES, settable=True),
    0xB7: _percent("main_brightness_percent"),
    0xB8: raw_hex("main_brightness_step"),
    0xB9: _percent("night_brightness_percent"),
    0xBA: raw_hex("night_brightness_step"),
    0xBB: enum("main_color", COLORS, settable=True),
    0xBC: raw_hex("main_color_step"),
    0xBD: enum("night_color", COLORS, settable=True),
    0xBE: raw_hex("night_color_step"),
    0xBF: enum("auto_mode", AUTO_MODES),
    0xC0: numbers("rgb", 3, 1, 0, 255),
}

# Mandatory Gets beyond the super class (MRA Release R): the lighting mode.
MANDATORY_GET: frozenset[int] = frozenset({0xB6})
