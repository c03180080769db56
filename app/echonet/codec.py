"""ECHONET Lite frame codec (specified message format, EHD 0x10 0x81).

Pure bytes <-> dataclasses; no sockets, no clocks. Every malformed input raises
`FrameError` (a `ValueError`) so the receive loop needs exactly one ``except``:
a device on the LAN must never crash the panel with an IndexError.

Also here: the property-map EDT format (EPC 0x9D/0x9E/0x9F) and the node
profile's instance-list EDT format (0xD5/0xD6), since both are plain byte
layouts that the client needs before any class table is involved.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

EHD1 = 0x10  # ECHONET Lite
EHD2_SPECIFIED = 0x81  # "specified message format"; arbitrary format (0x82) unsupported
_HEADER_LEN = 12  # EHD1 EHD2 TID(2) SEOJ(3) DEOJ(3) ESV OPC
MAX_INSTANCES_PER_LIST = 84  # 0xD5/0xD6 carry at most 84 EOJs (1 + 84*3 = 253 bytes)


class FrameError(ValueError):
    """Malformed ECHONET Lite bytes, or a value that cannot be encoded."""


class ESV(IntEnum):
    """ECHONET Lite service codes."""

    SetI = 0x60
    SetC = 0x61
    Get = 0x62
    INF_REQ = 0x63
    SetGet = 0x6E
    Set_Res = 0x71
    Get_Res = 0x72
    INF = 0x73
    INFC = 0x74
    INFC_Res = 0x7A
    SetGet_Res = 0x7E
    SetI_SNA = 0x50
    SetC_SNA = 0x51
    Get_SNA = 0x52
    INF_SNA = 0x53
    SetGet_SNA = 0x5E


# These three carry two property blocks (OPCSet ... then OPCGet ...).
SETGET_ESVS = frozenset({ESV.SetGet, ESV.SetGet_Res, ESV.SetGet_SNA})


@dataclass(frozen=True)
class EOJ:
    """ECHONET object: class group code, class code, instance code."""

    class_group: int
    class_code: int
    instance: int

    def __post_init__(self) -> None:
        for part in (self.class_group, self.class_code, self.instance):
            if not isinstance(part, int) or not 0 <= part <= 0xFF:
                raise FrameError(f"EOJ part out of range: {part!r}")

    @property
    def class_code16(self) -> int:
        """Class group and class code as one number, e.g. 0x0287 (the table key)."""
        return (self.class_group << 8) | self.class_code

    @classmethod
    def from_int(cls, value: int) -> EOJ:
        if not 0 <= value <= 0xFFFFFF:
            raise FrameError(f"EOJ out of range: {value:#x}")
        return cls((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)

    @classmethod
    def from_bytes(cls, data: bytes) -> EOJ:
        if len(data) != 3:
            raise FrameError(f"EOJ needs 3 bytes, got {len(data)}")
        return _eoj_of(bytes(data))

    def to_int(self) -> int:
        return (self.class_code16 << 8) | self.instance

    def to_bytes(self) -> bytes:
        return bytes((self.class_group, self.class_code, self.instance))

    def __str__(self) -> str:
        return f"{self.to_int():06X}"


@functools.lru_cache(maxsize=1024)
def _eoj_of(data: bytes) -> EOJ:
    # A home has a few dozen objects: building and checking the same two EOJs for
    # every frame was a third of the decoder's time. EOJ is immutable, so share them.
    return EOJ(data[0], data[1], data[2])


NODE_PROFILE = EOJ(0x0E, 0xF0, 0x01)


@dataclass(frozen=True)
class Property:
    """One EPC with its EDT (empty EDT = PDC 0, as in Get requests)."""

    epc: int
    edt: bytes = b""


@dataclass(frozen=True)
class Frame:
    tid: int
    seoj: EOJ
    deoj: EOJ
    esv: ESV
    properties: tuple[Property, ...]
    # Only for SetGet/SetGet_Res/SetGet_SNA: the "get" block after the "set" block.
    get_properties: tuple[Property, ...] = ()


# --- decode -----------------------------------------------------------------


def _decode_block(data: bytes, pos: int) -> tuple[tuple[Property, ...], int]:
    """Read OPC then OPC x (EPC, PDC, EDT) starting at `pos`; return them and the end."""
    if pos >= len(data):
        raise FrameError("truncated: OPC missing")
    opc = data[pos]
    pos += 1
    props: list[Property] = []
    for i in range(opc):
        if pos + 2 > len(data):
            raise FrameError(f"truncated: property {i + 1} of {opc} missing")
        epc, pdc = data[pos], data[pos + 1]
        pos += 2
        if pos + pdc > len(data):
            raise FrameError(f"EPC {epc:#04x}: PDC {pdc} runs past the end")
        props.append(Property(epc, data[pos : pos + pdc]))
        pos += pdc
    return tuple(props), pos


_ESV_BY_CODE = {esv.value: esv for esv in ESV}  # a dict lookup, not an Enum call per frame


def decode_frame(data: bytes | bytearray | memoryview) -> Frame:
    """Parse one UDP payload. Raises only FrameError for bad bytes."""
    data = bytes(data)
    if len(data) < _HEADER_LEN:
        raise FrameError(f"too short: {len(data)} bytes")
    if data[0] != EHD1 or data[1] != EHD2_SPECIFIED:
        raise FrameError(f"unsupported EHD {data[0]:#04x} {data[1]:#04x}")
    esv = _ESV_BY_CODE.get(data[10])
    if esv is None:
        raise FrameError(f"unknown ESV {data[10]:#04x}")
    props, pos = _decode_block(data, 11)
    get_props: tuple[Property, ...] = ()
    if esv in SETGET_ESVS:
        get_props, pos = _decode_block(data, pos)
    if pos != len(data):
        raise FrameError(f"{len(data) - pos} trailing bytes")
    return Frame(
        tid=int.from_bytes(data[2:4], "big"),
        seoj=EOJ.from_bytes(data[4:7]),
        deoj=EOJ.from_bytes(data[7:10]),
        esv=esv,
        properties=props,
        get_properties=get_props,
    )


# --- encode -----------------------------------------------------------------


def _encode_block(props: Iterable[Property]) -> bytes:
    props = tuple(props)
    if len(props) > 0xFF:
        raise FrameError(f"OPC {len(props)} > 255")
    out = bytearray([len(props)])
    for prop in props:
        if not isinstance(prop.epc, int) or not 0 <= prop.epc <= 0xFF:
            raise FrameError(f"EPC out of range: {prop.epc!r}")
        edt = bytes(prop.edt)
        if len(edt) > 0xFF:
            raise FrameError(f"EPC {prop.epc:#04x}: PDC {len(edt)} > 255")
        out += bytes((prop.epc, len(edt))) + edt
    return bytes(out)


def encode_frame(frame: Frame) -> bytes:
    if not isinstance(frame.tid, int) or not 0 <= frame.tid <= 0xFFFF:
        raise FrameError(f"TID out of range: {frame.tid!r}")
    try:
        esv = ESV(frame.esv)
    except ValueError:
        raise FrameError(f"unknown ESV {frame.esv!r}") from None
    if frame.get_properties and esv not in SETGET_ESVS:
        raise FrameError(f"{esv.name} has no get block")
    out = bytes((EHD1, EHD2_SPECIFIED)) + frame.tid.to_bytes(2, "big")
    out += frame.seoj.to_bytes() + frame.deoj.to_bytes() + bytes((esv,))
    out += _encode_block(frame.properties)
    if esv in SETGET_ESVS:
        out += _encode_block(frame.get_properties)
    return out


# --- property maps (0x9D/0x9E/0x9F) ----------------------------------------

_MAP_LIST_MAX = 15  # from 16 properties on, the map switches to the 16-byte bitmap


def decode_property_map(edt: bytes) -> frozenset[int]:
    """Decode a property map EDT: count + EPC list (<16) or count + 16-byte bitmap.

    In the bitmap, byte i bit b means EPC ((b + 8) << 4) | i. The count of a
    bitmap is not checked against the bits set: the bitmap is what we use.
    """
    if not edt:
        raise FrameError("empty property map")
    count = edt[0]
    if count <= _MAP_LIST_MAX:
        if len(edt) != 1 + count:
            raise FrameError(f"property map lists {count} EPCs in {len(edt) - 1} bytes")
        epcs = frozenset(edt[1:])
        if any(epc < 0x80 for epc in epcs):
            raise FrameError("property map holds an EPC below 0x80")
        return epcs
    if len(edt) != 17:
        raise FrameError(f"bitmap property map needs 17 bytes, got {len(edt)}")
    return frozenset(
        ((bit + 8) << 4) | low for low in range(16) for bit in range(8) if edt[1 + low] >> bit & 1
    )


def encode_property_map(epcs: Iterable[int]) -> bytes:
    epc_set = frozenset(epcs)
    if any(not isinstance(e, int) or not 0x80 <= e <= 0xFF for e in epc_set):
        raise FrameError("property map EPCs must be 0x80-0xFF")
    if len(epc_set) <= _MAP_LIST_MAX:
        return bytes([len(epc_set), *sorted(epc_set)])
    bitmap = bytearray(16)
    for epc in epc_set:
        bitmap[epc & 0x0F] |= 1 << ((epc >> 4) - 8)
    return bytes([len(epc_set)]) + bytes(bitmap)


# --- instance lists (node profile 0xD5/0xD6) --------------------------------


def decode_instance_list(edt: bytes) -> tuple[EOJ, ...]:
    """Count byte + count x 3-byte EOJ."""
    if not edt:
        raise FrameError("empty instance list")
    count = edt[0]
    if len(edt) != 1 + 3 * count:
        raise FrameError(f"instance list of {count} EOJs in {len(edt) - 1} bytes")
    return tuple(EOJ.from_bytes(edt[i : i + 3]) for i in range(1, len(edt), 3))


def encode_instance_list(eojs: Iterable[EOJ]) -> bytes:
    eoj_tuple = tuple(eojs)
    if len(eoj_tuple) > MAX_INSTANCES_PER_LIST:
        raise FrameError(f"{len(eoj_tuple)} instances > {MAX_INSTANCES_PER_LIST}")
    return bytes([len(eoj_tuple)]) + b"".join(e.to_bytes() for e in eoj_tuple)
