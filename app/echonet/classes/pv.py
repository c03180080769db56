"""Household solar power generation class 0x0279 (Appendix Release R).

Besides generation, a PV power conditioner carries the output-control properties
of the grid operator's curtailment scheme (0xA0-0xB4) and the FIT contract (0xC1-0xC4).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from app.echonet.classes._types import (
    ON_OFF_41,
    RESET,
    PropDef,
    date_value,
    enum,
    expect_len,
    number,
)

CLASS_CODE = 0x0279

W_MAX = 65533  # unsigned short watts
KWH_MAX = 999_999_999  # 0.001 kWh units: 999,999.999 kWh
INTERCONNECTION = {0x00: "reverse_flow_acceptable", 0x01: "independent",
                   0x02: "reverse_flow_not_acceptable", 0x03: "unknown"}
RESTRAINT = {0x41: "output_control", 0x42: "other_control", 0x43: "reason_unknown",
             0x44: "not_restrained", 0x45: "unknown"}
CONTRACT = {0x41: "fit", 0x42: "non_fit", 0x43: "undefined"}
SELF_CONSUMPTION = {0x41: "with_self_consumption", 0x42: "without_self_consumption",
                    0x43: "unknown"}
SCHEDULE_SLOTS = 96  # 0xB0: every 30 minutes over two days


class ControlSchedule(NamedTuple):
    """0xB0: the date the schedule starts and the output limit (%) per half hour."""

    date: str | None
    percents: tuple[int | None, ...]


_DATE = date_value("schedule date")


def _schedule(edt: bytes) -> ControlSchedule:
    expect_len(edt, 4 + SCHEDULE_SLOTS, "output power control schedule")
    date = _DATE.decode(edt[:4])
    return ControlSchedule(date, tuple(p if p <= 100 else None for p in edt[4:]))


def _pack_schedule(value: ControlSchedule) -> bytes:
    date, percents = value
    if len(percents) != SCHEDULE_SLOTS:
        raise ValueError(f"output control schedule: {SCHEDULE_SLOTS} values")
    assert _DATE.pack is not None
    start = b"\xff" * 4 if date is None else _DATE.pack(date)  # 0xFFFFFFFF: date unknown
    return start + bytes(0xFF if p is None else int(p) for p in percents)


def _next_access(edt: bytes) -> datetime | None:
    """0xB1: date and time of the next schedule update; 0xFF.. = none."""
    expect_len(edt, 7, "next access date and time")
    try:
        return datetime(int.from_bytes(edt[:2], "big"), *edt[2:7])
    except ValueError:
        return None


def _pack_next_access(at: datetime) -> bytes:
    return at.year.to_bytes(2, "big") + bytes((at.month, at.day, at.hour, at.minute, at.second))


def _w(name: str, settable: bool = False) -> PropDef:
    return number(name, 2, 0, W_MAX, settable=settable)  # 0xFFFF "not set" -> None


PROPERTIES: dict[int, PropDef] = {
    0xA0: number("output_control_1_percent", 1, 0, 100, settable=True),
    0xA1: _w("output_control_2_w", settable=True),
    0xA2: enum("surplus_purchase_control", ON_OFF_41, settable=True),
    0xB0: PropDef("output_control_schedule", _schedule, pack=_pack_schedule),
    0xB1: PropDef("next_access", _next_access, pack=_pack_next_access),
    0xB2: enum("surplus_purchase_control_type", ON_OFF_41),
    0xB3: number("output_change_time_s", 2, 0, W_MAX),
    0xB4: _w("upper_limit_clip_w"),
    0xC0: number("operating_power_factor_percent", 1, 0, 100),
    0xC1: enum("fit_contract", CONTRACT, settable=True),
    0xC2: enum("self_consumption", SELF_CONSUMPTION),
    0xC3: _w("approved_capacity_w"),
    0xC4: number("conversion_coefficient_percent", 1, 0, 100),
    0xD0: enum("system_interconnection", INTERCONNECTION),
    0xD1: enum("output_restraint", RESTRAINT),
    0xE0: number("instantaneous_generation_w", 2, 0, W_MAX),
    # Unlike the meters, PV cumulative values have a fixed 0.001 kWh unit.
    0xE1: number("cumulative_generation_kwh", 4, 0, KWH_MAX, divisor=1000),
    0xE2: enum("cumulative_generation_reset", RESET, settable=True),
    0xE3: number("cumulative_sold_kwh", 4, 0, KWH_MAX, divisor=1000),
    0xE4: enum("cumulative_sold_reset", RESET, settable=True),
    0xE5: number("generation_limit_1_percent", 1, 0, 100, settable=True),
    0xE6: _w("generation_limit_2_w", settable=True),
    0xE7: _w("sale_limit_w", settable=True),
    0xE8: _w("rated_generation_w"),
    0xE9: _w("rated_generation_independent_w"),
}

# Mandatory Gets beyond the super class (MRA Release R): identification, clock, the
# output-control and FIT properties, interconnection, generation.
MANDATORY_GET: frozenset[int] = frozenset({
    0x83, 0x89, 0x8C, 0x97, 0x98, 0xA0, 0xA1, 0xA2, 0xB0, 0xB1, 0xB2, 0xB4, 0xC1, 0xC2,
    0xC3, 0xC4, 0xD0, 0xD1, 0xE0, 0xE1, 0xE8,
})
