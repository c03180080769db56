"""Node profile class 0x0EF0 (instance 0x01 = general node profile)."""

from __future__ import annotations

from app.echonet.classes._types import PropDef, enum, expect_len, number, raw_hex
from app.echonet.codec import (
    FrameError,
    decode_instance_list,
    encode_instance_list,
)

CLASS_CODE = 0x0EF0

# For a profile object 0x80 means "booting"; same codes as a device's on/off.
OPERATING_STATUS = {0x30: "on", 0x31: "off"}


def _version(edt: bytes) -> str:
    """ECHONET Lite version: major, minor, then 2 bytes of message-format flags."""
    expect_len(edt, 4, "version information")
    return f"{edt[0]}.{edt[1]}"


def _pack_version(value: str) -> bytes:
    # 0x01 0x00: only the specified message format (EHD2 0x81) is supported.
    major, minor = (int(part) for part in value.split("."))
    return bytes((major, minor, 0x01, 0x00))


def _class_list(edt: bytes) -> tuple[int, ...]:
    """Count + 2-byte class codes (at most 8 listed), e.g. (0x0287, 0x0279)."""
    if not edt or len(edt) != 1 + 2 * min(edt[0], 8):
        raise FrameError("self-node class list: count does not match length")
    return tuple(int.from_bytes(edt[i : i + 2], "big") for i in range(1, len(edt), 2))


def _pack_class_list(codes: tuple[int, ...]) -> bytes:
    # The count may exceed 8 but only the first 8 codes are listed (spec).
    return bytes((len(codes),)) + b"".join(c.to_bytes(2, "big") for c in codes[:8])


PROPERTIES: dict[int, PropDef] = {
    0x80: enum("operating_status", OPERATING_STATUS),
    0x82: PropDef("version", _version, pack=_pack_version),
    0xBF: raw_hex("unique_identifier"),  # 2 bytes, settable by a controller
    0xD3: number("instance_count", 3, 0, 0xFFFFFF),
    0xD4: number("class_count", 2, 0, 0xFFFF),
    0xD5: PropDef("instance_list_notification", decode_instance_list, pack=encode_instance_list),
    0xD6: PropDef("self_node_instance_list", decode_instance_list, pack=encode_instance_list),
    0xD7: PropDef("self_node_class_list", _class_list, pack=_pack_class_list),
}

# Mandatory Gets of the node profile (Appendix): status, version, id, maker, lists.
MANDATORY_GET: frozenset[int] = frozenset({
    0x80, 0x82, 0x83, 0x8A, 0x9D, 0x9E, 0x9F, 0xD3, 0xD4, 0xD6, 0xD7,
})
