"""Builds the window the composition root shows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.services import FrontServices
from app.ui.shell.idle_dimmer import DEFAULT_IDLE_S


def create_main_window(services: FrontServices, *, kiosk: bool,
                       idle_timeout_s: float = DEFAULT_IDLE_S,
                       fullscreen: bool = True) -> QWidget:
    """The kiosk window (``exit_requested`` signal; connect it to quit) or the desktop window.

    ``fullscreen=False`` keeps the kiosk layout in a normal window (screenshots, tests).
    Only the chosen shell is imported: a wall panel's start-up does not load the
    desktop's Qt classes (about 50 ms), nor the reverse.
    """
    if kiosk:
        from app.ui.shell.kiosk_window import KioskWindow

        return KioskWindow(services, idle_timeout_s=idle_timeout_s, fullscreen=fullscreen)
    from app.ui.shell.desktop_window import DesktopWindow

    return DesktopWindow(services)
