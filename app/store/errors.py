"""Errors of the store: each says which file or folder is at fault and what to do.

The messages are shown to installers and owners as they are (a banner or a
notice), so they are whole sentences, name the path, and end with the remedy.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class of every error the store raises on purpose."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class DataDirNotWritable(StoreError):
    """The data folder (or the database file in it) cannot be created or written to."""

    @classmethod
    def at(cls, path: Path, reason: str) -> DataDirNotWritable:
        return cls(
            f"{path} cannot be used for the panel's database ({reason}). Make sure the data "
            f"folder is a folder (not a file) and that it and the files in it are writable by "
            f"the user that runs the panel, or start the panel with another data folder.",
            path,
        )


class DataDirMissing(StoreError):
    """A command that only reads was given a folder with no database (a typo, most often)."""

    @classmethod
    def at(cls, path: Path, reason: str) -> DataDirMissing:
        return cls(
            f"There is no panel data in {path} ({reason}); nothing was created. Check the "
            f"folder given with --data-dir (or $HEMS_DATA_DIR).",
            path,
        )


class SchemaTooNew(StoreError):
    """The database was written by a newer version of the panel software."""

    @classmethod
    def at(cls, db_path: Path, revision: str) -> SchemaTooNew:
        return cls(
            f"The database {db_path} has schema revision {revision!r}, which this version of "
            f"the panel software does not know: it was written by a newer version. The file has "
            f"not been changed. Update the panel software to the newest version, or start the "
            f"panel with another data folder.",
            db_path,
        )


class DatabaseCorrupt(StoreError):
    """The database file is damaged or is not a HEMS Panel database at all."""

    @classmethod
    def at(cls, db_path: Path, reason: str) -> DatabaseCorrupt:
        return cls(
            f"The database {db_path} cannot be read ({reason}). The file has not been changed. "
            f"Move it aside (keep it: it may still hold history that can be recovered) and "
            f"restart the panel to begin with an empty database, or restore it from a backup.",
            db_path,
        )
