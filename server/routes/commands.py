"""The commands relay's routes (server/commands.py): callers with a home's remote token
under /v1/homes/{home_id}, the home's panel under /v1/devices/me.

Long-polls (`wait`) hold neither a database connection nor a thread while they wait: they
sleep on the event loop, look at the table every POLL_S (each look a short query in the
thread pool), answer at once when this worker changed the home's commands, and end when
the server begins to shut down; at most MAX_WAIT_S.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr
from starlette.concurrency import run_in_threadpool

from server import commands
from server.db import session_scope
from server.deps import Center, CenterDep, DeviceDep, RemoteDep, needs_acceptance, remote_home
from server.errors import ApiError
from server.models import Device

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


TICK_S = 0.05  # how often a waiting long-poll checks this worker's changes (no query)


async def _long_poll(center: Center, request: Request, home: str, wait_s: float,
                     look: Callable[[], tuple[bool, T]], gone: T) -> T:
    """`look()` (in the thread pool, with its own session) until it has an answer,
    `wait_s` has passed or the server stops; between looks, sleep on the event loop. A
    client that went away gets `gone` without another look: a panel's poll cut off (its
    exit, an unregistration) must not claim a command nobody would receive."""
    deadline = time.monotonic() + min(wait_s, commands.MAX_WAIT_S)
    changes = center.command_changes
    while True:
        seen = changes.of(home)
        if await request.is_disconnected():
            return gone
        ready, answer = await run_in_threadpool(look)
        if ready or time.monotonic() >= deadline or center.stopping.is_set():
            return answer
        next_look = min(time.monotonic() + commands.POLL_S, deadline)
        while time.monotonic() < next_look and changes.of(home) == seen \
                and not center.stopping.is_set():
            await asyncio.sleep(TICK_S)


def _require_acceptance(center: Center, device: Device | None) -> None:
    """Commands and the device list are the household's data and acts: relayed only
    under the terms in force (as backups and remote view are)."""
    if device is not None and needs_acceptance(center, device):
        raise ApiError(409, "terms_not_accepted", "the household must accept the current "
                       "terms on the panel before it takes remote commands")


# --- callers (a phone's app, a smart speaker's skill) -------------------------------------

@router.post("/homes/{home_id}/commands", status_code=202)
def post_command(home_id: str, body: CommandRequest, remote: RemoteDep, center: CenterDep,
                 response: Response) -> dict:
    home = remote_home(remote, home_id)
    with session_scope(center.engine) as session:
        _require_acceptance(center, session.get(Device, home))
        try:
            got = commands.submit(session, home, remote.id, body.request_id, body.device,
                                  body.action, body.value, _now(center))
        except commands.CommandRefused as exc:
            raise ApiError(exc.status, exc.code, exc.message) from None
    if got.created:
        center.command_changes.bump(home)
    else:
        response.status_code = 200  # a replay: the first command as it stands
    return commands.command_json(got.command)


@router.get("/homes/{home_id}/commands/{command_id}")
async def get_command(home_id: str, command_id: str, remote: RemoteDep, center: CenterDep,
                      request: Request, wait: Wait = 0) -> dict:
    """The command's state; with `wait`, answers as soon as it has an outcome."""
    home = remote_home(remote, home_id)

    def look() -> tuple[bool, dict | None]:
        with session_scope(center.engine) as session:
            row = commands.current(session, home, command_id, _now(center))
        if row is None:
            return True, None
        return row.state not in commands.OPEN, commands.command_json(row)

    answer = await _long_poll(center, request, home, wait, look, None)
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
    if body.allowed:  # switching it off (which empties the list) is always taken
        _require_acceptance(center, device)
    with session_scope(center.engine) as session:
        commands.report_devices(session, device.id, body.allowed, devices, _now(center))
        session.commit()
    return {"allowed": body.allowed, "devices": len(devices) if body.allowed else 0}


@router.get("/devices/me/commands")
async def claim_commands(device: DeviceDep, center: CenterDep, request: Request,
                         wait: Wait = 0) -> dict:
    """Queued commands, each handed to one poll only; with `wait`, as soon as one is.
    A look is a read; only a look that finds one writes (the claim)."""
    _require_acceptance(center, device)
    def look() -> tuple[bool, list[dict[str, Any]]]:
        now = _now(center)
        with session_scope(center.engine) as session:
            if not commands.has_queued(session, device.id, now):
                return False, []
            rows = commands.claim(session, device.id, now)
        if rows:
            center.command_changes.bump(device.id)
        return bool(rows), [commands.claimed_json(r) for r in rows]

    return {"commands": await _long_poll(center, request, device.id, wait, look, [])}


@router.post("/devices/me/commands/{command_id}/result")
def post_result(command_id: str, body: CommandResult, device: DeviceDep,
                center: CenterDep) -> dict:
    with session_scope(center.engine) as session:
        row = commands.finish(session, device.id, command_id, body.outcome, body.before,
                              body.after, body.detail, _now(center))
    if row is None:
        raise ApiError(409, "not_awaiting_result", "the command is unknown, answered already "
                       "or expired")
    center.command_changes.bump(device.id)  # a caller waiting in this worker hears it now
    return commands.command_json(row)
