"""The access password that guards settings and leaving kiosk mode."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.domain.access_password import hash_password, verify_password
from app.services.settings_backend import SettingsBackend

_KEY = "access_password_hash"


class AccessService(QObject):
    password_changed = Signal()

    def __init__(self, settings: SettingsBackend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    def has_password(self) -> bool:
        return bool(self._settings.get_setting(_KEY))

    def set_password(self, password: str) -> None:
        """Raises PasswordPolicyError for a password that is too short."""
        self._settings.set_setting(_KEY, hash_password(password))
        self.password_changed.emit()

    def verify(self, password: str) -> bool:
        encoded = self._settings.get_setting(_KEY)
        return bool(encoded) and verify_password(password, encoded or "")
