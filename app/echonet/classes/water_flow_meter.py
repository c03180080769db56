"""Water flow meter class 0x0281.

The spec does not fix the unit of 0xE0/0xE2: they decode to the raw count, and
`scale_flow(raw, unit_edt)` turns a count into m³ with the unit in 0xE1.
"""

from __future__ import annotations

from app.echonet.classes._types import PropDef, enum, expect_len, history, number, raw_hex
from app.echonet.codec import FrameError

CLASS_CODE = 0x0281

CUMULATIVE_MAX = 999_999_999  # 9 digits
CLASSIFICATION = {
    0x30: "running_water",
    0x31: "recycled_water",
    0x32: "sewage_water",
    0x33: "other_water",
}
# 0xE1: code n means 10**-n m³ per count (0x00 = 1 m³ .. 0x06 = 0.000001 m³).
UNIT_CODES = range(0x00, 0x07)


def unit_m3(edt: bytes) -> int | float:
    """m³ per count; an undefined code raises FrameError (as the electricity unit)."""
    expect_len(edt, 1, "flow unit")
    if edt[0] not in UNIT_CODES:
        raise FrameError(f"unknown flow unit code {edt[0]:#04x}")
    return 1 if edt[0] == 0 else 1 / 10 ** edt[0]


def _pack_unit(m3_per_count: int | float) -> bytes:
    for code in UNIT_CODES:
        if unit_m3(bytes((code,))) == m3_per_count:
            return bytes((code,))
    raise ValueError(f"flow unit {m3_per_count!r} m³ is not 1..0.000001")


def scale_flow(raw: int | None, unit_edt: bytes) -> int | float | None:
    """m³ from a raw count of 0xE0/0xE2; None ("no data") stays None."""
    unit = unit_m3(bytes(unit_edt))
    if raw is None:
        return None
    # Divide by a power of ten rather than multiply, so 12345 x 0.001 -> 12.345 exactly.
    return raw if unit == 1 else raw / round(1 / unit)


OWNER = {0x30: "not_specified", 0x31: "public_waterworks", 0x32: "private_company",
         0x33: "individual"}

PROPERTIES: dict[int, PropDef] = {
    0xD0: enum("classification", CLASSIFICATION),
    0xD1: enum("owner", OWNER),
    0xE0: number("cumulative_flow_raw", 4, 0, CUMULATIVE_MAX),
    0xE1: PropDef("cumulative_unit_m3", unit_m3, pack=_pack_unit),
    0xE2: history("cumulative_flow_history_raw", 48, CUMULATIVE_MAX),
    0xE3: enum("abnormal_value_detected", {0x41: "detected", 0x42: "not_detected"}),
    0xE4: number("security_data", 4, 0, 0xFFFFFFFF),
    0xE5: raw_hex("id_number"),  # 6 bytes
    0xE6: raw_hex("verification_expiration"),  # 6 bytes (YYYYMM in ASCII)
    0xE7: history("cumulative_flow_history_2_raw", 48, CUMULATIVE_MAX),
}

# Mandatory Gets beyond the super class (MRA Release R): cumulative flow and its unit.
MANDATORY_GET: frozenset[int] = frozenset({0xE0, 0xE1})
