"""Files the panel keeps from the server under their SHA-256 (rate plans, manuals)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def kept_bytes(folder: Path, sha256: str) -> bytes | None:
    """`folder/<sha256>.json`, only if it still has the digest it is named by (a file
    damaged on disk is as good as missing: it is fetched again)."""
    try:
        raw = (folder / f"{sha256}.json").read_bytes()
    except OSError:
        return None
    return raw if hashlib.sha256(raw).hexdigest() == sha256 else None
