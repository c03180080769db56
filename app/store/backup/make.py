"""From a snapshot to an archive: the whole database, or only what changed since the base."""

from __future__ import annotations

import time
from contextlib import closing
from pathlib import Path

from .archive_file import FULL, INCREMENTAL, Archive, Manifest, write_archive
from .diff import make_changes
from .files import Progress, no_progress, part, read_only, temp_path
from .tables import content_hash, schema_hash, schema_revision, tables


def describe(db: Path, progress: Progress = no_progress
             ) -> tuple[str, str, str | None, tuple[str, ...]]:
    """(content hash, schema hash, schema revision, table names) of a database file."""
    with closing(read_only(db)) as conn:
        conn.execute("BEGIN")  # one read for all of it
        found = tuple(t.name for t in tables(conn))
        return content_hash(conn, progress=progress), schema_hash(conn), \
            schema_revision(conn), found


def make_archive(snap: Path, dest: Path, base: Path | None = None,
                 base_content_hash: str | None = None, compression: str = "zlib",
                 progress: Progress = no_progress) -> Archive:
    """Archive `snap` at `dest`: an increment over `base` when given, else a full backup.

    A base with another schema (a migration ran since) gives a full backup
    anyway: check `Archive.kind`. `base_content_hash` saves hashing the base
    again when the caller kept it from the base's own archive.
    """
    digest, schema, revision, names = describe(snap, part(progress, 0.0, 0.3))
    kind, base_digest = FULL, None
    if base is not None:
        with closing(read_only(base)) as conn:
            same_schema = schema_hash(conn) == schema
        if same_schema:
            kind = INCREMENTAL
            base_digest = base_content_hash or describe(base)[0]

    def manifest(payload: Path) -> Manifest:
        return Manifest(
            kind=kind, compression=compression, payload_size=payload.stat().st_size,
            content_hash=digest, base_content_hash=base_digest,
            schema_hash=schema, schema_revision=revision, tables=names, created_at=time.time())

    if kind == FULL:
        return write_archive(snap, manifest(snap), dest, part(progress, 0.3, 1.0))
    assert base is not None
    with temp_path(dest.parent, ".sqlite3") as changes:
        make_changes(snap, base, changes, part(progress, 0.3, 0.8))
        return write_archive(changes, manifest(changes), dest, part(progress, 0.8, 1.0))
