"""The AI Solar Charge settings by touch: AI on or off, outage care, the EcoCute's day-time
heating, the car's departure and target, the 30-minute targets.

The page asks for the access password before opening it (kiosk). Each row edits a
draft; "Save" hands the whole `ControlSettings` back once (``saved``), and the page
gives it to the control service, which saves it and plans again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.control_view import ControlSettings
from app.domain.target_ranges import SLOTS, slot_of, slot_time
from app.ui.control_texts import departure_text, targets_text
from app.ui.dialogs.number_dialog import NumberDialog, NumberRange
from app.ui.dialogs.sheet_dialog import KIOSK_PROPERTY, SheetDialog
from app.ui.dialogs.targets_dialog import TargetsDialog
from app.ui.formatting import format_percent
from app.ui.widgets.editor_row import EditorRow, action_button
from app.ui.widgets.touch import kinetic_scroll

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

RESERVE = NumberRange(0.0, 100.0, decimals=0)
EV_TARGET = NumberRange(10.0, 100.0, decimals=0)
FIRST_DEPARTURE = time(7, 0)  # where the steps start when no departure was set


def stepped(moment: time | None, slots: int) -> time:
    """A departure moved by half hours (round the clock)."""
    if moment is None:
        return FIRST_DEPARTURE
    return slot_time((slot_of(moment) + slots) % SLOTS)


class ControlSettingsDialog(SheetDialog):
    saved = Signal(object)  # ControlSettings

    def __init__(self, settings: ControlSettings, parent: QWidget, lang: str = "ja") -> None:
        super().__init__(parent)
        self.setProperty(KIOSK_PROPERTY, self._kiosk)  # its keypads are sheets too
        self.original = settings
        self.settings = settings
        self.lang = lang
        self.dialog: NumberDialog | TargetsDialog | None = None
        self.rows: dict[str, QWidget] = {}
        content = QWidget()
        self.column = QVBoxLayout(content)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(4)
        self.body.addWidget(kinetic_scroll(content, self), 1)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("ControlSettingsSave")
        self.save_button.setProperty("kind", "primary")
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        self.body.addLayout(row)
        self.retranslate()

    # --- edits -------------------------------------------------------------------------
    def set_settings(self, settings: ControlSettings) -> None:
        self.settings = settings
        self._rebuild()

    def change(self, **changes) -> None:
        self.set_settings(replace(self.settings, **changes))

    def ask_reserve(self) -> None:
        self._ask(
            translate("ControlSettingsDialog", "Outage care"),
            translate(
                "ControlSettingsDialog",
                "The battery is never discharged below this level, "
                "so that it can supply the house in an outage.",
            ),
            "%",
            RESERVE,
            self.settings.reserve_pct,
            lambda value: self.change(reserve_pct=value),
        )

    def ask_ev_target(self) -> None:
        self._ask(
            translate("ControlSettingsDialog", "Car charged to"),
            translate("ControlSettingsDialog", "The level the car should have when it leaves."),
            "%",
            EV_TARGET,
            self.settings.ev_target_pct,
            lambda value: self.change(ev_target_pct=value),
        )

    def _ask(
        self, title: str, message: str, unit: str, allowed: NumberRange, current: float, done
    ) -> None:
        self.dialog = NumberDialog(
            self, title=title, message=message, unit=unit, allowed=allowed, current=current
        )
        self.dialog.entered.connect(done)
        self.dialog.present()

    def edit_targets(self, holiday: bool) -> None:
        targets = self.settings.holiday_targets_wh if holiday else self.settings.weekday_targets_wh
        self.dialog = TargetsDialog(targets, holiday, self, self.lang)
        field = "holiday_targets_wh" if holiday else "weekday_targets_wh"
        self.dialog.chosen.connect(lambda chosen: self.change(**{field: tuple(chosen)}))
        self.dialog.present()

    def save(self) -> None:
        self.saved.emit(self.settings)
        self.accept()

    # --- view --------------------------------------------------------------------------
    def _choice(self, name: str, value: bool, field: str) -> list[QWidget]:
        # Checked from the draft at every rebuild (a tap rebuilds the rows).
        buttons: list[QWidget] = []
        for on, text in (
            (True, translate("ControlSettingsDialog", "On")),
            (False, translate("ControlSettingsDialog", "Off")),
        ):
            button = action_button(
                text,
                lambda on=on: self.change(**{field: on}),
                name=f"{name}_{'on' if on else 'off'}",
            )
            button.setCheckable(True)
            button.setChecked(value is on)
            buttons.append(button)
        return buttons

    def _rebuild(self) -> None:
        while self.column.count():
            item = self.column.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        s = self.settings
        self.rows = {
            "ai": EditorRow(
                translate("ControlSettingsDialog", "AI Solar Charge Plus"),
                self._choice("AiEnabled", s.ai_enabled, "ai_enabled"),
            ),
            "reserve": EditorRow(
                translate("ControlSettingsDialog", "Outage care: keep in the battery"),
                [
                    action_button(
                        format_percent(s.reserve_pct), self.ask_reserve, name="ReserveValue"
                    )
                ],
            ),
            "ecocute": EditorRow(
                translate("ControlSettingsDialog", "EcoCute heats in the day's surplus"),
                self._choice("EcoCuteShift", s.ecocute_day_shift, "ecocute_day_shift"),
            ),
            "departure": EditorRow(
                translate("ControlSettingsDialog", "Car leaves at"),
                [
                    action_button(
                        translate("ControlSettingsDialog", "−30 min"),
                        lambda: self.change(ev_departure=stepped(self.settings.ev_departure, -1)),
                        name="DepartureEarlier",
                    ),
                    _value_label(departure_text(s.ev_departure)),
                    action_button(
                        translate("ControlSettingsDialog", "+30 min"),
                        lambda: self.change(ev_departure=stepped(self.settings.ev_departure, 1)),
                        name="DepartureLater",
                    ),
                    action_button(
                        translate("ControlSettingsDialog", "Clear"),
                        lambda: self.change(ev_departure=None),
                        s.ev_departure is not None,
                        name="DepartureClear",
                    ),
                ],
            ),
            "ev_target": EditorRow(
                translate("ControlSettingsDialog", "Car charged to"),
                [
                    action_button(
                        format_percent(s.ev_target_pct), self.ask_ev_target, name="EvTargetValue"
                    )
                ],
            ),
            "weekday": _targets_row(
                translate("ControlSettingsDialog", "30-minute targets, weekdays"),
                targets_text(s.weekday_targets_wh, self.lang),
                lambda: self.edit_targets(False),
                "WeekdayTargets",
            ),
            "holiday": _targets_row(
                translate("ControlSettingsDialog", "30-minute targets, holidays"),
                targets_text(s.holiday_targets_wh, self.lang),
                lambda: self.edit_targets(True),
                "HolidayTargets",
            ),
        }
        for row in self.rows.values():
            self.column.addWidget(row)
        self.column.addStretch(1)
        self.save_button.setEnabled(self.settings != self.original)

    def retranslate(self) -> None:
        self.title_label.setText(translate("ControlSettingsDialog", "AI Solar Charge settings"))
        self.message_label.setText(
            translate("ControlSettingsDialog", "Changes apply when saved: the plan is made again.")
        )
        self.cancel_button.setText(translate("ControlSettingsDialog", "Cancel"))
        self.save_button.setText(translate("ControlSettingsDialog", "Save"))
        self._rebuild()


def _value_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("kind", "heading")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumWidth(80)
    return label


def _targets_row(caption: str, summary: str, edit, name: str) -> QFrame:
    """A caption, what is set (wrapped: a day can have several ranges) and Edit."""
    row = QFrame()
    row.setObjectName("EditorRow")
    text = QVBoxLayout()
    text.setSpacing(0)
    title = QLabel(caption)
    value = QLabel(summary, wordWrap=True)
    value.setProperty("kind", "muted")
    text.addWidget(title)
    text.addWidget(value)
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 2, 0, 2)
    line.addLayout(text, 1)
    line.addWidget(action_button(translate("ControlSettingsDialog", "Edit"), edit, name=name))
    return row
