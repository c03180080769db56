"""Base of the panel's dialogs: full-window sheets on the kiosk, normal dialogs on a desktop.

On the kiosk a dialog covers the whole panel, frameless, with no cursor; it is
window-modal and opened with ``present()`` (never ``exec()``, which would block
the event loop and tests). A dialog that must be answered cannot be cancelled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.dialogs import KIOSK_PROPERTY
from app.ui.retranslate import RetranslateMixin
from app.ui.theme import scale_for_size, scale_layouts

DESKTOP_SIZE = (760, 480)


def is_kiosk(widget: QWidget | None) -> bool:
    return widget is not None and bool(widget.window().property(KIOSK_PROPERTY))


class SheetDialog(RetranslateMixin, QDialog):
    def __init__(self, parent: QWidget, *, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName(type(self).__name__)
        self.cancellable = cancellable
        self._kiosk = is_kiosk(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.finished.connect(self.deleteLater)  # one-shot: owners drop their reference
        if self._kiosk:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
            self.setCursor(Qt.CursorShape.BlankCursor)
            # A dialog opened from this one (a wizard's list) is a sheet too: it covered
            # the panel only 760 px wide, the wizard showing at its edge.
            self.setProperty(KIOSK_PROPERTY, True)
        self.title_label = QLabel(self)
        self.title_label.setProperty("kind", "title")
        self.message_label = QLabel(self, wordWrap=True)
        self.message_label.setProperty("kind", "muted")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("DialogCancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setVisible(cancellable)

        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 14, 20, 16)
        self.body.setSpacing(8)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.cancel_button)
        self.body.addLayout(title_row)
        self.body.addWidget(self.message_label)

    def present(self) -> None:
        """Show the dialog window-modally over its window."""
        host = self.parentWidget().window()
        scale = scale_for_size(host.width(), host.height())
        scale_layouts(self, scale)
        if self._kiosk:
            self.setGeometry(host.geometry())
        else:
            self.resize(round(DESKTOP_SIZE[0] * scale), round(DESKTOP_SIZE[1] * scale))
        self.open()
        self.activateWindow()

    def reject(self) -> None:
        if self.cancellable:
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter belongs to the focused field, not to a default button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
