"""The panel's one way to ask a device something or change it (any Get, any Set, any node).

The component that owns the ECHONET Lite client (`EchonetSource`, on its event loop)
runs the exchanges; callers on any thread get a `concurrent.futures.Future`:

    link.devices()                              # what was found (DeviceSeen)
    link.query("127.0.0.5/027D01", [0xDA, 0x9E])  # -> {0xDA: "auto", 0x9E: {0xDA}}
    link.command(DeviceCommand("127.0.0.5/027D01", 0xDA, "charging"))  # -> CommandResult

A Set is confirmed by reading the property back (`EchonetClient.set`); the value read
just before goes with the result, so an accepted change can be recorded as a change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Protocol

from app.domain.device_command import (
    CommandOutcome,
    CommandResult,
    DeviceCommand,
    address_of,
    unreachable,
)
from app.domain.devices import DeviceSeen
from app.domain.events import eoj_of
from app.echonet.codec import EOJ

if TYPE_CHECKING:  # the client (asyncio, the property tables) loads with the source using it
    from app.echonet.client import EchonetClient

# EchonetClient.set's reasons: "not confirmed" with the value read back is a device that
# answered yes and kept its own value (a refusal in effect); without it, no answer.
_OUTCOMES = {"confirmed": CommandOutcome.ACCEPTED, "refused": CommandOutcome.REFUSED,
             "timeout": CommandOutcome.UNREACHABLE}


class DeviceLink(Protocol):
    def devices(self) -> list[DeviceSeen]: ...

    def query(self, device: str, epcs: Sequence[int]) -> Future[dict[int, Any]]:
        """Decoded values of the EPCs the device answered ({} when it answered none)."""
        ...

    def command(self, command: DeviceCommand) -> Future[CommandResult]: ...


def done(value: Any) -> Future:
    """A future that is already answered (no device link, nothing to wait for)."""
    future: Future = Future()
    future.set_result(value)
    return future


async def read_values(client: EchonetClient, device: str,
                      epcs: Sequence[int]) -> dict[int, Any]:
    try:
        readings = await client.get(address_of(device), _eoj(device), list(epcs))
    except TimeoutError:
        return {}
    return {epc: r.value for epc, r in readings.items()}


async def run_command(client: EchonetClient, command: DeviceCommand, edt: bytes,
                      now: Callable[[], float] = time.time) -> CommandResult:
    """Read the property, Set it (SetC) and read it back; never raises for the device."""
    address, eoj = address_of(command.device), _eoj(command.device)
    before = (await read_values(client, command.device, [command.epc])).get(command.epc)
    result = await client.set(address, eoj, {command.epc: edt})
    back = result.readings.get(command.epc)
    after = None if back is None else back.value
    outcome = _OUTCOMES.get(result.reason) or (
        CommandOutcome.REFUSED if back is not None else CommandOutcome.UNREACHABLE)
    return CommandResult(command, outcome, now(), before, after, result.message)


def _eoj(device: str) -> EOJ:
    return EOJ.from_int(eoj_of(device))


class NoDevices:
    """A link to no device at all (a panel reading a model, screenshots, page tests)."""

    def devices(self) -> list[DeviceSeen]:
        return []

    def query(self, device: str, epcs: Sequence[int]) -> Future[dict[int, Any]]:
        return done({})

    def command(self, command: DeviceCommand) -> Future[CommandResult]:
        return done(unreachable(command, time.time(), "no device link"))
