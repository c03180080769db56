"""The circuits page: the board's order, 10 per screen at 800×480, paging by button and swipe."""

from dataclasses import replace

from PySide6.QtCore import QPoint, Qt

from app.domain.circuits import CircuitsSnapshot
from app.ui.screenshots import sample_circuits


def _open(qtbot, kiosk):
    kiosk.view.go("measurement")
    page = kiosk.view.page("measurement")
    qtbot.waitUntil(lambda: page.snapshot is not None)
    return page


def _shown(page):
    by_key = {c.key: c for c in page.snapshot.circuits}
    return [by_key[t.key] for t in page.tiles if t.isVisible() and t.key is not None]


def test_circuits_keep_the_boards_order_and_are_paged_ten_per_screen(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    assert page.per_page() == (2, 5)
    snap = sample_circuits()
    first = _shown(page)
    assert [c.key for c in first] == [c.key for c in snap.circuits[:10]]
    assert first[0].name == "エコキュート"
    ev = next(t for t in page.tiles if t.key == "sp6")
    assert ev.value == "2,980W" and ev.name == "EV充電器"
    assert ev.share == 1.0  # the largest has the full bar
    assert page.mains_labels[2].text() == "合計 8,510W"
    assert page.page_label.text() == "1/3"
    assert not page.prev_button.isEnabled()

    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert [c.key for c in _shown(page)] == [c.key for c in snap.circuits[10:20]]
    assert page.page_label.text() == "2/3"
    # Swipe right (finger moves left to right): back to the first page.
    area = page.grid_area
    y = area.height() // 2
    qtbot.mousePress(area, Qt.MouseButton.LeftButton, pos=QPoint(40, y))
    qtbot.mouseRelease(area, Qt.MouseButton.LeftButton, pos=QPoint(area.width() - 40, y))
    assert page.page_index == 0
    qtbot.mousePress(area, Qt.MouseButton.LeftButton, pos=QPoint(area.width() - 40, y))
    qtbot.mouseRelease(area, Qt.MouseButton.LeftButton, pos=QPoint(40, y))
    assert page.page_index == 1
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    last = _shown(page)
    assert [c.key for c in last] == [c.key for c in snap.circuits[20:]]
    unread = next(t for t in page.tiles if t.key == "br19")  # no reading: shown as no value
    assert unread.value == "—" and unread.muted


def test_tiles_stay_put_when_the_watts_change(qtbot, kiosk):
    """A tile must not move under a finger about to tap it."""
    page = _open(qtbot, kiosk)
    before = [t.key for t in page.tiles if t.isVisible()]
    snap = page.snapshot
    swapped = tuple(replace(c, watts=5000.0 if c.key == "br10" else 0.0)
                    for c in snap.circuits)
    page.show_snapshot(replace(snap, circuits=swapped))
    assert [t.key for t in page.tiles if t.isVisible()] == before
    assert next(t for t in page.tiles if t.key == "sp1").value == "0W"


def test_a_renamed_circuit_updates_and_a_removed_one_disappears(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    snap = sample_circuits()
    renamed = tuple(replace(c, name="台所 IH") if c.key == "sp2" else c
                    for c in snap.circuits if c.key != "sp6")
    page.show_snapshot(CircuitsSnapshot(renamed, snap.mains, snap.total_w, stale=False))
    names = [c.name for c in _shown(page)]
    assert names[:3] == ["エコキュート", "台所 IH", "リビング エアコン"] and "EV充電器" not in names


def test_larger_screens_show_more_circuits(qtbot, open_kiosk, services, switcher):
    window = open_kiosk(services, size=(1280, 800))
    window.view.go("measurement")
    page = window.view.page("measurement")
    qtbot.waitUntil(lambda: page.snapshot is not None)
    columns, rows = page.per_page()
    assert columns * rows > 10
