"""Backup blobs behind a small interface: the file system (the embedded server's), or an
S3-compatible bucket (`server.storage_s3`, for deployments; `open_storage` picks).

File system writes are atomic: a blob is written to a temporary file in the same directory,
fsynced, then renamed over its final name, so a crash leaves either the whole
blob or none (plus a temp file that `sweep_temp` removes on start).
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

log = logging.getLogger(__name__)
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_TMP_PREFIX = ".tmp-"


class StorageUnavailable(OSError):
    """The blob store cannot be reached or is overloaded now: try again later (503)."""


class BlobCorrupt(OSError):
    """The stored bytes are not the ones written (the store's own checksum says so)."""


class BlobWriter(Protocol):
    def write(self, chunk: bytes) -> None: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


class BlobStorage(Protocol):
    def begin(self, key: str) -> BlobWriter: ...
    def get(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...
    def size(self, key: str) -> int: ...
    # Keys of complete blobs written at least `older_than_s` ago.
    def keys(self, older_than_s: float = 0.0) -> Iterator[str]: ...
    # Remove what uploads cut short left behind (older than `older_than_s`); how many.
    def sweep_temp(self, older_than_s: float = 0.0) -> int: ...


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
        if not KEY_PATTERN.match(key):
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

    def keys(self, older_than_s: float = 0.0) -> Iterator[str]:
        cutoff = time.time() - older_than_s
        for sub in self.root.iterdir():
            if sub.is_dir():
                for f in sub.iterdir():
                    if not f.name.startswith(_TMP_PREFIX) and _mtime(f) <= cutoff:
                        yield f.name

    def sweep_temp(self, older_than_s: float = 0.0) -> int:
        """Remove temp files left by a crash mid-upload; returns how many."""
        cutoff = time.time() - older_than_s
        removed = 0
        for sub in self.root.iterdir():
            if sub.is_dir():
                for f in sub.glob(f"{_TMP_PREFIX}*"):
                    if _mtime(f) <= cutoff:
                        f.unlink(missing_ok=True)
                        removed += 1
        return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # deleted meanwhile (another worker's sweep or rename)
        return float("inf")


def open_storage(settings) -> BlobStorage:
    """The blob store `settings` (server.config.Settings) name."""
    if not settings.blob_url:
        return FileSystemStorage(settings.blob_dir)
    from server.storage_s3 import S3BlobStorage, parse_blob_url  # boto3 only when used

    store = S3BlobStorage(parse_blob_url(settings.blob_url), endpoint_url=settings.s3_endpoint,
                          region=settings.s3_region,
                          multipart_threshold=settings.s3_multipart_threshold,
                          part_size=settings.s3_part_size)
    try:
        store.check_bucket()
    except OSError as exc:  # unreachable now: the requests will answer 503 meanwhile
        log.warning("could not check the bucket: %s", exc)
    return store
