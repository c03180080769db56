"""Choose the household's municipality again, with a finger: prefecture, then its list, then
the server is told (PUT /v1/devices/me/city through the cloud service).

For a household registered before cities were chosen from a list (the weather service
reports `city_required`) and for one that moved. The weather page and the registration
page both offer it; the sheets are the registration wizard's (the 47 prefectures, the
municipality list by prefecture from the server). The weather follows by itself once
the server has the city (`cloud_wiring.follow_city`).

    chooser = CityChooser(services, page)
    chooser.message_changed.connect(label.setText)  # progress and problems, in words
    chooser.start()                                  # after the access password
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.household import Household, Municipality
from app.services.cloud_problem import CloudProblem
from app.services.services import Services
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.wizards.cloud_texts import problem_text
from app.ui.wizards.municipality_dialog import MunicipalityDialog
from app.ui.wizards.prefectures import PREFECTURES, prefecture_name


class CityChooser(QObject):
    """Signals: `message_changed(str)` (empty: nothing to say), `chosen(Household)` (the
    server has the city)."""

    message_changed = Signal(str)
    chosen = Signal(object)

    def __init__(self, services: Services, owner: QWidget) -> None:
        super().__init__(owner)
        self._services = services
        self._owner = owner
        self.dialog: ChoiceDialog | MunicipalityDialog | None = None
        self.prefecture: str | None = None
        self._waiting_for: str | None = None  # the prefecture whose list was asked for
        self._sending = False  # the city is being told to the server
        self.message = ""
        cloud = services.cloud
        cloud.municipalities_ready.connect(self._towns_arrived)
        cloud.city_chosen.connect(self._city_chosen)
        cloud.failed.connect(self._failed)

    @property
    def busy(self) -> bool:
        return self._waiting_for is not None or self._sending

    @property
    def _language(self) -> str:
        return self._services.preferences.language

    def start(self) -> None:
        """The prefecture first (the one registered, checked)."""
        if self.busy:
            return
        household = self._services.cloud.state.household
        options = [(code, ja if self._language == "ja" else en) for code, ja, en in PREFECTURES]
        self.dialog = ChoiceDialog(
            QCoreApplication.translate("CityChooser", "Your prefecture"), options,
            household.prefecture if household else None, self._owner)
        self.dialog.chosen.connect(self._prefecture_chosen)
        self.dialog.present()

    def _prefecture_chosen(self, code: str) -> None:
        self.prefecture = code
        self._waiting_for = code
        self._say(QCoreApplication.translate("CityChooser", "Loading the municipalities…"))
        self._services.cloud.fetch_municipalities(code)  # answered from memory when known

    def _towns_arrived(self, prefecture: str, towns: Sequence[Municipality]) -> None:
        if prefecture != self._waiting_for:
            return  # the registration wizard's list, or an older answer
        self._waiting_for = None
        self._say("")
        household = self._services.cloud.state.household
        current = household.city_code if household and household.prefecture == prefecture \
            else None
        self.dialog = MunicipalityDialog(
            QCoreApplication.translate("HouseholdStep", "Municipality in {prefecture}").format(
                prefecture=prefecture_name(prefecture, self._language)),
            towns, current, self._language, self._owner)
        self.dialog.chosen.connect(self._town_chosen)
        self.dialog.present()

    def _town_chosen(self, town: Municipality) -> None:
        self._sending = True
        self._say(QCoreApplication.translate("CityChooser", "Sending {city} to the service…")
                  .format(city=town.name))
        self._services.cloud.choose_city(town.prefecture, town.code)

    def _city_chosen(self, household: Household) -> None:
        if not self._sending:
            return
        self._sending = False
        self._say("")
        self.chosen.emit(household)

    def _failed(self, operation: str, problem: CloudProblem) -> None:
        if operation == "municipalities" and self._waiting_for is not None:
            self._waiting_for = None
        elif operation == "city" and self._sending:
            self._sending = False
        else:
            return
        self._say(QCoreApplication.translate("CityChooser", "The municipality was not "
                                                            "changed: {reason}").format(
            reason=problem_text(problem)))

    def _say(self, text: str) -> None:
        self.message = text
        self.message_changed.emit(text)
