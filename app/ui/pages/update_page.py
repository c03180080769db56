"""ソフトウェア更新: the version running, the one offered with what is new, and the
install button with its progress; whether updates may install themselves at night.

Everything comes from `UpdateService` (its `UpdateView`); the page asks it to check,
to install (the access password first on the kiosk, like every change to the home)
and to allow or forbid night installs.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.services import Services
from app.services.update_service import NO_INSTALLER, NOT_REGISTERED, UpdateView
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.formatting import format_date_time
from app.ui.notice_texts import HOME_ZONE
from app.ui.pages.base_page import Page
from app.ui.widgets.styled import make_card
from app.ui.widgets.touch import kinetic_scroll

translate = QCoreApplication.translate


def refusal_text(reason: str) -> str:
    """Why an update was not offered or not installed, for the household."""
    texts = {
        "unsigned": translate("UpdatePage", "The update was refused: it is not signed."),
        "bad_signature": translate("UpdatePage", "The update was refused: its signature is "
                                                 "not that of the panel's maker."),
        "tampered": translate("UpdatePage", "The update was refused: its contents differ "
                                            "from what was signed."),
        "older": translate("UpdatePage", "The update was refused: it is older than the "
                                         "version installed."),
        "same_version": translate("UpdatePage", "This version is installed already."),
        "too_old_to_update": translate("UpdatePage", "This update needs a newer version "
                                                     "installed first."),
        "malformed": translate("UpdatePage", "The update was refused: its description is "
                                             "damaged."),
        "wrong_package": translate("UpdatePage", "The update was refused: it is not for "
                                                 "this panel."),
        NO_INSTALLER: translate("UpdatePage", "This panel was not installed from the "
                                              "package, so it cannot update itself."),
    }
    return texts.get(reason, translate("UpdatePage", "The update was refused."))


def problem_text(view: UpdateView) -> str:
    if view.problem is None:
        return ""
    if view.problem == "refused":
        return refusal_text(view.detail)
    if view.problem == NOT_REGISTERED:
        return translate("UpdatePage", "Updates come through the server service: register "
                                       "the panel first.")
    if view.problem == "unreachable":
        return translate("UpdatePage", "The server could not be reached. Nothing was "
                                       "installed; the panel tries again later.")
    return translate("UpdatePage", "Checking for updates failed. The panel tries again "
                                   "later.")


def outcome_text(view: UpdateView) -> str:
    last = view.last_outcome
    if last is None:
        return ""
    if last.outcome == "installed":
        return translate("UpdatePage", "Version {version} was installed.").format(
            version=last.version)
    if last.outcome == "rolled_back":
        return translate("UpdatePage", "Version {version} did not start properly, so the "
                                       "panel went back to {running}.").format(
            version=last.version, running=last.running)
    if last.outcome == "refused":
        return refusal_text(last.reason)
    return translate("UpdatePage", "Version {version} could not be installed; {running} "
                                   "stays.").format(version=last.version, running=last.running)


class UpdatePage(Page):
    page_id = "software_update"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.service = services.updates
        self.dialog: SheetDialog | None = None
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(12)

        installed_card, installed = make_card((16, 12, 16, 14))
        self.installed_heading = QLabel()
        self.installed_heading.setProperty("kind", "heading")
        self.installed_label = QLabel(objectName="InstalledVersion")
        self.outcome_label = QLabel(objectName="LastOutcome", wordWrap=True)
        self.outcome_label.setProperty("kind", "muted")
        for w in (self.installed_heading, self.installed_label, self.outcome_label):
            installed.addWidget(w)
        column.addWidget(installed_card)

        offer_card, offer = make_card((16, 12, 16, 14))
        self.offer_heading = QLabel()
        self.offer_heading.setProperty("kind", "heading")
        self.offer_label = QLabel(objectName="OfferedVersion", wordWrap=True)
        self.notes_label = QLabel(objectName="UpdateNotes", wordWrap=True)
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label = QLabel(objectName="UpdateProblem", wordWrap=True)
        self.problem_label.setProperty("kind", "muted")
        self.progress = QProgressBar(objectName="UpdateProgress")
        self.progress.setRange(0, 100)
        self.install_button = self._button("InstallUpdate", self.install)
        self.check_button = self._button("CheckUpdates", self.check)
        row = QHBoxLayout()
        row.addWidget(self.install_button)
        row.addWidget(self.check_button)
        row.addStretch(1)
        for w in (self.offer_heading, self.offer_label, self.notes_label, self.progress,
                  self.problem_label):
            offer.addWidget(w)
        offer.addLayout(row)
        column.addWidget(offer_card)

        self.night_card, night = make_card((16, 12, 16, 14))
        self.night_heading = QLabel()
        self.night_heading.setProperty("kind", "heading")
        self.night_note = QLabel(wordWrap=True)
        self.night_note.setProperty("kind", "muted")
        self.night_button = self._button("NightInstall", self.toggle_night)
        self.night_button.setCheckable(True)
        self.night_button.setProperty("kind", "choice")
        night_row = QHBoxLayout()
        night_row.addWidget(self.night_button)
        night_row.addStretch(1)
        for w in (self.night_heading, self.night_note):
            night.addWidget(w)
        night.addLayout(night_row)
        column.addWidget(self.night_card)
        column.addStretch(1)

        scroll = kinetic_scroll(content, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        if self.service is not None:
            self.service.view_changed.connect(lambda _view: self.retranslate())
        self.retranslate()

    def _button(self, name: str, action) -> QPushButton:
        button = QPushButton(objectName=name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(action)
        return button

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.service is not None and self.service.view.phase == "idle" \
                and self.service.view.checked_at is None:
            self.service.check()

    def check(self) -> None:
        if self.service is not None:
            self.service.check()

    def install(self) -> None:
        if self.service is not None:
            self.dialog = ask_password_then(self, self.services.access, self.service.install)

    def toggle_night(self) -> None:
        if self.service is None:
            return
        wanted = self.night_button.isChecked()
        self.night_button.setChecked(self.service.view.night_install)  # until confirmed
        self.dialog = ask_password_then(self, self.services.access,
                                        lambda: self.service.set_night_install(wanted))

    def retranslate(self) -> None:
        self.installed_heading.setText(translate("UpdatePage", "Installed version"))
        self.offer_heading.setText(translate("UpdatePage", "Update"))
        self.night_heading.setText(translate("UpdatePage", "Install at night"))
        self.night_note.setText(translate(
            "UpdatePage", "Install an offered update by itself between 2:00 and 4:00. The "
                          "screen restarts once; if the new version does not start, the "
                          "panel goes back to the one before."))
        self.night_button.setText(translate("UpdatePage", "Allow night installs"))
        self.install_button.setText(translate("UpdatePage", "Install now"))
        self.check_button.setText(translate("UpdatePage", "Check now"))
        view = self.service.view if self.service is not None else None
        if view is None:  # a panel built without the update service
            for w in (self.install_button, self.check_button, self.night_card,
                      self.progress, self.notes_label, self.outcome_label,
                      self.problem_label):
                w.hide()
            self.installed_label.setText("—")
            self.offer_label.setText(translate("UpdatePage", "Updates are not available on "
                                                             "this panel."))
            return
        self.installed_label.setText(translate("UpdatePage", "Version {version}").format(
            version=view.running))
        self.outcome_label.setText(outcome_text(view))
        self.outcome_label.setVisible(view.last_outcome is not None)
        self.night_button.setChecked(view.night_install)
        offered = view.offered
        if view.phase == "checking":
            self.offer_label.setText(translate("UpdatePage", "Checking for updates…"))
        elif offered is not None:
            published = format_date_time(offered.published.astimezone(HOME_ZONE),
                                         self.language)
            self.offer_label.setText(translate(
                "UpdatePage", "Version {version} is available (published {date}).").format(
                version=offered.version, date=published))
        elif view.problem is None:
            self.offer_label.setText(translate("UpdatePage", "The panel is up to date."))
        else:
            self.offer_label.setText(translate("UpdatePage", "No update to install."))
        self.notes_label.setText(offered.notes_in(self.language) if offered else "")
        self.notes_label.setVisible(offered is not None)
        downloading = view.phase == "downloading"
        self.progress.setVisible(downloading or view.phase == "installing")
        self.progress.setValue(round((view.progress or 0.0) * 100))
        self.progress.setFormat(translate("UpdatePage", "Downloading… %p%") if downloading
                                else translate("UpdatePage", "Installing: the screen "
                                                             "restarts shortly"))
        self.problem_label.setText(problem_text(view))
        self.problem_label.setVisible(view.problem is not None)
        self.install_button.setVisible(offered is not None)
        self.install_button.setEnabled(view.phase == "idle" and view.can_install)
        self.check_button.setEnabled(view.phase == "idle")
        if offered is not None and not view.can_install and view.problem is None:
            self.problem_label.setText(refusal_text(NO_INSTALLER))
            self.problem_label.show()
