"""The server's device manuals for the devices in this home, fetched and kept for offline use.

    refresh_manuals(client, data_dir, now, wanted)  # worker thread: ask, keep what verifies
    load_kept(data_dir)                             # the kept manuals (offline, at start)

Layout (as the rate-plan cache's, `plan_cache`): ``<data_dir>/manuals/index.json``
({"version", "etag", "fetched_at", "wanted", "files": {"027D": sha256, "026B-000000":
sha256}}) and one file per manual named by its SHA-256, byte for byte as the server sent
it. Files are written with the one owner-only atomic writer (`app.store.private`), each
before the index that names it; files no index names any more go after it. A manual
whose bytes do not match the listed SHA-256, that the one reader (`device_manual`)
refuses, or that is not the class or maker it was listed as, is refused and logged, never
kept; a copy kept earlier for it stays. A kept file that no longer has its digest (damaged
on disk) is not shown: the bundled copy is.

Only the manuals of ``wanted`` (class, maker) pairs are fetched: each class's manual and,
where the server has them, the notes of that device's maker. The listing is asked with the
last ETag while the wanted pairs are ones already asked for and every kept file is intact:
304, and nothing is fetched.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.cloud.errors import BadResponse, Rejected
from app.cloud.kept_files import INDEX, kept_bytes, read_index
from app.domain.device_manual import Manual, ManualError, file_name, load_manual
from app.store.private import write_private_file

if TYPE_CHECKING:
    from app.cloud.client import CenterClient
    from app.cloud.models import ManualSummary

CACHE_DIR = "manuals"
log = logging.getLogger(__name__)

Key = tuple[int, int | None]


@dataclass(frozen=True)
class KeptManuals:
    version: str | None  # the server's listing version when last fetched
    fetched_at: float | None  # unix seconds of the last good fetch; None: never
    manuals: tuple[Manual, ...] = ()


@dataclass(frozen=True)
class ManualsRefreshed:
    kept: KeptManuals
    refused: tuple[str, ...] = ()  # file names of manuals refused (damaged, unreadable)
    changed: bool = False  # the kept manuals differ from before
    not_modified: bool = False  # the server answered 304: nothing was fetched


def _folder(data_dir: Path) -> Path:
    return Path(data_dir) / CACHE_DIR


def _name(key: Key) -> str:
    return file_name(*key).removesuffix(".json")


def _index(folder: Path) -> dict:
    return read_index(folder, "the kept manuals' index")


def _files(index: dict) -> dict[str, str]:
    files = index.get("files")
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def load_kept(data_dir: Path) -> KeptManuals:
    folder = _folder(data_dir)
    index = _index(folder)
    manuals = []
    for name, sha256 in sorted(_files(index).items()):
        raw = kept_bytes(folder, sha256)
        if raw is None:
            log.error("kept manual %s is missing or damaged; the bundled copy is shown", name)
            continue
        try:
            manual = load_manual(raw)
        except ManualError as exc:
            log.error("kept manual %s does not load: %s", name, exc)
            continue
        if _name(manual.key) == name:
            manuals.append(manual)
    fetched, version = index.get("fetched_at"), index.get("version")
    return KeptManuals(version if isinstance(version, str) else None,
                       float(fetched) if isinstance(fetched, int | float) else None,
                       tuple(manuals))


def _save(folder: Path, index: dict) -> None:
    write_private_file(folder / INDEX, json.dumps(index, indent=1).encode())
    keep = {f"{sha}.json" for sha in index["files"].values()} | {INDEX}
    for path in folder.iterdir():
        if path.name not in keep and not path.name.startswith("."):
            path.unlink(missing_ok=True)


def _fetch(client: CenterClient, folder: Path, summary: ManualSummary) -> bytes:
    """The listed manual, checked: its digest (the client), the reader, its class and maker."""
    raw = client.manual_bytes(summary.class_code, summary.maker, summary.sha256)
    manual = load_manual(raw)
    if manual.key != (summary.class_code, summary.maker):
        raise ManualError(f"{_name(manual.key)} is listed as "
                          f"{_name((summary.class_code, summary.maker))}")
    write_private_file(folder / f"{summary.sha256}.json", raw)
    return raw


def refresh_manuals(client: CenterClient, data_dir: Path, now: float,
                    devices: Iterable[Key]) -> ManualsRefreshed:
    """Fetch the manuals for these (class, maker) devices and keep what verifies. Raises
    the client's CloudError when the listing cannot be had (nothing changes then)."""
    folder = _folder(data_dir)
    index = _index(folder)
    before = _files(index)
    wanted = sorted({_name(k) for cls, maker in devices
                     for k in ((cls, None), *(((cls, maker),) if maker is not None else ()))})
    asked = index.get("wanted") if isinstance(index.get("wanted"), list) else []
    etag = index.get("etag") if isinstance(index.get("etag"), str) else None
    # The ETag only while every kept file is intact: a damaged one must be fetched again.
    intact = bool(before) and all(kept_bytes(folder, sha) is not None
                                  for sha in before.values())
    listing = client.manual_listing(etag if intact and set(wanted) <= set(asked) else None)
    if listing is None:  # 304: what is kept is what the server has
        write_private_file(folder / INDEX, json.dumps(index | {"fetched_at": now},
                                                      indent=1).encode())
        return ManualsRefreshed(load_kept(data_dir), not_modified=True)
    files: dict[str, str] = {}
    refused: list[str] = []
    for summary in listing.manuals:
        name = _name((summary.class_code, summary.maker))
        if name not in wanted:
            continue
        if kept_bytes(folder, summary.sha256) is not None:
            files[name] = summary.sha256  # the same bytes as kept: nothing to fetch
            continue
        try:
            _fetch(client, folder, summary)
        except (BadResponse, ManualError) as exc:
            log.error("manual %s from the server refused: %s", name, exc)
        except Rejected as exc:  # listed, then gone (404): the manuals changed meanwhile
            log.warning("manual %s not fetched: %s", name, exc)
        else:
            files[name] = summary.sha256
            continue
        refused.append(name)
        if name in before and kept_bytes(folder, before[name]) is not None:
            files[name] = before[name]  # keep the last good copy of that manual
    # With a refusal the next fetch must not be a 304: ask for the listing in full again.
    _save(folder, {"version": listing.version, "etag": None if refused else listing.etag,
                   "fetched_at": now, "wanted": wanted, "files": dict(sorted(files.items()))})
    return ManualsRefreshed(load_kept(data_dir), tuple(refused), changed=files != before)
