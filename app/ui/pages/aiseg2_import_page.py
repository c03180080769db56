"""AiSEG2から引き継ぐ: read an AiSEG2's SD card, confirm its circuits, import its history.

The folder: on the kiosk the inserted card or stick (the export pages' way of finding
removable media), on the desktop a folder dialog starting there. Reading and importing
run in `Aiseg2ImportService` on its worker; the page shows its progress and report.
A doubtful match, or a circuit without one, is imported only once the installer taps
it and picks the panel's circuit. Importing asks the access password on the kiosk, like
every setting that changes the home.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.aiseg2_csv import ProblemKind
from app.domain.import_report import ImportReport
from app.domain.imported_history import MatchConfidence, Resolution
from app.services.aiseg2_import import CONFIRMED, CardPreview, mapping_of
from app.services.aiseg2_import_service import IMPORTING, UNREADABLE
from app.services.export_target import import_dir
from app.services.services import Services
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.sheet_dialog import SheetDialog, is_kiosk
from app.ui.import_texts import confidence_text, problem_text, report_text
from app.ui.pages.base_page import Page
from app.ui.widgets.styled import make_card
from app.ui.widgets.touch import kinetic_scroll

SHOWN_PROBLEMS = 12  # the rest are counted: the command line lists them all
_SKIP = "none"  # the choice "do not import this circuit"


translate = QCoreApplication.translate


class Aiseg2ImportPage(Page):
    page_id = "aiseg2_import"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.service = services.aiseg2_import
        self.dialog: ChoiceDialog | QFileDialog | SheetDialog | None = None
        self.preview: CardPreview | None = None
        self.choices: dict[int, str | None] = {}  # slot -> what the installer picked
        self.report: ImportReport | None = None
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(12)

        card, layout = make_card((16, 12, 16, 14))
        self.heading = QLabel()
        self.heading.setProperty("kind", "heading")
        self.note = QLabel(wordWrap=True)
        self.note.setProperty("kind", "muted")
        row = QHBoxLayout()
        self.choose_button = self._button("ChooseFolder", self.choose_folder)
        self.import_button = self._button("StartImport", self.start_import)
        self.import_button.setEnabled(False)
        row.addWidget(self.choose_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.folder_label = QLabel(wordWrap=True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel(wordWrap=True)
        for w in (self.heading, self.note):
            layout.addWidget(w)
        layout.addLayout(row)
        for w in (self.folder_label, self.progress, self.status):
            layout.addWidget(w)
        column.addWidget(card)

        self.matches_card, matches_layout = make_card((16, 12, 16, 14))
        self.matches_heading = QLabel()
        self.matches_heading.setProperty("kind", "heading")
        self.matches_grid = QGridLayout()
        self.matches_grid.setHorizontalSpacing(12)
        matches_layout.addWidget(self.matches_heading)
        matches_layout.addLayout(self.matches_grid)
        self.matches_card.hide()
        column.addWidget(self.matches_card)

        self.report_card, report_layout = make_card((16, 12, 16, 14))
        self.report_heading = QLabel()
        self.report_heading.setProperty("kind", "heading")
        self.report_label = QLabel(wordWrap=True)
        self.problems_label = QLabel(wordWrap=True)
        self.problems_label.setProperty("kind", "muted")
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        for w in (self.report_heading, self.report_label, self.problems_label):
            report_layout.addWidget(w)
        self.report_card.hide()
        column.addWidget(self.report_card)
        column.addStretch(1)
        self.target_buttons: dict[int, QPushButton] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(kinetic_scroll(content, self))
        if self.service is not None:
            self.service.card_read.connect(self.show_card)
            self.service.progress.connect(self.show_progress)
            self.service.finished.connect(self.show_report)
            self.service.failed.connect(self.show_failure)
        self.retranslate()

    def _button(self, name: str, action) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(action)
        return button

    # -- choosing and reading the card -----------------------------------------------------

    def choose_folder(self) -> None:
        stick = import_dir()
        if is_kiosk(self):
            if stick is None:
                self.status.setText(translate(
                    "Aiseg2ImportPage", "No SD card or USB stick found: insert one and tap again."))
                return
            self.read_folder(stick)
            return
        dialog = QFileDialog(self, self.choose_button.text(), str(stick or Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.read_folder(Path(path)))
        self.dialog = dialog
        dialog.open()

    def read_folder(self, folder: Path) -> None:
        if self.service is None or self.service.busy:
            return
        self.preview, self.report, self.choices = None, None, {}
        self.folder_label.setText(str(folder))
        self.matches_card.hide()
        self.report_card.hide()
        self._busy(translate("Aiseg2ImportPage", "Reading the card…"))
        self.service.read(folder)

    def show_card(self, preview: CardPreview) -> None:
        self.preview = preview
        self._idle()
        counts = preview.buckets
        self.status.setText(translate(
            "Aiseg2ImportPage",
            "{files} history files: {half} half-hour, {days} daily and {months} monthly values."
        ).format(
            files=len(preview.card.files), half=f"{counts[Resolution.HALF_HOUR]:,}",
            days=f"{counts[Resolution.DAY]:,}", months=f"{counts[Resolution.MONTH]:,}"))
        if not preview.importable:
            self.status.setText(translate("Aiseg2ImportPage",
                                          "No AiSEG2 history files in this folder."))
        self._fill_matches()
        self._show_problems()
        self.import_button.setEnabled(preview.importable)

    def _fill_matches(self) -> None:
        while self.matches_grid.count():
            item = self.matches_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.target_buttons.clear()
        assert self.preview is not None
        for i, m in enumerate(self.preview.matches):
            name = QLabel(f"{m.source.number}  {m.source.name}")
            confidence = QLabel(confidence_text(m.confidence))
            confidence.setProperty("kind", "muted")
            button = self._button(f"Target_{m.source.number}",
                                  lambda _=False, slot=m.source.number: self.choose_target(slot))
            self.target_buttons[m.source.number] = button
            self.matches_grid.addWidget(name, i, 0)
            self.matches_grid.addWidget(confidence, i, 1)
            self.matches_grid.addWidget(button, i, 2)
        self.matches_grid.setColumnStretch(0, 1)
        self.matches_card.setVisible(bool(self.preview.matches))
        self._show_targets()

    def mapping(self) -> dict[int, str]:
        if self.preview is None:
            return {}
        return mapping_of(self.preview.matches, self.choices)

    def _show_targets(self) -> None:
        if self.preview is None:
            return
        mapping = self.mapping()
        for m in self.preview.matches:
            key = mapping.get(m.source.number)
            button = self.target_buttons[m.source.number]
            if key is not None:
                button.setText(f"{key} {self.preview.circuit_names.get(key, '')}")
            elif m.circuit_key is not None and m.source.number not in self.choices:
                button.setText(translate("Aiseg2ImportPage", "{circuit}? Tap to confirm").format(
                    circuit=self.preview.circuit_names.get(m.circuit_key, m.circuit_key)))
            else:
                button.setText(translate("Aiseg2ImportPage", "Not imported"))
            button.setProperty("kind", "choice")

    def choose_target(self, slot: int) -> None:
        if self.preview is None:
            return
        match = next(m for m in self.preview.matches if m.source.number == slot)
        options: list[tuple[str, str]] = [(key, f"{key} {name}") for key, name
                                          in self.preview.circuit_names.items()]
        options.append((_SKIP, translate("Aiseg2ImportPage", "Do not import")))
        current = self.mapping().get(slot, _SKIP)
        self.dialog = ChoiceDialog(translate("Aiseg2ImportPage", "Circuit {n} {name} is…").format(
            n=slot, name=match.source.name), options, current, self)
        self.dialog.chosen.connect(lambda key: self.set_target(slot, key))
        self.dialog.present()

    def set_target(self, slot: int, key: str) -> None:
        self.choices[slot] = None if key == _SKIP else key
        self._show_targets()

    def unconfirmed(self) -> list[int]:
        """Slots with a suggestion the installer has not confirmed yet."""
        if self.preview is None:
            return []
        return [m.source.number for m in self.preview.matches
                if m.confidence not in CONFIRMED and m.confidence is not MatchConfidence.NONE
                and m.source.number not in self.choices]

    # -- importing ---------------------------------------------------------------------------

    def start_import(self) -> None:
        """Import what is confirmed; on the kiosk the access password is asked first."""
        if self.preview is None or self.service is None or self.service.busy:
            return
        self.dialog = ask_password_then(self, self.services.access, self._import_now)

    def _import_now(self) -> None:
        if self.preview is None or self.service is None or self.service.busy:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self._busy(translate("Aiseg2ImportPage", "Importing…"))
        self.service.start_import(self.preview, self.mapping())

    def show_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(
            translate("Aiseg2ImportPage", "Importing %v of %m files") if stage == IMPORTING
            else translate("Aiseg2ImportPage", "Reading %v of %m files"))

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self._idle()
        self.status.setText(translate("Aiseg2ImportPage",
                                      "Done. The history graphs show the imported days."))
        self.report_label.setText(report_text(report, self.language))
        self.report_card.show()

    def show_failure(self, why: str) -> None:
        self._idle()
        self.status.setText(
            translate("Aiseg2ImportPage", "The folder cannot be read (was the card removed?).")
            if why == UNREADABLE else
            translate("Aiseg2ImportPage", "The import stopped: nothing of the file being "
                                          "imported was kept. Try again."))

    def _show_problems(self) -> None:
        assert self.preview is not None
        # What was refused first, notes about whole columns and files last.
        problems = sorted(self.preview.card.problems, key=lambda p: (
            not p.refused, p.kind in (ProblemKind.SKIPPED_COLUMN, ProblemKind.NOT_IMPORTED,
                                      ProblemKind.UNKNOWN_FILE)))
        lines = [problem_text(p) for p in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(translate("Aiseg2ImportPage", "… and {n} more").format(
                n=len(problems) - SHOWN_PROBLEMS))
        self.problems_label.setText("\n".join(lines))
        refused = translate("Aiseg2ImportPage", "{n} lines refused, the rest can be imported.")
        self.report_label.setText(
            refused.format(n=self.preview.refused) if self.preview.refused else "")
        self.report_card.setVisible(bool(problems))

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.choose_button.setEnabled(False)
        self.import_button.setEnabled(False)

    def _idle(self) -> None:
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.import_button.setEnabled(self.preview is not None and self.preview.importable
                                      and self.report is None)

    def retranslate(self) -> None:
        self.heading.setText(translate("Aiseg2ImportPage", "Take over from an AiSEG2"))
        self.note.setText(translate("Aiseg2ImportPage",
            "Insert the AiSEG2's SD card (or a USB stick with its files) and choose its "
            "folder. Its 30-minute, daily and monthly history comes into the graphs. Data this "
            "panel measured is never overwritten; the same card twice changes nothing."))
        self.choose_button.setText(translate("Aiseg2ImportPage", "Choose the card's folder"))
        self.import_button.setText(translate("Aiseg2ImportPage", "Import"))
        self.matches_heading.setText(translate("Aiseg2ImportPage", "Circuits: AiSEG2 → this panel"))
        self.report_heading.setText(translate("Aiseg2ImportPage", "Report"))
        if self.preview is not None:
            self._show_targets()
            for m in self.preview.matches:
                label = self.matches_grid.itemAtPosition(
                    self.preview.matches.index(m), 1).widget()
                label.setText(confidence_text(m.confidence))
        if self.report is not None:
            self.report_label.setText(report_text(self.report, self.language))
        if self.service is None:
            self.status.setText(translate("Aiseg2ImportPage", "Not available in this window."))
