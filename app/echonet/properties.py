"""Decode/encode property values by (class code, EPC), driven by per-class tables.

    decode(0x0288, 0xE7, b"\\x00\\x00\\x01\\xf4")  -> 500         (W)
    decode(0x027D, 0xDA, b"\\x42")                 -> "charging"
    encode(0x027D, 0xDA, "discharging")            -> b"\\x43"
    encode_value(0x0288, 0xE7, -500)               -> b"\\xff\\xff\\xfe\\x0c"  (read-only too)

Rules (see `app.echonet.classes._types` for the details):
* unknown class or EPC -> `UnknownProperty` (a KeyError). Super-class EPCs
  (0x80, 0x88, 0x9D-0x9F, ...) are known for *every* class code, even one we
  have no table for, because every device object implements them;
* wrong EDT length -> `FrameError`;
* out-of-range / overflow / "no data" codes -> ``None``;
* cumulative energies of the meters decode to the raw count; convert with
  `scale_cumulative(raw, unit_edt, coefficient)`. PV, battery, fuel cell and EV
  cumulative values have a fixed unit and decode straight to kWh; the gas meter
  straight to m³. The water flow meter's count is converted with
  `scale_flow(raw, unit_edt)` (unit in its 0xE1).
"""

from __future__ import annotations

from typing import Any

from app.echonet.classes import (
    air_conditioner,
    distribution_board,
    ev_charger_discharger,
    fuel_cell,
    gas_meter,
    gas_water_heater,
    general_lighting,
    node_profile,
    pv,
    smart_meter,
    storage_battery,
    super_class,
    water_flow_meter,
    water_heater,
)
from app.echonet.classes._types import PropDef, Value, times_power_of_ten, unit_exponent
from app.echonet.classes.water_flow_meter import scale_flow

__all__ = [
    "UnknownProperty",
    "decode",
    "encode",
    "encode_value",
    "known_classes",
    "lookup",
    "mandatory_gets",
    "property_name",
    "scale_cumulative",
    "scale_flow",
]

_MODULES = (
    node_profile,
    distribution_board,
    smart_meter,
    pv,
    storage_battery,
    fuel_cell,
    ev_charger_discharger,
    air_conditioner,
    water_heater,
    gas_water_heater,
    gas_meter,
    water_flow_meter,
    general_lighting,
)
_CLASS_TABLES: dict[int, dict[int, PropDef]] = {m.CLASS_CODE: m.PROPERTIES for m in _MODULES}
_MANDATORY: dict[int, frozenset[int]] = {m.CLASS_CODE: m.MANDATORY_GET for m in _MODULES}
assert len(_CLASS_TABLES) == 13, "two modules share a class code"


class UnknownProperty(KeyError):
    """No table entry for this (class code, EPC)."""

    def __init__(self, class_code: int, epc: int) -> None:
        super().__init__(f"class {class_code:#06x} EPC {epc:#04x}")
        self.class_code = class_code
        self.epc = epc


def lookup(class_code: int, epc: int) -> PropDef:
    """The class's own entry first (it may override), then the super class."""
    entry = _CLASS_TABLES.get(class_code, {}).get(epc) or super_class.PROPERTIES.get(epc)
    if entry is None:
        raise UnknownProperty(class_code, epc)
    return entry


def mandatory_gets(class_code: int) -> frozenset[int]:
    """EPCs a device object of the class must answer to Get (Appendix), maps included.

    The node profile has its own list; a class without a table has the super class's.
    """
    own = _MANDATORY.get(class_code, frozenset())
    return own if class_code == node_profile.CLASS_CODE else super_class.MANDATORY_GET | own


def known_classes() -> frozenset[int]:
    return frozenset(_CLASS_TABLES)


def property_name(class_code: int, epc: int) -> str:
    return lookup(class_code, epc).name


def decode(class_code: int, epc: int, edt: bytes) -> Value:
    return lookup(class_code, epc).decode(bytes(edt))


def encode(class_code: int, epc: int, value: Any) -> bytes:
    """EDT for a Set. Read-only in our tables -> UnknownProperty; bad value -> ValueError."""
    entry = lookup(class_code, epc)
    if entry.encode is None:
        raise UnknownProperty(class_code, epc)
    return entry.encode(value)


def encode_value(class_code: int, epc: int, value: Any) -> bytes:
    """EDT publishing `value`, read-only EPCs included (for a node / simulator).

    Unknown EPC -> UnknownProperty; an entry with no encoder or a bad value ->
    ValueError. ``decode(c, e, encode_value(c, e, v)) == v`` for valid values.
    """
    return lookup(class_code, epc).to_edt(value)


def scale_cumulative(raw: int | None, unit_edt: bytes, coefficient: int = 1) -> int | float | None:
    """kWh from a meter's raw cumulative count.

    ``unit_edt`` is the EDT of 0xC2 (distribution board) or 0xE1 (smart meter);
    ``coefficient`` is the smart meter's 0xD3 (1 when absent). A ``None`` raw
    value ("no data") stays None. A malformed unit raises FrameError.
    """
    exponent = unit_exponent(bytes(unit_edt))
    if raw is None:
        return None
    return times_power_of_ten(raw * coefficient, exponent)
