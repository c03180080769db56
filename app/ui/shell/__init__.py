"""The windows around the pages: kiosk (wall panel) and desktop (installer)."""

from app.ui.shell.desktop_window import DesktopWindow
from app.ui.shell.kiosk_window import KioskWindow
from app.ui.shell.panel_view import PanelView

__all__ = ["DesktopWindow", "KioskWindow", "PanelView"]
