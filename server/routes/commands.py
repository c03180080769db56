"""The commands relay's routes (server/commands.py): callers with a home's remote token
under /v1/homes/{home_id}, the home's panel under /v1/devices/me.

Long-polls (`wait`) hold no database connection while they wait: they look at the
table every POLL_S, at most MAX_WAIT_S, and end at once when the server shuts down.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from server import commands
from server.db import session_scope
from server.deps import Center, CenterDep, DeviceDep, RemoteDep, remote_home
from server.errors import ApiError

router = APIRouter()
T = TypeVar("T")
Wait = Annotated[float, Query(ge=0, le=commands.MAX_WAIT_S)]
Text = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[\x21-\x7e]+$")]


class CommandRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    request_id: Text  # the caller's idempotency key: the same again is the same command
    device: Text
    action: Literal["power", "temperature", "battery_mode"]
    value: StrictStr | StrictInt


class RemoteDevice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Text
    class_: str = Field(alias="class", pattern=r"^0x[0-9A-F]{4}$")
    name: str = Field(default="", max_length=60)
    actions: list[Literal["power", "temperature", "battery_mode"]] = Field(max_length=3)


class DeviceReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allowed: bool
    devices: list[RemoteDevice] = Field(default_factory=list,
                                        max_length=commands.MAX_DEVICES)


class CommandResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["done", "refused", "unreachable", "forbidden", "device_gone"]
    before: StrictStr | StrictInt | None = None
    after: StrictStr | StrictInt | None = None
    detail: str = Field(default="", max_length=300)


def _now(center: Center) -> datetime:
    return datetime.fromtimestamp(center.clock(), UTC)


def _long_poll(center: Center, wait_s: float, look: Callable[[], tuple[bool, T]]) -> T:
    """`look()` until it says it has an answer, `wait_s` has passed or the server stops;
    each look opens and closes its own session."""
    deadline = time.monotonic() + min(wait_s, commands.MAX_WAIT_S)
    while True:
        ready, answer = look()
        left = deadline - time.monotonic()
        if ready or left <= 0 or center.stopping.is_set():
            return answer
        center.stopping.wait(min(commands.POLL_S, left))


# --- callers (a phone's app, a smart speaker's skill) -------------------------------------

@router.post("/homes/{home_id}/commands", status_code=202)
def post_command(home_id: str, body: CommandRequest, remote: RemoteDep, center: CenterDep,
                 response: Response) -> dict:
    home = remote_home(remote, home_id)
    with session_scope(center.engine) as session:
        try:
            got = commands.submit(session, home, remote.id, body.request_id, body.device,
                                  body.action, body.value, _now(center))
        except commands.CommandRefused as exc:
            raise ApiError(exc.status, exc.code, exc.message) from None
    if not got.created:
        response.status_code = 200  # a replay: the first command as it stands
    return commands.command_json(got.command)


@router.get("/homes/{home_id}/commands/{command_id}")
def get_command(home_id: str, command_id: str, remote: RemoteDep, center: CenterDep,
                wait: Wait = 0) -> dict:
    """The command's state; with `wait`, answers as soon as it has an outcome."""
    home = remote_home(remote, home_id)

    def look() -> tuple[bool, dict | None]:
        with session_scope(center.engine) as session:
            row = commands.current(session, home, command_id, _now(center))
        if row is None:
            return True, None
        return row.state not in commands.OPEN, commands.command_json(row)

    answer = _long_poll(center, wait, look)
    if answer is None:
        raise ApiError(404, "not_found", "no such command")
    return answer


@router.get("/homes/{home_id}/devices")
def home_devices(home_id: str, remote: RemoteDep, center: CenterDep) -> dict:
    """What the panel lets callers command, as it last reported it."""
    home = remote_home(remote, home_id)
    with session_scope(center.engine) as session:
        reported = commands.listed(session, home)
    allowed, devices = reported or (False, [])
    return {"allowed": allowed, "reported": reported is not None, "devices": devices}


# --- the home's panel ---------------------------------------------------------------------

@router.put("/devices/me/remote-devices")
def put_remote_devices(body: DeviceReport, device: DeviceDep, center: CenterDep) -> dict:
    devices = [d.model_dump(by_alias=True) for d in body.devices]
    if len({d["id"] for d in devices}) != len(devices):
        raise ApiError(422, "invalid_request", "device ids must not repeat")
    with session_scope(center.engine) as session:
        commands.report_devices(session, device.id, body.allowed, devices, _now(center))
        session.commit()
    return {"allowed": body.allowed, "devices": len(devices) if body.allowed else 0}


@router.get("/devices/me/commands")
def claim_commands(device: DeviceDep, center: CenterDep, wait: Wait = 0) -> dict:
    """Queued commands, each handed to one poll only; with `wait`, as soon as one is."""
    def look() -> tuple[bool, list[dict[str, Any]]]:
        with session_scope(center.engine) as session:
            rows = commands.claim(session, device.id, _now(center))
        return bool(rows), [commands.claimed_json(r) for r in rows]

    return {"commands": _long_poll(center, wait, look)}


@router.post("/devices/me/commands/{command_id}/result")
def post_result(command_id: str, body: CommandResult, device: DeviceDep,
                center: CenterDep) -> dict:
    with session_scope(center.engine) as session:
        row = commands.finish(session, device.id, command_id, body.outcome, body.before,
                              body.after, body.detail, _now(center))
    if row is None:
        raise ApiError(409, "not_awaiting_result", "the command is unknown, answered already "
                       "or expired")
    return commands.command_json(row)
