"""Appliance history in the store: 100,000 events paged and filtered, errors and recovery, CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.events import (
    Cause,
    ErrorEvent,
    EventFilter,
    EventKind,
    OperationEvent,
    Recovery,
    SavingEvent,
)
from app.domain.fault_codes import load_maker_table
from app.services.event_export import HEADER, export_csv
from app.store import Store, open_store
from app.store import events as ev

T0 = 1_784_001_600.0  # 2026-07-14 13:00 JST
N = 100_000
DEVICES = ("127.0.0.9/013001", "127.0.0.9/026B01", "127.0.0.5/027D01", "127.0.0.6/027C01")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(tmp_path / "data", "Asia/Tokyo")
    yield st
    st.close()


def _event(i: int):
    """Event i, one a minute: kinds cycle 0,1,2 by i % 3, devices by i % 4."""
    at, device = T0 + 60 * i, DEVICES[i % 4]
    if i % 3 == 0:
        return OperationEvent(at, device, 0x80, "off", "on", Cause.DEVICE)
    if i % 3 == 1:
        return SavingEvent(at, device, "battery_charge_from_surplus", 12.5)
    return ErrorEvent(at, device, 0x1E, "repair", recovered_at=at + 30)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Written once for the module; the tests only read it."""
    st = open_store(tmp_path_factory.mktemp("big") / "data", "Asia/Tokyo")
    with st.write_sql() as conn:
        ev.append_many(conn, [_event(i) for i in range(N)])
    yield st
    st.close()


def _expected(devices=(), kinds=(), start=None, end=None) -> list[int]:
    """Brute force over the generator: event numbers matching, newest first."""
    out = []
    for i in range(N - 1, -1, -1):
        at, kind = T0 + 60 * i, (EventKind.OPERATION, EventKind.SAVING, EventKind.ERROR)[i % 3]
        if (devices and DEVICES[i % 4] not in devices) or (kinds and kind not in kinds):
            continue
        if (start is not None and at < start) or (end is not None and at >= end):
            continue
        out.append(i)
    return out


@pytest.mark.parametrize("f", [
    EventFilter(),
    EventFilter(devices=(DEVICES[1],)),
    EventFilter(kinds=(EventKind.ERROR,)),
    EventFilter(devices=(DEVICES[0], DEVICES[2]), kinds=(EventKind.OPERATION, EventKind.SAVING)),
    EventFilter(start=T0 + 60 * 10_000, end=T0 + 60 * 20_000),
    EventFilter(devices=(DEVICES[3],), kinds=(EventKind.ERROR,), start=T0 + 60 * 99_000),
])
def test_pages_of_100000_events_have_the_right_totals_and_rows(big: Store, f) -> None:
    expected = _expected(f.devices, f.kinds, f.start, f.end)
    with big.read_sql() as conn:
        first = ev.page(conn, f, 50)
        deep = ev.page(conn, f, 50, offset=len(expected) // 2)
    assert first.total == len(expected)
    assert [round((r.at - T0) / 60) for r in first.records] == expected[:50]
    middle = len(expected) // 2
    assert [round((r.at - T0) / 60) for r in deep.records] == expected[middle:middle + 50]


def test_keyset_pages_walk_every_row_newest_first_without_gaps(big: Store) -> None:
    f = EventFilter(devices=(DEVICES[1],), kinds=(EventKind.OPERATION, EventKind.ERROR))
    seen: list[int] = []
    after = None
    with big.read_sql() as conn:
        while True:
            page = ev.page(conn, f, 1000, after=after)
            seen += [r.id for r in page.records]
            if page.next_cursor is None:
                break
            after = page.next_cursor
    assert len(seen) == len(set(seen)) == page.total == len(_expected(f.devices, f.kinds))
    assert seen == sorted(seen, reverse=True)  # ids follow time here


def test_records_round_trip_every_kind(store: Store) -> None:
    with store.write_sql() as conn:
        ev.append(conn, [_event(0), _event(1), _event(2)])
        records = ev.page(conn, EventFilter(), 10).records
    op, saving, error = records[2], records[1], records[0]
    assert (op.kind, op.epc, op.old, op.new, op.cause) == (EventKind.OPERATION, 0x80, "off",
                                                            "on", Cause.DEVICE)
    assert (saving.action, saving.saving_wh, saving.cause) == ("battery_charge_from_surplus",
                                                                12.5, Cause.SAVING)
    assert (error.code, error.fault_class, error.recovered_at) == (0x1E, "repair", T0 + 150)


def test_an_error_stays_open_once_and_its_recovery_sets_recovered_at(store: Store) -> None:
    dev = DEVICES[1]
    with store.write_sql() as conn:
        assert ev.append(conn, [ErrorEvent(T0, dev, 0x3C, "repair")]) == 1
        # The panel restarted while the fault lasted: the same open error is not added again.
        assert ev.append(conn, [ErrorEvent(T0 + 600, dev, 0x3C, "repair")]) == 0
        ev.append(conn, [Recovery(T0 + 900, dev), Recovery(T0 + 950, DEVICES[0])])
        assert ev.open_errors(conn) == []
        error = ev.page(conn, EventFilter(kinds=(EventKind.ERROR,)), 10).records
    assert [(e.at, e.recovered_at) for e in error] == [(T0, T0 + 900)]


def test_csv_export_has_a_header_and_every_row_with_japanese_text(store: Store,
                                                                  tmp_path: Path) -> None:
    with store.write_sql() as conn:
        ev.append(conn, [OperationEvent(T0, DEVICES[0], 0xB0, "冷房", "暖房", Cause.PANEL),
                         ErrorEvent(T0 + 60, DEVICES[1], 0x03F1, "repair", maker=0,
                                    recovered_at=T0 + 3600),
                         ErrorEvent(T0 + 120, DEVICES[0], 0x0399, "unknown")])
    out = tmp_path / "history.csv"
    progress: list[tuple[int, int]] = []
    rows = export_csv(store, EventFilter(), out, "Asia/Tokyo", load_maker_table(),
                      lambda done, total: progress.append((done, total)))
    assert rows == 3 and progress[-1] == (3, 3)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    with open(out, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert tuple(table[0]) == HEADER
    newest, tank, op = (dict(zip(HEADER, r, strict=True)) for r in table[1:])
    assert (newest["code"], newest["meaning"]) == ("0x0399", "reserved")
    assert tank["meaning"] == "貯湯タンクの湯温センサー異常"
    assert tank["at"] == "2026-07-14T13:01:00+09:00"
    assert tank["recovered_at"] == "2026-07-14T14:00:00+09:00"
    assert (op["property"], op["old"], op["new"], op["cause"]) == ("0xB0", "冷房", "暖房", "panel")
    assert not (tmp_path / "history.csv.part").exists()
