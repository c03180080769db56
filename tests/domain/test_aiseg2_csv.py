"""The AiSEG2 SD-card CSV parser: shapes, encodings and every bad input named by file and line."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.aiseg2_card import parse_card, resolve_totals
from app.domain.aiseg2_csv import ProblemKind, parse_file, source_series_key
from app.domain.imported_history import Resolution, SourceCircuit
from tests import aiseg2_cards as cards

TOKYO = ZoneInfo("Asia/Tokyo")
NAMES = {9: "キッチン", 10: "ｴｱｺﾝ 寝室", 13: "ＩＨ"}
ROW = {"主幹買電": 120, "主幹売電": 0, "太陽光発電(PV1)": 30, "太陽光発電(PV2)": 5,
       "使用電力量": 155, "ガス使用量": 3, "slot 9": 11, "slot 10": 22, "slot 13": 0}
NAME = "30minhistory_rc_20260412.csv"


def _file(rows, names=NAMES, encoding="utf-8-sig", name=NAME, tail=""):
    data = (cards.text(names, rows) + tail).encode(encoding)
    return parse_file(name, data, TOKYO)


def _day(n: int = 48):
    return [(w, ROW) for w in cards.half_hour_stamps(date(2026, 4, 12))[:n]]


def _values(parsed, key):
    return {t.start: t.value for t in parsed.totals if t.series_key == key}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_a_half_hour_file_in_each_encoding(encoding: str) -> None:
    parsed = _file(_day(), encoding=encoding)
    assert parsed.resolution is Resolution.HALF_HOUR
    assert parsed.circuits == (SourceCircuit(9, "キッチン"), SourceCircuit(10, "ｴｱｺﾝ 寝室"),
                               SourceCircuit(13, "ＩＨ"))
    pv = _values(parsed, "pv")
    assert len(pv) == 48 and set(pv.values()) == {35.0}  # PV1 + PV2, the hybrid column empty
    assert _values(parsed, "grid_buy")[datetime(2026, 4, 12, 23, 30)] == 120.0
    assert set(_values(parsed, source_series_key(10)).values()) == {22.0}
    assert _values(parsed, "consumption")[datetime(2026, 4, 12, 0, 0)] == 155.0
    first = next(t for t in parsed.totals if t.series_key == "grid_buy")
    assert first.origin == f"{NAME}:2"
    kinds = {(p.kind, p.detail) for p in parsed.problems}
    assert (ProblemKind.SKIPPED_COLUMN, "ガス使用量") in kinds
    assert not any(p.refused for p in parsed.problems)


def test_day_and_month_files() -> None:
    day = parse_file("dayhistory_rc_202507.csv",
                     cards.text(NAMES, [("20250701", ROW), ("20250702", ROW)]).encode(), TOKYO)
    assert sorted(_values(day, "grid_buy")) == [datetime(2025, 7, 1), datetime(2025, 7, 2)]
    assert day.resolution is Resolution.DAY
    month = parse_file("monthhistory_rc_2015.csv",
                       cards.text(NAMES, [("201501", ROW), ("201502", ROW)]).encode(), TOKYO)
    assert sorted(_values(month, "pv")) == [datetime(2015, 1, 1), datetime(2015, 2, 1)]
    assert [p.kind for p in month.problems if p.kind is ProblemKind.GAP] == []


def test_an_unknown_column_is_named_and_ignored() -> None:
    header = [*cards.header(NAMES), "新しい列"]
    lines = [",".join(header)] + [cards.line(w, ROW, NAMES) + ",7" for w, _ in _day(2)]
    parsed = parse_file(NAME, ("\n".join(lines) + "\n").encode(), TOKYO)
    assert [(p.line, p.kind, p.detail) for p in parsed.problems
            if p.kind is ProblemKind.UNKNOWN_COLUMN] == [
        (1, ProblemKind.UNKNOWN_COLUMN, "新しい列")]
    assert len(_values(parsed, "grid_buy")) == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_a_truncated_file_refuses_its_last_row_only(encoding: str) -> None:
    whole = cards.text(NAMES, _day(3)).encode(encoding)
    cut = whole[: whole.rindex(b"\n", 0, len(whole) - 1) + 40]
    parsed = parse_file(NAME, cut, TOKYO)
    assert [(p.line, p.kind) for p in parsed.problems if p.refused] == [
        (4, ProblemKind.TRUNCATED)]
    assert len(_values(parsed, "grid_buy")) == 2


def test_a_file_cut_inside_a_character() -> None:
    names = {9: "キッチン"}
    whole = cards.text(names, _day(1)).encode("utf-8") + b"20260412,\xe3\x82"
    parsed = parse_file(NAME, whole, TOKYO)
    assert [(p.line, p.kind) for p in parsed.problems if p.refused] == [
        (3, ProblemKind.TRUNCATED)]
    assert len(_values(parsed, "grid_buy")) == 1


def test_gaps_are_named() -> None:
    rows = [r for i, r in enumerate(_day()) if i not in (2, 3, 4, 10)]
    parsed = _file(rows)
    gaps = [p for p in parsed.problems if p.kind is ProblemKind.GAP]
    assert [(g.line, g.detail) for g in gaps] == [(0, "01:00–02:00, 05:00")]
    assert len(_values(parsed, "grid_buy")) == 44


def test_duplicated_slots_keep_the_first() -> None:
    rows = _day(4)
    other = dict(ROW, 主幹買電=999)
    rows = [*rows[:2], rows[1], (rows[1][0], other), *rows[2:]]
    parsed = _file(rows)
    dups = [(p.line, p.kind, p.detail, p.refused) for p in parsed.problems
            if p.kind in (ProblemKind.DUPLICATE, ProblemKind.CONFLICT)]
    assert dups == [(4, ProblemKind.DUPLICATE, "3", False), (5, ProblemKind.CONFLICT, "3", True)]
    assert set(_values(parsed, "grid_buy").values()) == {120.0}


def test_a_clock_change_is_named_and_times_follow_the_offset() -> None:
    rows = _day(4)
    rows[3] = ("202604120230+1000", ROW)  # 02:30 at +10:00 is 01:30 in Tokyo
    parsed = _file(rows)
    changes = [(p.line, p.detail) for p in parsed.problems if p.kind is ProblemKind.CLOCK_CHANGE]
    assert changes == [(5, "+1000")]
    assert datetime(2026, 4, 12, 1, 30) in _values(parsed, "grid_buy")
    back = _day(4)
    back[3] = (back[1][0], dict(ROW, 主幹買電=1))  # the AiSEG2's clock set back an hour
    parsed = _file(back)
    kinds = [(p.line, p.kind) for p in parsed.problems]
    assert (5, ProblemKind.CLOCK_BACK) in kinds and (5, ProblemKind.CONFLICT) in kinds


def test_bad_cells_rows_and_times_name_their_line() -> None:
    rows = _day(5)
    rows[1] = (rows[1][0], dict(ROW, 主幹買電="abc"))
    rows[2] = ("20260413" + "0100+0900", ROW)  # another day than the file's
    rows[3] = ("12:00", ROW)
    parsed = _file(rows, tail="202604120230+0900,1,2\n")
    got = {(p.line, p.kind, p.detail) for p in parsed.problems if p.refused}
    assert got == {(3, ProblemKind.BAD_VALUE, "abc"),
                   (4, ProblemKind.BAD_TIME, "202604130100+0900"),
                   (5, ProblemKind.BAD_TIME, "12:00"), (7, ProblemKind.BAD_ROW, "3/66")}
    assert len(_values(parsed, "grid_buy")) == 2
    assert len(_values(parsed, "pv")) == 3  # line 3 loses only its bad cell


def test_files_that_are_not_history() -> None:
    assert parse_file(NAME, b"\x82\x20" * 6 + b"abc\n", TOKYO).problems[0].kind is (
        ProblemKind.UNREADABLE)
    assert parse_file(NAME, "日付,値\n1,2\n".encode(), TOKYO).problems[0].kind is (
        ProblemKind.NOT_HISTORY)
    for name in ("daycost_rc_202507.csv", "hourhistory_rc_20260412.csv",
                 "yearhistory_total_rc.csv"):
        (problem,) = parse_file(name, b"", TOKYO).problems
        assert problem.kind is ProblemKind.NOT_IMPORTED and not problem.refused
    assert parse_file("notes.csv", b"", TOKYO).problems[0].kind is ProblemKind.UNKNOWN_FILE


def test_a_card_names_circuits_as_its_newest_file_and_resolves_them() -> None:
    old = ("monthhistory_rc_2016.csv", cards.text({9: "台所"}, [("201601", ROW)]).encode())
    new = (NAME, cards.text(NAMES, _day(2)).encode("cp932"))
    card = parse_card([new, old], TOKYO)
    assert card.files == ("monthhistory_rc_2016.csv", NAME)
    assert card.circuits[0] == SourceCircuit(9, "キッチン")
    skipped = [p for p in card.problems if p.kind is ProblemKind.SKIPPED_COLUMN]
    assert len(skipped) == len({p.detail for p in skipped})  # each column said once
    totals, dropped = resolve_totals(card.totals, {9: "br1"})
    keys = {t.series_key for t in totals}
    assert "circuit.br1" in keys and not any(k.startswith("aiseg2.") for k in keys)
    assert dropped == 2 * 2  # slots 10 and 13, two rows of the 30-minute file


def test_known_columns_in_full_width_are_known() -> None:
    header = [h.replace("(", "（").replace(")", "）") for h in cards.header(NAMES)]
    lines = [",".join(header), cards.line(_day(1)[0][0], ROW, NAMES)]
    parsed = parse_file(NAME, ("\n".join(lines) + "\n").encode("cp932"), TOKYO)
    assert _values(parsed, "pv") == {datetime(2026, 4, 12): 35.0}
    assert not [p for p in parsed.problems if p.kind is ProblemKind.UNKNOWN_COLUMN]
