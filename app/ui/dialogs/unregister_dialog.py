"""Delete the registration: what will be deleted, the access password, then the result.

The deletion stops all sending at once, also without a connection; the
service's copy is then deleted as soon as it can be reached (shown as pending).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.cloud_service import CloudState
from app.services.services import Services
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.wizards.cloud_texts import problem_text


class UnregisterDialog(SheetDialog):
    def __init__(self, services: Services, parent: QWidget) -> None:
        super().__init__(parent)
        self.services = services
        self.prompt: SheetDialog | None = None
        self.outcome: CloudState | None = None
        self.busy = False
        self.details = QLabel(self, wordWrap=True)
        self.details.setObjectName("UnregisterDetails")
        self.status = QLabel(self, wordWrap=True)
        self.status.setObjectName("UnregisterStatus")
        self.confirm_button = QPushButton(self)
        self.confirm_button.setObjectName("ConfirmUnregister")
        self.confirm_button.setProperty("kind", "danger")  # destructive: red
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.setMinimumHeight(56)
        self.confirm_button.clicked.connect(self.confirm)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.confirm_button)
        self.body.addWidget(self.details)
        self.body.addStretch(1)
        self.body.addWidget(self.status)
        self.body.addLayout(row)
        services.cloud.unregistered.connect(self._on_unregistered)
        self.finished.connect(
            lambda _r: services.cloud.unregistered.disconnect(self._on_unregistered)
        )
        self.retranslate()

    def confirm(self) -> None:
        if self.outcome is not None:
            self.accept()
            return
        if self.busy:
            return
        # Always, on the desktop too (the text promises it); with no password yet, one is set.
        self.prompt = ask_password_then(self, self.services.access, self._send, always=True)

    def _send(self) -> None:
        self.prompt = None
        self.busy = True
        self.confirm_button.setEnabled(False)
        self.services.cloud.unregister()
        self.retranslate()

    def _on_unregistered(self, state: CloudState) -> None:
        self.busy = False
        self.outcome = state
        self.confirm_button.setEnabled(True)
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.title_label.setText(translate("UnregisterDialog", "Delete the registration"))
        self.cancel_button.setText(translate("UnregisterDialog", "Cancel"))
        self.cancel_button.setVisible(self.outcome is None and not self.busy)
        self.details.setText(
            translate(
                "UnregisterDialog",
                "The service will delete this panel's registration, the household facts, every "
                "backup of this panel and any takeover codes. The panel stops sending anything "
                "at once, and its daily backup stops. The data on this panel stays here. Do this "
                "before you sell or dispose of the panel.\n\nYou will be asked for the access "
                "password.",
            )
        )
        state = self.outcome
        if self.busy:
            self.status.setText(translate("UnregisterDialog", "Deleting…"))
        elif state is None:
            self.status.clear()
        elif state.deletion_pending:
            self.status.setText(
                translate(
                    "UnregisterDialog",
                    "Sending has stopped. The service cannot be reached now, so its copy will be "
                    "deleted as soon as the connection returns (shown as pending in Server "
                    "registration).",
                )
                + "\n"
                + problem_text(state.error)
            )
        else:
            self.status.setText(
                translate(
                    "UnregisterDialog",
                    "The registration and the data on the service have been deleted.",
                )
            )
        self.confirm_button.setText(
            translate("UnregisterDialog", "Close")
            if state is not None
            else translate("UnregisterDialog", "Delete registration")
        )
