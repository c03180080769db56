"""Files that appear whole or not at all: temp file, fsync, rename; and progress helpers.

The panel runs on flash storage that can fill up or lose power at any moment:
everything backup and restore write goes to a temp file in the destination's
folder first, is fsynced, and only then renamed into place. A failure removes
the temp file, so a full disk never leaves half-written files behind.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import NotEnoughSpace, is_disk_full

Progress = Callable[[float], None]  # fraction done, 0.0 .. 1.0
TEMP_PREFIX = ".backup-tmp-"  # every temp file starts with this, so leftovers can be found


def no_progress(_: float) -> None:
    pass


def part(progress: Progress, lo: float, hi: float) -> Progress:
    """A callback for one step of a longer job: maps its 0..1 onto lo..hi of the whole."""
    return lambda f: progress(lo + (hi - lo) * min(max(f, 0.0), 1.0))


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a power cut could otherwise undo it)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_temp(folder: Path, suffix: str = "") -> Path:
    """An empty temp file in `folder` (same file system as the final name: rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)
    os.close(fd)
    return Path(name)


def remove_quietly(*paths: Path) -> None:
    for p in paths:
        for extra in ("", "-journal", "-wal", "-shm"):  # SQLite's side files too
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{p}{extra}")


@contextlib.contextmanager
def temp_path(folder: Path, suffix: str = "") -> Iterator[Path]:
    """A temp file removed when the block fails; the block renames it away on success."""
    path = new_temp(folder, suffix)
    try:
        yield path
    except BaseException as exc:
        remove_quietly(path)
        if is_disk_full(exc):
            raise NotEnoughSpace.at(folder) from exc
        raise
    else:
        remove_quietly(path)  # no-op once the block has renamed it


def publish(temp: Path, final: Path) -> None:
    """fsync `temp`, rename it to `final` (replacing it) and make the rename durable."""
    fsync_file(temp)
    os.replace(temp, final)
    fsync_dir(final.parent)


def write_private(path: Path, text: str) -> None:
    """Write a small text file whole or not at all, readable by this user only (0600)."""
    with temp_path(path.parent) as tmp:  # mkstemp: 0600 whatever the umask
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        publish(tmp, path)


def remove_leftovers(folder: Path) -> None:
    """Temp files of a run that was killed (power cut, crash) before it could clean up."""
    if folder.is_dir():
        for p in folder.glob(TEMP_PREFIX + "*"):
            remove_quietly(p)


def read_only(db: Path) -> sqlite3.Connection:
    """Open a database file for reading only (never creates or changes it)."""
    return sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
