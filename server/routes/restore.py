"""Restore when a panel is replaced: the new panel proves it knows the old one's codes."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from sqlmodel import func, select

from server import security
from server.db import session_scope
from server.deps import CenterDep, DeviceDep
from server.errors import ApiError
from server.models import Backup, Device, RestoreFailure, RestoreGrant, iso, utcnow
from server.retention import latest_chain
from server.schemas import RestoreRequest

router = APIRouter()
_WRONG = "the device code and confirmation code do not match a registered panel"


@router.post("/restore")
def start_restore(body: RestoreRequest, requester: DeviceDep,
                  center: CenterDep) -> dict:
    code = security.normalize_device_code(body.device_code)
    if code is None:
        raise ApiError(422, "invalid_device_code", "device code must be XXXX-XXXX-XXXX")
    s = center.settings
    now = utcnow()
    window_start = now - timedelta(seconds=s.restore_window_s)
    with session_scope(center.engine) as session:
        failures = session.exec(
            select(func.count(), func.min(RestoreFailure.at))
            .where(RestoreFailure.device_code == code, RestoreFailure.at > window_start)).one()
        if failures[0] >= s.restore_max_failures:
            wait = s.restore_window_s - (now - failures[1]).total_seconds()
            raise ApiError(429, "too_many_attempts",
                           "too many wrong confirmation codes; try again later",
                           {"Retry-After": str(max(1, int(wait + 0.999)))})
        source = session.exec(select(Device).where(Device.device_code == code)).first()
        # An unknown device code fails the same way, so codes cannot be probed.
        if source is None or not security.confirmation_matches(
                body.confirmation_code, source.confirmation_salt, source.confirmation_hash):
            session.add(RestoreFailure(device_code=code, at=now))
            session.commit()
            raise ApiError(403, "wrong_code", _WRONG)
        if source.id == requester.id:
            raise ApiError(422, "same_device", "a panel cannot restore from itself")
        chain = latest_chain(session, source.id)
        if not chain:
            raise ApiError(404, "no_backup", "the old panel has no backup on the server")
        grant = RestoreGrant(id=secrets.token_urlsafe(24), requester_id=requester.id,
                             source_device_id=source.id,
                             backup_ids=json.dumps([b.id for b in chain]),
                             expires=now + timedelta(seconds=s.restore_grant_s))
        session.add(grant)
        session.commit()
        return {"restore_id": grant.id, "expires": iso(grant.expires),
                "chain": [{"id": b.id, "kind": b.kind, "base": b.base, "size": b.size,
                           "sha256": b.sha256} for b in chain]}


@router.get("/restore/{restore_id}/backups/{backup_id}")
def download(restore_id: str, backup_id: str, requester: DeviceDep,
             center: CenterDep) -> StreamingResponse:
    with session_scope(center.engine) as session:
        grant = session.get(RestoreGrant, restore_id)
        # Someone else's grant is reported exactly like a missing one.
        if grant is None or grant.requester_id != requester.id:
            raise ApiError(404, "not_found", "no such restore")
        if grant.expires < utcnow():
            raise ApiError(410, "restore_expired", "this restore has expired; start again")
        if backup_id not in json.loads(grant.backup_ids):
            raise ApiError(404, "not_found", "no such backup in this restore")
        row = session.exec(select(Backup).where(Backup.id == backup_id)).first()
    if row is None or row.device_id != grant.source_device_id:
        raise ApiError(404, "not_found", "the backup no longer exists")
    try:
        blob = center.storage.get(backup_id)
    except FileNotFoundError:
        raise ApiError(404, "not_found", "the backup no longer exists") from None

    def chunks():
        with blob:
            while data := blob.read(256 * 1024):
                yield data

    return StreamingResponse(chunks(), media_type="application/octet-stream",
                             headers={"Content-Length": str(row.size),
                                      "X-Backup-SHA256": row.sha256})
