"""Device manuals: the panel's resources/manuals/*.json, served as is (like the catalog).

Each file is a class's manual or one maker's notes for a class (app/domain/device_manual.py
reads them on the panel). The listing names each by class and maker with its version and
SHA-256; the listing's own version is a digest of them all, so a panel that sends it back
(If-None-Match) hears 304 until something changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

_CLASS = re.compile(r"^(?:0[xX])?([0-9A-Fa-f]{4})$")
_MAKER = re.compile(r"^(?:0[xX])?([0-9A-Fa-f]{6})$")


@dataclass(frozen=True)
class ManualFile:
    class_code: str  # "027D"
    maker: str | None  # "000000", or None for the class's manual
    version: str
    sha256: str
    raw: bytes

    def summary(self) -> dict:
        return {"class_code": self.class_code, "maker": self.maker, "version": self.version,
                "sha256": self.sha256}


def _code(value: object, pattern: re.Pattern) -> str | None:
    match = pattern.match(value) if isinstance(value, str) else None
    return match.group(1).upper() if match else None


class ManualShelf:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _read(self) -> dict[tuple[str, str | None], ManualFile]:
        found: dict[tuple[str, str | None], ManualFile] = {}
        files = sorted(self.root.glob("*.json")) if self.root.is_dir() else []
        for f in files:
            raw = f.read_bytes()
            try:
                data = json.loads(raw)
            except ValueError:
                continue  # a broken file is skipped, not served
            if not isinstance(data, dict):
                continue
            class_code = _code(data.get("class_code"), _CLASS)
            maker = None if data.get("maker") is None else _code(data.get("maker"), _MAKER)
            version = data.get("version")
            if class_code is None or (data.get("maker") is not None and maker is None) \
                    or not isinstance(version, str):
                continue
            found[(class_code, maker)] = ManualFile(class_code, maker, version,
                                                    hashlib.sha256(raw).hexdigest(), raw)
        return found

    def listing(self) -> dict:
        """{"version", "manuals": [{"class_code", "maker", "version", "sha256"}]}."""
        manuals = [m.summary() for _, m in sorted(self._read().items(),
                                                  key=lambda kv: (kv[0][0], kv[0][1] or ""))]
        digest = hashlib.sha256(json.dumps(
            [(m["class_code"], m["maker"], m["sha256"]) for m in manuals]).encode()).hexdigest()
        return {"version": digest[:16], "manuals": manuals}

    def get(self, class_code: str, maker: str | None = None) -> ManualFile | None:
        wanted_class = _code(class_code, _CLASS)
        wanted_maker = None if maker is None else _code(maker, _MAKER)
        if wanted_class is None or (maker is not None and wanted_maker is None):
            return None
        return self._read().get((wanted_class, wanted_maker))
