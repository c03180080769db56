"""The household is reminded to change an access password older than 180 days.

The clock is a hand-set number shared by the access service, the notice inbox and
the reminder: no test reads the real date.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.notices import Template
from app.services.access_service import SET_AT_SETTING, AccessService
from app.services.notice_service import NoticeService
from app.services.password_reminder import DAY_S, PasswordReminder
from app.services.settings_backend import MemorySettings
from app.store import open_store
from tests.services.test_access_service import CHEAP
from tests.services.test_notice_service import listed

T0 = 1_784_001_600.0


@pytest.fixture
def clock() -> list[float]:
    return [T0]


@pytest.fixture
def inbox(qtbot, tmp_path: Path, clock):
    data = tmp_path / "data"
    open_store(data, "Asia/Tokyo").close()
    service = NoticeService(lambda: open_store(data, "Asia/Tokyo"), lambda: clock[0])
    yield service
    service.shutdown()


def reminders(qtbot, inbox):
    return [n for n in listed(qtbot, inbox) if n.template == Template.PASSWORD_REMINDER]


def test_an_old_password_is_reminded_once_and_a_new_one_is_not(qtbot, inbox, clock):
    settings = MemorySettings()
    access = AccessService(settings, lambda: clock[0], cost=CHEAP)
    reminder = PasswordReminder(access, inbox, lambda: clock[0])
    assert not reminder.check()  # no password: nothing to remind of
    access.set_password("2468")
    assert settings.get_setting(SET_AT_SETTING) == repr(T0)
    clock[0] = T0 + 179 * DAY_S
    assert not reminder.check()
    clock[0] = T0 + 181 * DAY_S
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        assert reminder.check()
    found = reminders(qtbot, inbox)
    assert len(found) == 1 and found[0].args["days_since_change"] == 181
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        assert reminder.check()  # checked again later: still one notice, counted
    assert [n.count for n in reminders(qtbot, inbox)] == [2]
    access.set_password("97531")  # changed: young again
    assert not reminder.check()


def test_a_password_set_before_the_date_was_kept_counts_from_the_first_check(clock):
    settings = MemorySettings()
    access = AccessService(settings, lambda: clock[0], cost=CHEAP)
    access.set_password("2468")
    settings.set_setting(SET_AT_SETTING, "")  # an older panel never wrote it
    clock[0] = T0 + 400 * DAY_S
    assert access.password_set_at() == clock[0]  # not "400 days old" at the upgrade


def test_start_checks_at_once_and_keeps_a_timer_until_stopped(qtbot, inbox, clock):
    access = AccessService(MemorySettings(), lambda: clock[0], cost=CHEAP)
    access.set_password("2468")
    clock[0] = T0 + 200 * DAY_S
    reminder = PasswordReminder(access, inbox, lambda: clock[0])
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        reminder.start()
    assert reminder._timer.isActive()
    reminder.stop()
    assert not reminder._timer.isActive()
