"""Asks before something that changes what the household has (a plan saved from a date)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.ui.dialogs.sheet_dialog import SheetDialog


class ConfirmDialog(SheetDialog):
    """``accepted`` when the confirm button is tapped; Cancel (top right) rejects."""

    def __init__(self, parent: QWidget, *, title: str, message: str, confirm: str) -> None:
        super().__init__(parent)
        self.title_label.setText(title)
        self.message_label.setText(message)
        self.message_label.setProperty("kind", "")
        self.confirm_button = QPushButton(confirm, self)
        self.confirm_button.setObjectName("DialogConfirm")
        self.confirm_button.setProperty("kind", "primary")
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.setMinimumHeight(56)
        self.confirm_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.confirm_button)
        self.body.addStretch(1)
        self.body.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(QCoreApplication.translate("ConfirmDialog", "Cancel"))
