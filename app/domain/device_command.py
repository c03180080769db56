"""A property Set the panel sends to a device, and what came of it (pure values).

Every change the panel makes to a device takes one path: a `DeviceCommand` goes to
the component that owns the ECHONET Lite client (the collector's source), which
reads the property, sends SetC, reads it back and answers with a `CommandResult`:

* ACCEPTED: the device took the value; reading it back shows it;
* REFUSED: the device said no (SetC_SNA), or said yes and kept its old value;
* UNREACHABLE: no answer, or no link to the devices at all (the panel reads a model).

An accepted change becomes an entry of the appliance history (`event`), with the
command's cause, so the household can see who changed what and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.domain.events import (
    ENERGY_SAVING_CAUSES,
    Cause,
    OperationEvent,
    SavingEvent,
    eoj_of,
)


class CommandOutcome(StrEnum):
    ACCEPTED = "accepted"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"


def address_of(device: str) -> str:
    """The network address part of a `device_key` ('192.168.1.20/027D01')."""
    return device.rpartition("/")[0]


@dataclass(frozen=True, slots=True)
class DeviceCommand:
    """Set property ``epc`` of ``device`` (a `device_key`) to ``value``, decoded as the
    class table names it ("charging", 27, ...)."""

    device: str
    epc: int
    value: Any
    cause: Cause = Cause.PANEL

    @property
    def eoj(self) -> int:
        return eoj_of(self.device)

    @property
    def class_code(self) -> int:
        return self.eoj >> 8


@dataclass(frozen=True, slots=True)
class CommandResult:
    command: DeviceCommand
    outcome: CommandOutcome
    at: float  # unix s when it was answered
    before: Any = None  # the value read just before the Set (None: not known)
    after: Any = None  # the value read back after it (None: not read)
    detail: str = ""  # English, for logs and the command line

    @property
    def accepted(self) -> bool:
        return self.outcome is CommandOutcome.ACCEPTED

    def event(self) -> OperationEvent | SavingEvent | None:
        """The appliance-history entry of an accepted change (None: nothing changed): an
        energy-saving entry when the panel's energy management made it."""
        if not self.accepted or self.after is None or self.before == self.after:
            return None
        before = None if self.before is None else str(self.before)
        c = self.command
        if c.cause in ENERGY_SAVING_CAUSES:
            return SavingEvent(self.at, c.device, "set", cause=c.cause, epc=c.epc, old=before,
                               new=str(self.after))
        return OperationEvent(self.at, c.device, c.epc, before, str(self.after), c.cause)


def unreachable(command: DeviceCommand, at: float, detail: str) -> CommandResult:
    return CommandResult(command, CommandOutcome.UNREACHABLE, at, detail=detail)
