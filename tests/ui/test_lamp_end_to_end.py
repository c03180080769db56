"""A device fault, end to end: store + bridge -> history row, one notice, the lamp; reading
the notice puts the lamp out. And a shell built after the lamp changed shows it at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.events import ErrorEvent, Recovery
from app.domain.notices import LampState
from app.store import events as event_store
from app.store import open_store
from app.ui.widgets.lamp import LampState as WidgetLamp
from tests.ui.conftest import HISTORY_NOW

HEATER = "127.0.0.9/026B01"


@pytest.fixture
def en_kiosk(open_kiosk, make_services, switcher_for):
    services = make_services(language="en")
    switcher_for(services)
    return open_kiosk(services)


def _fault(services, tmp_path: Path, *events) -> None:
    """What the collector does on a flush: commit the events, then hand them to the bridge."""
    store = open_store(tmp_path / "inbox", "Asia/Tokyo")
    try:
        with store.write_sql() as conn:
            event_store.append(conn, events)
    finally:
        store.close()
    services.events.device_events(events)


def test_a_fault_reaches_history_notices_and_the_lamp(qtbot, en_kiosk, tmp_path):
    services, view = en_kiosk.services, en_kiosk.view
    lamp = view.footer.lamp
    assert lamp.state == WidgetLamp.OFF and not lamp.is_lit()
    fault = ErrorEvent(HISTORY_NOW - 120, HEATER, 0x001E, "repair")
    _fault(services, tmp_path, fault)
    _fault(services, tmp_path, fault)  # seen again by the next poll: no new row, one notice
    qtbot.waitUntil(lambda: lamp.state == WidgetLamp.BLINK)  # repair: important, blinks
    assert lamp.is_lit() and lamp.text() == "Notices 1"

    view.go("appliance_history")
    history = view.page("appliance_history")
    qtbot.waitUntil(lambda: history.model.total == 1)
    row = history.model.record(0)
    assert (row.device, row.code, row.recovered_at) == (HEATER, 0x001E, None)
    assert history.model.index(0).data() == "Error 0x001E: Sensor fault · not recovered"

    qtbot.mouseClick(lamp, Qt.MouseButton.LeftButton)  # the lamp opens the inbox
    assert view.navigator.current_id == "notices"
    inbox = view.page("notices")
    qtbot.waitUntil(lambda: inbox.model.ready and not inbox.model.loading)
    assert inbox.model.rowCount() == 1  # exactly one notice, folded
    assert inbox.model.notice(0).count == 2
    rect = inbox.view.visualRect(inbox.model.index(0))
    qtbot.mouseClick(inbox.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: lamp.state == WidgetLamp.OFF)
    assert not lamp.is_lit() and lamp.text() == "Notices"
    assert services.notices.unread == 0

    # Recovery: history says when; an information notice lights the lamp steadily.
    _fault(services, tmp_path, Recovery(HISTORY_NOW - 60, HEATER))
    qtbot.waitUntil(lambda: lamp.state == WidgetLamp.ON)
    history.model.reload()
    qtbot.waitUntil(lambda: history.model.rowCount() == 1
                    and history.model.record(0).recovered_at == HISTORY_NOW - 60)


def test_a_shell_built_later_shows_the_lamp_as_it_is(qtbot, make_services, switcher_for,
                                                      open_kiosk):
    services = make_services(language="en")
    switcher_for(services)
    services.events.device_events([ErrorEvent(HISTORY_NOW, HEATER, 0x001E, "repair")])
    qtbot.waitUntil(lambda: services.notices.lamp == LampState.BLINK)
    window = open_kiosk(services)
    lamp = window.view.footer.lamp
    assert lamp.state == WidgetLamp.BLINK and lamp.text() == "Notices 1"
    qtbot.waitUntil(lambda: lamp.painted_lit is not None)
    assert lamp._blink.isActive()  # it blinks, and only while shown
    window.hide()
    assert not lamp._blink.isActive()
