"""The AiSEG2 mirror on the devices page: whether it answers, and the last good reading."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from app.domain.aiseg2_status import MirrorState, MirrorStatus
from app.ui.formatting import format_time, to_local
from app.ui.widgets.styled import restyle


def _time(unix_s: float) -> str:
    return format_time(to_local(datetime.fromtimestamp(unix_s).astimezone()))


def state_text(status: MirrorStatus) -> str:
    """A few words beside the card (the why goes in its detail line)."""
    translate = QCoreApplication.translate
    state = status.state
    if state is MirrorState.STARTING:
        return translate("MirrorCard", "Connecting…")
    if state is MirrorState.CONNECTED:
        return translate("MirrorCard", "Connected")
    if state is MirrorState.SLOW:
        return translate("MirrorCard", "Slow")
    if state is MirrorState.ERROR_PAGES:
        return translate("MirrorCard", "Error pages")
    if state is MirrorState.WRONG_PASSWORD:
        return translate("MirrorCard", "Wrong password")
    return translate("MirrorCard", "Not answering")


def detail_text(status: MirrorStatus) -> str:
    translate = QCoreApplication.translate
    if status.last_good is None:
        parts = [translate("MirrorCard", "No reading yet")]
    else:
        parts = [translate("MirrorCard", "Last reading {time}").format(
            time=_time(status.last_good))]
    if status.state is MirrorState.SLOW:
        parts.append(translate("MirrorCard", "asked less often"))
    elif status.state is MirrorState.WRONG_PASSWORD:
        parts.append(translate("MirrorCard", "not asked again until the password is changed"))
    elif status.retry_at is not None and status.state in (MirrorState.NOT_ANSWERING,
                                                          MirrorState.ERROR_PAGES):
        parts.append(translate("MirrorCard", "asked again at {time}").format(
            time=_time(status.retry_at)))
    return " · ".join(parts)


class MirrorCard(QFrame):
    """Tapped: the installer changes the AiSEG2's login (where the panel may save one)."""

    tapped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "card")
        self.status: MirrorStatus | None = None
        self.title = QLabel(self)
        self.title.setProperty("kind", "heading")
        self.detail = QLabel(self)
        self.detail.setProperty("kind", "muted")
        self.state = QLabel(self)
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 8, 16, 8)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.detail, 1, 0)
        grid.addWidget(self.state, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)

    def show_status(self, status: MirrorStatus) -> None:
        self.status = status
        self.title.setText(QCoreApplication.translate("MirrorCard", "AiSEG2 ({host})").format(
            host=status.host))
        self.detail.setText(detail_text(status))
        self.state.setText(state_text(status))
        live = status.state in (MirrorState.CONNECTED, MirrorState.SLOW)
        restyle(self.state, "kind", "" if live else "muted")
        restyle(self.state, "state", "live" if live else "stale")

    def retranslate(self) -> None:
        if self.status is not None:
            self.show_status(self.status)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # a card that takes the press gets the release, i.e. the tap

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.tapped.emit()
        super().mouseReleaseEvent(event)
