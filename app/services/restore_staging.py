"""Taking over a previous panel's data: download and check now, swap in at the next start.

The running panel keeps the database open on several threads (collector,
every service's queries), so it cannot be replaced under it. The restore is
therefore done in two steps:

1. `stage_restore` (running panel, worker thread): ask the server for the old
   panel's chain with its confirmation code, download every archive (each
   checked against its SHA-256 as it arrives), check that they form one chain,
   and record them in `restore-pending.json`. A failure removes what was
   downloaded.
2. `open_after_restore` (next start, before anything else opens the store):
   `apply_pending_restore`, open the store, then `finish_restore`, or
   `roll_back_restore` if the restored data does not open.

Step 2 is a state machine journaled in `restore-pending.json` ("step"; every
change written to a temp file, fsynced, renamed, the folder fsynced), so that a
power cut between any two steps resumes at the next start:

- staged:  rebuild and verify the database at `restore-incoming/restored.sqlite3`
           (it appears only complete), then journal "built";
- built:   keep this panel's database as `hems.sqlite3.before-restore` (a hard
           link), rename the restored file over `hems.sqlite3` (the commit point:
           the restored file's absence says it happened), then journal "swapped";
- swapped: the store opens; `finish_restore` records success, deletes the kept
           data, the journal and the downloads, in that order;
- rolling_back: the restored data did not open; the kept data is put back.

A failure before the commit point leaves this panel's database as it was and
records why in `restore-result.json`; the staged files are removed either
way, so a damaged download is not retried at every start.

No Qt here: the start-up code calls step 2 directly.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.store.database import DB_NAME, previous_path
from app.store.private import FILE_MODE, make_private_dir, tighten

if TYPE_CHECKING:  # requests (~200 ms) loads with the first connection, not at start
    from app.cloud.client import CenterClient

log = logging.getLogger(__name__)

INCOMING_DIR = "restore-incoming"
PENDING_FILE = "restore-pending.json"
RESULT_FILE = "restore-result.json"
# Left by a successful takeover: the cloud service replaces the token at its next status
# refresh (the token was used for the takeover; the panel starts afresh with a new one).
ROTATE_TOKEN_FILE = "rotate-token"
WORK_FILE = "restored.sqlite3"  # in INCOMING_DIR: the rebuilt, verified database
STAGED, BUILT, SWAPPED, ROLLING_BACK = "staged", "built", "swapped", "rolling_back"

_S = TypeVar("_S")


def _checkpoint(name: str) -> None:
    """A step boundary. Tests replace this to kill the process there; a no-op otherwise."""


@dataclass(frozen=True)
class RestoreStaged:
    old_device_code: str
    archives: int
    bytes: int


def stage_restore(client: CenterClient, data_dir: Path, old_device_code: str,
                  confirmation_code: str, progress: Callable[[float], None]) -> RestoreStaged:
    from app.store.backup import check_chain  # on the worker, not at start-up
    from app.store.backup.files import write_private

    data_dir = Path(data_dir)
    incoming = data_dir / INCOMING_DIR
    shutil.rmtree(incoming, ignore_errors=True)
    (data_dir / PENDING_FILE).unlink(missing_ok=True)
    make_private_dir(incoming)
    try:
        plan = client.start_restore(old_device_code.strip().upper(), confirmation_code.strip())
        total = sum(b.size for b in plan.chain) or 1
        done, paths = 0, []
        for index, backup in enumerate(plan.chain):
            path = client.download_backup(plan.restore_id, backup,
                                          incoming / f"{index:03d}-{backup.id}.hbk")
            tighten(path, FILE_MODE)  # the old panel's household data: the owner's alone
            paths.append(path)
            done += backup.size
            progress(0.9 * done / total)
        check_chain(paths)  # one full backup and its increments, in order, before we promise
        write_private(data_dir / PENDING_FILE, json.dumps({
            "archives": [p.name for p in paths], "old_device_code": old_device_code,
            "staged_at": time.time(), "step": STAGED}))
    except BaseException:  # refused, cut off or damaged: keep none of the old panel's data
        shutil.rmtree(incoming, ignore_errors=True)
        raise
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


def open_after_restore(data_dir: Path, backup_dir: Path | None,
                       open_store: Callable[[], _S]) -> _S:
    """Apply a staged takeover, open the store, and finish or roll back the takeover.

    `open_store` raises (StoreError) when the data cannot be opened: if that data
    was just restored, this panel's own data is put back and opened instead.
    """
    restored = apply_pending_restore(data_dir, backup_dir)
    _checkpoint("applied")
    try:
        store = open_store()
    except Exception as exc:
        if not restored or not roll_back_restore(data_dir, str(exc)):
            raise
        return open_store()
    if restored:
        _checkpoint("opened")
        finish_restore(data_dir)
    return store


def apply_pending_restore(data_dir: Path, backup_dir: Path | None = None) -> bool:
    """Swap in a staged restore (the store must not be open). True if one was swapped in.

    Resumes wherever a power cut left the previous attempt (see the module
    docstring). True means the caller opens the store and then calls
    `finish_restore` (or `roll_back_restore` if it does not open).
    """
    data_dir = Path(data_dir)
    target = data_dir / DB_NAME
    incoming = data_dir / INCOMING_DIR
    raw = _read_pending(data_dir)
    if raw is None:
        shutil.rmtree(incoming, ignore_errors=True)  # a staging that was cut off
        # Kept data without a journal: a swap whose clean-up was cut off (older versions).
        return previous_path(target).exists()
    # Only when a takeover waits: a panel's usual start loads no backup code.
    from app.store.backup import build, keep_previous, put_back_previous, swap_in
    from app.store.backup.files import remove_leftovers

    step = raw.get("step", STAGED)
    if step == ROLLING_BACK:
        _roll_back(data_dir, raw)
        return False
    try:
        if step == STAGED:
            _forget_earlier_restore(target)
            remove_leftovers(data_dir)
            remove_leftovers(incoming)
            _checkpoint("building")
            build([incoming / n for n in raw["archives"]], incoming / WORK_FILE)
            _checkpoint("built")
            step = _journal(data_dir, raw, BUILT)
            _checkpoint("journaled-built")
        if step == BUILT:
            work = incoming / WORK_FILE
            if work.exists():  # else the rename below happened before a power cut
                keep_previous(target)
                _checkpoint("kept")
                swap_in(work, target)
                _checkpoint("swapped")
            step = _journal(data_dir, raw, SWAPPED)
            _checkpoint("journaled-swapped")
    except Exception as exc:  # any reason: the panel must still start on its own data
        log.error("restore failed: %s", exc)
        if step == BUILT:
            put_back_previous(target)  # undo the keeping (the swap did not happen)
        _conclude(data_dir, raw, ok=False, error=str(exc))
        return False
    if step != SWAPPED:  # an unknown step written by someone else
        _conclude(data_dir, raw, ok=False, error=f"unknown restore step {step!r}")
        return False
    if backup_dir is not None:  # the old chain's base is not this data: start full
        shutil.rmtree(backup_dir, ignore_errors=True)
    return True


def finish_restore(data_dir: Path) -> None:
    """The restored database opened fine: record it, and delete what it replaced."""
    data_dir = Path(data_dir)
    raw = _read_pending(data_dir)
    if raw is None:  # only kept data of an older version's restore was left
        from app.store.backup import discard_previous

        discard_previous(data_dir / DB_NAME)
        return
    _conclude(data_dir, raw, ok=True)


def roll_back_restore(data_dir: Path, error: str) -> bool:
    """The restored data did not open: put this panel's data back. False if none was kept."""
    data_dir = Path(data_dir)
    raw = _read_pending(data_dir)
    if raw is None or not previous_path(data_dir / DB_NAME).exists():
        return False
    raw["error"] = f"the restored data does not open: {error}"
    _journal(data_dir, raw, ROLLING_BACK)
    _checkpoint("journaled-rolling-back")
    _roll_back(data_dir, raw)
    return True


def _roll_back(data_dir: Path, raw: dict) -> None:
    from app.store.backup import put_back_previous

    put_back_previous(data_dir / DB_NAME)
    _checkpoint("put-back")
    _conclude(data_dir, raw, ok=False, error=raw.get("error", "rolled back"))


def _conclude(data_dir: Path, raw: dict, ok: bool, error: str | None = None) -> None:
    """Record the outcome, then remove the kept data (on success), journal and downloads.

    The result is written first: a power cut before the journal is gone repeats
    this, never reports a different outcome.
    """
    from app.store.backup import discard_previous
    from app.store.backup.files import fsync_dir, write_private

    result: dict = {"at": time.time(), "old_device_code": raw.get("old_device_code"), "ok": ok}
    if error is not None:
        result["error"] = error
    if ok:
        write_private(data_dir / ROTATE_TOKEN_FILE, "after the takeover\n")
    write_private(data_dir / RESULT_FILE, json.dumps(result))
    _checkpoint("result-written")
    if ok:
        discard_previous(data_dir / DB_NAME)
        _checkpoint("previous-discarded")
    (data_dir / PENDING_FILE).unlink(missing_ok=True)
    fsync_dir(data_dir)
    _checkpoint("journal-removed")
    shutil.rmtree(data_dir / INCOMING_DIR, ignore_errors=True)


def _forget_earlier_restore(target: Path) -> None:
    """Kept data no journal accounts for, before a new takeover begins.

    Only an older version's restore, cut off after its swap, leaves it: this
    panel has run on the restored data since (it staged this takeover), so the
    replaced data is no longer needed. A bare link to the target itself (cut off
    between link and rename) is simply dropped.
    """
    previous = previous_path(target)
    if not previous.exists():
        return
    from app.store.backup import discard_previous, put_back_previous

    if not target.exists() or os.path.samefile(previous, target):
        put_back_previous(target)
        return
    log.warning("deleting %s, left by an earlier restore", previous)
    discard_previous(target)


def _read_pending(data_dir: Path) -> dict | None:
    try:
        raw = json.loads((Path(data_dir) / PENDING_FILE).read_text())
    except FileNotFoundError:
        return None
    except ValueError:
        return {"archives": [], "step": STAGED}  # a damaged journal: fails and is cleared
    if not isinstance(raw, dict) or not isinstance(raw.get("archives"), list):
        return {"archives": [], "step": STAGED}
    return raw


def _journal(data_dir: Path, raw: dict, step: str) -> str:
    from app.store.backup.files import write_private

    raw["step"] = step
    write_private(Path(data_dir) / PENDING_FILE, json.dumps(raw))
    return step


def last_restore_result(data_dir: Path) -> dict | None:
    try:
        return json.loads((Path(data_dir) / RESULT_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return None
