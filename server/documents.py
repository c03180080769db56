"""Terms of use and privacy policy, read from resources/documents/<kind>/<version>.<lang>.md.

The newest version present is current: adding a file publishes a new version.
A file's first line is "# Title"; the rest is plain text, paragraphs separated by
blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

KINDS = ("terms", "privacy")
LANGS = ("ja", "en")
_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(ja|en)\.md$")


@dataclass(frozen=True)
class Document:
    kind: str
    version: str
    lang: str
    title: str
    body: str


class DocumentStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def versions(self, kind: str) -> dict[str, list[str]]:
        """version -> languages present, for one kind."""
        found: dict[str, list[str]] = {}
        folder = self.root / kind
        if kind not in KINDS or not folder.is_dir():
            return found
        for f in sorted(folder.iterdir()):
            m = _NAME.match(f.name)
            if m:
                found.setdefault(m.group(1), []).append(m.group(2))
        return {v: sorted(langs, key=LANGS.index) for v, langs in found.items()}

    def current(self) -> dict[str, dict]:
        out = {}
        for kind in KINDS:
            versions = self.versions(kind)
            if versions:
                latest = max(versions)  # ISO dates sort as text
                out[kind] = {"version": latest, "languages": versions[latest]}
        return out

    def current_versions(self) -> tuple[str | None, str | None]:
        cur = self.current()
        return (cur.get("terms", {}).get("version"), cur.get("privacy", {}).get("version"))

    def get(self, kind: str, version: str, lang: str) -> Document | None:
        if kind not in KINDS or lang not in LANGS or not _VERSION.fullmatch(version):
            return None
        path = self.root / kind / f"{version}.{lang}.md"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        first, _, rest = text.partition("\n")
        title = first.lstrip("#").strip()
        return Document(kind, version, lang, title, rest.strip() + "\n")
