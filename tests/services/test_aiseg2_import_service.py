"""The AiSEG2 import service: reads and imports on its worker, with progress; and the
history graphs then show the imported days (the history query reads the rollups)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain.circuits import CircuitKind, CircuitSpec
from app.domain.imported_history import MatchConfidence
from app.domain.periods import HistoryRequest, Period
from app.services.aiseg2_import import mapping_of
from app.services.aiseg2_import_service import IMPORTING, READING, UNREADABLE, Aiseg2ImportService
from app.services.history_query import build_history
from app.store import open_store
from tests import aiseg2_cards as cards

TZ = "Asia/Tokyo"
NAMES = {9: "冷蔵庫", 10: "ｴｱｺﾝ"}
ROW = {"主幹買電": 300, "使用電力量": 300, "slot 9": 50, "slot 10": 70}


@pytest.fixture
def card(tmp_path: Path) -> Path:
    folder = tmp_path / "card"
    cards.half_hour_file(folder, date(2026, 4, 12), NAMES, ROW, encoding="cp932")
    cards.month_file(folder, 2016, {m: ROW for m in range(1, 13)}, NAMES)
    return folder


@pytest.fixture
def service(tmp_path: Path):
    data = tmp_path / "data"
    with open_store(data, TZ) as store:
        store.save_circuits([CircuitSpec(CircuitKind.BRANCH, 1, "冷蔵庫"),
                             CircuitSpec(CircuitKind.BRANCH, 2, "エアコン")])
    made = Aiseg2ImportService(lambda: open_store(data, TZ))
    made.data = data  # type: ignore[attr-defined]
    yield made
    made.shutdown()


def test_read_then_import_on_the_worker_with_progress(qtbot, service, card: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    service.progress.connect(lambda *args: seen.append(args))
    with qtbot.waitSignal(service.card_read, timeout=20_000) as read:
        service.read(card)
    preview = read.args[0]
    assert [(m.circuit_key, m.confidence) for m in preview.matches] == [
        ("br1", MatchConfidence.EXACT), ("br2", MatchConfidence.EXACT)]
    assert seen[-1] == (READING, 2, 2)
    with qtbot.waitSignal(service.finished, timeout=20_000) as done:
        service.start_import(preview, mapping_of(preview.matches, {}))
    report = done.args[0]
    assert report.imported_total > 0 and seen[-1] == (IMPORTING, 2, 2)

    with open_store(service.data, TZ) as store:  # what the history page asks for
        now = datetime(2026, 12, 1, tzinfo=ZoneInfo(TZ)).timestamp()
        year = build_history(store, HistoryRequest(("circuit.br2",), Period.YEAR,
                                                   date(2016, 6, 1)), now, TZ)
        assert np.allclose(year.values["circuit.br2"], 0.07)  # kWh of each month
        day = build_history(store, HistoryRequest(("grid_buy",), Period.DAY,
                                                  date(2026, 4, 12)), now, TZ)
        assert np.allclose(day.values["grid_buy"], 0.3)


def test_a_folder_that_cannot_be_read(qtbot, service, tmp_path: Path) -> None:
    with qtbot.waitSignal(service.failed, timeout=20_000) as failed:
        service.read(tmp_path / "pulled-out")
    assert failed.args == [UNREADABLE]
