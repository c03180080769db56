"""`hems-panel import aiseg2 DIR`: dry run, confirming doubtful matches, the report, idempotence,
refused input and bad arguments."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.circuits import CircuitKind, CircuitSpec
from app.main import main
from app.store import open_store
from tests import aiseg2_cards as cards

TZ = ZoneInfo("Asia/Tokyo")
NAMES = {9: "ｷｯﾁﾝ", 10: "玄関", 11: "未使用"}
ROW = {"主幹買電": 100, "使用電力量": 100, "slot 9": 40, "slot 10": 10, "slot 11": 0}
DAY = date(2026, 4, 12)


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, Path]:
    data, card = tmp_path / "data", tmp_path / "card"
    with open_store(data) as store:
        store.save_circuits([CircuitSpec(CircuitKind.BRANCH, 1, "キッチン"),
                             CircuitSpec(CircuitKind.BRANCH, 5, "玄関ホール照明")])
    cards.half_hour_file(card, DAY, NAMES, ROW, encoding="cp932")
    cards.day_file(card / "sub", 2026, 4, {11: ROW, 12: {k: v * 48 for k, v in ROW.items()}},
                   NAMES)
    cards.month_file(card, 2025, {m: ROW for m in range(1, 13)}, NAMES)
    cards.write(card, "daycost_rc_202604.csv", "計測日時\n")
    return data, card


def _day_total(data: Path, key: str, day: date) -> float:
    with open_store(data) as store:
        start = datetime(day.year, day.month, day.day, tzinfo=TZ)
        frame = store.rollup([key], "day", start, start + timedelta(days=1))
        return float(frame.values[key][0])


def test_dry_run_shows_matches_and_writes_nothing(home, capsys) -> None:
    data, card = home
    assert main(["import", "aiseg2", str(card), "--data-dir", str(data), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "9 ｷｯﾁﾝ" in out and "br1 キッチン" in out and "(exact)" in out
    assert "confirm slot 10 (玄関) with --map 10=br5" in out
    assert "note: daycost_rc_202604.csv: not_imported (costs)" in out
    assert "dry run: nothing written" in out
    with open_store(data) as store, store.read_sql() as conn:
        assert conn.execute("SELECT COUNT(*) FROM imported_bucket").fetchone() == (0,)


def test_a_dry_run_creates_no_panel_data(home, tmp_path, capsys) -> None:
    _, card = home
    nowhere = tmp_path / "typo"
    assert main(["import", "aiseg2", str(card), "--data-dir", str(nowhere), "--dry-run"]) == 1
    assert not nowhere.exists()
    assert "nothing was created" in capsys.readouterr().err


def test_import_confirms_a_doubtful_match_and_a_second_run_changes_nothing(home, capsys) -> None:
    data, card = home
    argv = ["import", "aiseg2", str(card), "--data-dir", str(data), "--map", "10=br5"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    # 48 slots of grid_buy, consumption, br1 and br5; their day is in the half hours
    assert "imported 192 30min buckets" in captured.out
    assert "skipped 4 buckets: finer_data" in captured.out
    assert "importing 3/3 files" in captured.err
    assert _day_total(data, "circuit.br5", DAY) == 480.0
    assert _day_total(data, "circuit.br1", DAY) == 1920.0
    assert _day_total(data, "grid_buy", date(2026, 4, 11)) == 100.0  # a daily-only day
    assert main(argv) == 0
    assert "already imported: nothing changed" in capsys.readouterr().out
    assert _day_total(data, "circuit.br5", DAY) == 480.0


def test_unconfirmed_doubtful_circuits_are_left_out(home, capsys) -> None:
    data, card = home
    assert main(["import", "aiseg2", str(card), "--data-dir", str(data)]) == 0
    assert "values of unmatched circuits" in capsys.readouterr().out
    with open_store(data) as store:
        assert "circuit.br5" not in {s.key for s in store.series()}


def test_refused_lines_are_named_and_exit_1(home, capsys) -> None:
    data, card = home
    path = card / "30minhistory_rc_20260412.csv"
    path.write_bytes(path.read_bytes()[:-25])  # cut inside the last row
    assert main(["import", "aiseg2", str(card), "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert "refused: 30minhistory_rc_20260412.csv:49: truncated" in out
    assert "imported 141 30min buckets" in out  # grid_buy, consumption and br1 of 47 slots
    assert _day_total(data, "grid_buy", date(2026, 4, 11)) == 100.0


def test_nothing_to_import_and_bad_arguments(home, tmp_path: Path, capsys) -> None:
    data, _ = home
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["import", "aiseg2", str(empty), "--data-dir", str(data)]) == 1
    assert "nothing to import" in capsys.readouterr().err
    assert main(["import", "aiseg2", str(tmp_path / "gone"), "--data-dir", str(data)]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert main(["import", "aiseg2", str(empty), "--data-dir", str(data), "--map", "3=br9"]) == 2
    assert "does not have: br9" in capsys.readouterr().err
    _, card = home
    assert main(["import", "aiseg2", str(card), "--data-dir", str(data), "--map", "40=br1"]) == 2
    assert "the card does not have: 40" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["import", "aiseg2", str(empty), "--map", "three=br1"])
    assert exit_.value.code == 2
