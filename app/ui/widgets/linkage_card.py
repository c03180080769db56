"""The 気象警報連動 card of the settings page: the household's on/off and what it does now.

The card only shows and asks: ``choice_made(bool)`` says which button was tapped (the
page asks for the access password and tells the control service); `show_status`
draws a LinkageStatus. Until the first status arrives neither button is checked.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.domain.device_command import CommandOutcome
from app.domain.warning_linkage import BATTERY, V2H, LinkageStatus
from app.ui.formatting import format_date_time
from app.ui.notice_texts import HOME_ZONE


class LinkageCard(QFrame):
    choice_made = Signal(bool)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "card")
        self.status: LinkageStatus | None = None
        self.language = "ja"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(6)
        self.heading = QLabel()
        self.heading.setProperty("kind", "heading")
        self.note = QLabel(wordWrap=True)
        self.note.setProperty("kind", "muted")
        self.state_label = QLabel(wordWrap=True)
        self.state_label.setObjectName("LinkageState")
        self.buttons = QButtonGroup(self)
        self.on_button, self.off_button = QPushButton(), QPushButton()
        row = QHBoxLayout()
        row.setSpacing(10)
        for name, button, on in (("LinkageOn", self.on_button, True),
                                 ("LinkageOff", self.off_button, False)):
            button.setObjectName(name)
            button.setCheckable(True)
            button.setProperty("kind", "choice")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, on=on: self._chosen(on))
            self.buttons.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.buttons.setExclusive(False)  # nothing checked until the setting is known
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.state_label)
        self.retranslate()

    def _chosen(self, on: bool) -> None:
        self._check(None if self.status is None else self.status.enabled)  # until saved
        self.choice_made.emit(on)

    def _check(self, enabled: bool | None) -> None:
        self.on_button.setChecked(enabled is True)
        self.off_button.setChecked(enabled is False)

    def show_status(self, status: LinkageStatus) -> None:
        self.status = status
        self._check(status.enabled)
        self.state_label.setText(self.state_text(status))

    def state_text(self, status: LinkageStatus) -> str:
        translate = QCoreApplication.translate
        state = status.state
        what = {(BATTERY,): translate("LinkageCard", "the battery"),
                (V2H,): translate("LinkageCard", "the car (V2H)"),
                (BATTERY, V2H): translate("LinkageCard", "the battery and the car (V2H)")}
        lines = []
        if state.in_force:
            since = "—" if state.since is None else format_date_time(
                datetime.fromtimestamp(state.since, HOME_ZONE), self.language)
            charging = tuple(t for t in (BATTERY, V2H) if t in state.remembered)
            lines.append(translate("LinkageCard", "In force since {since}: charging {what} "
                                                  "until the warning is lifted.").format(
                since=since, what=what.get(charging, what[(BATTERY,)])))
        elif state.remembered:
            lines.append(translate("LinkageCard", "The warning is over: returning {what} to "
                                                  "its own mode.").format(
                what=what.get(tuple(t for t in (BATTERY, V2H) if t in state.remembered),
                              what[(BATTERY,)])))
        elif status.enabled and not status.targets:
            lines.append(translate("LinkageCard", "No battery or V2H found that the panel "
                                                  "can charge."))
        elif status.enabled:
            lines.append(translate("LinkageCard", "No warning now. It charges {what} when "
                                                  "one is issued.").format(
                what=what.get(status.targets, what[(BATTERY,)])))
        for target, outcome in status.problems.items():
            device = what[(target,)]
            lines.append(translate("LinkageCard", "{device} did not answer.").format(
                device=device) if outcome == CommandOutcome.UNREACHABLE else
                translate("LinkageCard", "{device} refused the change.").format(
                device=device))
        return "\n".join(line[:1].upper() + line[1:] for line in lines)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.heading.setText(translate("LinkageCard", "Weather-warning linkage"))
        self.note.setText(translate(
            "LinkageCard", "When a weather warning (not an advisory) is issued for your area, "
                           "the battery is charged full, and a V2H car up to its set level, "
                           "until the warning is lifted; then they return to the mode they "
                           "had. Meanwhile solar surplus charging and AI control pause."))
        self.on_button.setText(translate("LinkageCard", "On"))
        self.off_button.setText(translate("LinkageCard", "Off"))
        if self.status is not None:
            self.state_label.setText(self.state_text(self.status))
