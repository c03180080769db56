"""`hems-panel-update`: install a verified update, start it, and roll back unless it paints.

    hems-panel-update --root /opt/hems-panel --data-dir /var/lib/hems-panel \\
        [--request DIR] [--start "systemctl restart hems-panel.service"] [--timeout 180]

The panel leaves a request in <data>/updates/request/ (the wheel and its signed manifest,
`app.update.request`); this process trusts none of it: it verifies the signature with
the keys the *installed* version ships, the wheel's SHA-256 and size, and that the
version is newer than the one running. Then it builds the new slot, switches `current`,
starts the panel (`--start`) and waits until the new version writes its first-frame
marker. If it does not within `--timeout` (or the started command fails), `current`
goes back to the previous version, which is started again. Either way the outcome is
written to <data>/updates/result.json, which the panel reads at its next start and
tells the household of (a notice).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import logging
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from app.domain.update_manifest import (
    Manifest,
    SignedManifest,
    UpdateRefused,
    keys_of,
    offer_refusal,
)
from app.store.database import DB_NAME
from app.update.marker import current_version, first_frame_version, marker_path
from app.update.slots import InstallFailed, InstallRoot

log = logging.getLogger(__name__)

DEFAULT_START = ("systemctl", "restart", "hems-panel.service")
DEFAULT_STOP = ("systemctl", "stop", "hems-panel.service")
FIRST_FRAME_TIMEOUT_S = 180.0  # a Raspberry Pi's cold start of a new venv is ~20 s
RESULT_NAME = "result.json"
REQUEST_DIR = "request"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Outcome:
    outcome: str  # installed | rolled_back | refused | failed
    version: str  # the version offered
    running: str  # the version running afterwards
    reason: str = ""  # why not installed: a refusal code or the failure
    detail: str = ""


def updates_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "updates"


def request_dir(data_dir: Path) -> Path:
    return updates_dir(data_dir) / REQUEST_DIR


def result_path(data_dir: Path) -> Path:
    return updates_dir(data_dir) / RESULT_NAME


def read_result(data_dir: Path) -> Outcome | None:
    try:
        return Outcome(**json.loads(result_path(data_dir).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _write_result(data_dir: Path, outcome: Outcome) -> Outcome:
    path = result_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{RESULT_NAME}.new")
    tmp.write_text(json.dumps(asdict(outcome), ensure_ascii=False))
    os.replace(tmp, path)
    return outcome


def verify_bundle(wheel: Path, signed: SignedManifest, keys, running: str) -> Manifest:
    """The manifest, when its signature, the wheel's bytes and its version all pass."""
    manifest = signed.verify(keys)
    refusal = offer_refusal(manifest, running)
    if refusal is not None:
        raise refusal
    digest, size = hashlib.sha256(), 0
    with open(wheel, "rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    if size != manifest.size or digest.hexdigest() != manifest.sha256:
        raise UpdateRefused("tampered", f"the wheel's bytes are not the signed ones "
                                        f"({size} bytes, expected {manifest.size})")
    return manifest


def wait_for_first_frame(data_dir: Path, version: str, started: subprocess.Popen,
                         timeout_s: float, *, poll_s: float = 0.2,
                         monotonic: Callable[[], float] = time.monotonic) -> str | None:
    """None once `version` has painted; else why not (the start failed, or time ran out).
    A start command that exits 0 (systemctl restart) is waited past, up to the bound."""
    deadline = monotonic() + timeout_s
    while True:
        if first_frame_version(data_dir) == version:
            return None
        code = started.poll()
        if code not in (None, 0):
            return f"the new version exited with status {code} before its first frame"
        if monotonic() >= deadline:
            return f"no first frame within {timeout_s:.0f} s"
        time.sleep(poll_s)


def restore_database(data_dir: Path, since: float, version: str) -> str | None:
    """After a failed version, the database as it was before that version migrated it.

    A version that migrated the schema copied the older file aside first
    (hems.sqlite3.bak-<revision>, app/store/migrate.py); the previous version cannot open
    the newer schema. The newer file (and its WAL) is kept beside, renamed. Returns the
    copy restored, or None when the failed version migrated nothing."""
    db = Path(data_dir) / DB_NAME
    copies = [p for p in db.parent.glob(f"{DB_NAME}.bak-*") if p.stat().st_mtime >= since]
    if not copies:
        return None
    copy = max(copies, key=lambda p: p.stat().st_mtime)
    for suffix in ("", "-wal", "-shm"):
        part = db.with_name(db.name + suffix)
        if part.exists():
            os.replace(part, db.with_name(f"{DB_NAME}.failed-{version}{suffix}"))
    os.replace(copy, db)
    return copy.name


def install(root: Path, data_dir: Path, wheel: Path, signed: SignedManifest, keys, *,
            start: Sequence[str] = DEFAULT_START, stop: Sequence[str] = DEFAULT_STOP,
            timeout_s: float = FIRST_FRAME_TIMEOUT_S,
            find_links: Sequence[Path] = (), running: str | None = None,
            env: Mapping[str, str] | None = None, python: str = sys.executable) -> Outcome:
    slots = InstallRoot(root)
    running = running or slots.current or current_version()
    offered = str(signed.manifest.get("version", "?"))
    try:
        manifest = verify_bundle(wheel, signed, keys, running)
    except UpdateRefused as exc:
        log.warning("update %s refused: %s", offered, exc)
        return _write_result(data_dir, Outcome("refused", offered, running, exc.reason,
                                               exc.detail))
    version = manifest.version
    try:
        slots.build(version, wheel, find_links, python)
        marker_path(data_dir).unlink(missing_ok=True)
        switched = time.time()  # the wall's: compared with file times
        slots.switch(version)
    except (InstallFailed, OSError, subprocess.SubprocessError) as exc:
        log.error("update %s not installed: %s", version, exc)
        slots.prune()
        return _write_result(data_dir, Outcome("failed", version, running, "install",
                                               str(exc)[-400:]))
    log.info("update %s installed; starting it", version)
    # Its own session: when the start command is the panel itself, it outlives us.
    started = subprocess.Popen(list(start), env=dict(env) if env is not None else None,
                               start_new_session=True)
    problem = wait_for_first_frame(data_dir, version, started, timeout_s)
    if problem is not None and started.poll() is None:
        started.kill()  # hung before its first frame
        started.wait()
    if problem is None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            started.wait(timeout=5)  # reaped if it was a command (systemctl) that ends
        gone = slots.prune()
        log.info("update %s reached its first frame (removed old slots: %s)", version, gone)
        return _write_result(data_dir, Outcome("installed", version, version))
    run_env = dict(env) if env is not None else None
    subprocess.run(list(stop), env=run_env, check=False, timeout=timeout_s)
    back = slots.roll_back()
    restored = restore_database(data_dir, switched, version)
    if restored:
        problem += f"; the database from before its migration ({restored}) restored"
    log.error("update %s rolled back to %s: %s", version, back, problem)
    marker_path(data_dir).unlink(missing_ok=True)
    again = subprocess.Popen(list(start), env=run_env, start_new_session=True)
    still = wait_for_first_frame(data_dir, back, again, timeout_s)
    if still is None:
        problem += f"; {back} started again"
        with contextlib.suppress(subprocess.TimeoutExpired):
            again.wait(timeout=5)
    else:  # nothing more this process can do: the journal and the notice tell
        log.error("the previous version %s did not start either: %s", back, still)
        problem += f"; {back} did not start either ({still})"
    slots.prune()
    return _write_result(data_dir, Outcome("rolled_back", version, back, "first_frame",
                                           problem))


def load_request(data_dir: Path) -> tuple[Path, SignedManifest]:
    folder = request_dir(data_dir)
    signed = SignedManifest.from_json(json.loads((folder / MANIFEST_NAME).read_text()))
    wheels = sorted(folder.glob("hems_panel-*.whl"))
    if len(wheels) != 1:
        raise UpdateRefused("malformed", f"the request holds {len(wheels)} wheels, not one")
    return wheels[0], signed


def main(argv: Sequence[str] | None = None) -> int:
    from app.resource_files import resources_dir

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    p = argparse.ArgumentParser(prog="hems-panel-update", description=__doc__.splitlines()[0])
    p.add_argument("--root", type=Path, default=Path("/opt/hems-panel"))
    p.add_argument("--data-dir", type=Path,
                   default=Path(os.environ.get("HEMS_DATA_DIR", "/var/lib/hems-panel")))
    p.add_argument("--keys", type=Path, default=None,
                   help="trusted keys (default: the installed version's update_keys)")
    p.add_argument("--start", default=shlex.join(DEFAULT_START),
                   help="the command that (re)starts the panel")
    p.add_argument("--stop", default=shlex.join(DEFAULT_STOP),
                   help="the command that stops the panel (before a rollback)")
    p.add_argument("--timeout", type=float, default=FIRST_FRAME_TIMEOUT_S)
    p.add_argument("--find-links", type=Path, action="append", default=[],
                   help="folders of dependency wheels (default: <root>/wheels)")
    args = p.parse_args(argv)
    keys_file = args.keys or resources_dir() / "update_keys" / "keys.json"
    keys = keys_of(json.loads(keys_file.read_text()))
    try:
        wheel, signed = load_request(args.data_dir)
    except (OSError, ValueError) as exc:
        reason = exc.reason if isinstance(exc, UpdateRefused) else "malformed"
        _write_result(args.data_dir, Outcome("refused", "?", current_version(), reason,
                                             str(exc)))
        print(f"hems-panel-update: no usable request: {exc}", file=sys.stderr)
        clear_request(args.data_dir)
        return 1
    try:
        outcome = install(args.root, args.data_dir, wheel, signed, keys,
                          start=shlex.split(args.start), stop=shlex.split(args.stop),
                          timeout_s=args.timeout,
                          find_links=[f for f in args.find_links or [args.root / "wheels"]
                                      if f.is_dir()])
    finally:
        clear_request(args.data_dir)
    print(json.dumps(asdict(outcome), ensure_ascii=False))
    return 0 if outcome.outcome == "installed" else 1


def stage_request(data_dir: Path, wheel: Path, signed: SignedManifest) -> Path:
    """The panel's request: the verified wheel moved in, then its manifest written last
    (its appearance is what starts the installer: hems-panel-update.path)."""
    folder = request_dir(data_dir)
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    os.replace(wheel, folder / wheel.name)
    tmp = folder / f".{MANIFEST_NAME}.new"
    tmp.write_text(json.dumps(signed.to_json(), ensure_ascii=False))
    os.replace(tmp, folder / MANIFEST_NAME)
    return folder


def clear_request(data_dir: Path) -> None:
    """Done with it, whatever the outcome: the path unit must not start us again."""
    folder = request_dir(data_dir)
    if folder.exists():
        for old in folder.iterdir():
            old.unlink(missing_ok=True)
        folder.rmdir()
