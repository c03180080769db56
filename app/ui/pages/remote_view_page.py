"""スマートフォンで見る: a login code (and its QR code) for a phone, and the phones that
can see the home through the server (each revocable).

Reached from Settings. Showing a code lets a phone in and revoking changes who sees
the home: on the kiosk both ask the access password first. Every request goes
through `services.remote_view` (its worker thread); this page only asks and listens.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cloud.models import RemoteCode, RemoteTokenInfo
from app.services.cloud_problem import CloudProblem
from app.services.remote_view_service import PushStatus
from app.services.services import Services
from app.ui.dialogs.confirm_dialog import ConfirmDialog
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.formatting import format_time
from app.ui.notice_texts import HOME_ZONE
from app.ui.pages.base_page import Page
from app.ui.pages.settings_page import _action_card
from app.ui.widgets.qr_code import QrCode
from app.ui.widgets.styled import make_card
from app.ui.widgets.touch import kinetic_scroll
from app.ui.wizards.cloud_texts import problem_text, when_text


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


def _local(moment: datetime) -> datetime:
    return moment.astimezone(HOME_ZONE)


class PhoneRow(QFrame):
    """One phone: its name, when it logged in and was last used, and a revoke button."""

    def __init__(self, token: RemoteTokenInfo, language: str, parent: QWidget) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 6, 0, 6)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.name = QLabel()
        self.name.setProperty("kind", "heading")
        self.detail = QLabel(wordWrap=True)
        self.detail.setProperty("kind", "muted")
        column.addWidget(self.name)
        column.addWidget(self.detail)
        row.addLayout(column, 1)
        self.revoke_button = QPushButton()
        self.revoke_button.setObjectName("RevokePhone")
        self.revoke_button.setProperty("kind", "danger")
        self.revoke_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.revoke_button)
        self.show_token(token, language)

    def show_token(self, token: RemoteTokenInfo, language: str) -> None:
        """The row's texts (a refreshed list updates rows in place: none moves under a
        finger about to tap it)."""
        translate = QCoreApplication.translate
        self.token = token
        self.name.setText(token.label)
        last = (when_text(token.last_used.timestamp(), language) if token.last_used
                else translate("RemoteViewPage", "not yet"))
        self.detail.setText(translate("RemoteViewPage", "Logged in {created} · last used "
                                                        "{last}").format(
            created=when_text(token.created.timestamp(), language), last=last))
        self.revoke_button.setText(translate("RemoteViewPage", "Revoke"))


class RemoteViewPage(Page):
    page_id = "remote_view"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.dialog = None
        self.code: RemoteCode | None = None
        self.tokens: tuple[RemoteTokenInfo, ...] | None = None  # None: not asked yet
        self.problem: tuple[str, CloudProblem] | None = None
        self.asking = False  # a code was asked for and has not come (nor failed) yet
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(12)

        card, self.code_heading, self.code_note, self.code_button, row = _action_card(
            "ShowRemoteCode", self.ask_code)
        self.code_button.setProperty("kind", "primary")
        self.problem_label = QLabel(wordWrap=True)
        self.problem_label.setObjectName("RemoteProblem")
        self.problem_label.setProperty("kind", "error")
        self.problem_label.setVisible(False)
        row.addStretch(1)
        card.layout().addWidget(self.problem_label)
        self.code_box = QWidget()
        box = QHBoxLayout(self.code_box)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(16)
        self.qr = QrCode(self.code_box)
        box.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(4)
        self.code_label = QLabel()
        self.code_label.setObjectName("RemoteCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.code_label.setStyleSheet("font-size: 40px; font-weight: bold; "
                                      "letter-spacing: 3px;")
        self.expiry_label = QLabel(wordWrap=True)
        self.howto_label = QLabel(wordWrap=True)
        self.howto_label.setProperty("kind", "muted")
        self.url_label = QLabel(wordWrap=True)
        self.url_label.setProperty("kind", "muted")
        for label in (self.code_label, self.expiry_label, self.howto_label, self.url_label):
            words.addWidget(label)
        words.addStretch(1)
        box.addLayout(words, 1)
        self.code_box.setVisible(False)
        card.layout().addWidget(self.code_box)
        column.addWidget(card)

        phones_card, phones_layout = make_card((16, 12, 16, 14))
        self.phones_heading = QLabel()
        self.phones_heading.setProperty("kind", "heading")
        self.phones_note = QLabel(wordWrap=True)
        self.phones_note.setProperty("kind", "muted")
        self.phone_list = QVBoxLayout()
        self.phone_list.setSpacing(0)
        phones_layout.addWidget(self.phones_heading)
        phones_layout.addWidget(self.phones_note)
        phones_layout.addLayout(self.phone_list)
        column.addWidget(phones_card)
        self.rows: list[PhoneRow] = []

        status_card, status_layout = make_card((16, 10, 16, 12))
        self.status_label = QLabel(wordWrap=True)
        self.status_label.setObjectName("RemoteStatus")
        self.status_label.setProperty("kind", "muted")
        status_layout.addWidget(self.status_label)
        column.addWidget(status_card)
        column.addStretch(1)

        self.scroll = kinetic_scroll(content, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        remote = services.remote_view
        if remote is not None:
            remote.code_ready.connect(self.show_code)
            remote.tokens_ready.connect(self.show_phones)
            remote.status_changed.connect(self._on_status)
            remote.failed.connect(self.show_problem)
        services.cloud.state_changed.connect(lambda _state: self.retranslate())
        self.retranslate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.services.remote_view is not None and self._registered():
            self.services.remote_view.request_tokens()

    def _on_status(self, status: PushStatus) -> None:
        """After each push (every minute while a phone looks) the list is read again while
        the page is shown: a phone that just logged in appears, with its last use."""
        if status.problem is None and self.problem is not None and self.problem[0] == "push":
            self.problem = None  # sent again: the old failure is over
        self.retranslate()
        if self.isVisible() and self._registered():
            self.services.remote_view.request_tokens()

    def _registered(self) -> bool:
        return self.services.cloud.state.sending_allowed

    # -- actions ----------------------------------------------------------------------------

    def ask_code(self) -> None:
        """A code lets a phone see the home: the access password first (kiosk)."""
        remote = self.services.remote_view
        if remote is not None:
            self.dialog = ask_password_then(self, self.services.access, self._request_code)

    def _request_code(self) -> None:
        self.problem = None
        self.asking = True
        self.retranslate()
        self.services.remote_view.request_code()

    def ask_revoke(self, token: RemoteTokenInfo) -> None:
        translate = QCoreApplication.translate
        self.dialog = ConfirmDialog(
            self, title=translate("RemoteViewPage", "Revoke this phone?"),
            message=translate("RemoteViewPage", "{name} will no longer see the home. To see "
                                                "it again, it needs a new code.").format(
                name=token.label),
            confirm=translate("RemoteViewPage", "Revoke"))
        self.dialog.accepted.connect(lambda: self._confirmed_revoke(token))
        self.dialog.present()

    def _confirmed_revoke(self, token: RemoteTokenInfo) -> None:
        self.dialog = ask_password_then(self, self.services.access,
                                        lambda: self.services.remote_view.revoke(token.id))

    # -- answers (UI thread) ----------------------------------------------------------------

    def show_code(self, code: RemoteCode) -> None:
        self.code = code
        self.asking = False
        self.problem = None
        self.qr.set_text(code.url)
        self.retranslate()
        self.scroll.ensureWidgetVisible(self.code_box, 0, 0)  # the code and QR in view

    def show_phones(self, tokens: tuple[RemoteTokenInfo, ...]) -> None:
        previous, self.tokens = self.tokens, tuple(tokens)
        if self.problem is not None and self.problem[0] in ("tokens", "revoke"):
            self.problem = None
        if previous is not None and self.code is not None and \
                {t.id for t in self.tokens} - {t.id for t in previous}:
            self.code = None  # a phone came in: the code on show is used up
        kept = {row.token.id: row for row in self.rows}
        self.rows = []
        for token in self.tokens:
            row = kept.pop(token.id, None)
            if row is None:
                row = PhoneRow(token, self.language, self)
                row.revoke_button.clicked.connect(lambda _=False, r=row: self.ask_revoke(r.token))
                self.phone_list.addWidget(row)
            else:
                row.show_token(token, self.language)
            self.rows.append(row)
        for gone in kept.values():
            self.phone_list.removeWidget(gone)
            gone.deleteLater()
        self.retranslate()

    def show_problem(self, operation: str, problem: CloudProblem) -> None:
        self.problem = (operation, problem)
        if operation == "code":
            self.asking = False
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        remote = self.services.remote_view
        registered = self._registered()
        self.code_heading.setText(translate("RemoteViewPage", "View on a smartphone"))
        self.code_note.setText(translate(
            "RemoteViewPage", "A phone that logs in with a code from here sees today's power "
                              "flow, usage, generation, cost and notices from anywhere, "
                              "through the service. The panel opens no port at home."))
        self.code_button.setText(translate("RemoteViewPage", "Show a login code"))
        self.code_button.setEnabled(remote is not None and registered and not self.asking)
        problem = self._problem_text(remote, registered)
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        code = self.code
        self.code_box.setVisible(code is not None and registered)
        self.code_note.setVisible(not self.code_box.isVisibleTo(self))  # room for the code
        if code is not None:
            self.code_label.setText(code.code)
            self.expiry_label.setText(translate(
                "RemoteViewPage", "Valid until {time}, for one phone.").format(
                time=format_time(_local(code.expires))))
            self.howto_label.setText(translate(
                "RemoteViewPage", "Scan the QR code with the phone's camera, or open the "
                                  "address below and enter the code."))
            address = code.url.split("?")[0]
            if _loopback(code.url):
                address += "\n" + translate(
                    "RemoteViewPage", "This address is the service built into the panel: "
                                      "phones cannot reach it. Ask the installer to set up "
                                      "the service's public address.")
            self.url_label.setText(address)
        self.phones_heading.setText(translate("RemoteViewPage", "Phones that can see the home"))
        if not registered or remote is None:
            self.phones_note.setText("—")
        elif self.tokens is None:
            self.phones_note.setText(translate("RemoteViewPage", "Asking the service…"))
        elif not self.tokens:
            self.phones_note.setText(translate("RemoteViewPage", "None. No phone can see "
                                                                 "the home."))
        else:
            self.phones_note.setText(translate(
                "RemoteViewPage", "Revoke a phone that is lost or no longer used."))
        self.status_label.setText(self._status_text(remote.status if remote else None))
        for row in self.rows:
            row.show_token(row.token, self.language)

    def _problem_text(self, remote, registered: bool) -> str:
        translate = QCoreApplication.translate
        if remote is None:
            return translate("RemoteViewPage", "This panel was started without the service.")
        if not registered:
            return translate("RemoteViewPage", "Register the panel with the service first "
                                               "(Settings → Server registration).")
        if self.problem is None:
            return ""
        operation, problem = self.problem
        what = {"code": translate("RemoteViewPage", "No code could be made."),
                "tokens": translate("RemoteViewPage", "The list of phones could not be read."),
                "revoke": translate("RemoteViewPage", "The phone could not be revoked."),
                "push": translate("RemoteViewPage", "The home's summary could not be sent.")
                }.get(operation, "")
        return f"{what} {problem_text(problem)}".strip()

    def _status_text(self, status: PushStatus | None) -> str:
        translate = QCoreApplication.translate
        if status is None or not status.registered:
            return translate("RemoteViewPage", "Nothing is sent while the panel is not "
                                               "registered.")
        if status.phones is False:
            return translate("RemoteViewPage", "No phone can see the home, so nothing about "
                                               "it is sent to the service.")
        if status.pushed_at is None:
            return translate("RemoteViewPage", "The home's summary has not been sent yet.")
        when = when_text(status.pushed_at, self.language)
        if status.watched:
            return translate("RemoteViewPage", "A phone is looking: the summary is sent every "
                                               "minute. Last sent {when}.").format(when=when)
        return translate("RemoteViewPage", "The summary is sent every hour, and every minute "
                                           "while a phone looks. Last sent {when}."
                         ).format(when=when)
