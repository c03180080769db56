"""The access password that guards settings and leaving kiosk mode.

Wrong entries make the next one wait longer (`app.domain.access_password.wait_after`);
the count is kept in the store, so restarting the panel does not reset it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.domain.access_password import (
    FAILURES_SETTING,
    LOCKED_UNTIL_SETTING,
    PANEL_COST,
    PASSWORD_SETTING,
    PasswordPolicyError,
    ScryptCost,
    Throttle,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.services.settings_backend import SettingsBackend

SET_AT_SETTING = "access_password_set_at"  # unix s of the last change (for the reminder)


class AccessService(QObject):
    password_changed = Signal()

    def __init__(self, settings: SettingsBackend, now: Callable[[], float] = time.time,
                 cost: ScryptCost = PANEL_COST, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._now = now
        self._cost = cost

    def has_password(self) -> bool:
        return bool(self._settings.get_setting(PASSWORD_SETTING))

    def set_password(self, password: str) -> None:
        """Raises PasswordPolicyError for a password that is too short."""
        self._settings.set_setting(PASSWORD_SETTING, hash_password(password, self._cost))
        self._settings.set_setting(SET_AT_SETTING, repr(self._now()))
        self.password_changed.emit()

    def password_set_at(self) -> float | None:
        """When the password was last set (unix s); None without a password.

        A password set before this was recorded counts from the first time asked, so an
        upgraded panel reminds a full period later rather than at once.
        """
        if not self.has_password():
            return None
        try:
            return float(self._settings.get_setting(SET_AT_SETTING) or "")
        except ValueError:
            now = self._now()
            self._settings.set_setting(SET_AT_SETTING, repr(now))
            return now

    def wait_seconds(self) -> float:
        """How long the next entry must wait after wrong ones (0: it may be tried now)."""
        return self._throttle().remaining(self._now())

    def verify(self, password: str) -> bool:
        """False for a wrong password, and for any password while `wait_seconds()` > 0."""
        encoded = self._settings.get_setting(PASSWORD_SETTING)
        if not encoded:
            return False
        throttle = self._throttle()
        now = self._now()
        if throttle.remaining(now) > 0:
            return False  # refused unchecked: no guess is worth anything meanwhile
        if not verify_password(password, encoded):
            self._store(throttle.failed(now))
            return False
        if throttle.failures:
            self._store(Throttle())
        if needs_rehash(encoded, self._cost):  # a hash of the older, cheaper kind
            with contextlib.suppress(PasswordPolicyError):  # kept as it is, still valid
                self._settings.set_setting(PASSWORD_SETTING, hash_password(password, self._cost))
        return True

    def _throttle(self) -> Throttle:
        return Throttle.parse(self._settings.get_setting(FAILURES_SETTING),
                              self._settings.get_setting(LOCKED_UNTIL_SETTING))

    def _store(self, throttle: Throttle) -> None:
        self._settings.set_setting(FAILURES_SETTING, str(throttle.failures))
        self._settings.set_setting(LOCKED_UNTIL_SETTING, repr(throttle.locked_until))
