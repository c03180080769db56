"""ECHONET Lite fault descriptions (0x89) and the maker table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.fault_codes import (
    FaultClass,
    MakerTableError,
    describe,
    load_maker_table,
    parse_maker_table,
)


@pytest.mark.parametrize(("code", "cls", "category"), [
    (0x0000, FaultClass.NONE, "none"),
    (0x0001, FaultClass.USER, "power_cycle"),
    (0x0005, FaultClass.USER, "clean"),
    (0x0009, FaultClass.USER, "user_other"),
    (0x000A, FaultClass.REPAIR, "safety_device"),
    (0x001E, FaultClass.REPAIR, "sensor"),
    (0x003C, FaultClass.REPAIR, "component"),
    (0x006D, FaultClass.REPAIR, "control_board"),
    (0x006E, FaultClass.UNKNOWN, "reserved"),
    (0x03E8, FaultClass.UNKNOWN, "reserved"),
])
def test_standard_codes_by_class(code, cls, category) -> None:
    meaning = describe(code)
    assert (meaning.fault_class, meaning.category, meaning.code) == (cls, category, code)


def test_unknown_codes_keep_their_raw_value_and_never_raise() -> None:
    for code in (0x03F9, 0xFFFF, 0x123456, -1):
        meaning = describe(code, maker=0x00000B, class_code=0x0130, table=load_maker_table())
        assert meaning.fault_class is FaultClass.UNKNOWN and meaning.code == code
    assert describe(0x1234).raw == "0x1234"
    assert describe(None).category == "no_description"


def test_the_maker_table_in_resources_gives_its_texts_by_maker_and_class() -> None:
    table = load_maker_table()
    tank = describe(0x03F1, maker=0x000000, class_code=0x026B, table=table)
    assert tank.category == "maker" and tank.fault_class is FaultClass.REPAIR
    assert tank.label("ja") == "貯湯タンクの湯温センサー異常" and "sensor" in tank.label("en")
    # The same code from another class of that maker is not the tank's.
    assert describe(0x03F1, maker=0x000000, class_code=0x0130, table=table).category == "unknown"
    # An entry without a class applies to every class.
    assert describe(0x03F3, maker=0x000000, class_code=0x0279, table=table).category == "maker"


def test_a_malformed_maker_table_names_the_entry(tmp_path: Path) -> None:
    bad = {"makers": [{"maker": "0x0B", "codes": [{"code": "zz", "ja": "x"}]}]}
    with pytest.raises(MakerTableError, match=r"makers\[0\]\.codes\[0\]\.code"):
        parse_maker_table(bad)
    with pytest.raises(MakerTableError, match="fault_class"):
        parse_maker_table({"makers": [{"maker": 11, "codes": [
            {"code": 1025, "fault_class": "bad", "ja": "x"}]}]})
    with pytest.raises(MakerTableError, match="text"):
        parse_maker_table({"makers": [{"maker": 11, "codes": [{"code": 1025}]}]})
    path = tmp_path / "makers.json"
    path.write_text("{not json")
    with pytest.raises(MakerTableError, match="not JSON"):
        load_maker_table(path)
    assert load_maker_table(tmp_path / "missing.json").entries == {}
    path.write_text(json.dumps({"makers": [{"maker": "0x00000B", "codes": [
        {"code": "0x0005", "en": "Clean the outdoor unit's fins"}]}]}))
    own = describe(0x0005, maker=0x0B, table=load_maker_table(path))
    assert own.label("ja") == "Clean the outdoor unit's fins"  # falls back to the one text
