"""The commands relay: a phone's app or a smart speaker asks, the home's panel does it.

A caller with a remote token of the home (server/remote_access.py) posts a command for
one of the devices the panel last reported (`report_devices`); it is queued until the
panel's long-poll claims it, then the panel sets the device, reads it back and posts the
outcome. The caller reads the command until it has one: "done" only when the panel read
the new value back. A command nobody claimed within QUEUE_TTL, or claimed but without
an outcome within RESULT_TTL, is "expired": the caller is told it did not happen, or
that nobody knows whether it did.

Every step that two workers could race on is one conditional statement in the database:
a command is claimed by UPDATE … WHERE state = 'queued' … RETURNING (two polls never get
one command), an outcome is taken only from the state "delivered", and the caller's
`request_id` is unique per home (a replay finds the first command, never a second one).
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from server.models import HomeDevices, RemoteCommand, iso

QUEUE_TTL = timedelta(seconds=120)  # undelivered this long: expired
RESULT_TTL = timedelta(seconds=90)  # delivered, no outcome this long: expired (unknown)
MAX_WAIT_S = 25.0  # long-polls of callers and panels, below common proxies' 30 s
POLL_S = 1.0  # how often a long-poll looks at the table (another worker's changes)
KEEP = timedelta(days=30)  # finished commands are deleted by housekeeping after this
MAX_DEVICES = 64

ACTIONS: dict[str, tuple[str, ...]] = {  # action -> the values it takes (temperature: range)
    "power": ("on", "off"),
    "temperature": (),
    "battery_mode": ("charging", "discharging", "standby", "auto"),
}
TEMPERATURE_C = (16, 30)
OUTCOMES = ("done", "refused", "unreachable", "forbidden", "device_gone")
OPEN = ("queued", "delivered")


class CommandRefused(Exception):
    """Why a command cannot be queued: the HTTP status, code and message for the caller."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite hands back naive


def check_value(action: str, value: Any) -> Any:
    """The value if `action` takes it, else CommandRefused (422) saying what it takes."""
    if action not in ACTIONS:
        raise CommandRefused(422, "invalid_request", f"unknown action {action!r}; actions: "
                             f"{', '.join(ACTIONS)}")
    if action == "temperature":
        low, high = TEMPERATURE_C
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise CommandRefused(422, "invalid_request", f"temperature must be a whole number "
                                 f"of degrees Celsius from {low} to {high}")
        return value
    if value not in ACTIONS[action]:
        raise CommandRefused(422, "invalid_request", f"{action} must be one of "
                             f"{', '.join(ACTIONS[action])}")
    return value


# --- the panel's report -------------------------------------------------------------------

def report_devices(session: Session, home: str, allowed: bool, devices: list[dict],
                   now: datetime) -> None:
    """The panel's controllable devices and its switch, replacing the last report."""
    row = session.get(HomeDevices, home) or HomeDevices(device_id=home)
    row.allowed = allowed
    row.devices = json.dumps(devices if allowed else [], ensure_ascii=False)
    row.updated = now
    session.add(row)


def listed(session: Session, home: str) -> tuple[bool, list[dict]] | None:
    """(allowed, devices) as the panel last reported; None: it never did."""
    row = session.get(HomeDevices, home)
    if row is None:
        return None
    return row.allowed, json.loads(row.devices)


# --- the caller's side --------------------------------------------------------------------

@dataclass(frozen=True)
class Submitted:
    command: RemoteCommand
    created: bool  # False: a replay of an earlier request_id


def submit(session: Session, home: str, token_id: str, request_id: str, target: str,
           action: str, value: Any, now: datetime) -> Submitted:
    """Queue a command (committed), or find the one this `request_id` already queued."""
    earlier = _by_request(session, home, request_id, now)
    if earlier is not None:
        return Submitted(_same_request(earlier, target, action, value), False)
    reported = listed(session, home)
    if reported is not None and not reported[0]:
        raise CommandRefused(403, "remote_commands_off", "the household has switched remote "
                             "commands off on the panel")
    devices = {d["id"]: d for d in (reported[1] if reported else [])}
    device = devices.get(target)
    if device is None:
        raise CommandRefused(404, "device_not_found", f"no device {target!r} in the list the "
                             "panel last reported (GET devices)")
    if action not in device["actions"]:
        check_value(action, value)  # an unknown action says so first
        raise CommandRefused(422, "invalid_request", f"device {target!r} takes "
                             f"{', '.join(device['actions']) or 'no action'}, not {action}")
    check_value(action, value)
    row = RemoteCommand(id=secrets.token_hex(12), device_id=home, request_id=request_id,
                        token_id=token_id, target=target, action=action,
                        value=json.dumps(value), state="queued", created=now,
                        expires=now + QUEUE_TTL)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # the same request_id, sent twice at once: the other one won
        session.rollback()
        earlier = _by_request(session, home, request_id, now)
        if earlier is None:
            raise
        return Submitted(_same_request(earlier, target, action, value), False)
    return Submitted(row, True)


def _by_request(session: Session, home: str, request_id: str,
                now: datetime) -> RemoteCommand | None:
    row = session.exec(select(RemoteCommand.id).where(
        RemoteCommand.device_id == home, RemoteCommand.request_id == request_id)).first()
    return None if row is None else current(session, home, row, now)


def _same_request(row: RemoteCommand, target: str, action: str, value: Any) -> RemoteCommand:
    if (row.target, row.action, json.loads(row.value)) != (target, action, value):
        raise CommandRefused(409, "request_id_reused", "this request_id was used for another "
                             "command; use a new one for each command")
    return row


def current(session: Session, home: str, command_id: str,
            now: datetime) -> RemoteCommand | None:
    """The home's command as it stands now (an overdue one becomes "expired"), or None.
    A read, unless it has just expired (what a caller's long-poll asks every look)."""
    row = session.get(RemoteCommand, command_id)
    if row is None or row.device_id != home:
        return None
    if row.state in OPEN and _aware(row.expires) <= now:
        session.exec(update(RemoteCommand).where(
            RemoteCommand.id == command_id, RemoteCommand.state.in_(OPEN),
            RemoteCommand.expires <= now).values(state="expired", finished=now))
        session.commit()
        session.refresh(row)
    return row


def happened(row: RemoteCommand) -> bool | None:
    """Whether the device really changed: True only when the panel read the new value
    back; None while nobody knows (open, or expired after the panel took it)."""
    if row.state == "done":
        return True
    if row.state in OPEN or (row.state == "expired" and row.delivered is not None):
        return None
    return False


def command_json(row: RemoteCommand) -> dict:
    """What the caller sees: the state and, once there is one, the panel's outcome."""
    def loaded(text: str | None) -> Any:
        return None if text is None else json.loads(text)

    finished = row.state not in OPEN
    return {"id": row.id, "request_id": row.request_id, "device": row.target,
            "action": row.action, "value": json.loads(row.value), "state": row.state,
            "happened": happened(row),
            "created": iso(row.created), "expires": iso(row.expires),
            "delivered": iso(row.delivered), "finished": iso(row.finished),
            "result": {"before": loaded(row.before), "after": loaded(row.after),
                       "detail": row.detail} if finished and row.state != "expired" else None}


# --- the panel's side ---------------------------------------------------------------------

def has_queued(session: Session, home: str, now: datetime) -> bool:
    """Whether a command waits for the home's panel (a read: what a long-poll asks)."""
    return session.exec(select(RemoteCommand.id).where(
        RemoteCommand.device_id == home, RemoteCommand.state == "queued",
        RemoteCommand.expires > now).limit(1)).first() is not None


def claim(session: Session, home: str, now: datetime) -> list[RemoteCommand]:
    """The home's queued commands, each handed out once: delivered from now on, with
    RESULT_TTL for the outcome (committed). Two polls at once split them, never share."""
    table = RemoteCommand.__table__
    taken = session.execute(
        update(table).where(table.c.device_id == home, table.c.state == "queued",
                            table.c.expires > now)
        .values(state="delivered", delivered=now, expires=now + RESULT_TTL)
        .returning(table.c.id)).all()
    session.commit()
    rows = [session.get(RemoteCommand, t[0]) for t in taken]
    return sorted((r for r in rows if r is not None), key=lambda r: _aware(r.created))


def claimed_json(row: RemoteCommand) -> dict:
    return {"id": row.id, "device": row.target, "action": row.action,
            "value": json.loads(row.value), "created": iso(row.created),
            "expires": iso(row.expires)}


def finish(session: Session, home: str, command_id: str, outcome: str, before: Any,
           after: Any, detail: str, now: datetime) -> RemoteCommand | None:
    """Record the panel's outcome of a delivered command (committed); None when it is not
    one of the home's commands awaiting an outcome (unknown, already answered, expired)."""
    changed = session.exec(update(RemoteCommand).where(
        RemoteCommand.id == command_id, RemoteCommand.device_id == home,
        RemoteCommand.state == "delivered", RemoteCommand.expires > now)
        .values(state=outcome, finished=now, before=json.dumps(before),
                after=json.dumps(after), detail=detail)).rowcount
    session.commit()
    return current(session, home, command_id, now) if changed == 1 else None


class Changes:
    """Which homes' commands changed in this worker process (queued, claimed, answered):
    a long-poll here answers at once, without waiting for its next look at the table.
    Changes made by other workers are seen at the next look (POLL_S)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def bump(self, home: str) -> None:
        with self._lock:
            self._counts[home] = self._counts.get(home, 0) + 1

    def of(self, home: str) -> int:
        return self._counts.get(home, 0)


# --- retention ----------------------------------------------------------------------------

def purge_old(session: Session, now: datetime, keep: timedelta = KEEP) -> int:
    """Delete commands created longer than `keep` ago (housekeeping; committed)."""
    gone = session.exec(delete(RemoteCommand).where(RemoteCommand.created < now - keep)).rowcount
    session.commit()
    return gone


def forget(session: Session, home: str) -> None:
    """Everything the relay holds for a home (its deletion); the caller commits."""
    session.exec(delete(RemoteCommand).where(RemoteCommand.device_id == home))
    session.exec(delete(HomeDevices).where(HomeDevices.device_id == home))
