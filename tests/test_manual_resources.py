"""The bundled device manuals: one per device class the panel knows, each valid against its
schema and readable by the one reader, Japanese and English complete, fault codes that the
fault table explains, and maker notes only for makers the fault table knows."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import jsonschema
import pytest

import app.echonet.classes as classes
from app.domain.device_manual import BASE_SECTIONS, ManualError, file_name, load_manual
from app.domain.fault_codes import FaultClass, describe, load_maker_table

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
MANUALS = sorted((RESOURCES / "manuals").glob("*.json"))
JAPANESE = set("・、。「」（）") | {chr(c) for c in range(0x3040, 0x3100)} | {
    chr(c) for c in range(0x4E00, 0xA000)}
SCHEMA = json.loads((RESOURCES / "schemas" / "manual.schema.json").read_text(encoding="utf-8"))


def device_classes() -> set[int]:
    """Every class table under app/echonet/classes but the node profile."""
    codes = set()
    for info in pkgutil.iter_modules(classes.__path__):
        module = importlib.import_module(f"{classes.__name__}.{info.name}")
        code = getattr(module, "CLASS_CODE", None)
        if code is not None and code != 0x0EF0:
            codes.add(code)
    return codes


def test_every_device_class_has_a_manual() -> None:
    known = device_classes()
    assert len(known) >= 12
    have = {load_manual(p.read_bytes()).class_code for p in MANUALS}
    assert known <= have, [f"0x{c:04X}" for c in known - have]


@pytest.mark.parametrize("path", MANUALS, ids=lambda p: p.stem)
def test_a_manual_validates_reads_and_is_named_by_its_codes(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    manual = load_manual(path.read_bytes())
    assert path.name == file_name(manual.class_code, manual.maker)
    for section in manual.sections:
        for texts in (section.title, section.body):
            assert texts.ja.strip() and texts.en.strip()
            assert any("\u3040" <= ch <= "\u30ff" for ch in texts.ja), section.key  # kana
            assert not any(ch in JAPANESE for ch in texts.en), section.key  # English only
    if manual.maker is None:
        assert tuple(s.key for s in manual.sections) == BASE_SECTIONS


@pytest.mark.parametrize("path", MANUALS, ids=lambda p: p.stem)
def test_every_listed_fault_code_has_a_meaning_in_the_fault_table(path: Path) -> None:
    manual = load_manual(path.read_bytes())
    table = load_maker_table()
    for code in manual.fault_codes:
        meaning = describe(code, manual.maker, manual.class_code, table)
        assert meaning.fault_class is not FaultClass.UNKNOWN, f"0x{code:04X}"
        if manual.maker is not None:  # a maker's notes list that maker's own codes
            assert meaning.category == "maker"
    if manual.maker is not None:
        assert manual.maker in table.names


def test_the_reader_names_what_is_wrong() -> None:
    good = json.loads((RESOURCES / "manuals" / "027D.json").read_text(encoding="utf-8"))
    cases = {
        "format": {**good, "format": "hems-manual/9"},
        "class_code": {**good, "class_code": "27D"},
        "sections": {**good, "sections": good["sections"][::-1]},
        "title.en": {**good, "title": {"ja": "蓄電池", "en": " "}},
        "fault_codes[0]": {**good, "fault_codes": ["5"]},
    }
    for field, data in cases.items():
        with pytest.raises(ManualError, match=field.replace("[", r"\[").replace("]", r"\]")):
            load_manual(json.dumps(data).encode())
        if field != "sections":  # the order of the sections is the reader's check alone
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(data, SCHEMA)
    with pytest.raises(ManualError, match="JSON"):
        load_manual(b"\xff{")
