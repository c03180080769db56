"""Line icons from resources/icons, tinted with a theme colour at render time.

The SVGs draw with ``currentColor``; we substitute the colour a widget asks
for, so one file serves day and night themes and every energy role.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.ui.theme import RESOURCES_DIR

log = logging.getLogger(__name__)

ICONS_DIR = RESOURCES_DIR / "icons"


@lru_cache(maxsize=32)
def _svg_source(name: str) -> str:
    path = ICONS_DIR / f"{name}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("icon %s not found at %s", name, path)
        return ""


@lru_cache(maxsize=64)
def _renderer(name: str, color: str) -> QSvgRenderer | None:
    source = _svg_source(name)
    if not source:
        return None
    renderer = QSvgRenderer(QByteArray(source.replace("currentColor", color).encode()))
    return renderer if renderer.isValid() else None


def paint_icon(painter: QPainter, name: str, rect: QRectF, color: QColor) -> None:
    """Draw an icon straight into a painter (used by self-painting widgets)."""
    renderer = _renderer(name, color.name())
    if renderer is not None:
        renderer.render(painter, rect)


def icon_pixmap(name: str, color: QColor, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    pixels = max(1, round(size * device_pixel_ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_icon(painter, name, QRectF(0, 0, pixels, pixels), color)
    painter.end()
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def themed_icon(name: str, color: QColor, size: int = 48) -> QIcon:
    icon = QIcon()
    icon.addPixmap(icon_pixmap(name, color, size))
    return icon


def icon_size(pixels: int) -> QSize:
    return QSize(pixels, pixels)
