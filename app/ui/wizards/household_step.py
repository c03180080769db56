"""The household facts the service asks for: nothing that names a person or an address.

Prefecture (of the 47), then the municipality from that prefecture's list (the
server's `/v1/municipalities`, asked for through the cloud service: the step emits
`municipalities_wanted` and is handed the list by `show_municipalities`), postal
code and household size (optional), building type and the energies used. Every
field is a big button that opens a touch sheet; nothing needs typing but the
optional postal code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.household import Household, Municipality
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.dialogs.text_entry_dialog import TextEntryDialog
from app.ui.widgets.touch import kinetic_scroll
from app.ui.wizards.cloud_texts import BUILDING_TYPES, ENERGIES, building_text, energy_text
from app.ui.wizards.municipality_dialog import MunicipalityDialog
from app.ui.wizards.prefectures import PREFECTURES, prefecture_name
from app.ui.wizards.wizard_steps import Step

_POSTAL = re.compile(r"^(\d{3})-?(\d{4})$")
MAX_PEOPLE = 9


def postal_code(text: str) -> str | None:
    match = _POSTAL.match(text.strip())
    return f"{match[1]}-{match[2]}" if match else None


class HouseholdStep(Step):
    municipalities_wanted = Signal(str)  # prefecture: the wizard asks the cloud service

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.prefecture: str | None = None
        self.city: Municipality | None = None
        self.postal: str | None = None
        self.people: int | None = None
        self.towns: dict[str, tuple[Municipality, ...]] = {}  # lists handed in, by prefecture
        self.waiting = False  # the city button was tapped before its list arrived
        self.dialog: ChoiceDialog | MunicipalityDialog | TextEntryDialog | None = None
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 4, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, (name, action) in enumerate(
            (
                ("prefecture", self.choose_prefecture),
                ("city", self.choose_city),
                ("postal", self.enter_postal),
                ("people", self.choose_people),
            )
        ):
            label = QLabel(wordWrap=True)
            button = QPushButton()
            button.setObjectName(f"Household_{name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(action)
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
            self.labels[name], self.buttons[name] = label, button
        self.building_label = QLabel(wordWrap=True)
        self.building = QButtonGroup(self)
        self.building.buttonClicked.connect(lambda _b: self._changed())
        row_box = QHBoxLayout()
        for kind in BUILDING_TYPES:
            self.building.addButton(self._choice(f"Building_{kind}", kind))
            row_box.addWidget(self.building.buttons()[-1])
        grid.addWidget(self.building_label, 4, 0)
        grid.addLayout(row_box, 4, 1)
        self.energy_label = QLabel(wordWrap=True)
        self.energies: dict[str, QPushButton] = {}
        energy_grid = QGridLayout()
        energy_grid.setSpacing(6)
        for index, kind in enumerate(ENERGIES):
            button = self._choice(f"Energy_{kind}", kind)
            button.setChecked(kind == "electricity")
            energy_grid.addWidget(button, index // 2, index % 2)
            self.energies[kind] = button
        grid.addWidget(self.energy_label, 5, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(energy_grid, 5, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(6, 1)
        self.column.addWidget(kinetic_scroll(content, self), 1)

    def _choice(self, name: str, value: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setCheckable(True)
        button.setProperty("kind", "choice")
        button.setProperty("value", value)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    # -- the value ---------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return bool(self.prefecture and self.city and self.building.checkedButton())

    def household(self) -> Household:
        checked = self.building.checkedButton()
        return Household(
            prefecture=self.prefecture or "",
            city_code=self.city.code if self.city else None,
            city_name=self.city.name if self.city else None,
            building_type=checked.property("value") if checked else "other",
            energies=tuple(k for k, b in self.energies.items() if b.isChecked()),
            postal_code=self.postal,
            household_size=self.people,
        )

    def _changed(self) -> None:
        self.retranslate()
        self.ready_changed.emit(self.ready)

    # -- sheets ------------------------------------------------------------------------------

    def choose_prefecture(self) -> None:
        translate = QCoreApplication.translate
        options = [(code, ja if self.language == "ja" else en) for code, ja, en in PREFECTURES]
        self.dialog = ChoiceDialog(
            translate("HouseholdStep", "Prefecture"), options, self.prefecture, self
        )
        self.dialog.chosen.connect(self._set_prefecture)
        self.dialog.present()

    def _set_prefecture(self, code: str) -> None:
        if code != self.prefecture:
            self.prefecture, self.city, self.waiting = code, None, False
            if code not in self.towns:
                self.municipalities_wanted.emit(code)  # fetched while the user looks
        self._changed()

    def choose_city(self) -> None:
        if not self.prefecture:
            self.choose_prefecture()
            return
        towns = self.towns.get(self.prefecture)
        if towns is None:  # not here yet: open it when it arrives
            self.waiting = True
            self.municipalities_wanted.emit(self.prefecture)
            self._changed()
            return
        self.dialog = MunicipalityDialog(
            QCoreApplication.translate("HouseholdStep", "Municipality in {prefecture}").format(
                prefecture=prefecture_name(self.prefecture, self.language)),
            towns, self.city.code if self.city else None, self.language, self)
        self.dialog.chosen.connect(lambda town: self._set("city", town))
        self.dialog.present()

    def show_municipalities(self, prefecture: str, towns: Sequence[Municipality]) -> None:
        """The list of a prefecture, from the cloud service."""
        self.towns[prefecture] = tuple(towns)
        if self.waiting and prefecture == self.prefecture:
            self.waiting = False
            self.choose_city()
        self._changed()

    def municipalities_failed(self) -> None:
        """The list could not be fetched (the wizard says why); tapping again retries."""
        self.waiting = False
        self._changed()

    def choose_people(self) -> None:
        translate = QCoreApplication.translate
        options = [(None, translate("HouseholdStep", "Not given"))] + [
            (n, str(n) if n < MAX_PEOPLE else f"{n}+") for n in range(1, MAX_PEOPLE + 1)
        ]
        self.dialog = ChoiceDialog(
            translate("HouseholdStep", "People in the household"), options, self.people, self
        )
        self.dialog.chosen.connect(lambda n: self._set("people", n))
        self.dialog.present()

    def enter_postal(self) -> None:
        translate = QCoreApplication.translate
        self.dialog = TextEntryDialog(
            self,
            title=translate("HouseholdStep", "Postal code (optional)"),
            message=translate("HouseholdStep", "Seven digits. Leave it empty not to give it."),
            current=(self.postal or "").replace("-", ""),
            check=lambda s: (s and postal_code(s)) or ("" if not s else None),
            max_length=8,
            error=translate("HouseholdStep", "A postal code has seven digits, like 1540001."),
        )
        self.dialog.entered.connect(lambda text: self._set("postal", text or None))
        self.dialog.present()

    def _set(self, name: str, value) -> None:
        setattr(self, name, value)
        self._changed()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.heading.setText(translate("HouseholdStep", "About the household"))
        optional = translate("HouseholdStep", "(optional)")
        self.labels["prefecture"].setText(translate("HouseholdStep", "Prefecture"))
        self.labels["city"].setText(translate("HouseholdStep", "Municipality"))
        postal, people = (
            translate("HouseholdStep", "Postal code"),
            translate("HouseholdStep", "People"),
        )
        self.labels["postal"].setText(f"{postal} {optional}")
        self.labels["people"].setText(f"{people} {optional}")
        self.building_label.setText(translate("HouseholdStep", "Building"))
        self.energy_label.setText(translate("HouseholdStep", "Energies used"))
        choose = translate("HouseholdStep", "Choose…")
        self.buttons["prefecture"].setText(
            prefecture_name(self.prefecture, self.language) if self.prefecture else choose
        )
        self.buttons["city"].setText(
            self.city.name if self.city
            else translate("HouseholdStep", "Loading…") if self.waiting else choose)
        self.buttons["city"].setEnabled(bool(self.prefecture) and not self.waiting)
        self.buttons["postal"].setText(self.postal or translate("HouseholdStep", "Not given"))
        self.buttons["people"].setText(
            str(self.people) if self.people else translate("HouseholdStep", "Not given")
        )
        for button in self.building.buttons():
            button.setText(building_text(button.property("value")))
        for kind, button in self.energies.items():
            button.setText(energy_text(kind))
