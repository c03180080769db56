"""Application-wide set-up done once by the composition root: fonts and theme."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.ui.theme import DAY, build_stylesheet

log = logging.getLogger(__name__)

# Debian's fonts-noto-cjk; offscreen and eglfs Qt do not always see system fonts.
CJK_FONT_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)
UI_FONT_FAMILY = "Noto Sans CJK JP"
BASE_FONT_PX = 16

# Fonts are process-wide in Qt: register each file once, however often we prepare.
_registered: dict[Path, list[str]] = {}


def register_cjk_fonts(paths: tuple[Path, ...] = CJK_FONT_PATHS) -> list[str]:
    """Register the Japanese UI font; returns the families found (empty if none)."""
    families: list[str] = []
    for path in paths:
        if path in _registered:
            families.extend(_registered[path])
            continue
        if not path.exists():
            log.warning("CJK font not found at %s; Japanese text may not render", path)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("CJK font at %s could not be loaded", path)
            continue
        _registered[path] = QFontDatabase.applicationFontFamilies(font_id)
        families.extend(_registered[path])
    return families


def prepare_application(app: QApplication, *, stylesheet: bool = True) -> None:
    """Fonts, the base font and the day theme; windows re-scale it to their size.

    ``stylesheet=False`` leaves the application's stylesheet to `style_application`:
    the panel's window carries its own (the same rules, at its scale), so its first
    frame looks the same without it, and each widget's first polish matches one
    stylesheet instead of two."""
    available = set(QFontDatabase.families())
    # Registering a CJK collection costs ~30 ms a file: only when fontconfig lacks it.
    families = [] if UI_FONT_FAMILY in available else register_cjk_fonts()
    font = QFont(app.font())
    if UI_FONT_FAMILY in families or UI_FONT_FAMILY in available:
        font.setFamily(UI_FONT_FAMILY)
    else:
        log.warning("%s unavailable; using %s", UI_FONT_FAMILY, font.family())
    font.setPixelSize(BASE_FONT_PX)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    if stylesheet:
        style_application(app)


def style_application(app: QApplication) -> None:
    """The day theme for every window (dialogs and pop-ups without a parent too)."""
    app.setStyleSheet(build_stylesheet(DAY))
