"""Restore when a panel is replaced: the new panel proves it knows the old one's codes."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import tempfile
from datetime import timedelta
from typing import BinaryIO

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlmodel import select, update

from server import security, throttle
from server.db import session_scope
from server.deps import Center, CenterDep, DeviceDep, client_address
from server.errors import ApiError
from server.models import Backup, Device, RestoreGrant, iso, utcnow
from server.retention import latest_chain, purge_retired
from server.routes.backups import storage_error
from server.schemas import RestoreRequest
from server.storage import BlobCorrupt
from server.throttle import Limit

log = logging.getLogger(__name__)
router = APIRouter()
_CHUNK = 256 * 1024
_SPOOL_IN_MEMORY = 8 * 1024 * 1024
_WRONG = "the device code and confirmation code do not match a registered panel"


def _limits(center: Center, code: str, requester_id: str, address: str) -> list[Limit]:
    s = center.settings
    return [Limit(f"addr:{address}", s.restore_max_failures, s.restore_window_s),
            Limit(f"dev:{requester_id}", s.restore_max_failures, s.restore_window_s),
            Limit(f"code:{code}", s.restore_code_max_attempts, s.restore_code_window_s)]


@router.post("/restore")
def start_restore(body: RestoreRequest, requester: DeviceDep, center: CenterDep,
                  request: Request) -> dict:
    code = security.normalize_device_code(body.device_code)
    if code is None:
        raise ApiError(422, "invalid_device_code", "device code must be XXXX-XXXX-XXXX")
    s = center.settings
    now = utcnow()
    clock = center.clock()
    # Reserve the attempt first, in its own transaction whose first statement is the
    # write: the counts are exact across threads and worker processes.
    with session_scope(center.engine) as session:
        limits = _limits(center, code, requester.id, client_address(request))
        waits = [throttle.reserve(session, limit, clock) for limit in limits]
        if secrets.randbelow(100) == 0:
            throttle.prune(session, clock, max(x.window_s for x in limits))
        session.commit()
    purge_retired(center)
    if any(waits):
        raise ApiError(429, "too_many_attempts",
                       "too many confirmation codes tried; try again later",
                       {"Retry-After": str(int(max(waits) + 0.999))})
    with session_scope(center.engine) as session:
        source = session.exec(select(Device).where(Device.device_code == code,
                                                   Device.retired.is_(None))).first()
        # Exactly one PBKDF2 check on every path (a dummy for an unknown or retired
        # device), and the same answer: codes cannot be probed, not even by timing.
        salt, expected = ((source.confirmation_salt, source.confirmation_hash) if source
                          else (security.DUMMY_SALT, security.DUMMY_HASH))
        if not security.confirmation_matches(body.confirmation_code, salt, expected) \
                or source is None:
            raise ApiError(403, "wrong_code", _WRONG)
        throttle.refund(session, [limit.scope for limit in limits])
        session.commit()
        if source.id == requester.id:
            raise ApiError(422, "same_device", "a panel cannot restore from itself")
        chain = latest_chain(session, source.id)
        if not chain:
            raise ApiError(404, "no_backup", "the old panel has no backup on the server")
        # The takeover uses the code up and retires the old panel in one conditional
        # update: of two concurrent requests with the right code only one wins. The old
        # token dies (the old panel can no longer back up or be restored from again).
        taken = session.exec(
            update(Device).where(Device.id == source.id, Device.retired.is_(None),
                                 Device.confirmation_hash == source.confirmation_hash)
            .values(retired=now, token_hash=f"retired:{secrets.token_hex(32)}",
                    confirmation_hash=f"retired:{secrets.token_hex(32)}")).rowcount
        if taken != 1:
            session.rollback()
            raise ApiError(403, "wrong_code", _WRONG)
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
        blob = _verified_copy(center, row)
    except FileNotFoundError:
        raise ApiError(404, "not_found", "the backup no longer exists") from None
    except BlobCorrupt as exc:
        raise _corrupt(row, exc) from exc
    except OSError as exc:
        raise storage_error(exc) from exc

    def chunks():
        with blob:
            while data := blob.read(_CHUNK):
                yield data

    return StreamingResponse(chunks(), media_type="application/octet-stream",
                             headers={"Content-Length": str(row.size),
                                      "X-Backup-SHA256": row.sha256})


def _verified_copy(center: Center, row: Backup) -> BinaryIO:
    """The blob read once through SHA-256 into a temp copy, which is what is served:
    the bytes that were checked. A stored blob that differs from what was uploaded
    is refused before a byte is sent, not found out by the panel at the end."""
    copy = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)
    digest, size = hashlib.sha256(), 0
    try:
        with center.storage.get(row.id) as blob:
            while data := blob.read(_CHUNK):
                digest.update(data)
                size += len(data)
                copy.write(data)
        if size != row.size or digest.hexdigest() != row.sha256:
            raise BlobCorrupt(f"{size} bytes with SHA-256 {digest.hexdigest()}")
    except BaseException:
        copy.close()
        raise
    copy.seek(0)
    return copy


def _corrupt(row: Backup, exc: OSError) -> ApiError:
    log.error("backup %s is damaged in storage (want %d bytes, SHA-256 %s): %s",
              row.id, row.size, row.sha256, exc)
    return ApiError(500, "backup_corrupt",
                    "the stored backup is damaged (it differs from the SHA-256 recorded at "
                    "upload) and cannot be restored")
