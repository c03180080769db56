"""サーバー登録: whether the panel is registered, its last backup, and what can be done.

Reached from Settings. Register (the wizard), read and accept new terms, choose
the household's municipality again (registered before cities came from a list, or
moved: the weather needs it), back up now, take over the data of a previous panel,
delete the registration. Every action goes through `services.cloud` / `services.backup`.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.backup_service import BackupStatus
from app.services.cloud_problem import CITY_REQUIRED
from app.services.cloud_service import CloudState
from app.services.cloud_wiring import EMBEDDED_LABEL
from app.services.services import Services
from app.services.weather_service import problem_of_view
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.restore_dialog import RestoreDialog
from app.ui.dialogs.unregister_dialog import UnregisterDialog
from app.ui.formatting import format_date
from app.ui.pages.base_page import Page
from app.ui.pages.settings_page import _action_card
from app.ui.widgets.touch import kinetic_scroll
from app.ui.wizards.city_chooser import CityChooser
from app.ui.wizards.cloud_texts import problem_text, size_text, when_text
from app.ui.wizards.prefectures import prefecture_name
from app.ui.wizards.registration_wizard import RegistrationWizard


class RegistrationPage(Page):
    page_id = "registration"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.dialog: RegistrationWizard | RestoreDialog | UnregisterDialog | None = None
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(12)
        card, self.state_heading, self.state_note, self.register_button, row = _action_card(
            "Register", self.register
        )
        self.state_detail = QLabel(wordWrap=True)
        self.state_detail.setObjectName("RegistrationDetail")
        card.layout().insertWidget(1, self.state_detail)
        row.addStretch(1)
        column.addWidget(card)
        self.city = CityChooser(services, self)
        self.city.message_changed.connect(lambda _text: self.retranslate())
        self.city_card, self.city_heading, self.city_note, self.city_button, row = (
            _action_card("ChooseCity", self.choose_city))
        self.city_detail = QLabel(wordWrap=True)
        self.city_detail.setObjectName("CityDetail")
        self.city_card.layout().addWidget(self.city_detail)
        row.addStretch(1)
        column.addWidget(self.city_card)
        card, self.backup_heading, self.backup_note, self.backup_button, row = _action_card(
            "BackUpNow", services.backup.backup_now
        )
        self.backup_detail = QLabel(wordWrap=True)
        self.backup_detail.setObjectName("BackupDetail")
        card.layout().insertWidget(1, self.backup_detail)
        row.addStretch(1)
        column.addWidget(card)
        card, self.restore_heading, self.restore_note, self.restore_button, row = _action_card(
            "TakeOver", self.take_over
        )
        row.addStretch(1)
        column.addWidget(card)
        card, self.unregister_heading, self.unregister_note, self.unregister_button, row = (
            _action_card("Unregister", self.unregister)
        )
        self.unregister_button.setProperty("kind", "danger")  # destructive: red
        row.addStretch(1)
        column.addWidget(card)
        column.addStretch(1)
        scroll = kinetic_scroll(content, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        services.cloud.state_changed.connect(lambda _s: self.retranslate())
        services.backup.status_changed.connect(lambda _s: self.retranslate())
        services.weather.view_changed.connect(lambda _v: self.retranslate())
        self.retranslate()


    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.services.cloud.refresh()

    # -- actions -----------------------------------------------------------------------------

    # Registration and the takeover change the home: the access password first (kiosk).
    def register(self) -> None:
        self.dialog = ask_password_then(self, self.services.access, self._open_wizard)

    def _open_wizard(self) -> None:
        state = self.services.cloud.state
        self.dialog = RegistrationWizard(
            self.services, self, accept_only=state.registered and state.needs_acceptance
        )
        self.dialog.present()

    def choose_city(self) -> None:
        self.dialog = ask_password_then(self, self.services.access, self.city.start)

    def city_required(self) -> bool:
        """The server has no municipality of this household: its status says so, or the
        weather service was refused for it."""
        state = self.services.cloud.state
        view = self.services.weather.view
        problem = problem_of_view(None if view is None else view.problem)
        return state.registered and (state.city_required or (
            problem is not None and problem.kind == CITY_REQUIRED))

    def take_over(self) -> None:
        self.dialog = ask_password_then(self, self.services.access, self._open_restore)

    def _open_restore(self) -> None:
        self.dialog = RestoreDialog(self.services, self)
        self.dialog.present()

    def unregister(self) -> None:
        self.dialog = UnregisterDialog(self.services, self)
        self.dialog.present()

    # -- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        state: CloudState = self.services.cloud.state
        backup: BackupStatus = self.services.backup.status
        self.state_heading.setText(translate("RegistrationPage", "Registration"))
        if state.registered:
            self.state_note.setText(
                translate(
                    "RegistrationPage",
                    "Registered. Terms of use {terms}, privacy policy {privacy}.",
                ).format(terms=self._version(state.terms_version),
                         privacy=self._version(state.privacy_version))
            )
        else:
            self.state_note.setText(
                translate("RegistrationPage", "Not registered. Nothing is sent to the service.")
            )
        lines = [
            translate("RegistrationPage", "Device code: {code}").format(code=state.device_code),
            translate("RegistrationPage", "Service: {name}").format(
                name=self._service_name(state.server_url)),
        ]
        if state.needs_acceptance:
            lines.append(
                translate(
                    "RegistrationPage",
                    "The terms have changed. Sending is paused until the new terms are accepted.",
                )
            )
        if state.deletion_pending:
            lines.append(
                translate(
                    "RegistrationPage",
                    "Deleting the registration on the service is "
                    "pending; the panel retries until it is done.",
                )
            )
        if state.error is not None:
            lines.append(problem_text(state.error))
        self.state_detail.setText("\n".join(lines))
        self.register_button.setText(
            translate("RegistrationPage", "Read and accept the new terms")
            if state.needs_acceptance
            else translate("RegistrationPage", "Register")
        )
        self.register_button.setEnabled(state.needs_acceptance or not state.registered)

        self._show_city(state)

        self.backup_heading.setText(translate("RegistrationPage", "Daily backup"))
        self.backup_note.setText(
            translate(
                "RegistrationPage",
                "Once a day, at a time the service chooses; missed days are caught up.",
            )
        )
        self.backup_detail.setText(self._backup_text(backup, state))
        self.backup_button.setText(translate("RegistrationPage", "Back up now"))
        self.backup_button.setEnabled(state.sending_allowed and not backup.running)

        staged = self.services.backup.staged_restore()
        self.restore_heading.setText(
            translate("RegistrationPage", "Take over data from the previous panel")
        )
        self.restore_note.setText(
            translate(
                "RegistrationPage",
                "The data of panel {code} is ready. Restart the panel to take it over.",
            ).format(code=staged.old_device_code)
            if staged
            else translate(
                "RegistrationPage",
                "When this panel replaces another one: enter the old "
                "panel's device code and confirmation code.",
            )
        )
        self.restore_button.setText(translate("RegistrationPage", "Take over data"))
        self.restore_button.setEnabled(state.registered)

        self.unregister_heading.setText(translate("RegistrationPage", "Delete the registration"))
        self.unregister_note.setText(
            translate(
                "RegistrationPage",
                "Before you sell or dispose of the "
                "panel: deletes its data on the "
                "service and stops all sending.",
            )
        )
        self.unregister_button.setText(translate("RegistrationPage", "Delete registration"))
        self.unregister_button.setEnabled(state.registered)

    def _show_city(self, state: CloudState) -> None:
        translate = QCoreApplication.translate
        self.city_card.setVisible(state.registered)
        self.city_heading.setText(translate("RegistrationPage", "Municipality"))
        household = state.household
        if self.city_required():
            self.city_note.setText(translate(
                "RegistrationPage", "Not chosen yet: this panel was registered before "
                                    "municipalities were chosen from a list. The weather "
                                    "forecast needs it."))
            self.city_button.setText(translate("RegistrationPage", "Choose the municipality"))
        else:
            gap = "" if self.language == "ja" else " "  # 大阪府大阪市; Osaka 大阪市
            where = (prefecture_name(household.prefecture, self.language) + gap
                     + household.city_name if household and household.city_name else "")
            self.city_note.setText(translate(
                "RegistrationPage", "{place}: the weather forecast is for it. Change it if "
                                    "the household has moved.").format(place=where)
                if where else translate(
                "RegistrationPage", "The weather forecast is for the registered "
                                    "municipality. Change it if the household has moved."))
            self.city_button.setText(translate("RegistrationPage", "Change the municipality"))
        self.city_button.setEnabled(not self.city.busy)
        self.city_detail.setText(self.city.message)
        self.city_detail.setVisible(bool(self.city.message))

    @staticmethod
    def _service_name(url: str) -> str:
        """The household sees a name, not an address: the built-in service, or its host."""
        host = urlsplit(url).hostname if "://" in url else None
        if url == EMBEDDED_LABEL or host in (None, "localhost") or (
                host is not None and host.startswith("127.")):
            return QCoreApplication.translate("RegistrationPage", "built into this panel")
        return host

    def _version(self, version: str | None) -> str:
        """A document version that is a date is shown as a date (2026年11月1日(日))."""
        try:
            return format_date(date.fromisoformat(version or ""), self.language)
        except ValueError:
            return version or ""

    def _backup_text(self, backup: BackupStatus, state: CloudState) -> str:
        translate = QCoreApplication.translate
        lang = self.language
        if not state.registered and not backup.running:
            # Unregistered: the service's backups were deleted; the last one's size is
            # not this panel's any more.
            return translate("RegistrationPage", "No backups: the panel is not registered.")
        if backup.running:
            return translate("RegistrationPage", "Backing up…")
        last = backup.last
        if last is None:
            return translate("RegistrationPage", "No backup yet.")
        if last.ok:
            kind = (
                translate("RegistrationPage", "full")
                if last.kind == "full"
                else translate("RegistrationPage", "changes only")
            )
            return translate("RegistrationPage", "Last backup: {when}, {size} ({kind}).").format(
                when=when_text(last.at, lang), size=size_text(last.size), kind=kind
            )
        text = translate(
            "RegistrationPage", "The last backup failed: {when}. Last success: {success}."
        ).format(when=when_text(last.at, lang), success=when_text(backup.last_success_at, lang))
        if backup.paused_for_terms or state.needs_acceptance:
            text += " " + translate("RegistrationPage", "Accept the new terms to resume.")
        return text
