"""Household solar power generation class 0x0279."""

from __future__ import annotations

from app.echonet.classes._types import PropDef, number

CLASS_CODE = 0x0279

PROPERTIES: dict[int, PropDef] = {
    0xE0: number("instantaneous_generation_w", 2, 0, 65533),
    # Unlike the meters, PV cumulative values have a fixed 0.001 kWh unit.
    0xE1: number("cumulative_generation_kwh", 4, 0, 999_999_999, divisor=1000),
    0xE3: number("cumulative_sold_kwh", 4, 0, 999_999_999, divisor=1000),
}

# Mandatory Gets beyond the super class (Appendix): instantaneous and cumulative generation.
MANDATORY_GET: frozenset[int] = frozenset({0xE0, 0xE1})
