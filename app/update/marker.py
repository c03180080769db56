"""The first-frame marker: the panel writes it when its first frame has painted, so the
installer knows a new version really started (not merely that its process exists)."""

from __future__ import annotations

import json
import os
import time
from importlib import metadata
from pathlib import Path

MARKER_NAME = "first-frame.json"


def current_version() -> str:
    """The installed panel's version (the wheel's metadata; a checkout's editable install)."""
    try:
        return metadata.version("hems-panel")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def marker_path(data_dir: Path) -> Path:
    return Path(data_dir) / MARKER_NAME


def write_first_frame(data_dir: Path, version: str) -> None:
    """Atomically: the installer may read it at any moment."""
    path = marker_path(data_dir)
    tmp = path.with_name(f".{MARKER_NAME}.{os.getpid()}")
    tmp.write_text(json.dumps({"version": version, "pid": os.getpid(), "time": time.time()}))
    os.replace(tmp, path)


def first_frame_version(data_dir: Path) -> str | None:
    """The version whose first frame the marker records; None when there is none."""
    try:
        value = json.loads(marker_path(data_dir).read_text()).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None
