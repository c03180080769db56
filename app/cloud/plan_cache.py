"""The server's rate-plan catalog, fetched and kept under the panel's data directory.

    refresh_catalog(client, data_dir, now)  # worker thread: ask the server, keep the answer
    load_cached(data_dir)                   # the kept plans (offline, and at start)

Layout: ``<data_dir>/rate-plans/index.json`` ({"version", "fetched_at", "plans": {id:
sha256}}) and one file per plan named by its SHA-256, byte for byte as the server sent
it. A plan file is written (temp file, fsync, rename) before the index that names it,
and files no index names any more are removed after it: a power cut or a reader at
any moment sees the old catalog or the new one. A plan whose bytes do not match the
listed SHA-256, or that does not parse with the one plan reader (`tariff_json`), is
refused and logged, never kept; a plan kept earlier under that id stays.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.cloud.errors import BadResponse, Rejected
from app.cloud.kept_files import INDEX, kept_bytes, read_index
from app.domain.tariff import RatePlan
from app.domain.tariff_json import PlanError, load_plan
from app.store.private import write_private_file

if TYPE_CHECKING:
    from app.cloud.client import CenterClient

CACHE_DIR = "rate-plans"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CachedCatalog:
    version: str | None  # the server's catalog version when it was fetched
    fetched_at: float | None  # unix seconds of the last good fetch; None: never
    plans: tuple[RatePlan, ...] = ()


@dataclass(frozen=True)
class Refreshed:
    catalog: CachedCatalog
    refused: tuple[str, ...] = ()  # ids of plans refused (damaged or unreadable)
    changed: bool = False  # the kept plans differ from before


def _folder(data_dir: Path) -> Path:
    return Path(data_dir) / CACHE_DIR


def _index(folder: Path) -> dict:
    return read_index(folder, "the kept rate-plan catalog")


def load_cached(data_dir: Path) -> CachedCatalog:
    folder = _folder(data_dir)
    index = _index(folder)
    plans = []
    listed = index.get("plans") if isinstance(index.get("plans"), dict) else {}
    for plan_id, sha256 in sorted(listed.items()):
        raw = kept_bytes(folder, str(sha256))
        if raw is None:
            log.error("kept rate plan %s is missing or damaged; not shown", plan_id)
            continue
        try:
            plan = load_plan(raw)
        except PlanError as exc:  # kept by a newer panel version that reads more?
            log.error("kept rate plan %s does not load: %s", plan_id, exc)
            continue
        if plan.id == plan_id:
            plans.append(plan)
    fetched = index.get("fetched_at")
    version = index.get("version")
    return CachedCatalog(version if isinstance(version, str) else None,
                         float(fetched) if isinstance(fetched, int | float) else None,
                         tuple(plans))


def _save(folder: Path, version: str | None, fetched_at: float, files: dict[str, str]) -> None:
    index = {"version": version, "fetched_at": fetched_at, "plans": dict(sorted(files.items()))}
    write_private_file(folder / INDEX, json.dumps(index, indent=1).encode())
    keep = {f"{sha}.json" for sha in files.values()} | {INDEX}
    for path in folder.iterdir():
        if path.name not in keep and not path.name.startswith("."):
            path.unlink(missing_ok=True)


def keep_catalog(data_dir: Path, version: str | None, fetched_at: float,
                 plans: dict[str, bytes]) -> None:
    """Keep these plan files (by id) as the server's catalog, as a fetch does (demo data,
    screenshots); they are checked when read, like every kept plan."""
    folder = _folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for plan_id, raw in plans.items():
        sha256 = hashlib.sha256(raw).hexdigest()
        write_private_file(folder / f"{sha256}.json", raw)
        files[plan_id] = sha256
    _save(folder, version, fetched_at, files)


def refresh_catalog(client: CenterClient, data_dir: Path, now: float) -> Refreshed:
    """Ask the server for its catalog and keep what verifies and parses. Raises the
    client's CloudError when the listing itself cannot be had (nothing changes then)."""
    folder = _folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    index = _index(folder)
    before: dict[str, str] = index.get("plans") if isinstance(index.get("plans"), dict) else {}
    listing = client.rate_plan_listing()
    files: dict[str, str] = {}
    refused: list[str] = []
    for summary in listing.plans:
        if kept_bytes(folder, summary.sha256) is not None:
            files[summary.id] = summary.sha256  # the same bytes as kept: nothing to fetch
            continue
        try:
            raw = client.rate_plan_bytes(summary.id, summary.sha256)
            plan = load_plan(raw)
            if plan.id != summary.id:
                raise PlanError([f"id: {plan.id!r} is listed as {summary.id!r}"])
        except (BadResponse, PlanError) as exc:
            log.error("rate plan %s from the server refused: %s", summary.id, exc)
            refused.append(summary.id)
        except Rejected as exc:  # listed, then gone (404): the catalog changed meanwhile
            log.warning("rate plan %s not fetched: %s", summary.id, exc)
            refused.append(summary.id)
        else:
            write_private_file(folder / f"{summary.sha256}.json", raw)
            files[summary.id] = summary.sha256
            continue
        if summary.id in before and kept_bytes(folder, before[summary.id]) is not None:
            files[summary.id] = before[summary.id]  # keep the last good copy of that plan
    _save(folder, listing.version, now, files)
    return Refreshed(load_cached(data_dir), tuple(refused), changed=files != before)
