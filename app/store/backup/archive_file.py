"""The archive file: a manifest and a compressed payload, sealed by a SHA-256 trailer.

    MAGIC (8) | header length (4, big-endian) | manifest JSON | compressed payload |
    SHA-256 of everything before it (32)

The trailer makes every archive check itself: an altered byte or a truncated
download is found before anything is restored from it. The payload is an
SQLite file (the whole database for a full backup, the changed rows for an
increment), compressed as a stream so memory stays flat on the panel.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import struct
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from .errors import ArchiveCorrupt
from .files import Progress, no_progress, publish, temp_path

MAGIC = b"HEMSBAK\x01"
FORMAT = 1
FULL, INCREMENTAL = "full", "incremental"
_CHUNK = 1 << 20
_TRAILER = 32
_MAX_HEADER = 1 << 20


@dataclass(frozen=True)
class Manifest:
    kind: str  # FULL or INCREMENTAL
    compression: str  # "zlib" or "lzma"
    payload_size: int  # bytes of the uncompressed payload
    content_hash: str  # of the whole database this archive (with its chain) restores
    base_content_hash: str | None  # INCREMENTAL: content hash of the database it applies to
    schema_hash: str
    schema_revision: str | None
    tables: tuple[str, ...]
    created_at: float  # unix seconds
    format: int = FORMAT


@dataclass(frozen=True)
class Archive:
    path: Path
    sha256: str  # of the whole file, as uploaded (the server can check it on receipt)
    size: int  # bytes of the whole file
    manifest: Manifest

    @property
    def kind(self) -> str:
        return self.manifest.kind

    @property
    def content_hash(self) -> str:
        return self.manifest.content_hash


class _Stream(Protocol):
    def compress(self, data: bytes, /) -> bytes: ...
    def flush(self) -> bytes: ...


def _compressor(name: str) -> _Stream:
    if name == "zlib":
        return zlib.compressobj(6)
    if name == "lzma":
        return lzma.LZMACompressor(preset=1)  # higher presets cost seconds, gain little here
    raise ValueError(f"unknown compression {name!r}")


def write_archive(payload: Path, manifest: Manifest, dest: Path,
                  progress: Progress = no_progress) -> Archive:
    """Compress `payload` into the archive file `dest` (which appears only when complete)."""
    header = json.dumps(asdict(manifest), sort_keys=True).encode()
    seal, whole = hashlib.sha256(), hashlib.sha256()
    comp = _compressor(manifest.compression)
    with temp_path(dest.parent, ".hbk") as tmp:
        with open(tmp, "wb") as out, open(payload, "rb") as src:
            def emit(data: bytes) -> None:
                seal.update(data)
                whole.update(data)
                out.write(data)

            emit(MAGIC + struct.pack(">I", len(header)) + header)
            done = 0
            while chunk := src.read(_CHUNK):
                emit(comp.compress(chunk))
                done += len(chunk)
                progress(done / max(manifest.payload_size, 1))
            emit(comp.flush())
            digest = seal.digest()
            whole.update(digest)
            out.write(digest)
            size = out.tell()
        publish(tmp, dest)
    return Archive(dest, whole.hexdigest(), size, manifest)


def read_manifest(path: Path) -> Manifest:
    """The manifest alone (cheap: the payload is neither read nor checked)."""
    return _read_header(path)[0]


def _read_header(path: Path) -> tuple[Manifest, int]:
    """(manifest, offset of the payload)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(MAGIC) + 4)
            if len(head) < len(MAGIC) + 4 or head[:len(MAGIC)] != MAGIC:
                raise ArchiveCorrupt.at(path, "it is not a HEMS Panel backup archive")
            (n,) = struct.unpack(">I", head[len(MAGIC):])
            if n > _MAX_HEADER:
                raise ArchiveCorrupt.at(path, "its header is damaged")
            raw = json.loads(f.read(n))
            raw["tables"] = tuple(raw["tables"])
            manifest = Manifest(**raw)
    except (ValueError, TypeError, KeyError) as exc:  # JSON, fields, encoding
        raise ArchiveCorrupt.at(path, f"its header is damaged: {exc}") from exc
    except OSError as exc:
        raise ArchiveCorrupt.at(path, f"it cannot be read: {exc.strerror or exc}") from exc
    if manifest.format != FORMAT:
        raise ArchiveCorrupt.at(path, f"it has format {manifest.format}, which this version "
                                      f"of the panel software cannot read")
    return manifest, len(MAGIC) + 4 + n


def extract(path: Path, dest: Path, progress: Progress = no_progress) -> Manifest:
    """Check the seal while decompressing the payload to `dest`; ArchiveCorrupt if it fails."""
    manifest, start = _read_header(path)
    end = path.stat().st_size - _TRAILER
    if end < start:
        raise ArchiveCorrupt.at(path, "it is truncated")
    decomp = zlib.decompressobj() if manifest.compression == "zlib" else lzma.LZMADecompressor()
    seal = hashlib.sha256()
    written = 0
    try:
        with open(path, "rb") as src, open(dest, "wb") as out:
            seal.update(src.read(start))
            left = end - start
            while left > 0:
                chunk = src.read(min(_CHUNK, left))
                if not chunk:
                    raise ArchiveCorrupt.at(path, "it is truncated")
                left -= len(chunk)
                seal.update(chunk)
                data = decomp.decompress(chunk)
                written += len(data)
                if written > manifest.payload_size:
                    raise ArchiveCorrupt.at(path, "its content is longer than its header says")
                out.write(data)
                progress(1 - left / max(end - start, 1))
            if seal.digest() != src.read(_TRAILER):
                raise ArchiveCorrupt.at(path, "its checksum does not match: it was altered "
                                              "or is incomplete")
    except (zlib.error, lzma.LZMAError) as exc:
        raise ArchiveCorrupt.at(path, f"its content cannot be decompressed ({exc})") from exc
    if written != manifest.payload_size or not decomp.eof:
        raise ArchiveCorrupt.at(path, "its content is incomplete")
    return manifest


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()
