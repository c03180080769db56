"""Node-side ECHONET Lite objects and request handling (pure: no sockets).

`DeviceObject` is one EOJ with a pluggable property source; `build_node_profile`
derives the node profile 0x0EF001 from the device list; `respond` turns a
request frame into the reply frames a real node would send. `app.echonet.node`
puts this on UDP and adds fault injection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field

from app.echonet.codec import (
    EOJ,
    ESV,
    NODE_PROFILE,
    Frame,
    Property,
    encode_instance_list,
    encode_property_map,
)

log = logging.getLogger(__name__)

PropertySource = Mapping[int, bytes] | Callable[[int], bytes | None]
SetHandler = Callable[[int, bytes], bool]
MAP_EPCS = frozenset({0x9D, 0x9E, 0x9F})  # INF / Set / Get property maps, derived

# Node profile 0x83: 0xFE + manufacturer code (3 bytes) + 13 unique bytes.
_UNKNOWN_MANUFACTURER = b"\x00\x00\x00"
# ECHONET Lite 1.13, specified message format only.
NODE_PROFILE_VERSION = b"\x01\x0d\x01\x00"


@dataclass
class DeviceObject:
    """One object (EOJ) served by a node.

    ``properties``: a mapping EPC -> EDT (then the gettable EPCs are its keys and,
    without ``on_set``, an accepted Set stores into it), or a callable
    ``epc -> EDT | None`` for live values (then ``gettable`` is required).
    ``on_set(epc, edt) -> bool`` accepts/refuses a Set of an EPC in ``settable``.
    The property maps 0x9D/0x9E/0x9F are derived, never taken from the source.
    """

    eoj: EOJ
    properties: PropertySource
    settable: frozenset[int] = frozenset()
    on_set: SetHandler | None = None
    announce: frozenset[int] = frozenset({0x80})  # INF map: status changes are announced
    gettable: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if self.gettable is None:
            if not isinstance(self.properties, Mapping):
                raise ValueError(f"{self.eoj}: a callable property source needs `gettable`")
            self.gettable = frozenset(self.properties)
        self.gettable = frozenset(self.gettable) | MAP_EPCS
        self.settable = frozenset(self.settable)
        self.announce = frozenset(self.announce)

    def property_maps(self) -> dict[int, bytes]:
        assert self.gettable is not None
        return {
            0x9D: encode_property_map(self.announce),
            0x9E: encode_property_map(self.settable),
            0x9F: encode_property_map(self.gettable),
        }

    def get(self, epc: int) -> bytes | None:
        """Current EDT, or None when the EPC is not gettable / has no value now."""
        assert self.gettable is not None
        if epc not in self.gettable:
            return None
        if epc in MAP_EPCS:
            return self.property_maps()[epc]
        source = self.properties
        try:
            edt = source.get(epc) if isinstance(source, Mapping) else source(epc)
        except Exception:  # one broken value must not silence the whole answer
            log.exception("%s: no value for EPC %#04x", self.eoj, epc)
            return None
        return None if edt is None else bytes(edt)

    def set(self, epc: int, edt: bytes) -> bool:
        if epc not in self.settable:
            return False
        if self.on_set is not None:
            try:
                return bool(self.on_set(epc, edt))
            except Exception:  # a handler that fails has not taken the value
                log.exception("%s: Set of EPC %#04x failed", self.eoj, epc)
                return False
        if isinstance(self.properties, MutableMapping):
            self.properties[epc] = bytes(edt)
            return True
        return False


def build_node_profile(
    devices: Iterable[DeviceObject], unique_id: bytes = b"\x00" * 13
) -> DeviceObject:
    """Node profile 0x0EF001 listing `devices` (0x80 0x82 0x83 0xD3-0xD7)."""
    eojs = [d.eoj for d in devices]
    classes = list(dict.fromkeys(e.class_code16 for e in eojs))
    if len(unique_id) != 13:
        raise ValueError("unique_id needs 13 bytes")
    values: dict[int, bytes] = {
        0x80: b"\x30",
        0x82: NODE_PROFILE_VERSION,
        0x83: b"\xfe" + _UNKNOWN_MANUFACTURER + unique_id,
        0x8A: _UNKNOWN_MANUFACTURER,
        0xD3: len(eojs).to_bytes(3, "big"),
        # 0xD4 counts the node profile class too (spec).
        0xD4: (len(classes) + 1).to_bytes(2, "big"),
        0xD5: encode_instance_list(eojs),
        0xD6: encode_instance_list(eojs),
        0xD7: bytes((len(classes),)) + b"".join(c.to_bytes(2, "big") for c in classes[:8]),
    }
    return DeviceObject(NODE_PROFILE, values, announce=frozenset({0x80, 0xD5}))


def find_targets(objects: Iterable[DeviceObject], deoj: EOJ) -> list[DeviceObject]:
    """Objects a DEOJ addresses; instance 0x00 means every instance of the class."""
    if deoj.instance == 0:
        return [o for o in objects if o.eoj.class_code16 == deoj.class_code16]
    return [o for o in objects if o.eoj == deoj]


def _get_block(obj: DeviceObject, props: Iterable[Property]) -> tuple[tuple[Property, ...], bool]:
    """Values for a Get; unavailable EPCs echo with PDC 0. Returns (block, all ok)."""
    out, ok = [], True
    for prop in props:
        edt = obj.get(prop.epc)
        ok = ok and edt is not None
        out.append(Property(prop.epc, edt if edt is not None else b""))
    return tuple(out), ok


def _set_block(obj: DeviceObject, props: Iterable[Property]) -> tuple[tuple[Property, ...], bool]:
    """Apply Sets; accepted EPCs answer with PDC 0, refused ones echo their EDT (spec)."""
    out, ok = [], True
    for prop in props:
        accepted = obj.set(prop.epc, prop.edt)
        ok = ok and accepted
        out.append(Property(prop.epc, b"" if accepted else prop.edt))
    return tuple(out), ok


def respond_one(obj: DeviceObject, req: Frame) -> Frame | None:
    """The reply of one object to a request, or None (SetI success, non-requests)."""

    def reply(esv: ESV, props: tuple[Property, ...], gets: tuple[Property, ...] = ()) -> Frame:
        return Frame(req.tid, obj.eoj, req.seoj, esv, props, gets)

    if req.esv == ESV.Get:
        block, ok = _get_block(obj, req.properties)
        return reply(ESV.Get_Res if ok else ESV.Get_SNA, block)
    if req.esv == ESV.INF_REQ:
        block, ok = _get_block(obj, req.properties)
        return reply(ESV.INF if ok else ESV.INF_SNA, block)
    if req.esv in (ESV.SetC, ESV.SetI):
        block, ok = _set_block(obj, req.properties)
        if req.esv == ESV.SetI:
            return None if ok else reply(ESV.SetI_SNA, block)
        return reply(ESV.Set_Res if ok else ESV.SetC_SNA, block)
    if req.esv == ESV.SetGet:
        sets, set_ok = _set_block(obj, req.properties)
        gets, get_ok = _get_block(obj, req.get_properties)
        return reply(ESV.SetGet_Res if set_ok and get_ok else ESV.SetGet_SNA, sets, gets)
    return None  # responses, INF, INFC...: a node does not answer those


def respond(objects: Iterable[DeviceObject], req: Frame) -> list[Frame]:
    """All replies to `req`; [] for an EOJ we do not have (ignored, per spec)."""
    replies = (respond_one(obj, req) for obj in find_targets(objects, req.deoj))
    return [r for r in replies if r is not None]


@dataclass
class ObjectSet:
    """The node profile plus the device objects, as one addressable list."""

    devices: list[DeviceObject]
    unique_id: bytes = b"\x00" * 13
    profile: DeviceObject = field(init=False)

    def __post_init__(self) -> None:
        eojs = [d.eoj for d in self.devices]
        if NODE_PROFILE in eojs or len(set(eojs)) != len(eojs):
            raise ValueError("device EOJs must be unique and not the node profile")
        self.profile = build_node_profile(self.devices, self.unique_id)

    def all(self) -> list[DeviceObject]:
        return [self.profile, *self.devices]

    def find(self, eoj: EOJ) -> DeviceObject | None:
        return next((o for o in self.all() if o.eoj == eoj), None)
