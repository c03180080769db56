"""Errors of backup and restore: each says what is wrong and what to do, in whole sentences."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from ..errors import StoreError


class BackupError(StoreError):
    """Base class of every error raised on purpose by backup and restore."""


class ArchiveCorrupt(BackupError):
    """An archive file is truncated, altered or not a backup archive at all."""

    @classmethod
    def at(cls, path: Path, reason: str) -> ArchiveCorrupt:
        return cls(
            f"The backup archive {path} cannot be used ({reason}). Nothing has been changed. "
            f"Download the archive again; if it stays damaged, restore from an older full "
            f"backup.", path)


class ChainBroken(BackupError):
    """The archives do not follow one another (missing, duplicated or out of order)."""

    @classmethod
    def at(cls, path: Path, reason: str) -> ChainBroken:
        return cls(
            f"The backup archive {path} does not continue the ones before it ({reason}). "
            f"Nothing has been changed. Restore from a full backup followed by all of its "
            f"increments, oldest first.", path)


class NotEnoughSpace(BackupError):
    """The storage filled up while writing; partial files were removed."""

    @classmethod
    def at(cls, path: Path) -> NotEnoughSpace:
        return cls(
            f"The storage holding {path} is full. Nothing has been changed and no partial "
            f"files were left behind. Free some space (or delete old exports) and try again.",
            path)


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC from the OS, or SQLITE_FULL from SQLite (which reports it as a message)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc)
