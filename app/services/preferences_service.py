"""User preferences that the UI follows live (language for now)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.services.settings_backend import SettingsBackend

LANGUAGES = ("ja", "en")
_LANGUAGE_KEY = "language"


class PreferencesService(QObject):
    language_changed = Signal(str)

    def __init__(self, settings: SettingsBackend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    @property
    def language(self) -> str:
        value = self._settings.get_setting(_LANGUAGE_KEY, "ja") or "ja"
        return value if value in LANGUAGES else "ja"

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; choose one of {LANGUAGES}")
        if language != self.language:
            self._settings.set_setting(_LANGUAGE_KEY, language)
            self.language_changed.emit(language)
