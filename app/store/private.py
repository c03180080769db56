"""The panel's data is its household's: folders 0700, files 0600, whatever the umask.

SQLite creates a database with 0644 less the umask (world-readable under the
usual 022) and gives its -wal and -shm the database file's permissions; so the
database file is created 0600 before SQLite first opens it, and a file or folder
that an older version left readable by others is tightened when it is opened.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(folder: Path) -> None:
    """Create `folder` (and missing parents) 0700; tighten it if it exists and is open."""
    missing = []
    for p in (folder, *folder.parents):
        if p.exists():
            break
        missing.append(p)
    for p in reversed(missing):
        with contextlib.suppress(FileExistsError):
            p.mkdir(mode=DIR_MODE)  # the umask only removes bits: 0700 stays 0700
    tighten(folder, DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty file 0600 if there is none; tighten an existing one (and its side files)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    for side in ("", "-wal", "-shm", "-journal"):
        tighten(Path(f"{path}{side}"), FILE_MODE)


def tighten(path: Path, mode: int) -> None:
    """Remove the group's and others' permissions from `path` (if it is ours to change)."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & 0o077:
            os.chmod(path, current & mode)
    except (FileNotFoundError, PermissionError):
        pass


def write_private_file(path: Path, data: bytes) -> None:
    """Write `data` owner-only (0600) in a 0700 folder: fsync, rename, fsync the folder, so
    that a crash leaves the old file or the new one, never a part."""
    make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)
