"""Reminds the household to change the access password once it is old.

    reminder = PasswordReminder(access, notices, clock.now)   # checks at start, then daily

When the password is older than `REMIND_AFTER_DAYS`, a home notice
(`Template.PASSWORD_REMINDER`, args: days_since_change) goes to the inbox. It folds
into one notice (a repeat only raises its count), and a changed password is young
again, so the reminder stops until the next period has passed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from app.domain.notices import Template, home_notice
from app.services.access_service import AccessService
from app.services.notice_service import NoticeService

REMIND_AFTER_DAYS = 180
CHECK_INTERVAL_MS = 6 * 3600 * 1000  # a few times a day: the panel runs for months
DAY_S = 86400.0


class PasswordReminder(QObject):
    def __init__(self, access: AccessService, notices: NoticeService,
                 now: Callable[[], float], *, remind_after_days: int = REMIND_AFTER_DAYS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._notices = notices
        self._now = now
        self._after_s = remind_after_days * DAY_S
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> bool:
        """Post the reminder if the password is old; True when one was posted."""
        set_at = self._access.password_set_at()
        if set_at is None:
            return False
        now = self._now()
        if now - set_at < self._after_s:
            return False
        days = int((now - set_at) // DAY_S)
        # One fold per password: the same old password reminds as one notice (count
        # grows); a new password that grows old again is a new reminder.
        self._notices.post(home_notice(Template.PASSWORD_REMINDER, now,
                                       {"days_since_change": days}, fold=f"{set_at:.0f}"))
        return True
