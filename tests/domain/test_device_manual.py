"""The manual library: the server's copy over the bundled one unless the bundled is newer;
maker notes only for their maker."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.device_manual import (
    BASE_SECTIONS,
    Manual,
    ManualError,
    ManualLibrary,
    ManualSection,
    Texts,
    file_name,
    manual_from_json,
)


def manual(class_code: int, version: str, maker: int | None = None) -> Manual:
    keys = BASE_SECTIONS if maker is None else ("maker_notes",)
    return Manual(class_code, maker, version, Texts("蓄電池", "Battery"),
                  tuple(ManualSection(k, Texts("見出し", "Heading"), Texts("本文", "Body"))
                        for k in keys))


def test_the_servers_copy_wins_unless_the_bundled_one_is_newer() -> None:
    bundled = [manual(0x027D, "2026-12-05"), manual(0x0279, "2026-12-05")]
    kept = [manual(0x027D, "2026-12-24"), manual(0x0279, "2026-11-01"),
            manual(0x027D, "2026-12-05", maker=0)]
    library = ManualLibrary.merged(bundled, kept)
    assert library.manual(0x027D).version == "2026-12-24"
    assert library.manual(0x0279).version == "2026-12-05"  # a panel newer than the server
    assert library.from_server == {(0x027D, None), (0x027D, 0)}
    assert library.maker_notes(0x027D, 0) is not None
    assert library.maker_notes(0x027D, 0x0B) is None and library.maker_notes(0x027D, None) is None
    assert library.manual(0x0130) is None
    same = ManualLibrary.merged(bundled, [replace(kept[0])])
    assert same == ManualLibrary.merged(bundled, [kept[0]])  # a value: compared, not identity


def test_file_names_and_versions() -> None:
    assert file_name(0x027D) == "027D.json" and file_name(0x026B, 0) == "026B-000000.json"
    data = {"format": "hems-manual/1", "class_code": "0x027D", "maker": "0x000000",
            "maker_name": "x", "version": "5 Dec", "title": {"ja": "あ", "en": "a"},
            "sections": [{"key": "maker_notes", "title": {"ja": "あ", "en": "a"},
                          "body": {"ja": "あ", "en": "a"}}], "fault_codes": []}
    with pytest.raises(ManualError, match="version"):
        manual_from_json(data)
    assert manual_from_json(data | {"version": "2026-12-05"}).key == (0x027D, 0)
    with pytest.raises(ManualError, match="maker"):
        manual_from_json(data | {"version": "2026-12-05", "maker": "0x1234567"})
