"""The 30-minute power-saving targets (節電設定) of one kind of day, set as time ranges.

The household picks hours (from, to: half-hour steps) and a target (kWh bought in
each half hour), and sets it for those hours, or clears them; the ranges in force are
listed with a ✕ each. "Done" hands back the day's 48 targets (nothing is saved here:
the settings sheet saves them with the rest).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.target_ranges import SLOTS, slot_time, target_ranges, with_range
from app.ui.dialogs.number_dialog import NumberDialog, NumberRange
from app.ui.dialogs.sheet_dialog import KIOSK_PROPERTY, SheetDialog
from app.ui.formatting import format_energy_kwh, format_time
from app.ui.widgets.editor_row import EditorRow, action_button
from app.ui.widgets.touch import kinetic_scroll

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

TARGET_KWH = NumberRange(0.1, 20.0, decimals=1)  # a half hour's purchase
DEFAULT_RANGE = (36, 40)  # 18:00–20:00, the evening peak
DEFAULT_KWH = 1.0


class TargetsDialog(SheetDialog):
    chosen = Signal(tuple)  # the 48 targets (Wh or None)

    def __init__(
        self, targets: tuple[float | None, ...], holiday: bool, parent: QWidget, lang: str = "ja"
    ) -> None:
        super().__init__(parent)
        self.setProperty(KIOSK_PROPERTY, self._kiosk)  # its keypad is a sheet too
        self.targets = tuple(targets)
        self.holiday = holiday
        self.lang = lang
        self.dialog: NumberDialog | None = None
        existing = target_ranges(self.targets)
        self.first_slot, self.end_slot = (
            (existing[0].first_slot, existing[0].end_slot) if existing else DEFAULT_RANGE
        )
        self.kwh = existing[0].wh / 1000 if existing else DEFAULT_KWH

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.ranges_box = QVBoxLayout()
        self.ranges_box.setSpacing(4)
        column.addLayout(self.ranges_box)
        self.editor_box = QVBoxLayout()
        self.editor_box.setSpacing(4)
        column.addLayout(self.editor_box)
        column.addStretch(1)
        self.body.addWidget(kinetic_scroll(content, self), 1)
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("TargetsDone")
        self.done_button.setProperty("kind", "primary")
        self.done_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_button.clicked.connect(self.finish)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button)
        self.body.addLayout(row)
        self.retranslate()

    # --- actions -----------------------------------------------------------------------
    def step_first(self, slots: int) -> None:
        self.first_slot = (self.first_slot + slots) % SLOTS
        self._rebuild()

    def step_end(self, slots: int) -> None:
        self.end_slot = (self.end_slot - 1 + slots) % SLOTS + 1  # 1..48 (48: midnight)
        self._rebuild()

    def ask_kwh(self) -> None:
        self.dialog = NumberDialog(
            self,
            title=translate("TargetsDialog", "Target for each half hour"),
            message=translate(
                "TargetsDialog",
                "At most this much bought from the grid in each 30 minutes of these hours.",
            ),
            unit="kWh",
            allowed=TARGET_KWH,
            current=self.kwh,
        )
        self.dialog.entered.connect(self.set_kwh)
        self.dialog.present()

    def set_kwh(self, kwh: float) -> None:
        self.kwh = kwh
        self._rebuild()

    def apply(self) -> None:
        """Set the target for the hours chosen."""
        self.targets = with_range(self.targets, self.first_slot, self.end_slot, self.kwh * 1000)
        self._rebuild()

    def remove(self, first_slot: int, end_slot: int) -> None:
        self.targets = with_range(self.targets, first_slot, end_slot, None)
        self._rebuild()

    def finish(self) -> None:
        self.chosen.emit(self.targets)
        self.accept()

    # --- view --------------------------------------------------------------------------
    def _rebuild(self) -> None:
        for box in (self.ranges_box, self.editor_box):
            while box.count():
                widget = box.takeAt(0).widget()
                if widget is not None:
                    widget.deleteLater()
        ranges = target_ranges(self.targets)
        if not ranges:
            empty = QLabel(translate("TargetsDialog", "No targets for these days."))
            empty.setProperty("kind", "muted")
            self.ranges_box.addWidget(empty)
        for r in ranges:
            remove = action_button("✕", lambda r=r: self.remove(r.first_slot, r.end_slot))
            remove.setAccessibleName(translate("TargetsDialog", "Remove this target"))
            self.ranges_box.addWidget(
                EditorRow(
                    f"{format_time(r.start)}–{format_time(r.end)}  "
                    f"{format_energy_kwh(r.wh / 1000, self.lang)}",
                    [remove],
                )
            )
        heading = QLabel(translate("TargetsDialog", "Set a target for some hours"))
        heading.setProperty("kind", "heading")
        self.editor_box.addWidget(heading)
        earlier, later = (
            translate("TargetsDialog", "−30 min"),
            translate("TargetsDialog", "+30 min"),
        )
        self.first_label = QLabel(format_time(slot_time(self.first_slot)))
        self.end_label = QLabel(format_time(slot_time(self.end_slot)))
        for caption, label, step in (
            (translate("TargetsDialog", "From"), self.first_label, self.step_first),
            (translate("TargetsDialog", "To"), self.end_label, self.step_end),
        ):
            label.setProperty("kind", "heading")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumWidth(70)
            self.editor_box.addWidget(
                EditorRow(
                    caption,
                    [
                        action_button(earlier, lambda step=step: step(-1)),
                        label,
                        action_button(later, lambda step=step: step(1)),
                    ],
                )
            )
        self.kwh_button = action_button(format_energy_kwh(self.kwh, self.lang), self.ask_kwh)
        self.kwh_button.setObjectName("TargetKwh")
        self.set_button = action_button(
            translate("TargetsDialog", "Set for these hours"), self.apply
        )
        self.set_button.setObjectName("TargetSet")
        # The value and the button that applies it on one line: all of it in view at 480 px.
        self.editor_box.addWidget(
            EditorRow(translate("TargetsDialog", "Each half hour at most"),
                      [self.kwh_button, self.set_button])
        )

    def retranslate(self) -> None:
        self.title_label.setText(
            translate("TargetsDialog", "30-minute targets: holidays")
            if self.holiday
            else translate("TargetsDialog", "30-minute targets: weekdays")
        )
        self.message_label.setText(
            translate(
                "TargetsDialog",
                "When more is bought in a half hour than its target, the panel posts a notice "
                "and the battery's AI control pauses for that half hour.",
            )
        )
        self.cancel_button.setText(translate("TargetsDialog", "Cancel"))
        self.done_button.setText(translate("TargetsDialog", "Done"))
        self._rebuild()
