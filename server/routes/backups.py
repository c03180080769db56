"""Backup upload (streamed, size-limited, checksum-verified) and listing."""

from __future__ import annotations

import errno
import hashlib
import logging
import re
import uuid

import anyio
from fastapi import APIRouter, Request
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from starlette.concurrency import run_in_threadpool

from server.db import session_scope
from server.deps import Center, CenterDep, DeviceDep, needs_acceptance
from server.errors import ApiError
from server.models import Backup, Device, iso
from server.retention import apply_retention, delete_blobs
from server.storage import StorageUnavailable

log = logging.getLogger(__name__)
router = APIRouter()
_SHA = re.compile(r"^[0-9a-f]{64}$")
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
# Bytes handed to the blob writer at once, on a worker thread: writing may mean a
# network round trip (an S3 part), which must not stall the event loop.
_BATCH = 1024 * 1024
RETRY_AFTER_S = 30  # the panel honours Retry-After up to 30 s


def backup_json(b: Backup) -> dict:
    return {"id": b.id, "kind": b.kind, "base": b.base, "size": b.size, "sha256": b.sha256,
            "created": iso(b.created)}


def _check_headers(request: Request, center: Center) -> tuple[str, str | None, str]:
    kind = request.headers.get("x-backup-kind", "")
    base = request.headers.get("x-backup-base") or None
    sha = request.headers.get("x-backup-sha256", "").lower()
    ctype = request.headers.get("content-type", "").split(";")[0].strip()
    if ctype != "application/octet-stream":
        raise ApiError(415, "unsupported_media_type", "send the backup as application/octet-stream")
    if kind not in ("full", "incremental"):
        raise ApiError(422, "invalid_request", "X-Backup-Kind must be full or incremental")
    if kind == "incremental" and base is None:
        raise ApiError(422, "invalid_request", "an incremental backup needs X-Backup-Base")
    if kind == "full" and base is not None:
        raise ApiError(422, "invalid_request", "a full backup has no X-Backup-Base")
    if not _SHA.match(sha):
        raise ApiError(422, "invalid_request", "X-Backup-SHA256 must be 64 hex digits")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > center.settings.max_backup_bytes:
        raise ApiError(413, "too_large",
                       f"a backup may be at most {center.settings.max_backup_bytes} bytes")
    return kind, base, sha


def _base_ok(center: Center, device_id: str, base: str) -> bool:
    with session_scope(center.engine) as session:
        row = session.exec(select(Backup).where(Backup.id == base)).first()
        return row is not None and row.device_id == device_id


def _record(center: Center, row: Backup) -> tuple[Backup, list[str]]:
    with session_scope(center.engine) as session:
        if session.get(Device, row.device_id) is None:
            return row, [row.id]  # unregistered during the upload: keep nothing
        session.add(row)
        try:
            session.flush()
        except IntegrityError:  # unregistered by another worker since the line above
            session.rollback()
            return row, [row.id]
        doomed = apply_retention(session, row.device_id)
        session.commit()
        session.refresh(row)
        return row, doomed


@router.post("/devices/me/backups", status_code=201)
async def upload(request: Request, device: DeviceDep,
                 center: CenterDep) -> dict:
    if needs_acceptance(center, device):
        raise ApiError(409, "terms_not_accepted",
                       "accept the current terms before sending backups")
    kind, base, sha = _check_headers(request, center)
    if base is not None and not await run_in_threadpool(_base_ok, center, device.id, base):
        # Another device's backup looks exactly like a missing one.
        raise ApiError(422, "unknown_base", "X-Backup-Base is not a backup of this device")

    backup_id = uuid.uuid4().hex
    limit = center.settings.max_backup_bytes
    digest, size = hashlib.sha256(), 0
    try:
        writer = await run_in_threadpool(center.storage.begin, backup_id)
    except OSError as exc:
        raise storage_error(exc) from exc
    try:
        batch = bytearray()
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "too_large", f"a backup may be at most {limit} bytes")
            digest.update(chunk)
            batch += chunk
            if len(batch) >= _BATCH:
                await run_in_threadpool(writer.write, bytes(batch))
                batch.clear()
        if batch:
            await run_in_threadpool(writer.write, bytes(batch))
        if size == 0:
            raise ApiError(422, "empty_backup", "the backup is empty")
        if digest.hexdigest() != sha:
            raise ApiError(422, "checksum_mismatch",
                           "the SHA-256 of the received bytes differs from X-Backup-SHA256")
        # Write, verify, then publish: the blob becomes visible whole (rename, PutObject
        # or a completed multipart upload) only now, and its row only after that.
        await run_in_threadpool(writer.commit)
    except OSError as exc:
        await _abort(writer)
        raise storage_error(exc) from exc
    except BaseException:  # client gone, too large, mismatch, shutdown: nothing is kept
        await _abort(writer)
        raise

    row = Backup(id=backup_id, device_id=device.id, kind=kind, base=base, size=size, sha256=sha)
    try:
        row, doomed = await run_in_threadpool(_record, center, row)
    except BaseException:
        await run_in_threadpool(delete_blobs, center.storage, [backup_id])
        raise
    await run_in_threadpool(delete_blobs, center.storage, doomed)
    if backup_id in doomed:
        raise ApiError(401, "unauthorized", "unknown or revoked token")
    return backup_json(row)


async def _abort(writer) -> None:
    # Shielded: when the request was cancelled (shutdown), the abort still runs; it may be
    # a network call (aborting a multipart upload).
    with anyio.CancelScope(shield=True):
        await run_in_threadpool(writer.abort)


def storage_error(exc: OSError) -> ApiError:
    """The answer to a failure of the blob store; the operator finds the cause in the log."""
    if isinstance(exc, StorageUnavailable):
        log.warning("backup store unavailable: %s", exc)
        return ApiError(503, "storage_unavailable",
                        "the backup store is unavailable; try again later",
                        {"Retry-After": str(RETRY_AFTER_S)})
    if exc.errno in _DISK_FULL:
        log.warning("backup store full: %s", exc)
        return ApiError(507, "insufficient_storage", "the server has no space for this backup")
    log.error("backup store failed: %s", exc)
    return ApiError(500, "storage_error", "the backup store failed")


@router.get("/devices/me/backups")
def list_backups(device: DeviceDep,
                 center: CenterDep) -> dict:
    with session_scope(center.engine) as session:
        rows = session.exec(select(Backup).where(Backup.device_id == device.id)
                            .order_by(Backup.seq)).all()
        return {"backups": [backup_json(b) for b in rows]}
