"""The appliance history page: filters by touch, details, CSV export, lazy pages, language."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt

from app.domain.events import (
    Cause,
    ErrorEvent,
    EventKind,
    EventRecord,
    OperationEvent,
    SavingEvent,
)
from app.services.event_export import HEADER
from app.store import Store, open_store
from app.store import events as event_store
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.dialogs.date_range_dialog import DateRangeDialog
from app.ui.dialogs.event_detail_dialog import EventDetailDialog
from app.ui.widgets.event_list_model import PAGE_SIZE
from tests.ui.conftest import HISTORY_NOW

JST = ZoneInfo("Asia/Tokyo")
AIRCON, HEATER, BATTERY = "127.0.0.9/013001", "127.0.0.9/026B01", "127.0.0.5/027D01"
DEVICES = (AIRCON, HEATER, BATTERY)
HOUR = 3600.0


def _event(i: int):
    """Event i, one every 7 hours back from now: kinds by i % 3, devices by i % 3 too
    shifted, so that every kind occurs on every device."""
    at, device = HISTORY_NOW - 60 - 7 * HOUR * i, DEVICES[(i // 3) % 3]
    if i % 3 == 0:
        return OperationEvent(at, device, 0x80, "off", "on", Cause.SCHEDULE)
    if i % 3 == 1:
        return SavingEvent(at, device, "battery_charge_from_surplus", 250.0)
    return ErrorEvent(at, device, 0x1E, "repair", recovered_at=at + 600)


SEEDED = 300  # about 87 days


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Store]:
    """The services' own store (conftest: tmp_path / "inbox"), to write events into."""
    store = open_store(tmp_path / "inbox", "Asia/Tokyo")
    yield store
    store.close()


@pytest.fixture
def seeded(inbox: Store) -> Store:
    with inbox.write_sql() as conn:
        event_store.append_many(conn, [_event(i) for i in range(SEEDED)])
    return inbox


@pytest.fixture
def en_kiosk(open_kiosk, make_services, switcher_for):
    """English, where a test reads the page's own words (Japanese is checked where the
    texts come from data: dates, device kinds and the maker's table)."""
    services = make_services(language="en")
    switcher_for(services)
    return open_kiosk(services)


def _open(qtbot, kiosk):
    kiosk.view.go("appliance_history")
    page = kiosk.view.page("appliance_history")
    qtbot.waitUntil(lambda: page.model.total is not None and not page.model.loading)
    return page


def _loaded_rows(qtbot, page) -> list:
    """Every row of the filter, scrolled into the model page by page."""
    qtbot.waitUntil(lambda: not page.model.loading)
    while page.model.canFetchMore():
        page.model.fetchMore()
        qtbot.waitUntil(lambda: not page.model.loading)
    return [page.model.record(i) for i in range(page.model.rowCount())]


def _choose(qtbot, page, button, label: str) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ChoiceDialog)
    option = next(b for b in dialog.buttons.values() if b.text() == label)
    qtbot.mouseClick(option, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.model.loading)


def _expected(kind=None, device=None, start=None, end=None) -> list[float]:
    """Brute force over the generator: times of the matching events, newest first."""
    out = []
    for i in range(SEEDED):
        e = _event(i)
        if ((kind is None or e.kind is kind) and (device is None or e.device == device)
                and (start is None or e.at >= start) and (end is None or e.at < end)):
            out.append(e.at)
    return sorted(out, reverse=True)


def test_filters_by_kind_device_and_period_show_the_right_rows(qtbot, en_kiosk, seeded):
    page = _open(qtbot, en_kiosk)
    assert page.model.total == SEEDED
    assert page.model.rowCount() == min(SEEDED, PAGE_SIZE)  # lazily: one page so far
    assert [r.at for r in _loaded_rows(qtbot, page)] == _expected()

    _choose(qtbot, page, page.kind_button, "⚠ Error")
    rows = _loaded_rows(qtbot, page)
    assert [r.at for r in rows] == _expected(kind=EventKind.ERROR)
    assert page.model.total == SEEDED // 3
    assert page.kind_button.text().endswith("⚠ Error")

    qtbot.waitUntil(lambda: len(page.devices) == 3)  # asked for when the page showed
    _choose(qtbot, page, page.device_button, "Water heater")
    assert [r.at for r in _loaded_rows(qtbot, page)] == _expected(EventKind.ERROR, HEATER)

    # Last 7 days: from midnight six days before "today" (2026-07-15 in the home's zone).
    _choose(qtbot, page, page.period_button, "Last 7 days")
    start = datetime(2026, 7, 9, tzinfo=JST).timestamp()
    expected = _expected(EventKind.ERROR, HEATER, start)
    assert expected and [r.at for r in _loaded_rows(qtbot, page)] == expected
    # The store agrees with the rows the page shows.
    with seeded.read_sql() as conn:
        stored = event_store.page(conn, page.model.filter, 1000)
    assert [r.id for r in stored.records] == [r.id for r in _loaded_rows(qtbot, page)]
    assert f"{len(expected)}" in page.status.text()

    # From–to by steps: 2026-07-01 .. 2026-07-03 (both included), all kinds and devices.
    _choose(qtbot, page, page.kind_button, "All")
    _choose(qtbot, page, page.device_button, "All")
    qtbot.mouseClick(page.period_button, Qt.MouseButton.LeftButton)
    choice = page.dialog
    qtbot.mouseClick(choice.buttons["range"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, DateRangeDialog)  # starts at the last 7 days: 07-09 .. 07-15
    for _ in range(12):
        qtbot.mouseClick(dialog.steps[1]["‹"], Qt.MouseButton.LeftButton)  # to 07-03
    for _ in range(2):
        qtbot.mouseClick(dialog.steps[0]["‹"], Qt.MouseButton.LeftButton)  # from 07-01
    assert (str(dialog.first), str(dialog.last)) == ("2026-07-01", "2026-07-03")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.model.loading)
    expected = _expected(start=datetime(2026, 7, 1, tzinfo=JST).timestamp(),
                         end=datetime(2026, 7, 4, tzinfo=JST).timestamp())
    assert expected and [r.at for r in _loaded_rows(qtbot, page)] == expected


def test_an_empty_choice_says_so(qtbot, kiosk, inbox):
    page = _open(qtbot, kiosk)
    assert page.model.total == 0
    assert page.stack.currentWidget() is page.empty
    assert page.empty.isVisible() and page.empty.text()


def _tap_row(qtbot, page, row: int) -> None:
    page.view.scrollTo(page.model.index(row))
    rect = page.view.visualRect(page.model.index(row))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center() + QPoint(0, 0))


def test_tapping_a_row_shows_the_event_in_full(qtbot, en_kiosk, inbox):
    with inbox.write_sql() as conn:
        event_store.append_many(conn, [
            OperationEvent(HISTORY_NOW - 3 * HOUR, AIRCON, 0x80, "off", "on", Cause.REMOTE),
            ErrorEvent(HISTORY_NOW - 2 * HOUR, HEATER, 0x03F1, "repair", maker=0),
            ErrorEvent(HISTORY_NOW - HOUR, BATTERY, 0xBEEF, "unknown")])
    page = _open(qtbot, en_kiosk)
    assert page.model.rowCount() == 3

    _tap_row(qtbot, page, 0)  # newest: the unknown code
    dialog = page.dialog
    assert isinstance(dialog, EventDetailDialog)
    values = {k: v.text() for k, v in dialog.values.items()}
    assert values["Error code"] == "0xBEEF"
    assert values["Meaning"] == "Unknown code (0xBEEF)"
    assert values["Recovered"] == "not recovered"
    assert values["Occurred"] == "Wed 15 Jul 2026 13:00"
    assert values["Device"] == "Storage battery"  # its kind; no address on the panel
    assert "Address" not in values and "127.0.0" not in str(values)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    _tap_row(qtbot, page, 1)  # the maker's code: the maker's words, in the panel's language
    values = {k: v.text() for k, v in page.dialog.values.items()}
    assert values["Meaning"] == "Hot-water tank temperature sensor fault"
    assert values["What to do"] == "Needs repair: call the installer"
    page.dialog.reject()

    _tap_row(qtbot, page, 2)
    values = {k: v.text() for k, v in page.dialog.values.items()}
    assert values["Change"] == "Off → On"
    assert values["Why"] == "Remotely (smartphone or smart speaker)"
    assert values["Setting"] == "Power"


def test_a_control_set_is_an_energy_saving_row_with_what_was_set_and_why(qtbot, en_kiosk,
                                                                          inbox):
    with inbox.write_sql() as conn:
        event_store.append_many(conn, [
            SavingEvent(HISTORY_NOW - HOUR, BATTERY, "set", cause=Cause.SURPLUS_CHARGING,
                        epc=0xDA, old="standby", new="charging")])
    page = _open(qtbot, en_kiosk)
    assert page.model.rowCount() == 1
    _tap_row(qtbot, page, 0)
    dialog = page.dialog
    assert dialog.title_label.text() == "Energy saving"
    values = {k: v.text() for k, v in dialog.values.items()}
    assert values["Setting"] == "Operation mode"
    assert values["Change"] == "Standby → Charging"
    assert values["Why"] == "By surplus-solar charging"
    dialog.reject()


def _export(qtbot, page, what: str) -> None:
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert isinstance(page.dialog, ChoiceDialog)
    qtbot.mouseClick(page.dialog.buttons[what], Qt.MouseButton.LeftButton)


def test_csv_export_writes_what_the_filter_shows_onto_the_stick(qtbot, en_kiosk, seeded,
                                                                 tmp_path, monkeypatch):
    stick = tmp_path / "USB-STICK"
    stick.mkdir()
    monkeypatch.setenv("HEMS_EXPORT_DIR", str(stick))
    page = _open(qtbot, en_kiosk)
    _choose(qtbot, page, page.kind_button, "● Operation")
    with qtbot.waitSignal(page.services.events.export_finished, timeout=10_000):
        _export(qtbot, page, "events")
        assert page.progress.isVisible()
    assert page.last_export is not None and page.last_export.parent == stick
    # The file's name, never a file-system path; gone after a few seconds.
    assert page.status.text() == (f"Saved {SEEDED // 3:,} rows on the USB stick as "
                                  f"{page.last_export.name}")
    assert str(tmp_path) not in page.status.text()
    assert page.note_timer.isActive() and page.note_timer.isSingleShot()
    assert page.note_timer.interval() <= 10_000
    assert not page.progress.isVisible() and page.export_button.isEnabled()
    with open(page.last_export, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == HEADER
    expected = _expected(kind=EventKind.OPERATION)
    assert len(rows) - 1 == len(expected) == SEEDED // 3
    assert {r[0] for r in rows[1:]} == {"operation"}
    newest = datetime.fromtimestamp(expected[0], JST).isoformat(timespec="seconds")
    assert rows[1][1] == newest and rows[1][3:6] == ["0x80", "off", "on"]
    page.note_timer.timeout.emit()  # what the timer does after EXPORT_NOTE_MS
    assert page.status.text().startswith(f"{SEEDED // 3:,} events") and page.note is None
    # Leaving the page stops the timer of a new note.
    _export(qtbot, page, "events")
    qtbot.waitUntil(lambda: page.note is not None and not page.exporting, timeout=10_000)
    en_kiosk.view.go("home")
    assert not page.note_timer.isActive() and page.note is None


def test_without_a_stick_the_kiosk_says_so_and_writes_nothing(qtbot, en_kiosk, seeded,
                                                              tmp_path, monkeypatch):
    import app.services.export_target as target

    monkeypatch.delenv("HEMS_EXPORT_DIR", raising=False)
    monkeypatch.setattr(target, "MOUNT_ROOTS", (tmp_path / "media",))
    page = _open(qtbot, en_kiosk)
    _export(qtbot, page, "energy_30min")
    assert page.status.text() == "No USB stick found: insert one and tap CSV again."
    assert not page.exporting and page.last_export is None
    assert page.note_timer.isActive()
    page.note_timer.timeout.emit()
    assert page.note is None


def test_energy_export_is_the_csv_of_hems_panel_export(qtbot, make_services, open_kiosk,
                                                        switcher_for, tmp_path, monkeypatch):
    import argparse
    import io
    from datetime import timedelta

    from app.cli.data_commands import cmd_export
    from app.sources.collector import backfill
    from app.sources.simulator import HomeConfig, SimulatedHome

    store = open_store(tmp_path / "inbox", "Asia/Tokyo")  # the services' own store
    home = SimulatedHome(HomeConfig(seed=5))
    store.define_series(home.series)
    end = int(HISTORY_NOW // 60)
    backfill(store, home, end - 1440, end)
    store.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setenv("HEMS_EXPORT_DIR", str(stick))
    services = make_services(language="en")
    switcher_for(services)
    page = _open(qtbot, open_kiosk(services))
    with qtbot.waitSignal(services.events.export_finished, timeout=20_000):
        _export(qtbot, page, "energy_30min")
    assert page.last_export.name.startswith("energy-30min-")
    today = datetime.fromtimestamp(HISTORY_NOW, JST).date()
    args = argparse.Namespace(data_dir=tmp_path / "inbox", start=today - timedelta(days=30),
                              end=today, interval="30min")
    printed = io.StringIO()
    assert cmd_export(args, printed) == 0
    written = page.last_export.read_text(encoding="utf-8")
    assert written == printed.getvalue()
    assert written.count("\n") > 48  # yesterday and today, every 30 minutes
    page.note_timer.stop()


def test_language_switch_rewords_the_rows(qtbot, kiosk, services, seeded):
    page = _open(qtbot, kiosk)
    from app.ui.widgets.list_rows import ROW_ROLE

    def top() -> str:
        return page.model.index(0).data(ROW_ROLE).top

    assert top().startswith("2026年7月15日(水) 13:59")
    services.preferences.set_language("en")
    qtbot.waitUntil(lambda: top().startswith("Wed 15 Jul 2026 13:59"))
    assert page.kind_button.text() == "Kind: All"
    page.model.set_filter(page.event_filter())  # the rows re-read in English: same texts
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    assert top() == "Wed 15 Jul 2026 13:59 · Air conditioner"  # no network address
    services.preferences.set_language("ja")
    qtbot.waitUntil(lambda: top() == "2026年7月15日(水) 13:59 · エアコン")


def test_rows_name_a_device_as_the_household_named_it(qtbot, kiosk, services, seeded):
    from app.ui.widgets.list_rows import ROW_ROLE

    page = _open(qtbot, kiosk)
    page.set_kind(EventKind.SAVING)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.model.loading)
    battery_row = next(i for i in range(page.model.rowCount())
                       if page.model.record(i).device == BATTERY)

    def text() -> str:
        return page.model.index(battery_row).data(ROW_ROLE).top

    assert text().endswith(" · 蓄電池") and "127.0.0" not in text()
    services.devices.rename(0x027D, 1, "物置の蓄電池", "物置")
    services.devices.refresh()
    qtbot.waitUntil(lambda: text().endswith(" · 物置の蓄電池"), timeout=5_000)
    page.set_device(BATTERY)
    assert page.device_button.text().endswith("物置の蓄電池")


def test_the_detail_names_the_device_as_the_household_did(qtbot, en_kiosk, inbox):
    with inbox.write_sql() as conn:
        event_store.append_many(conn, [ErrorEvent(HISTORY_NOW - HOUR, BATTERY, 0xBEEF, "unknown")])
    services = en_kiosk.services
    services.devices.rename(0x027D, 1, "Shed battery", "Shed")
    page = _open(qtbot, en_kiosk)
    qtbot.waitUntil(lambda: page.model.device_names.get(BATTERY) == "Shed battery",
                    timeout=5_000)
    _tap_row(qtbot, page, 0)
    values = {k: v.text() for k, v in page.dialog.values.items()}
    assert values["Device"] == "Shed battery"
    assert "Address" not in values
    page.dialog.reject()


def test_the_installers_desktop_adds_the_address_to_the_detail(qtbot, services, switcher):
    from app.ui.shell.desktop_window import DesktopWindow

    window = DesktopWindow(services)
    qtbot.addWidget(window)
    window.show()
    record = EventRecord(1, EventKind.ERROR, HISTORY_NOW - HOUR, BATTERY, code=0xBEEF)
    page = window.view.page("appliance_history")
    dialog = EventDetailDialog(record, "ja", None, page)
    qtbot.addWidget(dialog)
    values = {k: v.text() for k, v in dialog.values.items()}
    assert values["機器"] == "蓄電池"
    assert values["アドレス"] == BATTERY
