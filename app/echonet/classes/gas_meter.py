"""Gas meter class 0x0282: cumulative gas consumption in a fixed 0.001 m³ unit."""

from __future__ import annotations

from app.echonet.classes._types import PropDef, history, number

CLASS_CODE = 0x0282

CUMULATIVE_MAX = 999_999_999  # 0x3B9AC9FF: 999,999.999 m³

PROPERTIES: dict[int, PropDef] = {
    0xE0: number("cumulative_gas_m3", 4, 0, CUMULATIVE_MAX, divisor=1000),
    # The past 24 hours as 48 half-hourly cumulative readings.
    0xE2: history("cumulative_gas_history_m3", 48, CUMULATIVE_MAX, divisor=1000),
}

# Mandatory Gets beyond the super class (MRA Release R): cumulative gas.
MANDATORY_GET: frozenset[int] = frozenset({0xE0})
