"""Backups of the panel's database: consistent, compressed, incremental; and an atomic restore.

- `snapshot`: a consistent copy of the live database (SQLite backup API) while
  the writer keeps appending.
- `make_archive`: a full archive of a snapshot, or an increment over the last
  confirmed one (generic over tables), sealed with SHA-256 (`archive_file`).
- `restore`: full + increments -> verified database, swapped in atomically.
- `BackupKeeper`: the panel's backup folder (base, pending, outbox) and the
  full/increment policy (`policy`).

Plain sqlite3, zlib/lzma and hashlib: no Qt, no network (the caller uploads).
"""

from .archive_file import FULL, INCREMENTAL, Archive, Manifest, extract, read_manifest
from .errors import ArchiveCorrupt, BackupError, ChainBroken, NotEnoughSpace
from .files import Progress
from .keeper import BackupKeeper
from .make import describe, make_archive
from .policy import BackupPolicy, Confirmed, choose_kind
from .restore import (
    RestoreResult,
    build,
    check_chain,
    discard_previous,
    keep_previous,
    previous_path,
    put_back_previous,
    restore,
    swap_in,
)
from .snapshot import snapshot

__all__ = [
    "FULL",
    "INCREMENTAL",
    "Archive",
    "ArchiveCorrupt",
    "BackupError",
    "BackupKeeper",
    "BackupPolicy",
    "ChainBroken",
    "Confirmed",
    "Manifest",
    "NotEnoughSpace",
    "Progress",
    "RestoreResult",
    "build",
    "check_chain",
    "choose_kind",
    "describe",
    "discard_previous",
    "extract",
    "keep_previous",
    "make_archive",
    "previous_path",
    "put_back_previous",
    "read_manifest",
    "restore",
    "snapshot",
    "swap_in",
]
