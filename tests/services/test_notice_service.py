"""The notice service: a flood of posts, coalesced signals, the lamp and its period."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.domain.events import ErrorEvent, Recovery
from app.domain.notices import Importance, LampState, Template, device_error_notice, home_notice
from app.services.event_service import EventService
from app.services.notice_service import NoticeService
from app.store import open_store

T0 = 1_784_001_600.0


def listed(qtbot, service, **options):
    """What the inbox lists, as a widget gets it (a reply to its own request)."""
    got: list = []
    service.request_list(got.append, **options)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return got[0]


@pytest.fixture
def clock() -> list[float]:
    return [T0]


@pytest.fixture
def service(qtbot, tmp_path: Path, clock):
    data = tmp_path / "data"
    open_store(data, "Asia/Tokyo").close()  # migrate once, off the worker
    svc = NoticeService(lambda: open_store(data, "Asia/Tokyo"), lambda: clock[0])
    yield svc
    svc.shutdown()


def test_a_flood_of_10000_posts_is_few_changes_and_the_right_unread_count(qtbot, service) -> None:
    changes: list[None] = []
    service.changed.connect(lambda: changes.append(None))
    for i in range(10_000):  # 100 distinct notices, each posted 100 times
        service.post(home_notice(Template.BACKUP_FAILED, T0 + i, {"n": i % 100},
                                 fold=str(i % 100)))
    qtbot.waitUntil(lambda: service.unread == 100, timeout=20_000)
    qtbot.wait(300)  # nothing more is coming
    assert 1 <= len(changes) <= 3
    assert service.lamp is LampState.ON
    notices = listed(qtbot, service)
    assert len(notices) == 100 and {n.count for n in notices} == {100}


def test_posts_from_other_threads(qtbot, service) -> None:
    def produce(k: int) -> None:
        for i in range(500):
            service.post(device_error_notice(f"127.0.0.{k}/013001", "", 5, "user_recoverable",
                                             T0 + i))

    threads = [threading.Thread(target=produce, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    qtbot.waitUntil(lambda: service.unread == 4, timeout=10_000)


def test_lamp_blinks_for_important_then_follows_read_and_lamp_until(qtbot, service,
                                                                    clock) -> None:
    states: list[LampState] = []
    service.lamp_changed.connect(states.append)
    with qtbot.waitSignal(service.lamp_changed, timeout=5000):
        service.post(home_notice(Template.SAVING_TARGET_EXCEEDED, T0,
                                 importance=Importance.IMPORTANT, lamp_until=T0 + 0.5))
    assert states == [LampState.BLINK]
    with qtbot.waitSignal(service.lamp_changed, timeout=5000):
        service.mark_all_read()
    assert states[-1] is LampState.ON  # read, but it asked for the lamp for a while
    clock[0] = T0 + 1.0  # the period passes; the service's timer notices by itself
    with qtbot.waitSignal(service.lamp_changed, timeout=5000):
        pass
    assert states[-1] is LampState.OFF and service.unread == 0


def test_device_errors_become_notices_and_recoveries_too(qtbot, service, tmp_path) -> None:
    events = EventService(lambda: open_store(tmp_path / "data", "Asia/Tokyo"), service,
                          "Asia/Tokyo")
    try:
        dev = "127.0.0.9/026B01"
        for i in range(50):  # the same fault, reported again and again
            events.device_events([ErrorEvent(T0 + i, dev, 0x3C, "repair"), Recovery(T0 + i, dev)],
                                 {dev: "給湯器"})
        qtbot.waitUntil(lambda: service.unread == 2, timeout=10_000)
        by_template = {n.template: n for n in listed(qtbot, service)}
        assert by_template["device_error"].count == 50
        assert by_template["device_error"].importance is Importance.IMPORTANT
        assert by_template["device_recovered"].count == 50
        # Named as the household named it on the devices page, not by its class.
        assert by_template["device_recovered"].args == {"device": dev, "name": "給湯器",
                                                        "code": 0x3C}
        assert by_template["device_error"].args["name"] == "給湯器"
    finally:
        events.shutdown()


def test_a_list_goes_to_whoever_asked_and_not_to_a_deleted_widget(qtbot, service) -> None:
    import shiboken6
    from PySide6.QtCore import QObject

    service.post(home_notice(Template.BACKUP_FAILED, T0, {"reason": "offline"}))
    qtbot.waitUntil(lambda: service.unread == 1, timeout=10_000)
    gone, answers = QObject(), []
    service.request_list(lambda n: answers.append(("gone", n)), receiver=gone)
    shiboken6.delete(gone)  # the page closed before the answer came
    assert len(listed(qtbot, service)) == 1
    qtbot.wait(50)
    assert answers == []
