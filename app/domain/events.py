"""Appliance history: operation, energy-saving and error events (pure values, no I/O).

A device is named by `device_key` ("address/EOJ"): two air conditioners of the
same class on two nodes are two devices. Events are recorded as they happen and
never rewritten, except an error's `recovered_at`, which is set when it clears.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Cause(StrEnum):
    """Who or what changed a device (the history page shows it in words)."""

    PANEL = "panel"  # a Set this panel made, by hand on its screen
    REMOTE = "remote"  # relayed from a smartphone or smart speaker by the server
    SCHEDULE = "schedule"  # a timer the household set on the panel
    SAVING = "saving"  # the panel's energy-saving control
    WEATHER_WARNING = "weather_warning"  # the weather-warning linkage (気象警報連動)
    AI_CONTROL = "ai_control"  # AIソーラーチャージ: the charge plan carried out
    SURPLUS_CHARGING = "surplus_charging"  # the plan charges from surplus solar (余剰充電)
    OUTAGE_CARE = "outage_care"  # 停電ケア: the battery's reserve kept
    SAVING_TARGET = "saving_target"  # 節電設定: a 30-minute target exceeded
    DEVICE = "device"  # seen by polling: the device itself, or its own remote control


class EventKind(StrEnum):
    OPERATION = "operation"
    SAVING = "saving"
    ERROR = "error"


def device_key(address: str, eoj: int) -> str:
    """'192.168.1.20/013001': the address and the 24-bit EOJ of one device object."""
    return f"{address}/{eoj:06X}"


def eoj_of(device: str) -> int:
    """The EOJ part of a `device_key` (0 for a key without one)."""
    _, _, eoj = device.rpartition("/")
    try:
        return int(eoj, 16)
    except ValueError:
        return 0


@dataclass(frozen=True, slots=True)
class OperationEvent:
    """A property of a device changed: 0x80 "off" -> "on", a mode, a set temperature..."""

    at: float  # unix seconds
    device: str
    epc: int
    old: str | None  # None: not known before (first reading after a restart is not a change)
    new: str
    cause: Cause = Cause.DEVICE
    kind: EventKind = field(default=EventKind.OPERATION, init=False)


# Who sets a device for the panel's energy management: its Sets are the energy-saving
# history (省エネ動作履歴), not the household's own operations.
ENERGY_SAVING_CAUSES = frozenset({Cause.SAVING, Cause.WEATHER_WARNING, Cause.AI_CONTROL,
                                  Cause.SURPLUS_CHARGING, Cause.OUTAGE_CARE,
                                  Cause.SAVING_TARGET})


@dataclass(frozen=True, slots=True)
class SavingEvent:
    """What the panel's energy management did: a property it Set (`epc`, `old` -> `new`)
    and why (`cause`), or a named action with what it estimates it saved."""

    at: float
    device: str
    action: str  # an id the UI translates ("battery_charge_from_surplus"); "set": epc/old/new
    saving_wh: float | None = None  # estimated saving; None when not (yet) known
    detail: str = ""  # JSON arguments for the action's text
    cause: Cause = Cause.SAVING
    epc: int | None = None
    old: str | None = None
    new: str | None = None
    kind: EventKind = field(default=EventKind.SAVING, init=False)


@dataclass(frozen=True, slots=True)
class ErrorEvent:
    """A device reported a fault (0x88 = fault, 0x89 = its code)."""

    at: float  # when it occurred (first seen)
    device: str
    code: int | None  # raw 0x89 value; None when the device gives no description
    fault_class: str  # FaultClass value at the time it was recorded (see fault_codes)
    maker: int | None = None  # 0x8A, for the maker's own codes
    recovered_at: float | None = None
    kind: EventKind = field(default=EventKind.ERROR, init=False)


@dataclass(frozen=True, slots=True)
class Recovery:
    """A device that reported a fault reports none again: open errors close at `at`."""

    at: float
    device: str


Event = OperationEvent | SavingEvent | ErrorEvent
DeviceEvent = Event | Recovery  # what the device layer hands the collector


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the history page asks for; None/empty = no restriction. [start, end) in unix s."""

    devices: tuple[str, ...] = ()
    kinds: tuple[EventKind, ...] = ()
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One stored event as the history page and the CSV export see it."""

    id: int
    kind: EventKind
    at: float
    device: str
    epc: int | None = None
    old: str | None = None
    new: str | None = None
    cause: Cause | None = None
    action: str | None = None
    saving_wh: float | None = None
    detail: str = ""
    code: int | None = None
    fault_class: str | None = None
    maker: int | None = None
    recovered_at: float | None = None


@dataclass(frozen=True, slots=True)
class EventCursor:
    """Keyset position: the last row of a page (newest-first order is at DESC, id DESC)."""

    at: float
    id: int


@dataclass(frozen=True, slots=True)
class EventPage:
    records: tuple[EventRecord, ...]
    total: int  # rows matching the filter, all pages together
    offset: int
    next_cursor: EventCursor | None  # None: this was the last page
