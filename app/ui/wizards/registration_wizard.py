"""サーバー登録: the registration wizard, a sheet of steps (a QStackedWidget).

Introduction and connection check -> terms of use -> privacy policy ->
household -> review -> register -> the confirmation code. The documents are
fetched in the introduction (that is the connection check); "I agree" enables
only once a document has been scrolled to its end. With `accept_only=True` it
shows just the two documents and re-accepts them (after the terms changed).
Everything goes through `services.cloud`; nothing here talks to the server.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QWidget

from app.domain.household import Registration
from app.services.cloud_problem import CloudProblem
from app.services.cloud_service import Documents
from app.services.services import Services
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.wizards.cloud_texts import problem_text
from app.ui.wizards.household_step import HouseholdStep
from app.ui.wizards.wizard_steps import DocumentStep, DoneStep, IntroStep, ReviewStep, Step

INTRO, TERMS, PRIVACY, HOUSEHOLD, REVIEW, DONE = range(6)


class RegistrationWizard(SheetDialog):
    registered = Signal(object)  # Registration
    accepted_terms = Signal()

    def __init__(self, services: Services, parent: QWidget, *, accept_only: bool = False
                 ) -> None:
        super().__init__(parent)
        self.services = services
        self.accept_only = accept_only
        self.documents: Documents | None = None
        self.busy = False
        self.intro = IntroStep()
        self.terms = DocumentStep()
        self.privacy = DocumentStep()
        self.household = HouseholdStep(services.preferences.language)
        self.review = ReviewStep()
        self.done_step = DoneStep()
        self.stack = QStackedWidget(self)
        for step in (self.intro, self.terms, self.privacy, self.household, self.review,
                     self.done_step):
            self.stack.addWidget(step)
            step.ready_changed.connect(lambda _ready: self._update_buttons())
        self.back_button = self._button("WizardBack", self.back)
        self.next_button = self._button("WizardNext", self.next)
        self.next_button.setProperty("kind", "primary")
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        self.body.addWidget(self.stack, 1)
        self.body.addLayout(row)
        self.intro.retry.connect(self.check_connection)
        cloud = services.cloud
        cloud.documents_ready.connect(self._on_documents)
        cloud.municipalities_ready.connect(self.household.show_municipalities)
        self.household.municipalities_wanted.connect(cloud.fetch_municipalities)
        cloud.registered.connect(self._on_registered)
        cloud.state_changed.connect(self._on_state)
        cloud.failed.connect(self._on_failed)
        self.finished.connect(self._disconnect)
        self.retranslate()
        self.check_connection()

    def _button(self, name: str, action) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(56)
        button.clicked.connect(action)
        return button

    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def current(self) -> Step:
        return self.stack.currentWidget()

    # -- moving ------------------------------------------------------------------------------

    def check_connection(self) -> None:
        self.intro.show_checking()
        self.services.cloud.fetch_documents(self.services.preferences.language)

    def next(self) -> None:
        if not self.current().ready or self.busy:
            return
        step = self.step
        if step == PRIVACY and self.accept_only:
            self._send_acceptance()
        elif step == HOUSEHOLD:
            self.review.show_household(self.household.household(), *self._versions(),
                                       self.services.preferences.language)
            self._go(REVIEW)
        elif step == REVIEW:
            self._send_registration()
        elif step == DONE:
            self.accept()
        else:
            self._go(step + 1)

    def back(self) -> None:
        if self.busy:
            return
        if self.step in (INTRO, DONE) or (self.accept_only and self.step == TERMS):
            self.reject()
        else:
            self._go(self.step - 1)

    def _go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.message_label.clear()
        self._update_buttons()
        self.retranslate()

    def _versions(self) -> tuple[str, str]:
        assert self.documents is not None
        return self.documents.terms.version, self.documents.privacy.version

    def _send_registration(self) -> None:
        self.busy = True
        self._say(QCoreApplication.translate("RegistrationWizard", "Registering…"), "muted")
        self.services.cloud.register(self.household.household(), *self._versions())
        self._update_buttons()

    def _send_acceptance(self) -> None:
        self.busy = True
        self._say(QCoreApplication.translate("RegistrationWizard", "Sending…"), "muted")
        self.services.cloud.accept_terms(*self._versions())
        self._update_buttons()

    # -- answers of the service --------------------------------------------------------------

    def _on_documents(self, documents: Documents) -> None:
        self.documents = documents
        self.terms.show_document(documents.terms)
        self.privacy.show_document(documents.privacy)
        self.intro.show_result(True)
        if self.accept_only and self.step == INTRO:
            self._go(TERMS)

    def _on_registered(self, registration: Registration) -> None:
        self.busy = False
        self.done_step.show_codes(registration.confirmation_code, registration.device_code)
        self._go(DONE)
        self.registered.emit(registration)

    def _on_state(self, state) -> None:
        if self.accept_only and self.busy and not state.needs_acceptance and state.error is None:
            self.busy = False
            self.accepted_terms.emit()
            self.accept()

    def _on_failed(self, operation: str, problem: CloudProblem) -> None:
        if operation == "municipalities" and self.step == HOUSEHOLD:
            self.household.municipalities_failed()
            self._say(problem_text(problem), "error")
        elif operation == "documents":
            self.intro.show_result(False, problem_text(problem))
            if self.step != INTRO:
                self._go(INTRO)
        elif operation in ("register", "accept") and self.busy:
            self.busy = False
            self._say(problem_text(problem), "error")
            self._update_buttons()

    def _say(self, text: str, kind: str) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("kind", kind)
        self.message_label.style().polish(self.message_label)

    @property
    def error_text(self) -> str:
        return self.message_label.text() if self.message_label.property("kind") == "error" \
            else ""

    def _disconnect(self) -> None:
        cloud = self.services.cloud
        for signal, slot in ((cloud.documents_ready, self._on_documents),
                             (cloud.municipalities_ready, self.household.show_municipalities),
                             (cloud.registered, self._on_registered),
                             (cloud.state_changed, self._on_state),
                             (cloud.failed, self._on_failed)):
            signal.disconnect(slot)

    # -- texts -------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        self.next_button.setEnabled(self.current().ready and not self.busy)
        self.back_button.setEnabled(not self.busy)
        self.back_button.setVisible(self.step != DONE)
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.title_label.setText(translate("RegistrationWizard", "New terms of the service")
                                 if self.accept_only else
                                 translate("RegistrationWizard", "Server registration"))
        self.cancel_button.setText(translate("RegistrationWizard", "Cancel"))
        self.cancel_button.setVisible(self.step != DONE)
        step = self.step
        self.back_button.setText(translate("RegistrationWizard", "Back") if step != INTRO
                                 else translate("RegistrationWizard", "Close"))
        texts = {INTRO: translate("RegistrationWizard", "Next"),
                 TERMS: translate("RegistrationWizard", "I agree to the terms"),
                 PRIVACY: translate("RegistrationWizard", "I agree to the privacy policy"),
                 HOUSEHOLD: translate("RegistrationWizard", "Next"),
                 REVIEW: translate("RegistrationWizard", "Register"),
                 DONE: translate("RegistrationWizard", "I have noted the codes")}
        self.next_button.setText(texts[step])
        for widget in (self.intro, self.terms, self.privacy, self.household, self.review,
                       self.done_step):
            widget.retranslate()
