"""A device class's short manual (the panel's help page for it), and the one reader of its file.

A manual file (``resources/manuals/<CLASS>.json``, format ``hems-manual/1``, schema
``resources/schemas/manual.schema.json``) says in Japanese and English what the device is,
what this panel reads from it and controls, its common errors and where to look when it
stops answering. A maker's addition (``<CLASS>-<MAKER>.json``) carries notes for that
maker's devices of the class only. Fault codes are listed by number; their meaning comes
from the panel's one fault table (`app.domain.fault_codes`), never from the manual.

`load_manual` checks what the page relies on and raises `ManualError` naming the field:
the server's copy and the bundled copy go through the same reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from app.domain.fault_codes import MakerTable

FORMAT = "hems-manual/1"
# The sections of a class's manual, in the order the page shows them.
BASE_SECTIONS = ("what", "reads", "controls", "faults", "offline")
LANGUAGES = ("ja", "en")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # versions compare as text: dates, zero-padded


class ManualError(ValueError):
    """A manual file the panel cannot show; the message names the field at fault."""


@dataclass(frozen=True, slots=True)
class Texts:
    ja: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.ja


@dataclass(frozen=True, slots=True)
class ManualSection:
    key: str
    title: Texts
    body: Texts  # paragraphs separated by blank lines; "・" starts a list item


@dataclass(frozen=True, slots=True)
class Manual:
    class_code: int
    maker: int | None  # None: the class's manual; else one maker's addition to it
    version: str
    title: Texts
    sections: tuple[ManualSection, ...]
    fault_codes: tuple[int, ...] = ()  # explained through the fault table, in this order
    maker_name: str = ""

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.class_code, self.maker)


def file_name(class_code: int, maker: int | None = None) -> str:
    """``027D.json`` or ``027D-000000.json``: where a manual lives, bundled or served."""
    return f"{class_code:04X}.json" if maker is None else f"{class_code:04X}-{maker:06X}.json"


def parse_code(value: Any, where: str, digits: int) -> int:
    """A hex code written "0x027D" (or a plain integer) of at most `digits` hex digits."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 16 ** digits:
        return value
    if isinstance(value, str) and value.lower().startswith("0x") and 2 < len(value) <= 2 + digits:
        try:
            return int(value, 16)
        except ValueError:
            pass
    raise ManualError(f"{where}: expected a code like \"0x{'0' * digits}\", got {value!r:.40}")


def _texts(value: Any, where: str) -> Texts:
    if not isinstance(value, dict):
        raise ManualError(f"{where}: expected an object with \"ja\" and \"en\"")
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ManualError(f"{where}.{lang}: missing or empty")
    return Texts(value["ja"], value["en"])


def manual_from_json(data: Any) -> Manual:
    if not isinstance(data, dict):
        raise ManualError("a manual must be a JSON object")
    if data.get("format") != FORMAT:
        raise ManualError(f"format: expected {FORMAT!r}, got {data.get('format')!r:.40}")
    class_code = parse_code(data.get("class_code"), "class_code", 4)
    maker_value = data.get("maker")
    maker = None if maker_value is None else parse_code(maker_value, "maker", 6)
    version = data.get("version")
    if not isinstance(version, str) or not _DATE.match(version):
        raise ManualError(f"version: expected a date like \"2026-12-05\", got {version!r:.40}")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise ManualError("sections: expected a non-empty list")
    sections = []
    for i, item in enumerate(raw_sections):
        where = f"sections[{i}]"
        key = item.get("key") if isinstance(item, dict) else None
        if not isinstance(key, str) or not key:
            raise ManualError(f"{where}.key: expected a name")
        sections.append(ManualSection(key, _texts(item.get("title"), f"{where}.title"),
                                      _texts(item.get("body"), f"{where}.body")))
    keys = tuple(s.key for s in sections)
    if maker is None and keys != BASE_SECTIONS:
        raise ManualError(f"sections: a class's manual has {list(BASE_SECTIONS)}, in that "
                          f"order; found {list(keys)}")
    codes = data.get("fault_codes", [])
    if not isinstance(codes, list):
        raise ManualError("fault_codes: expected a list")
    fault_codes = tuple(parse_code(c, f"fault_codes[{i}]", 4) for i, c in enumerate(codes))
    maker_name = data.get("maker_name", "")
    if not isinstance(maker_name, str):
        raise ManualError("maker_name: expected a string")
    return Manual(class_code, maker, version, _texts(data.get("title"), "title"),
                  tuple(sections), fault_codes, maker_name)


def load_manual(raw: bytes) -> Manual:
    """A manual file's bytes (UTF-8 JSON) -> Manual, or ManualError."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ManualError(f"not UTF-8 JSON: {exc}") from exc
    return manual_from_json(data)


@dataclass(frozen=True)
class ManualLibrary:
    """Every manual the panel can show now, by (class, maker), and the fault table their
    codes are explained with. `from_server` names the keys whose copy came from the server."""

    manuals: Mapping[tuple[int, int | None], Manual] = field(
        default_factory=lambda: MappingProxyType({}))
    from_server: frozenset[tuple[int, int | None]] = frozenset()
    makers: MakerTable = field(default_factory=MakerTable)

    @classmethod
    def merged(cls, bundled: Iterable[Manual], kept: Iterable[Manual],
               makers: MakerTable | None = None) -> ManualLibrary:
        """The bundled copies with the server's over them: the server's copy of a manual
        wins unless the bundled one is newer (a panel updated before the server was)."""
        manuals = {m.key: m for m in bundled}
        server = set()
        for m in kept:
            bundled_copy = manuals.get(m.key)
            if bundled_copy is None or m.version >= bundled_copy.version:
                manuals[m.key] = m
                server.add(m.key)
        return cls(MappingProxyType(manuals), frozenset(server), makers or MakerTable())

    def manual(self, class_code: int) -> Manual | None:
        return self.manuals.get((class_code, None))

    def maker_notes(self, class_code: int, maker: int | None) -> Manual | None:
        return None if maker is None else self.manuals.get((class_code, maker))
