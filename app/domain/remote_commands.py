"""Commands from a smartphone or a smart speaker, relayed by the center server (pure values).

The server's vocabulary (server/README.md, commands relay) is small on purpose: lights
and air conditioners on/off, the air conditioner's set temperature, the battery's mode.
Here each becomes the ECHONET Lite Set the panel sends for any other change (a
`DeviceCommand` with cause REMOTE), and the Set's `CommandResult` becomes the outcome the
panel reports: "done" only when the value read back is the one asked for.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from app.domain.device_command import CommandOutcome, CommandResult, DeviceCommand
from app.domain.events import Cause, eoj_of

LIGHTING, AIR_CONDITIONER, BATTERY = 0x0290, 0x0130, 0x027D
POWER, TEMPERATURE, BATTERY_MODE = "power", "temperature", "battery_mode"
ACTIONS_OF: dict[int, tuple[str, ...]] = {
    LIGHTING: (POWER,),
    AIR_CONDITIONER: (POWER, TEMPERATURE),
    BATTERY: (BATTERY_MODE,),
}
EPC_OF = {POWER: 0x80, TEMPERATURE: 0xB3, BATTERY_MODE: 0xDA}
VALUES_OF: dict[str, tuple[Any, ...]] = {
    POWER: ("on", "off"),
    TEMPERATURE: tuple(range(16, 31)),
    BATTERY_MODE: ("charging", "discharging", "standby", "auto"),
}

# What the panel reports (server states beyond "delivered").
DONE, REFUSED, UNREACHABLE, FORBIDDEN, DEVICE_GONE = (
    "done", "refused", "unreachable", "forbidden", "device_gone")
RECENT_KEPT = 10  # the settings page lists the last few
NOT_REGISTERED = "not_registered"  # RelayStatus.problem: the panel has no registration


@dataclass(frozen=True)
class RemoteDevice:
    """One device the panel lets remote callers command (what it reports to the server).
    Callers know it by `id`, its ECHONET object ("029001"; "029001-2" for a second one in
    address order): the home network's addresses stay in the home, and an id outlives a
    new address from the router."""

    id: str
    key: str  # the device_key on the home network ("192.168.1.30/029001"), panel only
    class_code: int
    name: str  # what the household called it on the devices page ("" when unnamed)

    @property
    def actions(self) -> tuple[str, ...]:
        return ACTIONS_OF[self.class_code]

    def to_json(self) -> dict:
        return {"id": self.id, "class": f"0x{self.class_code:04X}", "name": self.name,
                "actions": list(self.actions)}


def remote_devices(found: dict[str, str]) -> tuple[RemoteDevice, ...]:
    """The controllable devices among `found` (device_key -> the household's name), in
    address order, each with its id."""
    out: list[RemoteDevice] = []
    seen: dict[int, int] = {}
    for key in sorted(found):
        eoj = eoj_of(key)
        if not controllable(eoj >> 8):
            continue
        seen[eoj] = seen.get(eoj, 0) + 1
        suffix = "" if seen[eoj] == 1 else f"-{seen[eoj]}"
        out.append(RemoteDevice(f"{eoj:06X}{suffix}", key, eoj >> 8, found[key]))
    return tuple(out)


@dataclass(frozen=True)
class RemoteOrder:
    """A command the server handed to this panel."""

    id: str
    device: str  # a RemoteDevice's id
    action: str
    value: Any


@dataclass(frozen=True)
class RemoteRun:
    """What came of one order (reported to the server, listed on the settings page)."""

    id: str
    at: float  # unix s, the home's clock
    device: str
    name: str
    action: str
    value: Any
    outcome: str
    before: Any = None
    after: Any = None
    detail: str = ""


@dataclass(frozen=True)
class RelayStatus:
    """What the relay service shows: the household's switch, the last few commands
    (oldest first), why the last poll failed (NOT_REGISTERED or a cloud problem's kind;
    None: polling, or switched off) and how many devices were reported."""

    allowed: bool
    runs: tuple[RemoteRun, ...] = ()
    problem: str | None = None
    devices: int = 0


def controllable(class_code: int) -> bool:
    return class_code in ACTIONS_OF


def device_command(device: RemoteDevice, action: str, value: Any) -> DeviceCommand | None:
    """The Set an order asks of `device`, or None when its class does not take the action
    or the value (the server checks too; a panel never trusts it blindly)."""
    if action not in device.actions or value not in VALUES_OF[action]:
        return None
    return DeviceCommand(device.key, EPC_OF[action], value, Cause.REMOTE)


def outcome_of(result: CommandResult) -> str:
    """The reported outcome of a Set: done only when the value read back is the one
    asked for; a device that said yes and kept another value refused in effect."""
    if result.outcome is CommandOutcome.UNREACHABLE:
        return UNREACHABLE
    if result.accepted and result.after == result.command.value:
        return DONE
    return REFUSED


def wire_value(value: Any) -> str | int | None:
    """A decoded property value as the server takes it (a string or a whole number)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return str(value)


def runs_to_json(runs: tuple[RemoteRun, ...]) -> str:
    return json.dumps([asdict(r) for r in runs], ensure_ascii=False)


def runs_from_json(text: str | None) -> tuple[RemoteRun, ...]:
    """The kept runs; an unreadable value is no runs (a list to show, nothing to lose)."""
    try:
        items = json.loads(text or "[]")
        return tuple(RemoteRun(**item) for item in items)[-RECENT_KEPT:]
    except (ValueError, TypeError):
        return ()
