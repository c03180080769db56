"""The wall-panel window: full screen, frameless, no cursor, dims when idle.

Leaving it needs the access password (a 2-second press on the header title,
or Ctrl+Alt+Q on a keyboard); on the very first start it asks to set that
password before anything else.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.services import FrontServices
from app.ui.dialogs import KIOSK_PROPERTY
from app.ui.shell.idle_dimmer import DEFAULT_IDLE_S, IdleDimmer
from app.ui.shell.panel_view import PanelView
from app.ui.shell.scaling import WindowStyler
from app.ui.shell.screen_power import screen_power_from_environment
from app.ui.theme import DAY, Theme, theme_for_time

if TYPE_CHECKING:  # the dialogs load when one opens, not on the first frame
    from app.ui.dialogs.sheet_dialog import SheetDialog

EXIT_SHORTCUT = "Ctrl+Alt+Q"
KIOSK_MINIMUM = (480, 320)  # below the smallest panel; the pages are made to fit 800×480


class KioskWindow(QWidget):
    exit_requested = Signal()

    def __init__(self, services: FrontServices, *, idle_timeout_s: float = DEFAULT_IDLE_S,
                 fullscreen: bool = True, auto_night: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("KioskWindow")
        self.setProperty(KIOSK_PROPERTY, True)
        self.setCursor(Qt.CursorShape.BlankCursor)  # fingers, not a mouse
        self.services = services
        self.dialog: SheetDialog | None = None
        self._auto_night = auto_night
        self.view = PanelView(services, parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.styler = WindowStyler(self)
        self.view.page_built.connect(self.styler.adopt)
        self.dimmer = IdleDimmer(self, idle_timeout_s)
        self.screen_power = screen_power_from_environment(self.dimmer)  # the kiosk unit's
        self.view.header.title.long_pressed.connect(self.request_exit)
        self._shortcut = QShortcut(QKeySequence(EXIT_SHORTCUT), self)
        self._shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._shortcut.activated.connect(self.request_exit)
        self.view.header.clock.ticked.connect(self.follow_daylight)
        # An explicit minimum: left to the layouts, a page needing a few more pixels
        # (a long line) would grow the window past the screen, and it would stay so.
        self.setMinimumSize(*KIOSK_MINIMUM)
        self.resize(800, 480)
        self.styler.set_theme(theme_for_time(services.clock.local_now()) if auto_night else DAY)
        if fullscreen:
            self.setWindowState(Qt.WindowState.WindowFullScreen)

    # --- theme -------------------------------------------------------------------------
    @property
    def theme(self) -> Theme:
        return self.styler.theme

    def set_theme(self, theme: Theme) -> None:
        self.styler.set_theme(theme)
        self.dimmer.overlay.set_theme(theme)

    def follow_daylight(self, now: datetime) -> None:
        """Light theme by day, dark and dimmed at night (checked on every clock tick)."""
        if self._auto_night and theme_for_time(now) is not self.styler.theme:
            self.set_theme(theme_for_time(now))

    # --- leaving kiosk mode ------------------------------------------------------------
    def request_exit(self) -> None:
        if self.dialog is not None:
            return
        if not self.services.access.has_password():
            self.require_password_setup()
            return
        from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog  # not at start

        dialog = PasswordPromptDialog(self.services.access, self, purpose="exit")
        dialog.accepted.connect(self._leave)
        self._present(dialog)

    def require_password_setup(self) -> None:
        if self.dialog is not None or self.services.access.has_password():
            return
        from app.ui.dialogs.set_password_dialog import SetPasswordDialog  # first start only

        self._present(SetPasswordDialog(self.services.access, self, first_start=True))

    def _present(self, dialog: SheetDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_finished)
        dialog.present()

    def _dialog_finished(self) -> None:
        self.dialog = None

    def _leave(self) -> None:
        self.exit_requested.emit()
        self.close()

    # --- Qt ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.dimmer.start()
        if not self.services.access.has_password():
            QTimer.singleShot(0, self, self.require_password_setup)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.dimmer.stop()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.styler.resized()
        self.dimmer.overlay.setGeometry(self.rect())
        if self.dialog is not None:
            self.dialog.setGeometry(self.geometry())

    def closeEvent(self, event) -> None:
        if self.screen_power is not None:
            self.screen_power.shutdown()
        self.dimmer.shutdown()
        super().closeEvent(event)
