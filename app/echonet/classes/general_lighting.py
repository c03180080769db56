"""General lighting class 0x0290: brightness and lighting mode."""

from __future__ import annotations

from app.echonet.classes._types import PropDef, enum, number

CLASS_CODE = 0x0290

# 0xB6. 0x44 is not assigned.
LIGHTING_MODES = {0x41: "auto", 0x42: "normal", 0x43: "night", 0x45: "color"}

PROPERTIES: dict[int, PropDef] = {
    0xB0: number("brightness_percent", 1, 0, 100, settable=True),
    0xB6: enum("lighting_mode", LIGHTING_MODES, settable=True),
}

# Mandatory Gets beyond the super class (Appendix): only the super class (0x80).
MANDATORY_GET: frozenset[int] = frozenset()
