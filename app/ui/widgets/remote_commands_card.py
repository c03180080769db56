"""The settings page's card for commands from smartphones and smart speakers: the
household's switch (off until it turns it on), what the relay is doing, and the last few
commands with what came of them.

The card only shows and asks: ``choice_made(bool)`` says the switch was tapped (the page
asks for the access password and tells the relay service); `show_status` draws a
RelayStatus. Until the first status arrives the switch is off and disabled.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout

from app.domain.events import eoj_of
from app.domain.remote_commands import (
    BATTERY_MODE,
    DEVICE_GONE,
    DONE,
    FORBIDDEN,
    NOT_REGISTERED,
    POWER,
    REFUSED,
    TEMPERATURE,
    UNREACHABLE,
    RelayStatus,
    RemoteRun,
)
from app.ui.device_classes import device_class_name
from app.ui.formatting import format_date_time, format_temperature
from app.ui.notice_texts import HOME_ZONE, value_text

SHOWN_RUNS = 5


class RemoteCommandsCard(QFrame):
    choice_made = Signal(bool)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "card")
        self.status: RelayStatus | None = None
        self.language = "ja"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(6)
        self.heading = QLabel()
        self.heading.setProperty("kind", "heading")
        self.note = QLabel(wordWrap=True)
        self.note.setProperty("kind", "muted")
        self.switch = QPushButton()
        self.switch.setObjectName("RemoteCommandsSwitch")
        self.switch.setCheckable(True)
        self.switch.setProperty("kind", "choice")
        self.switch.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.switch.setEnabled(False)
        self.switch.clicked.connect(self._tapped)
        self.state_label = QLabel(wordWrap=True)
        self.state_label.setObjectName("RemoteCommandsState")
        self.runs_label = QLabel(wordWrap=True)
        self.runs_label.setObjectName("RemoteCommandsRuns")
        self.runs_label.setProperty("kind", "muted")
        for widget in (self.heading, self.note, self.switch, self.state_label,
                       self.runs_label):
            layout.addWidget(widget)
        self.retranslate()

    def _tapped(self) -> None:
        wanted = self.switch.isChecked()
        self.switch.setChecked(bool(self.status and self.status.allowed))  # until saved
        self.choice_made.emit(wanted)

    def show_status(self, status: RelayStatus) -> None:
        self.status = status
        self.switch.setEnabled(True)
        self.switch.setChecked(status.allowed)
        self._texts()

    def _texts(self) -> None:
        status = self.status
        self.state_label.setText("" if status is None else self.state_text(status))
        runs = () if status is None else status.runs[-SHOWN_RUNS:]
        self.runs_label.setText("\n".join(self.run_text(r) for r in reversed(runs)))
        self.runs_label.setVisible(bool(runs))

    def state_text(self, status: RelayStatus) -> str:
        translate = QCoreApplication.translate
        if not status.allowed:
            return translate("RemoteCommandsCard", "Off: commands from outside are refused.")
        if status.problem == NOT_REGISTERED:
            return translate("RemoteCommandsCard", "On, but the panel is not registered with "
                                                   "the server: register it first.")
        if status.problem is not None:
            return translate("RemoteCommandsCard", "On. The server cannot be reached now; "
                                                   "the panel keeps trying.")
        return translate("RemoteCommandsCard", "On: waiting for commands. Devices that can "
                                               "be operated: {count}.").format(
            count=status.devices)

    def run_text(self, run: RemoteRun) -> str:
        translate = QCoreApplication.translate
        when = format_date_time(datetime.fromtimestamp(run.at, HOME_ZONE), self.language)
        device = run.name or device_class_name(eoj_of(run.device) >> 8)
        if run.action == POWER:
            what = translate("RemoteCommandsCard", "power {value}").format(
                value=value_text(str(run.value)))
        elif run.action == TEMPERATURE:
            what = translate("RemoteCommandsCard", "set to {value}").format(
                value=format_temperature(float(run.value), self.language))
        elif run.action == BATTERY_MODE:
            what = translate("RemoteCommandsCard", "mode {value}").format(
                value=value_text(str(run.value)))
        else:
            what = run.action
        outcomes = {
            DONE: translate("RemoteCommandsCard", "done"),
            REFUSED: translate("RemoteCommandsCard", "refused by the device"),
            UNREACHABLE: translate("RemoteCommandsCard", "the device did not answer"),
            FORBIDDEN: translate("RemoteCommandsCard", "not allowed"),
            DEVICE_GONE: translate("RemoteCommandsCard", "device not found"),
        }
        return translate("RemoteCommandsCard", "{when}  {device}: {what} — {outcome}").format(
            when=when, device=device, what=what, outcome=outcomes.get(run.outcome, run.outcome))

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.heading.setText(translate("RemoteCommandsCard",
                                       "Smartphones and smart speakers"))
        self.note.setText(translate(
            "RemoteCommandsCard", "Lets a smartphone or smart speaker linked to this home "
                                  "(with a login code from the panel) switch lights and air "
                                  "conditioners, set the air conditioner's temperature and "
                                  "change the battery's mode, through the server. Each change "
                                  "is checked on the device and listed in the appliance "
                                  "history as \"remote\"."))
        self.switch.setText(translate("RemoteCommandsCard",
                                      "Allow operation from smartphones and smart speakers"))
        self._texts()
