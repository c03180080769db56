"""Take over the data of the previous panel: its device code and confirmation code.

The backups are downloaded and checked now; the data is swapped in at the next
start of the panel (the running panel has its database open), and this
panel's own data is kept until the takeover has succeeded.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QProgressBar, QWidget

from app.services.cloud_problem import CloudProblem
from app.services.restore_staging import RestoreStaged
from app.services.services import Services
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.keypad import Keypad
from app.ui.wizards.cloud_texts import problem_text, size_text

_DEVICE = re.compile(r"^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$")


def device_code(text: str) -> str | None:
    """XXXX-XXXX-XXXX from what was typed (hyphens optional, any case)."""
    text = text.strip().replace(" ", "")
    if not _DEVICE.match(text):
        return None
    raw = text.replace("-", "").upper()
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class RestoreDialog(SheetDialog):
    def __init__(self, services: Services, parent: QWidget) -> None:
        super().__init__(parent)
        self.services = services
        self.staged: RestoreStaged | None = None
        self.busy = False
        self.device_field = QLineEdit(self)
        self.device_field.setObjectName("OldDeviceCode")
        self.device_field.setMaxLength(14)
        self.code_field = QLineEdit(self)
        self.code_field.setObjectName("OldConfirmationCode")
        self.code_field.setMaxLength(8)
        self.device_label, self.code_label = QLabel(self), QLabel(self)
        grid = QGridLayout()
        grid.addWidget(self.device_label, 0, 0)
        grid.addWidget(self.device_field, 0, 1)
        grid.addWidget(self.code_label, 1, 0)
        grid.addWidget(self.code_field, 1, 1)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel(self, wordWrap=True)
        self.status.setObjectName("RestoreStatus")
        self.keypad = Keypad(self)
        self.keypad.submitted.connect(self.submit)
        self.body.addLayout(grid)
        self.body.addWidget(self.progress)
        self.body.addWidget(self.status)
        self.body.addWidget(self.keypad, 1)
        for field in (self.device_field, self.code_field):
            field.installEventFilter(self)
            field.returnPressed.connect(self.submit)
        self._target(self.device_field)
        backup = services.backup
        backup.restore_staged.connect(self._on_staged)
        backup.restore_failed.connect(self._on_failed)
        backup.progress.connect(self._on_progress)
        self.finished.connect(self._disconnect)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.device_field, self.code_field):
            self._target(watched)
        return False

    def _target(self, field: QLineEdit) -> None:
        self.keypad.set_target(field)
        self.keypad.set_alpha(field is self.device_field)  # device codes have letters
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self.staged is not None:
            self.accept()
            return
        if self.busy:
            return
        if self.keypad.alpha and self.code_field.text() == "":
            self._target(self.code_field)  # OK after the device code: on to the next field
            return
        translate = QCoreApplication.translate
        code = device_code(self.device_field.text())
        confirmation = self.code_field.text().strip()
        if code is None:
            self._say(
                translate(
                    "RestoreDialog", "A device code has 12 letters and digits, like AB12-CD34-EF56."
                ),
                "error",
            )
            return
        if not (len(confirmation) == 8 and confirmation.isdigit()):
            self._say(translate("RestoreDialog", "The confirmation code has 8 digits."), "error")
            return
        self.busy = True
        self.keypad.hide()  # nothing to type while downloading; the progress takes its room
        self.progress.setValue(0)
        self.progress.show()
        self._say(translate("RestoreDialog", "Downloading and checking the backups…"), "muted")
        self.services.backup.prepare_restore(code, confirmation)

    def _on_progress(self, fraction: float) -> None:
        if self.busy:
            self.progress.setValue(round(100 * fraction))

    def _on_staged(self, staged: RestoreStaged) -> None:
        self.busy = False
        self.staged = staged
        self.progress.setValue(100)
        self.keypad.hide()
        self.retranslate()

    def _on_failed(self, problem: CloudProblem) -> None:
        if self.busy:
            self.busy = False
            self.progress.hide()
            self.keypad.show()
            self._say(problem_text(problem), "error")

    def _say(self, text: str, kind: str) -> None:
        self.status.setText(text)
        self.status.setProperty("kind", kind)
        self.status.style().polish(self.status)

    @property
    def status_text(self) -> str:
        return self.status.text()

    def _disconnect(self) -> None:
        backup = self.services.backup
        backup.restore_staged.disconnect(self._on_staged)
        backup.restore_failed.disconnect(self._on_failed)
        backup.progress.disconnect(self._on_progress)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.title_label.setText(
            translate("RestoreDialog", "Take over data from the previous panel")
        )
        self.cancel_button.setText(
            translate("RestoreDialog", "Close")
            if self.staged
            else translate("RestoreDialog", "Cancel")
        )
        self.message_label.hide()  # 800×480: the keypad needs the room; the fields explain
        self.device_field.setPlaceholderText(
            translate("RestoreDialog", "Old panel: XXXX-XXXX-XXXX")
        )
        self.code_field.setPlaceholderText(
            translate("RestoreDialog", "8 digits, shown at its registration")
        )
        self.device_label.setText(translate("RestoreDialog", "Device code"))
        self.code_label.setText(translate("RestoreDialog", "Confirmation code"))
        if self.staged is not None:
            self._say(
                translate(
                    "RestoreDialog",
                    "{count} backups ({size}) downloaded and checked. "
                    "Restart the panel to take over the data: it is put "
                    "in place at the next start, and this panel's current "
                    "data is kept until that has succeeded.",
                ).format(count=self.staged.archives, size=size_text(self.staged.bytes)),
                "",
            )
