"""Low-voltage smart electric energy meter class 0x0288 (B-route meter).

0xE0/0xE3 decode to the raw count: kWh = raw x coefficient (0xD3) x unit
(0xE1); see `properties.scale_cumulative`.
"""

from __future__ import annotations

from app.echonet.classes._types import PropDef, cumulative_unit, number, phase_currents

CLASS_CODE = 0x0288

CUMULATIVE_MAX = 99_999_999  # the meter's effective digits (0xD7) may lower this

PROPERTIES: dict[int, PropDef] = {
    0xD3: number("coefficient", 4, 0, 999_999),
    0xD7: number("effective_digits", 1, 1, 8),
    0xE0: number("cumulative_normal_raw", 4, 0, CUMULATIVE_MAX),
    0xE1: cumulative_unit("cumulative_unit_kwh"),
    0xE3: number("cumulative_reverse_raw", 4, 0, CUMULATIVE_MAX),
    # Signed: negative while the house exports (PV surplus).
    0xE7: number("instantaneous_power_w", 4, -2_147_483_647, 2_147_483_645, signed=True),
    0xE8: phase_currents("instantaneous_currents_a"),
}
