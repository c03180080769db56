"""Runtime language: installs the Qt translator for the chosen language and swaps it live.

Source strings are English; Japanese (the default) comes from
``translations/hems_ja.qm``. Installing or removing a translator makes Qt post
``QEvent.LanguageChange`` to every widget, and each widget re-reads its texts in
``retranslate()``. ``HEMS_PSEUDO_LOCALE=1`` wraps every string in wide brackets
and full-width letters to find layouts that clip.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator

from app.resource_files import translations_dir
from app.services.preferences_service import PreferencesService

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = translations_dir()
PSEUDO_ENV = "HEMS_PSEUDO_LOCALE"

_LOCALES = {
    "ja": QLocale(QLocale.Language.Japanese, QLocale.Country.Japan),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}
# Placeholders ({name}, %1, %n) must survive pseudo-localisation untouched.
_PLACEHOLDER = re.compile(r"(\{[A-Za-z_][A-Za-z0-9_]*\}|%n|%L?\d)")


def pseudo_localize(text: str) -> str:
    """'Energy' -> '[!!Ｅｎｅｒｇｙ!!]': longer and wider, placeholders intact."""
    parts = _PLACEHOLDER.split(text)
    for index in range(0, len(parts), 2):  # even indexes are plain text
        parts[index] = "".join(
            chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in parts[index])
    return f"[!!{''.join(parts)}!!]"


class PseudoTranslator(QTranslator):
    """Wraps whatever the real translator (or the English source) says."""

    def __init__(self, inner: QTranslator | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inner = inner

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        text = ""
        if self._inner is not None:
            text = self._inner.translate(context, source, disambiguation, n)
        return pseudo_localize(text or source)


class LanguageSwitcher(QObject):
    """Keeps the application's translator in step with ``preferences.language``."""

    def __init__(self, app: QCoreApplication, preferences: PreferencesService, *,
                 translations_dir: Path = TRANSLATIONS_DIR, pseudo: bool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._dir = translations_dir
        self._pseudo = os.environ.get(PSEUDO_ENV) == "1" if pseudo is None else pseudo
        self._installed: list[QTranslator] = []
        self.language = ""
        self.apply(preferences.language)
        preferences.language_changed.connect(self.apply)

    def apply(self, language: str) -> None:
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        translator = self._load(language)
        if self._pseudo:
            translator = PseudoTranslator(translator, self)
        if translator is not None:
            self._app.installTranslator(translator)
            self._installed.append(translator)
        QLocale.setDefault(_LOCALES.get(language, _LOCALES["ja"]))
        self.language = language

    def _load(self, language: str) -> QTranslator | None:
        if language == "en":  # the source language needs no catalogue
            return None
        translator = QTranslator(self)
        path = self._dir / f"hems_{language}.qm"
        if not translator.load(str(path)):
            log.warning("translation %s could not be loaded; showing English", path)
            return None
        log.info("translation %s loaded from %s", language, path)  # the wheel's smoke test
        return translator

    def shutdown(self) -> None:
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
