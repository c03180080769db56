"""Asks for the access password (leaving kiosk mode, changing the password, and before a
setting that changes the home: purpose "guard", see password_guard.py)."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.services.access_service import AccessService
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.keypad import Keypad
from app.ui.widgets.styled import restyle


class PasswordPromptDialog(SheetDialog):
    rejected_password = Signal()  # a wrong password was entered

    def __init__(self, access: AccessService, parent: QWidget, *, purpose: str = "exit") -> None:
        super().__init__(parent)
        self._access = access
        self._purpose = purpose
        self.field = QLineEdit(self)
        self.field.setObjectName("PasswordField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self.submit)
        self.field.textEdited.connect(lambda _text: self._set_error(""))
        self.error_label = QLabel(self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.error_label.setProperty("kind", "error")
        self.keypad = Keypad(self)
        self.keypad.set_target(self.field)
        self.keypad.submitted.connect(self.submit)
        # One centred column: the field sits exactly above the numeric pad.
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.field, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.error_label)
        self.body.addWidget(self.keypad, 1)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()
        if self._access.wait_seconds() > 0:  # still waiting after wrong entries before
            self._set_error(self._wait_text())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_field()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_field()

    def _fit_field(self) -> None:
        self.field.setFixedWidth(max(self.keypad.numeric_width(), 240))

    def submit(self) -> None:
        if self._access.wait_seconds() > 0:  # refused unchecked: say how long to wait
            self.field.clear()
            self._set_error(self._wait_text())
            return
        if self._access.verify(self.field.text()):
            self.accept()
            return
        self.field.clear()
        self._set_error(self._wait_text() if self._access.wait_seconds() > 0 else
                        QCoreApplication.translate("PasswordPromptDialog",
                                                   "Wrong password. Please try again."))
        self.rejected_password.emit()

    def _wait_text(self) -> str:
        seconds = math.ceil(self._access.wait_seconds())
        if seconds < 60:
            wait = QCoreApplication.translate("PasswordPromptDialog", "{n} s").format(n=seconds)
        else:
            wait = QCoreApplication.translate("PasswordPromptDialog", "{n} min").format(
                n=math.ceil(seconds / 60))
        return QCoreApplication.translate(
            "PasswordPromptDialog",
            "Too many wrong entries. Try again in {wait}.").format(wait=wait)

    @property
    def error_text(self) -> str:
        return self.error_label.text()

    def _set_error(self, text: str) -> None:
        self.error_label.setText(text)
        restyle(self.field, "invalid", bool(text))

    def retranslate(self) -> None:
        self.cancel_button.setText(QCoreApplication.translate("PasswordPromptDialog", "Cancel"))
        self.field.setPlaceholderText(QCoreApplication.translate("PasswordPromptDialog",
                                                                 "Access password"))
        if self._purpose == "exit":
            self.setWindowTitle(QCoreApplication.translate("PasswordPromptDialog",
                                                           "Leave panel mode"))
            self.message_label.setText(QCoreApplication.translate(
                "PasswordPromptDialog",
                "Enter the access password to close the panel screen."))
        elif self._purpose == "guard":
            self.setWindowTitle(QCoreApplication.translate("PasswordPromptDialog",
                                                           "Access password"))
            self.message_label.setText(QCoreApplication.translate(
                "PasswordPromptDialog",
                "This changes a setting of the home. Enter the access password."))
        else:
            self.setWindowTitle(QCoreApplication.translate("PasswordPromptDialog",
                                                           "Current password"))
            self.message_label.setText(QCoreApplication.translate(
                "PasswordPromptDialog", "Enter the current access password first."))
        self.title_label.setText(self.windowTitle())
