"""The AiSEG2's login typed in three short steps: its address, the login name, the password.

One field per sheet (the keypad fills the rest of an 800×480 screen); each step checks
its field before the next opens; cancelling any step changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from app.domain.aiseg2_status import aiseg2_host
from app.ui.dialogs.text_entry_dialog import TextEntryDialog

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

DEFAULT_USER = "aiseg"  # what AiSEG2s are delivered with


class Aiseg2LoginSteps(QObject):
    entered = Signal(str, str, str)  # host, user, password

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.dialog: TextEntryDialog | None = None
        self._host = self._user = ""

    def start(self, host: str = "") -> None:
        self._show(TextEntryDialog(
            self._parent, title=translate("Aiseg2Login", "AiSEG2: its address"),
            message=translate("Aiseg2Login", "The AiSEG2's address on the home network, "
                                             "e.g. 192.168.0.216"),
            current=host, decimal=True, max_length=21, check=aiseg2_host,
            error=translate("Aiseg2Login", "Type an address such as 192.168.0.216.")),
            self._got_host)

    def _got_host(self, host: str) -> None:
        self._host = host
        self._show(TextEntryDialog(
            self._parent, title=translate("Aiseg2Login", "AiSEG2: login name"),
            message=translate("Aiseg2Login", "The AiSEG2's login name (usually aiseg)"),
            current=DEFAULT_USER, alpha=True, max_length=32, check=lambda text: text or None,
            error=translate("Aiseg2Login", "Type the login name.")), self._got_user)

    def _got_user(self, user: str) -> None:
        self._user = user
        dialog = TextEntryDialog(
            self._parent, title=translate("Aiseg2Login", "AiSEG2: password"),
            message=translate("Aiseg2Login", "The password of the AiSEG2's login"),
            alpha=True, max_length=64, check=lambda text: text or None,
            error=translate("Aiseg2Login", "Type the password."))
        dialog.field.setEchoMode(QLineEdit.EchoMode.Password)
        self._show(dialog, lambda password: self.entered.emit(self._host, self._user, password))

    def _show(self, dialog: TextEntryDialog, then) -> None:
        self.dialog = dialog
        # The next sheet opens once this one has closed.
        dialog.entered.connect(lambda value: QTimer.singleShot(0, lambda: then(value)))
        dialog.present()
