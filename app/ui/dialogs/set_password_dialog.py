"""Sets the access password: entered twice, policy errors shown next to the field.

Used at first start of the kiosk (cannot be cancelled) and from Settings.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from app.domain.access_password import MIN_LENGTH, PasswordPolicyError, check_policy
from app.services.access_service import AccessService
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.keypad import Keypad
from app.ui.widgets.styled import restyle


class SetPasswordDialog(SheetDialog):
    def __init__(self, access: AccessService, parent: QWidget, *,
                 first_start: bool = False) -> None:
        super().__init__(parent, cancellable=not first_start)
        self._access = access
        self._first_start = first_start
        self.new_field = self._field("NewPasswordField")
        self.confirm_field = self._field("ConfirmPasswordField")
        self.new_caption = QLabel(self)
        self.confirm_caption = QLabel(self)
        self.new_error = self._error_label()
        self.confirm_error = self._error_label()
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        for row, (caption, field, error) in enumerate((
                (self.new_caption, self.new_field, self.new_error),
                (self.confirm_caption, self.confirm_field, self.confirm_error))):
            grid.addWidget(caption, row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(error, row, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        self.body.addLayout(grid)
        self.keypad = Keypad(self)
        self.keypad.submitted.connect(self._keypad_ok)
        self.body.addWidget(self.keypad, 1)
        self.keypad.set_target(self.new_field)
        self.new_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.installEventFilter(self)
        field.returnPressed.connect(self._keypad_ok)
        return field

    def _error_label(self) -> QLabel:
        label = QLabel(self, wordWrap=True)
        label.setProperty("kind", "error")
        return label

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self.keypad.set_target(watched)  # the keypad types where the user tapped
        return super().eventFilter(watched, event)

    def _keypad_ok(self) -> None:
        if self.new_field.hasFocus() and not self.confirm_field.text():
            if self._check_new():
                self.confirm_field.setFocus(Qt.FocusReason.OtherFocusReason)
                self.keypad.set_target(self.confirm_field)
            return
        self.submit()

    def _check_new(self) -> bool:
        try:
            check_policy(self.new_field.text())
        except PasswordPolicyError:
            self._set_error(self.new_field, self.new_error, QCoreApplication.translate(
                "SetPasswordDialog", "Use at least {count} characters.").format(count=MIN_LENGTH))
            return False
        self._set_error(self.new_field, self.new_error, "")
        return True

    def submit(self) -> None:
        if not self._check_new():
            self.new_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.confirm_field.text() != self.new_field.text():
            self._set_error(self.confirm_field, self.confirm_error, QCoreApplication.translate(
                "SetPasswordDialog", "The two entries do not match."))
            self.confirm_field.clear()
            self.confirm_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._set_error(self.confirm_field, self.confirm_error, "")
        try:
            self._access.set_password(self.new_field.text())
        except PasswordPolicyError:  # the domain's policy is the last word
            self._check_new()
            return
        self.accept()

    @staticmethod
    def _set_error(field: QLineEdit, label: QLabel, text: str) -> None:
        label.setText(text)
        restyle(field, "invalid", bool(text))

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        if self._first_start:
            self.setWindowTitle(translate("SetPasswordDialog", "Set the access password"))
            self.message_label.setText(translate(
                "SetPasswordDialog",
                "Welcome. First choose the password that protects the settings and leaving "
                "the panel screen. Enter it twice."))
        else:
            self.setWindowTitle(translate("SetPasswordDialog", "Change the access password"))
            self.message_label.setText(translate("SetPasswordDialog",
                                                 "Enter the new password twice."))
        self.title_label.setText(self.windowTitle())
        self.cancel_button.setText(translate("SetPasswordDialog", "Cancel"))
        self.new_caption.setText(translate("SetPasswordDialog", "New password"))
        self.confirm_caption.setText(translate("SetPasswordDialog", "Enter again"))
        self.new_field.setPlaceholderText(translate(
            "SetPasswordDialog", "{count} or more characters").format(count=MIN_LENGTH))
