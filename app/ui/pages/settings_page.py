"""設定: display language, the access password, 気象警報連動, commands from smartphones and
smart speakers, and the ways to the devices, server registration and remote view
(スマートフォンで見る) pages.

On the kiosk a last card closes the panel screen (the access password is asked by
the window, as for the 2-second press on the title, which stays for those who know it).

The language applies at once (the whole panel retranslates live), so there is
nothing to save; ``load()`` reflects the current preference.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.services import Services
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.set_password_dialog import SetPasswordDialog
from app.ui.dialogs.sheet_dialog import SheetDialog, is_kiosk
from app.ui.formatting import format_date_time
from app.ui.notice_texts import HOME_ZONE
from app.ui.pages.base_page import Page
from app.ui.widgets.linkage_card import LinkageCard
from app.ui.widgets.remote_commands_card import RemoteCommandsCard
from app.ui.widgets.styled import make_card
from app.ui.widgets.touch import kinetic_scroll

# Language names are shown in their own language, whatever the current one is.
LANGUAGE_NAMES = (("ja", "日本語"), ("en", "English"))


def _action_card(name: str, action: Callable[[], None]
                 ) -> tuple[QFrame, QLabel, QLabel, QPushButton, QHBoxLayout]:
    """A card with a heading, a note and a button that does one thing (texts set later)."""
    card, layout = make_card((16, 12, 16, 14))
    heading = QLabel()
    heading.setProperty("kind", "heading")
    note = QLabel(wordWrap=True)
    note.setProperty("kind", "muted")
    button = QPushButton()
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action)
    row = QHBoxLayout()
    row.addWidget(button)
    layout.addWidget(heading)
    layout.addWidget(note)
    layout.addLayout(row)
    return card, heading, note, button, row


class SettingsPage(Page):
    page_id = "settings"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.dialog: PasswordPromptDialog | SetPasswordDialog | SheetDialog | None = None
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(12)

        language_card, language_layout = make_card((16, 12, 16, 14))
        self.language_heading = QLabel()
        self.language_heading.setProperty("kind", "heading")
        self.language_buttons = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(10)
        for code, name in LANGUAGE_NAMES:
            button = QPushButton(name)
            button.setObjectName(f"Language_{code}")
            button.setCheckable(True)
            button.setProperty("kind", "choice")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty("language", code)
            self.language_buttons.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.language_buttons.buttonClicked.connect(
            lambda button: services.preferences.set_language(button.property("language")))
        language_layout.addWidget(self.language_heading)
        language_layout.addLayout(row)
        column.addWidget(language_card)

        password_card, self.password_heading, self.password_note, self.password_button, \
            password_row = _action_card("ChangePassword", self.change_password)
        self.password_status = QLabel()
        self.password_status.setProperty("kind", "muted")
        password_row.addWidget(self.password_status, 1)
        column.addWidget(password_card)

        devices_card, self.devices_heading, self.devices_note, self.devices_button, \
            devices_row = _action_card("ShowDevices", lambda: self.open_page.emit("devices", None))
        devices_row.addStretch(1)
        column.addWidget(devices_card)

        setup_card, self.setup_heading, self.setup_note, self.setup_button, setup_row = \
            _action_card("ShowCommissioning",
                         lambda: self.open_page.emit("commissioning", None))
        setup_row.addStretch(1)
        column.addWidget(setup_card)

        aiseg2_card, self.aiseg2_heading, self.aiseg2_note, self.aiseg2_button, aiseg2_row = \
            _action_card("ShowAiseg2Import", lambda: self.open_page.emit("aiseg2_import", None))
        aiseg2_row.addStretch(1)
        aiseg2_card.setVisible(services.aiseg2_import is not None)
        column.addWidget(aiseg2_card)

        update_card, self.update_heading, self.update_note, self.update_button, update_row = \
            _action_card("ShowSoftwareUpdate",
                         lambda: self.open_page.emit("software_update", None))
        update_row.addStretch(1)
        update_card.setVisible(services.updates is not None)
        if services.updates is not None:
            services.updates.view_changed.connect(lambda _view: self.retranslate())
        column.addWidget(update_card)

        cloud_card, self.cloud_heading, self.cloud_note, self.cloud_button, cloud_row = \
            _action_card("ShowRegistration", lambda: self.open_page.emit("registration", None))
        cloud_row.addStretch(1)
        column.addWidget(cloud_card)

        remote_card, self.remote_heading, self.remote_note, self.remote_button, remote_row = \
            _action_card("ShowRemoteView", lambda: self.open_page.emit("remote_view", None))
        remote_row.addStretch(1)
        column.addWidget(remote_card)
        services.cloud.state_changed.connect(lambda _state: self.retranslate())
        services.backup.status_changed.connect(lambda _status: self.retranslate())

        # 気象警報連動 (the warnings come with the server service) changes how the battery
        # runs: on the kiosk the password is asked first.
        self.linkage_card = LinkageCard()
        self.linkage_card.choice_made.connect(self.choose_linkage)
        services.control.linkage_changed.connect(self.linkage_card.show_status)
        column.addWidget(self.linkage_card)

        # Commands from outside the home: off until the household allows them, and on the
        # kiosk only with the access password.
        self.remote_card = RemoteCommandsCard()
        self.remote_card.choice_made.connect(self.choose_remote_commands)
        if services.relay is not None:
            services.relay.status_changed.connect(self.remote_card.show_status)
            if services.relay.status is not None:
                self.remote_card.show_status(services.relay.status)
        self.remote_card.setVisible(services.relay is not None)
        column.addWidget(self.remote_card)

        self.exit_card, self.exit_heading, self.exit_note, self.exit_button, exit_row = \
            _action_card("CloseScreen", self.close_screen)
        exit_row.addStretch(1)
        self.exit_card.setVisible(False)  # shown on the kiosk only (see showEvent)
        column.addWidget(self.exit_card)
        column.addStretch(1)

        self.scroll = kinetic_scroll(content, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

        services.preferences.language_changed.connect(lambda _lang: self.load())
        self.load()
        self.retranslate()


    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.exit_card.setVisible(is_kiosk(self))
        self.services.control.refresh()  # the linkage's setting and what it does now

    def choose_linkage(self, on: bool) -> None:
        self.dialog = ask_password_then(
            self, self.services.access, lambda: self.services.control.set_linkage_enabled(on))

    def choose_remote_commands(self, on: bool) -> None:
        relay = self.services.relay
        if relay is not None:
            self.dialog = ask_password_then(self, self.services.access,
                                            lambda: relay.set_allowed(on))

    def close_screen(self) -> None:
        """Leave the panel screen: the kiosk window asks for the access password."""
        request_exit = getattr(self.window(), "request_exit", None)
        if callable(request_exit):
            request_exit()

    def load(self) -> None:
        current = self.services.preferences.language
        for button in self.language_buttons.buttons():
            button.setChecked(button.property("language") == current)

    def language_button(self, code: str) -> QPushButton:
        return next(b for b in self.language_buttons.buttons() if b.property("language") == code)

    def change_password(self) -> None:
        """Ask for the current password (if any), then the new one twice."""
        self.password_status.clear()
        if self.services.access.has_password():
            self.dialog = PasswordPromptDialog(self.services.access, self, purpose="verify")
            self.dialog.accepted.connect(self._ask_new_password)
        else:
            self.dialog = SetPasswordDialog(self.services.access, self)
            self.dialog.accepted.connect(self._password_changed)
        self.dialog.present()

    def _ask_new_password(self) -> None:
        self.dialog = SetPasswordDialog(self.services.access, self)
        self.dialog.accepted.connect(self._password_changed)
        self.dialog.present()

    def _password_changed(self) -> None:
        self.dialog = None
        self.password_status.setText(QCoreApplication.translate(
            "SettingsPage", "The password has been changed."))

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.language_heading.setText(translate("SettingsPage", "Language"))
        self.password_heading.setText(translate("SettingsPage", "Access password"))
        self.password_note.setText(translate(
            "SettingsPage",
            "Protects the settings and leaving the panel screen. Change it from time to time."))
        self.password_button.setText(translate("SettingsPage", "Change access password"))
        self.devices_heading.setText(translate("SettingsPage", "Devices"))
        self.devices_note.setText(translate(
            "SettingsPage", "The energy devices found on the home network (ECHONET Lite), "
                            "whether they answer, and their names."))
        self.devices_button.setText(translate("SettingsPage", "Show devices"))
        self.setup_heading.setText(translate("SettingsPage", "Circuits and home setup"))
        self.setup_note.setText(translate(
            "SettingsPage", "Which channel of the distribution board measures which circuit, "
                            "and what measures the power bought and sold. For the installer."))
        self.setup_button.setText(translate("SettingsPage", "Set up circuits"))
        self.aiseg2_heading.setText(translate("SettingsPage", "Take over from an AiSEG2"))
        self.aiseg2_note.setText(translate(
            "SettingsPage", "Import the history on an AiSEG2's SD card: its past years appear "
                            "in the graphs, with its circuit names matched to these."))
        self.aiseg2_button.setText(translate("SettingsPage", "Import from an SD card"))
        self._retranslate_update()
        self.exit_heading.setText(translate("SettingsPage", "Panel screen"))
        self.exit_note.setText(translate(
            "SettingsPage", "Closes the panel screen, for maintenance. The access password is "
                            "asked. (Holding the page title for 2 seconds does the same.)"))
        self.exit_button.setText(translate("SettingsPage", "Close the panel screen"))
        self.linkage_card.language = self.language
        self.linkage_card.retranslate()
        self.remote_card.language = self.language
        self.remote_card.retranslate()
        self._retranslate_cloud()

    def _retranslate_update(self) -> None:
        translate = QCoreApplication.translate
        self.update_heading.setText(translate("SettingsPage", "Software update"))
        self.update_button.setText(translate("SettingsPage", "Software update"))
        view = self.services.updates.view if self.services.updates is not None else None
        if view is None:
            return
        if view.offered is not None:
            self.update_note.setText(translate(
                "SettingsPage", "Version {running} installed; {offered} is available.").format(
                running=view.running, offered=view.offered.version))
        else:
            self.update_note.setText(translate("SettingsPage", "Version {running} installed."
                                               ).format(running=view.running))

    def _retranslate_cloud(self) -> None:
        translate = QCoreApplication.translate
        state, backup = self.services.cloud.state, self.services.backup.status
        self.cloud_heading.setText(translate("SettingsPage", "Server registration"))
        registered = translate("SettingsPage", "Registered.") if state.registered \
            else translate("SettingsPage", "Not registered.")
        last = backup.last_success_at
        when = (format_date_time(datetime.fromtimestamp(last, HOME_ZONE), self.language)
                if last is not None else translate("SettingsPage", "none yet"))
        self.cloud_note.setText(translate("SettingsPage", "{registered} Last backup: "
                                                          "{when}.").format(
            registered=registered, when=when))
        self.cloud_button.setText(translate("SettingsPage", "Registration and backup"))
        self.remote_heading.setText(translate("SettingsPage", "View on a smartphone"))
        self.remote_note.setText(translate(
            "SettingsPage", "See today's power, cost and notices on a phone, away from home, "
                            "through the service."))
        self.remote_button.setText(translate("SettingsPage", "Phones and login codes"))
