"""Files the panel keeps from the server under their SHA-256 (rate plans, manuals)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

INDEX = "index.json"  # what is kept, and the listing's version
log = logging.getLogger(__name__)


def kept_bytes(folder: Path, sha256: str) -> bytes | None:
    """`folder/<sha256>.json`, only if it still has the digest it is named by (a file
    damaged on disk is as good as missing: it is fetched again)."""
    try:
        raw = (folder / f"{sha256}.json").read_bytes()
    except OSError:
        return None
    return raw if hashlib.sha256(raw).hexdigest() == sha256 else None


def read_index(folder: Path, what: str) -> dict:
    """The folder's `index.json` ({} when there is none yet, or it is unreadable: logged
    as `what`'s, and the files are fetched again)."""
    try:
        data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.error("%s is unreadable: %s", what, exc)
        return {}
    return data if isinstance(data, dict) else {}
