"""Building blocks for the declarative per-class property tables.

Each table maps EPC -> `PropDef`. A PropDef knows how to turn an EDT into a
physical value (W, kWh, %, °C, A, ...) or an enum name, and, for settable
properties, back.

Conventions shared by every table (documented once, here):
* wrong EDT length -> `FrameError` (the device sent bytes we cannot read);
* a value outside the range the spec allows -> ``None``. This covers the
  spec's overflow/underflow/"no data" codes (0xFFFFFFFE, 0x7FFFFFFE, 0x7FFE,
  0xFD..0xFF, ...), which always lie outside the valid range: the panel shows
  "no data" rather than a bogus 4 GW;
* an enum code the table does not know -> ``None`` (vendor or newer codes).
* encoding a bad value -> `ValueError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from app.echonet.codec import FrameError, decode_property_map, encode_property_map

Value = Any  # int | float | str | frozenset[int] | tuple | None; kept loose for tables


@dataclass(frozen=True)
class PropDef:
    name: str
    decode: Callable[[bytes], Value]
    encode: Callable[[Any], bytes] | None = None  # None = read-only here
    # Value -> EDT for *publishing* (a simulated node), read-only EPCs included.
    # Kept apart from `encode` so the client cannot Set a read-only EPC by accident.
    pack: Callable[[Any], bytes] | None = None

    def to_edt(self, value: Any) -> bytes:
        """EDT for any value this entry can express (settable encode first, then pack)."""
        packer = self.encode or self.pack
        if packer is None:
            raise ValueError(f"{self.name}: no encoder for this property")
        return packer(value)


NO_DATA_U32 = b"\xff\xff\xff\xfe"  # unsigned long "no data"
NO_DATA_S32 = b"\x7f\xff\xff\xfe"  # signed long "no data"


def expect_len(edt: bytes, size: int, what: str) -> None:
    if len(edt) != size:
        raise FrameError(f"{what}: EDT needs {size} bytes, got {len(edt)}")


def scaled(raw: int, divisor: int) -> int | float:
    # Dividing by an exact power of ten keeps 53 -> 5.3 (not 5.300000000000001).
    return raw if divisor == 1 else raw / divisor


def pack_int(value: int | float, size: int, signed: bool, lo: int, hi: int, divisor: int) -> bytes:
    """Physical value -> big-endian raw count; outside [lo, hi] -> ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {value!r}")
    raw = round(value * divisor)
    if not lo <= raw <= hi:
        raise ValueError(f"{value!r} outside {scaled(lo, divisor)}..{scaled(hi, divisor)}")
    return raw.to_bytes(size, "big", signed=signed)


def int_field(raw: bytes, signed: bool, lo: int, hi: int, divisor: int) -> int | float | None:
    value = int.from_bytes(raw, "big", signed=signed)
    return scaled(value, divisor) if lo <= value <= hi else None


def number(
    name: str,
    size: int,
    lo: int,
    hi: int,
    *,
    signed: bool = False,
    divisor: int = 1,
    settable: bool = False,
) -> PropDef:
    """A single integer; ``divisor`` 10 means the raw count is in 0.1 units."""

    def decode(edt: bytes) -> int | float | None:
        expect_len(edt, size, name)
        return int_field(edt, signed, lo, hi, divisor)

    def pack(value: int | float) -> bytes:
        return pack_int(value, size, signed, lo, hi, divisor)

    return PropDef(name, decode, pack if settable else None, pack=pack)


def history(name: str, count: int, hi: int, divisor: int = 1) -> PropDef:
    """``count`` unsigned longs (e.g. 48 half-hour readings); out of range -> None each."""

    def decode(edt: bytes) -> tuple[int | float | None, ...]:
        expect_len(edt, 4 * count, name)
        words = (edt[i : i + 4] for i in range(0, len(edt), 4))
        return tuple(int_field(word, False, 0, hi, divisor) for word in words)

    def pack(values: tuple[int | float | None, ...]) -> bytes:
        if not isinstance(values, tuple | list) or len(values) != count:
            raise ValueError(f"{name}: needs {count} values")
        # None -> 0xFFFFFFFE, the unsigned-long "no data" code.
        return b"".join(
            NO_DATA_U32 if v is None else pack_int(v, 4, False, 0, hi, divisor) for v in values
        )

    return PropDef(name, decode, pack=pack)


def enum(name: str, codes: Mapping[int, str], *, settable: bool = False) -> PropDef:
    by_name = {v: k for k, v in codes.items()}

    def decode(edt: bytes) -> str | None:
        expect_len(edt, 1, name)
        return codes.get(edt[0])

    def encode(value: str) -> bytes:
        if value not in by_name:
            raise ValueError(f"{name}: {value!r} not one of {sorted(by_name)}")
        return bytes((by_name[value],))

    return PropDef(name, decode, encode if settable else None, pack=encode)


def property_map(name: str) -> PropDef:
    return PropDef(name, decode_property_map, pack=encode_property_map)


def raw_hex(name: str) -> PropDef:
    """Opaque bytes (IDs, fault details) shown as hex."""
    return PropDef(name, lambda edt: edt.hex().upper(), pack=bytes.fromhex)


# "System interconnected type" (fuel cell 0xD0, EV charger/discharger 0xDB).
SYSTEM_INTERCONNECTION = {
    0x00: "reverse_flow_acceptable",
    0x01: "independent",
    0x02: "reverse_flow_not_acceptable",
}


# 0xC2 (distribution board) / 0xE1 (smart meter): unit of cumulative energy as a
# power of ten of kWh per count.
CUMULATIVE_UNIT_EXPONENT: dict[int, int] = {
    0x00: 0, 0x01: -1, 0x02: -2, 0x03: -3, 0x04: -4,
    0x0A: 1, 0x0B: 2, 0x0C: 3, 0x0D: 4,
}


def unit_exponent(edt: bytes) -> int:
    expect_len(edt, 1, "cumulative energy unit")
    if edt[0] not in CUMULATIVE_UNIT_EXPONENT:
        raise FrameError(f"unknown cumulative energy unit code {edt[0]:#04x}")
    return CUMULATIVE_UNIT_EXPONENT[edt[0]]


def times_power_of_ten(value: int, exponent: int) -> int | float:
    return value * 10**exponent if exponent >= 0 else value / 10**-exponent


def cumulative_unit(name: str) -> PropDef:
    """Decodes to kWh per count (e.g. 0.1); unknown code -> FrameError."""

    def pack(kwh_per_count: int | float) -> bytes:
        for code, exponent in CUMULATIVE_UNIT_EXPONENT.items():
            if times_power_of_ten(1, exponent) == kwh_per_count:
                return bytes((code,))
        raise ValueError(f"{name}: {kwh_per_count!r} kWh is not a power of ten in range")

    return PropDef(name, lambda edt: times_power_of_ten(1, unit_exponent(edt)), pack=pack)


class PhaseCurrents(NamedTuple):
    """R and T phase currents in A (None = no data, e.g. T of a 2-wire meter)."""

    r: float | None
    t: float | None


def phase_currents(name: str) -> PropDef:
    """Two signed shorts in 0.1 A; 0x7FFE marks "not measured"."""

    def decode(edt: bytes) -> PhaseCurrents:
        expect_len(edt, 4, name)
        r, t = (int_field(edt[i : i + 2], True, -32767, 32765, 10) for i in (0, 2))
        return PhaseCurrents(r, t)

    def pack(value: tuple[float | None, float | None]) -> bytes:
        # None -> 0x7FFE, the spec's "not measured" code (e.g. T of a 2-wire meter).
        return b"".join(
            b"\x7f\xfe" if amps is None else pack_int(amps, 2, True, -32767, 32765, 10)
            for amps in value
        )

    return PropDef(name, decode, pack=pack)


class MinMax(NamedTuple):
    """0xC8/0xC9-style pairs: the minimum and maximum a device allows (None = no data)."""

    minimum: int | float | None
    maximum: int | float | None


def min_max(name: str, size: int, hi: int, divisor: int = 1) -> PropDef:
    """Two unsigned values of ``size`` bytes, minimum then maximum, each 0..``hi``."""

    def decode(edt: bytes) -> MinMax:
        expect_len(edt, 2 * size, name)
        low, high = (int_field(edt[i : i + size], False, 0, hi, divisor) for i in (0, size))
        return MinMax(low, high)

    def pack(value: tuple[int | float, int | float]) -> bytes:
        if not isinstance(value, tuple) or len(value) != 2:
            raise ValueError(f"{name}: needs (minimum, maximum), got {value!r}")
        return b"".join(pack_int(v, size, False, 0, hi, divisor) for v in value)

    return PropDef(name, decode, pack=pack)


def text(name: str, size: int) -> PropDef:
    """Fixed-size ASCII (product code, serial number), padded with NUL or spaces."""

    def decode(edt: bytes) -> str:
        expect_len(edt, size, name)
        return edt.decode("ascii", "replace").rstrip("\x00 ")

    def pack(value: str) -> bytes:
        raw = value.encode("ascii")
        if len(raw) > size:
            raise ValueError(f"{name}: at most {size} characters")
        return raw.ljust(size, b"\x00")

    return PropDef(name, decode, pack=pack)


# Two-state switches that recur across classes (the Appendix's "0x41/0x42" and
# "0x30/0x31" settings).
ON_OFF_41 = {0x41: "on", 0x42: "off"}
ON_OFF_30 = {0x30: "on", 0x31: "off"}


RESET = {0x00: "reset"}  # set-only "reset the cumulative value" properties


def hh_mm(name: str, *, settable: bool = False, max_hour: int = 23,
          limitless: bool = False) -> PropDef:
    """"HH:MM" (relative timers allow hours up to 255); 0xFFFF = 'limitless' where the
    Appendix allows it; an impossible time -> None."""

    def decode(edt: bytes) -> str | None:
        expect_len(edt, 2, name)
        if limitless and edt == b"\xff\xff":
            return "limitless"
        return f"{edt[0]:02d}:{edt[1]:02d}" if edt[0] <= max_hour and edt[1] <= 59 else None

    def encode(value: str) -> bytes:
        if limitless and value == "limitless":
            return b"\xff\xff"
        hours, _, minutes = str(value).partition(":")
        if not (hours.isdigit() and minutes.isdigit()
                and int(hours) <= max_hour and int(minutes) <= 59):
            raise ValueError(f"{name}: not HH:MM: {value!r}")
        return bytes((int(hours), int(minutes)))

    return PropDef(name, decode, encode if settable else None, pack=encode)


def date_value(name: str, *, settable: bool = False) -> PropDef:
    """"YYYY-MM-DD" from year (2 bytes), month, day; not a date (0xFF.. unknown) -> None."""

    def decode(edt: bytes) -> str | None:
        expect_len(edt, 4, name)
        year = int.from_bytes(edt[:2], "big")
        ok = 1 <= year <= 9999 and 1 <= edt[2] <= 12 and 1 <= edt[3] <= 31
        return f"{year:04d}-{edt[2]:02d}-{edt[3]:02d}" if ok else None

    def encode(value: str) -> bytes:
        parts = str(value).split("-")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"{name}: not YYYY-MM-DD: {value!r}")
        year, month, day = (int(p) for p in parts)
        if not (1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31):
            raise ValueError(f"{name}: not a date: {value!r}")
        return year.to_bytes(2, "big") + bytes((month, day))

    return PropDef(name, decode, encode if settable else None, pack=encode)


def numbers(name: str, count: int, size: int, lo: int, hi: int, *, signed: bool = False,
            divisor: int = 1) -> PropDef:
    """``count`` integers of ``size`` bytes in a row (each out of range -> None)."""

    def decode(edt: bytes) -> tuple[int | float | None, ...]:
        expect_len(edt, count * size, name)
        return tuple(int_field(edt[i : i + size], signed, lo, hi, divisor)
                     for i in range(0, len(edt), size))

    def pack(values: tuple[int | float, ...]) -> bytes:
        if not isinstance(values, tuple | list) or len(values) != count:
            raise ValueError(f"{name}: needs {count} values")
        return b"".join(pack_int(v, size, signed, lo, hi, divisor) for v in values)

    return PropDef(name, decode, pack=pack)


def level(name: str, levels: int = 8, *, auto: int | None = None,
          settable: bool = False) -> PropDef:
    """Levels 1..``levels`` coded 0x31..; ``auto`` is the code of 'auto' (e.g. 0x41)."""

    def decode(edt: bytes) -> int | str | None:
        expect_len(edt, 1, name)
        if auto is not None and edt[0] == auto:
            return "auto"
        step = edt[0] - 0x30
        return step if 1 <= step <= levels else None

    def encode(value: int | str) -> bytes:
        if auto is not None and value == "auto":
            return bytes((auto,))
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= levels:
            return bytes((0x30 + value,))
        raise ValueError(f"{name}: level 1..{levels}{' or auto' if auto else ''}: {value!r}")

    return PropDef(name, decode, encode if settable else None, pack=encode)
