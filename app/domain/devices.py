"""Devices found on the home network, as the panel lists them (no protocol code here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class DeviceSeen:
    """One ECHONET Lite device object at an address, and when it was last heard from."""

    address: str
    eoj: int  # class group, class and instance as one 24-bit number, e.g. 0x027901
    last_seen: float | None  # unix seconds; None = listed by discovery, not heard since
    maker: int | None = None  # manufacturer code (EPC 0x8A)

    @property
    def class_code(self) -> int:
        return self.eoj >> 8

    @property
    def instance(self) -> int:
        return self.eoj & 0xFF

    def heard(self, at: float) -> DeviceSeen:
        return replace(self, last_seen=at)

    def stale(self, now: float, interval_s: float) -> bool:
        """Not heard from for two polling intervals (the panel's rule for every value)."""
        return self.last_seen is None or now - self.last_seen > 2 * interval_s


def devices_to_json(devices: list[DeviceSeen]) -> str:
    return json.dumps([[d.address, d.eoj, d.last_seen, d.maker] for d in devices])


def devices_from_json(text: str | None) -> list[DeviceSeen]:
    """The stored list; anything malformed reads as no devices rather than an error."""
    try:
        rows = json.loads(text or "[]")
        return [DeviceSeen(str(a), int(e), None if t is None else float(t),
                           None if m is None else int(m)) for a, e, t, m in rows]
    except (ValueError, TypeError):
        return []


@dataclass(frozen=True)
class DeviceEntry:
    """A row of the devices page: what was found, whether it answers, what the user calls it."""

    address: str
    class_code: int
    instance: int
    maker: int | None
    last_seen: float | None  # unix seconds
    stale: bool
    name: str  # "" until the user names it
    location: str


STATE_KEYS = ("battery_mode", "battery_status", "ev_mode")  # DeviceStates' fields


def states_to_json(states: dict[str, tuple[float, str]]) -> str:
    """{key: [unix seconds, value]} for the states a source read."""
    return json.dumps({k: [at, v] for k, (at, v) in states.items() if k in STATE_KEYS})


def states_from_json(text: str | None, now: float, max_age_s: float) -> dict[str, str]:
    """The states read within ``max_age_s``; anything malformed reads as none."""
    try:
        rows = json.loads(text or "{}")
        return {k: str(v) for k, (at, v) in rows.items()
                if k in STATE_KEYS and now - float(at) <= max_age_s}
    except (ValueError, TypeError, AttributeError):
        return {}
