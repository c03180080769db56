"""Where a kiosk's exports go: a USB stick, when one is mounted.

Desktop environments and udisks mount removable media at ``/media/USER/LABEL`` or
``/run/media/USER/LABEL``; the first writable mount found there is the stick.
``HEMS_EXPORT_DIR`` overrides the search (tests, or an installer's choice of folder).
No stick, no export: the page says so instead of writing into the panel's own storage,
where the household could never reach the file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

EXPORT_DIR_ENV = "HEMS_EXPORT_DIR"
MOUNT_ROOTS = (Path("/media"), Path("/run/media"))


def removable_mounts(roots: Iterable[Path] = MOUNT_ROOTS,
                     is_mount: Callable[[Path], bool] = os.path.ismount,
                     access: int = os.W_OK) -> list[Path]:
    """Writable (or, with `access=os.R_OK`, readable) mount points at ROOT/USER/LABEL, in
    name order."""
    found: list[Path] = []
    for root in roots:
        try:
            users = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError:
            continue
        for user in users:
            try:
                labels = sorted(p for p in user.iterdir() if p.is_dir())
            except OSError:
                continue
            found += [p for p in labels if is_mount(p) and os.access(p, access)]
    return found


def export_dir(env: Mapping[str, str] | None = None, roots: Iterable[Path] | None = None,
               is_mount: Callable[[Path], bool] = os.path.ismount) -> Path | None:
    """The folder an export goes to, or None when no stick is inserted."""
    env = os.environ if env is None else env
    override = env.get(EXPORT_DIR_ENV)
    if override:
        return Path(override)
    mounts = removable_mounts(MOUNT_ROOTS if roots is None else roots, is_mount)
    return mounts[0] if mounts else None


def import_dir(env: Mapping[str, str] | None = None, roots: Iterable[Path] | None = None,
               is_mount: Callable[[Path], bool] = os.path.ismount) -> Path | None:
    """The inserted card or stick to import from (read only will do), or None.
    ``HEMS_EXPORT_DIR`` overrides it as for exports."""
    env = os.environ if env is None else env
    override = env.get(EXPORT_DIR_ENV)
    if override:
        return Path(override)
    mounts = removable_mounts(MOUNT_ROOTS if roots is None else roots, is_mount, os.R_OK)
    return mounts[0] if mounts else None
