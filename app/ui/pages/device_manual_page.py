"""取扱説明: one device's help page, opened from its card on the Devices page.

What the device is, what this panel reads and controls, its common errors (each code
explained by the panel's fault table, as notices explain them), where to look when it
stops answering, and, when the device's maker code has notes, that maker's. The text is
the manual's (Japanese or English, the panel's language); the page scrolls by touch and
reads in large type at 800x480.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.device_manual import Manual, ManualLibrary
from app.domain.devices import DeviceEntry
from app.domain.fault_codes import describe
from app.services.services import Services
from app.ui.device_classes import device_class_name
from app.ui.notice_texts import fault_class_text, meaning_text
from app.ui.pages.base_page import Page
from app.ui.widgets.touch import kinetic_scroll


def _label(text: str, kind: str = "reading") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setProperty("kind", kind)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # a drag scrolls
    return label


class DeviceManualPage(Page):
    page_id = "device_manual"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.entry: DeviceEntry | None = None
        self.content = QWidget()
        self._column = QVBoxLayout(self.content)
        self._column.setContentsMargins(20, 12, 20, 20)
        self._column.setSpacing(10)
        self.scroll = kinetic_scroll(self.content, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.sections: list[str] = []  # the keys shown, in order (tests, screenshots)
        if services.manuals is not None:
            services.manuals.library_changed.connect(self._library_changed)

    def open_with(self, subject: object) -> None:
        if isinstance(subject, DeviceEntry):
            self.entry = subject
            self._show()
            self.scroll.verticalScrollBar().setValue(0)

    @property
    def library(self) -> ManualLibrary:
        manuals = self.services.manuals
        return manuals.library if manuals is not None else ManualLibrary()

    def _show(self) -> None:
        while (item := self._column.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        self.sections = []
        if self.entry is None:
            return
        translate = QCoreApplication.translate
        entry, lang, library = self.entry, self.language, self.library
        manual = library.manual(entry.class_code)
        kind = device_class_name(entry.class_code)
        heading = f"{entry.name} ({kind})" if entry.name and entry.name != kind else kind
        self._column.addWidget(_label(heading, "title"))
        if manual is None:  # a class the panel ships no page for (a newer device)
            self._column.addWidget(_label(translate(
                "DeviceManualPage", "There is no manual for this kind of device yet. See the "
                                    "manual that came with the device."), "reading"))
        else:
            self._add_manual(manual, entry, library)
            notes = library.maker_notes(entry.class_code, entry.maker)
            if notes is not None:
                self._column.addWidget(_label(notes.title.get(lang), "title"))
                self._add_manual(notes, entry, library)
            source = (translate("DeviceManualPage", "From the server")
                      if manual.key in library.from_server
                      else translate("DeviceManualPage", "Included with the panel"))
            self._column.addWidget(_label(translate(
                "DeviceManualPage", "Manual version {version} · {source}").format(
                version=manual.version, source=source), "muted"))
        self._column.addStretch(1)

    def _add_manual(self, manual: Manual, entry: DeviceEntry, library: ManualLibrary) -> None:
        lang = self.language
        for section in manual.sections:
            self.sections.append(section.key)
            self._column.addWidget(_label(section.title.get(lang), "heading"))
            for paragraph in section.body.get(lang).split("\n\n"):  # the layout's spacing
                self._column.addWidget(_label(paragraph))  # between them, not a blank line
            if section.key in ("faults", "maker_notes"):
                self._add_codes(manual, entry, library)

    def _add_codes(self, manual: Manual, entry: DeviceEntry, library: ManualLibrary) -> None:
        """Each code as the panel's notices explain it (the one fault table), not re-told."""
        for code in manual.fault_codes:
            meaning = describe(code, entry.maker, entry.class_code, library.makers)
            self._column.addWidget(_label(
                f"{meaning.raw}  {meaning_text(meaning, self.language)}\n"
                f"    → {fault_class_text(meaning.fault_class)}", "reading"))

    def _library_changed(self, _library: ManualLibrary) -> None:
        self._show()  # a copy fetched from the server meanwhile

    def retranslate(self) -> None:
        self._show()
