"""One history event in full: who changed what, and why; an error's code, meaning and times.

The device is named as the household named it (else by its kind); its network
address and object code are for the installer's desktop only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.domain.events import EventKind, EventRecord
from app.domain.fault_codes import MakerTable
from app.ui.dialogs.sheet_dialog import SheetDialog, is_kiosk
from app.ui.formatting import format_energy_kwh
from app.ui.notice_texts import (
    action_text,
    cause_text,
    device_label,
    fault_class_text,
    fault_meaning,
    kind_text,
    local_time,
    meaning_text,
    not_recovered_text,
    property_text,
    setting_text,
)
from app.ui.widgets.touch import kinetic_scroll


class EventDetailDialog(SheetDialog):
    def __init__(self, record: EventRecord, language: str, makers: MakerTable | None,
                 parent: QWidget, device_name: str = "") -> None:
        """``device_name``: what the household calls the device ('' if unnamed)."""
        super().__init__(parent)
        self.record = record
        self.device_name = device_name
        self.language = language
        self.makers = makers
        content = QWidget()
        self._grid = QGridLayout(content)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(8)
        self._grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}  # caption -> value label (tests read them)
        self.body.addWidget(kinetic_scroll(content, self), 1)
        self.retranslate()

    def _rows(self) -> list[tuple[str, str]]:
        translate = QCoreApplication.translate
        r, lang = self.record, self.language
        rows = [(translate("EventDetailDialog", "Device"),
                 self.device_name or device_label(r.device))]
        if not is_kiosk(self.parentWidget()):  # the installer's desktop: which node and object
            rows.append((translate("EventDetailDialog", "Address"), r.device))
        if r.kind is EventKind.ERROR:
            meaning = fault_meaning(r.code, r.maker, r.device, self.makers)
            recovered = (not_recovered_text() if r.recovered_at is None
                         else local_time(r.recovered_at, lang))
            rows += [(translate("EventDetailDialog", "Error code"), meaning.raw),
                     (translate("EventDetailDialog", "Meaning"), meaning_text(meaning, lang)),
                     (translate("EventDetailDialog", "What to do"),
                      fault_class_text(r.fault_class)),
                     (translate("EventDetailDialog", "Occurred"), local_time(r.at, lang)),
                     (translate("EventDetailDialog", "Recovered"), recovered)]
        elif r.kind is EventKind.SAVING and r.epc is None:
            saving = (translate("EventDetailDialog", "Not known yet") if r.saving_wh is None
                      else format_energy_kwh(r.saving_wh / 1000, lang))
            rows += [(translate("EventDetailDialog", "What was done"), action_text(r.action)),
                     (translate("EventDetailDialog", "Estimated saving"), saving),
                     (translate("EventDetailDialog", "Why"), cause_text(r.cause)),
                     (translate("EventDetailDialog", "When"), local_time(r.at, lang))]
        else:
            rows += [(translate("EventDetailDialog", "Setting"), property_text(r.epc, r.device)),
                     (translate("EventDetailDialog", "Change"),
                      f"{setting_text(r.old, r.epc, r.device, lang)} → "
                      f"{setting_text(r.new, r.epc, r.device, lang)}"),
                     (translate("EventDetailDialog", "Why"), cause_text(r.cause)),
                     (translate("EventDetailDialog", "When"), local_time(r.at, lang))]
        return rows

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.title_label.setText(kind_text(self.record.kind))
        self.message_label.setVisible(False)
        self.cancel_button.setText(translate("EventDetailDialog", "Close"))
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.values = {}
        for row, (caption, value) in enumerate(self._rows()):
            name = QLabel(caption)
            name.setProperty("kind", "muted")
            text = QLabel(value, wordWrap=True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self._grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(text, row, 1)
            self.values[caption] = text
        self._grid.setRowStretch(self._grid.rowCount(), 1)
