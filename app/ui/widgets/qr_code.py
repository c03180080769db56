"""A QR code drawn with QPainter from the `qrcode` package's module matrix (no PIL).

Black modules on white with the quiet zone the standard asks for, whatever the theme:
a phone's camera reads dark on light.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_MODULES = 4  # the quiet zone around the code (ISO/IEC 18004)


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of `text` as a QR code (error correction M), quiet zone included."""
    import qrcode  # only when a code is shown

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M,
                         border=QUIET_MODULES)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


class QrCode(QWidget):
    def __init__(self, parent: QWidget | None = None, side: int = 168) -> None:
        super().__init__(parent)
        self._matrix: tuple[tuple[bool, ...], ...] = ()
        self.text = ""
        self.setFixedSize(QSize(side, side))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str) -> None:
        self.text = text
        self._matrix = qr_matrix(text) if text else ()
        self.update()

    @property
    def matrix(self) -> tuple[tuple[bool, ...], ...]:
        return self._matrix

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        count = len(self._matrix)
        if count:
            # Whole pixels per module, centred: blurred edges read badly.
            module = max(1, min(self.width(), self.height()) // count)
            left = (self.width() - module * count) // 2
            top = (self.height() - module * count) // 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#000000"))
            for y, row in enumerate(self._matrix):
                for x, dark in enumerate(row):
                    if dark:
                        painter.drawRect(QRectF(left + x * module, top + y * module,
                                                module, module))
        painter.end()
