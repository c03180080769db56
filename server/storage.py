"""Backup blobs behind a small interface; the file system now, object storage later.

Writes are atomic: a blob is written to a temporary file in the same directory,
fsynced, then renamed over its final name, so a crash leaves either the whole
blob or none (plus a temp file that `sweep_temp` removes on start).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

_KEY = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_TMP_PREFIX = ".tmp-"


class BlobWriter(Protocol):
    def write(self, chunk: bytes) -> None: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


class BlobStorage(Protocol):
    def begin(self, key: str) -> BlobWriter: ...
    def get(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...
    def size(self, key: str) -> int: ...
    def keys(self) -> Iterator[str]: ...
    # Unix seconds of the last write: start-up sweeps spare what other workers just wrote.
    def modified(self, key: str) -> float: ...


def put(storage: BlobStorage, key: str, chunks: Iterable[bytes]) -> None:
    """Store a whole blob; nothing is kept when it fails."""
    writer = storage.begin(key)
    try:
        for chunk in chunks:
            writer.write(chunk)
        writer.commit()
    except BaseException:
        writer.abort()
        raise


class _FileWriter:
    def __init__(self, final: Path) -> None:
        self._final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = final.parent / f"{_TMP_PREFIX}{uuid.uuid4().hex}"
        self._file: BinaryIO | None = open(self._tmp, "xb")

    def write(self, chunk: bytes) -> None:
        assert self._file is not None
        self._file.write(chunk)

    def commit(self) -> None:
        assert self._file is not None
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._file = None
        os.replace(self._tmp, self._final)
        _fsync_dir(self._final.parent)  # make the rename itself durable

    def abort(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass  # e.g. ENOSPC again while flushing; the file is removed anyway
            self._file = None
        self._tmp.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileSystemStorage:
    """Blobs as files under root/<first two chars>/<key>."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"bad blob key {key!r}")
        return self.root / key[:2] / key

    def begin(self, key: str) -> BlobWriter:
        return _FileWriter(self._path(key))

    def get(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def modified(self, key: str) -> float:
        return self._path(key).stat().st_mtime

    def keys(self) -> Iterator[str]:
        for sub in self.root.iterdir():
            if sub.is_dir():
                for f in sub.iterdir():
                    if not f.name.startswith(_TMP_PREFIX):
                        yield f.name

    def sweep_temp(self, older_than: float | None = None) -> int:
        """Remove temp files left by a crash mid-upload; returns how many. `older_than`
        (Unix seconds): only those not written since, because another worker on the same
        directory may be receiving an upload into one right now."""
        removed = 0
        for sub in self.root.iterdir():
            if sub.is_dir():
                for f in sub.glob(f"{_TMP_PREFIX}*"):
                    try:
                        if older_than is not None and f.stat().st_mtime >= older_than:
                            continue
                    except FileNotFoundError:
                        continue  # its upload finished meanwhile
                    f.unlink(missing_ok=True)
                    removed += 1
        return removed
