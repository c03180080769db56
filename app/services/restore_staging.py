"""Taking over a previous panel's data: download and check now, swap in at the next start.

The running panel keeps the database open on several threads (collector,
every service's queries), so it cannot be replaced under it. The restore is
therefore done in two steps:

1. `stage_restore` (running panel, worker thread): ask the server for the old
   panel's chain with its confirmation code, download every archive (each
   checked against its SHA-256 as it arrives), check that they form one chain,
   and record them in `restore-pending.json`.
2. `apply_pending_restore` (next start, before the store is opened): rebuild
   the database from the chain, verify it (content hash, integrity) and swap it
   in with one rename; this panel's previous database is kept beside it until
   the restored one has opened, then deleted (`finish_restore`).

No Qt here: the start-up code calls step 2 directly.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.backup_schedule import write_atomic
from app.store.database import DB_NAME

if TYPE_CHECKING:  # requests (~200 ms) loads with the first connection, not at start
    from app.cloud.client import CenterClient

log = logging.getLogger(__name__)

INCOMING_DIR = "restore-incoming"
PENDING_FILE = "restore-pending.json"
RESULT_FILE = "restore-result.json"


@dataclass(frozen=True)
class RestoreStaged:
    old_device_code: str
    archives: int
    bytes: int


def stage_restore(client: CenterClient, data_dir: Path, old_device_code: str,
                  confirmation_code: str, progress: Callable[[float], None]) -> RestoreStaged:
    from app.store.backup import check_chain  # on the worker, not at start-up

    data_dir = Path(data_dir)
    incoming = data_dir / INCOMING_DIR
    shutil.rmtree(incoming, ignore_errors=True)
    (data_dir / PENDING_FILE).unlink(missing_ok=True)
    incoming.mkdir(parents=True)
    plan = client.start_restore(old_device_code.strip().upper(), confirmation_code.strip())
    total = sum(b.size for b in plan.chain) or 1
    done, paths = 0, []
    for index, backup in enumerate(plan.chain):
        path = client.download_backup(plan.restore_id, backup,
                                      incoming / f"{index:03d}-{backup.id}.hbk")
        paths.append(path)
        done += backup.size
        progress(0.9 * done / total)
    check_chain(paths)  # one full backup and its increments, in order, before we promise
    write_atomic(data_dir / PENDING_FILE, json.dumps({
        "archives": [p.name for p in paths], "old_device_code": old_device_code,
        "staged_at": time.time()}))
    progress(1.0)
    return RestoreStaged(old_device_code, len(paths), done)


def pending_restore(data_dir: Path) -> RestoreStaged | None:
    try:
        raw = json.loads((Path(data_dir) / PENDING_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return None
    sizes = sum((Path(data_dir) / INCOMING_DIR / n).stat().st_size for n in raw["archives"]
                if (Path(data_dir) / INCOMING_DIR / n).exists())
    return RestoreStaged(raw["old_device_code"], len(raw["archives"]), sizes)


def apply_pending_restore(data_dir: Path, backup_dir: Path | None = None) -> bool:
    """Swap in a staged restore (the store must not be open). True if one was applied.

    A failure leaves this panel's database as it was and records why in
    `restore-result.json` (the registration page shows it); the staged files are
    removed either way, so a damaged download is not retried at every start.
    """
    data_dir = Path(data_dir)
    pending = data_dir / PENDING_FILE
    try:
        raw = json.loads(pending.read_text())
    except FileNotFoundError:
        return False
    except ValueError:
        raw = {"archives": []}
    from app.store.backup import restore  # only when a takeover is waiting

    incoming = data_dir / INCOMING_DIR
    result: dict = {"at": time.time(), "old_device_code": raw.get("old_device_code")}
    try:
        restore([incoming / n for n in raw["archives"]], data_dir / DB_NAME)
        result["ok"] = True
        if backup_dir is not None:  # the old chain's base is not this data: start full
            shutil.rmtree(backup_dir, ignore_errors=True)
    except Exception as exc:  # any reason: the panel must still start on its own data
        log.error("restore failed: %s", exc)
        result.update(ok=False, error=str(exc))
    write_atomic(data_dir / RESULT_FILE, json.dumps(result))
    pending.unlink(missing_ok=True)
    shutil.rmtree(incoming, ignore_errors=True)
    return bool(result["ok"])


def finish_restore(data_dir: Path) -> None:
    """The restored database opened fine: the data it replaced is no longer needed."""
    from app.store.backup import discard_previous

    discard_previous(Path(data_dir) / DB_NAME)


def last_restore_result(data_dir: Path) -> dict | None:
    try:
        return json.loads((Path(data_dir) / RESULT_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return None
