"""Which backups are kept, and removing a device's data.

Order of work is chosen for crashes: database rows are deleted (and committed)
before their blobs, so a crash can leave an orphan blob but never a row without
its blob; `sweep_orphans` removes such blobs at start-up.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, delete, select

from server import commands
from server.db import scrub, session_scope
from server.models import Backup, Device, RestoreGrant, utcnow
from server.remote_access import forget_home, sweep_expired_codes
from server.throttle import forget, prune

log = logging.getLogger(__name__)


def _roots(backups: list[Backup]) -> dict[str, str]:
    """backup id -> id of the full backup its chain starts from."""
    by_id = {b.id: b for b in backups}
    roots: dict[str, str] = {}
    for b in backups:
        seen, cur = set(), b
        while cur.kind != "full" and cur.base in by_id and cur.id not in seen:
            seen.add(cur.id)
            cur = by_id[cur.base]
        roots[b.id] = cur.id if cur.kind == "full" else ""
    return roots


def latest_chain(session: Session, device_id: str) -> list[Backup]:
    """The newest full backup and the increments built on it, oldest first."""
    backups = list(session.exec(
        select(Backup).where(Backup.device_id == device_id).order_by(Backup.seq)))
    fulls = [b for b in backups if b.kind == "full"]
    if not fulls:
        return []
    roots = _roots(backups)
    return [b for b in backups if roots[b.id] == fulls[-1].id]


def apply_retention(session: Session, device_id: str) -> list[str]:
    """Keep the latest chain and the one before it; delete the rows of the rest.

    Returns the ids whose blobs the caller deletes after committing.
    """
    backups = list(session.exec(
        select(Backup).where(Backup.device_id == device_id).order_by(Backup.seq)))
    fulls = [b.id for b in backups if b.kind == "full"]
    keep_roots = set(fulls[-2:])
    roots = _roots(backups)
    doomed = [b for b in backups if roots[b.id] not in keep_roots]
    for b in doomed:
        session.delete(b)
    return [b.id for b in doomed]


def delete_blobs(storage, ids: list[str]) -> None:
    for key in ids:
        try:
            storage.delete(key)
        except OSError as exc:  # left for sweep_orphans
            log.warning("could not delete blob %s: %s", key, exc)


def delete_device_data(center, device_id: str, device_code: str) -> None:
    """Everything the server holds for a device: rows first, then blobs."""
    with session_scope(center.engine) as session:
        ids = list(session.exec(select(Backup.id).where(Backup.device_id == device_id)))
        session.exec(delete(Backup).where(Backup.device_id == device_id))
        session.exec(delete(RestoreGrant).where(
            (RestoreGrant.requester_id == device_id)
            | (RestoreGrant.source_device_id == device_id)))
        forget(session, [f"code:{device_code}", f"dev:{device_id}"])
        forget_home(session, device_id)
        session.exec(delete(Device).where(Device.id == device_id))
        session.commit()
    if not scrub(center.engine):
        log.warning("deleted device %s: WAL not emptied yet (readers busy)", device_id)
    delete_blobs(center.storage, ids)


def sweep_orphans(center) -> int:
    """Delete blobs with no row (left by a crash between the two steps).

    Blobs younger than the grace are left alone: their row may be on its way (an upload
    another worker is finishing writes the blob first, then the row).
    """
    grace = center.settings.sweep_grace_s
    candidates = list(center.storage.keys(older_than_s=grace))  # listed before the rows
    with session_scope(center.engine) as session:
        known = set(session.exec(select(Backup.id)))
    orphans = [k for k in candidates if k not in known]
    delete_blobs(center.storage, orphans)
    return len(orphans)


def purge_retired(center) -> int:
    """Delete the data of panels taken over longer ago than a restore grant lasts."""
    cutoff = utcnow() - timedelta(seconds=center.settings.restore_grant_s)
    with session_scope(center.engine) as session:
        gone = list(session.exec(select(Device.id, Device.device_code).where(
            Device.retired.is_not(None), Device.retired < cutoff)))
    for device_id, device_code in gone:
        delete_device_data(center, device_id, device_code)
    return len(gone)


def prune_counters(center) -> None:
    """Drop attempt counters (they name client addresses) once the longest window has
    lapsed: requests prune only now and then, and an address that never comes back
    would otherwise stay."""
    s = center.settings
    longest = max(s.register_window_s, s.restore_window_s, s.restore_code_window_s,
                  s.remote_login_window_s)
    with session_scope(center.engine) as session:
        prune(session, center.clock(), longest)
        session.commit()


def purge_commands(center) -> int:
    """Delete remote commands older than the relay keeps them (server/commands.KEEP)."""
    now = datetime.fromtimestamp(center.clock(), UTC)
    with session_scope(center.engine) as session:
        return commands.purge_old(session, now)


def housekeep(center) -> tuple[int, int, int]:
    """What start-up does, and every hour after: delete retired panels' data whose grant
    has expired, lapsed attempt counters and old remote commands, abort half uploads,
    delete orphan blobs (e.g. those a deletion could not remove while the store was
    down). Returns (panels purged, uploads aborted, orphans)."""
    purged = purge_retired(center)
    prune_counters(center)
    with session_scope(center.engine) as session:
        sweep_expired_codes(session, datetime.fromtimestamp(center.clock(), UTC))
        session.commit()
    purge_commands(center)
    aborted = center.storage.sweep_temp(center.settings.sweep_grace_s)
    orphans = sweep_orphans(center)
    if aborted or orphans:
        log.warning("removed %d half uploads and %d orphan backup blobs", aborted, orphans)
    return purged, aborted, orphans
