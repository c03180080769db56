"""The simple steps of the registration wizard: introduction, a document, review, the code.

Each step is a plain widget; the wizard moves between them and says when the
"next" button may be used (`ready_changed`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.cloud.models import Document
from app.domain.household import Household
from app.ui.widgets.touch import make_kinetic
from app.ui.wizards.cloud_texts import building_text, energy_text
from app.ui.wizards.prefectures import prefecture_name


def _label(kind: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(wordWrap=wrap)
    label.setProperty("kind", kind)
    return label


class Step(QWidget):
    ready_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(8)
        self.heading = _label("heading")
        self.column.addWidget(self.heading)

    @property
    def ready(self) -> bool:
        return True


class IntroStep(Step):
    """What registration is for, and the connection check (the documents are fetched)."""

    retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = _label()
        self.status = _label("muted")
        self.status.setObjectName("ConnectionStatus")
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("RetryConnection")
        self.retry_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.retry_button.clicked.connect(self.retry.emit)
        self.retry_button.hide()
        self.column.addWidget(self.text)
        self.column.addStretch(1)
        self.column.addWidget(self.status)
        self.column.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._connected = False

    @property
    def ready(self) -> bool:
        return self._connected

    def show_checking(self) -> None:
        self._connected = False
        self.status.setProperty("kind", "muted")
        self.status.setText(
            QCoreApplication.translate(
                "RegistrationWizard", "Checking the connection to the service…"
            )
        )
        self.retry_button.hide()
        self.ready_changed.emit(False)

    def show_result(self, ok: bool, message: str = "") -> None:
        self._connected = ok
        self.status.setProperty("kind", "" if ok else "error")
        self.status.style().polish(self.status)
        self.status.setText(
            QCoreApplication.translate("RegistrationWizard", "Connected to the service.")
            if ok
            else message
        )
        self.retry_button.setVisible(not ok)
        self.ready_changed.emit(ok)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.heading.setText(translate("RegistrationWizard", "Register with the service"))
        self.text.setText(
            translate(
                "RegistrationWizard",
                "Registering lets the panel back up its data every day, take over the data of a "
                "panel it replaces, download rate plans, device manuals and signed software "
                "updates, and show the service's notices; if you wish, phones can then see the "
                "home and operate devices through the service. You will read and accept the "
                "terms of use and the privacy policy, then give a few facts about the household. "
                "Nothing that names a person or an address is asked.",
            )
        )
        self.retry_button.setText(translate("RegistrationWizard", "Try again"))


class DocumentStep(Step):
    """A document to accept: "I agree" enables only once it has been scrolled to the end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setObjectName("DocumentText")
        self.browser.setOpenLinks(False)
        self.browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        make_kinetic(self.browser)
        self.hint = _label("muted")
        self.column.addWidget(self.browser, 1)
        self.column.addWidget(self.hint)
        self.document: Document | None = None
        self._read_to_end = False
        bar = self.browser.verticalScrollBar()
        bar.valueChanged.connect(lambda _v: self._check_end())
        bar.rangeChanged.connect(lambda _lo, _hi: self._check_end())

    @property
    def ready(self) -> bool:
        return self._read_to_end

    def show_document(self, document: Document) -> None:
        self.document = document
        self._read_to_end = False
        self.heading.setText(document.title)
        self.browser.setPlainText(document.body)
        self.browser.verticalScrollBar().setValue(0)
        self.ready_changed.emit(False)
        self._check_end()

    def _check_end(self) -> None:
        bar = self.browser.verticalScrollBar()
        # Seen to the end once is enough: scrolling back up to re-read keeps the consent.
        if (
            self.document is not None
            and self.isVisible()
            and bar.value() >= bar.maximum()
            and not self._read_to_end
        ):
            self._read_to_end = True
            self.ready_changed.emit(True)
        self._show_hint()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._check_end()

    def _show_hint(self) -> None:
        translate = QCoreApplication.translate
        self.hint.setText(
            translate("RegistrationWizard", "You have read to the end.")
            if self._read_to_end
            else translate("RegistrationWizard", "Scroll to the end to agree.")
        )

    def retranslate(self) -> None:
        self._show_hint()


class ReviewStep(Step):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = _label()
        self.summary.setObjectName("ReviewSummary")
        self.note = _label("muted")
        self.column.addWidget(self.summary)
        self.column.addWidget(self.note)
        self.column.addStretch(1)

    def show_household(self, household: Household, terms: str, privacy: str, lang: str) -> None:
        translate = QCoreApplication.translate
        dash = "—"
        lines = [
            translate("RegistrationWizard", "Prefecture: {value}").format(
                value=prefecture_name(household.prefecture, lang)
            ),
            translate("RegistrationWizard", "Municipality: {value}").format(
                value=household.city_name or household.city_code or dash
            ),
            translate("RegistrationWizard", "Postal code: {value}").format(
                value=household.postal_code or dash
            ),
            translate("RegistrationWizard", "People in the household: {value}").format(
                value=household.household_size or dash
            ),
            translate("RegistrationWizard", "Building: {value}").format(
                value=building_text(household.building_type)
            ),
            translate("RegistrationWizard", "Energies: {value}").format(
                value=", ".join(energy_text(e) for e in household.energies) or dash
            ),
            translate(
                "RegistrationWizard", "Terms of use {terms}, privacy policy {privacy}: agreed"
            ).format(terms=terms, privacy=privacy),
        ]
        self.summary.setText("\n".join(lines))

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.heading.setText(translate("RegistrationWizard", "Check and register"))
        self.note.setText(
            translate(
                "RegistrationWizard",
                "Tap Register to send these facts and the panel's device code to the service.",
            )
        )


class DoneStep(Step):
    """The confirmation code, large, with why it must be kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLabel()
        self.code.setObjectName("ConfirmationCode")
        self.code.setProperty("kind", "figure")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.device = _label("muted")
        self.device.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.warning = _label("error")
        self.column.addStretch(1)
        self.column.addWidget(self.code)
        self.column.addWidget(self.device)
        self.column.addWidget(self.warning)
        self.column.addStretch(1)
        self._device_code = ""

    def show_codes(self, confirmation_code: str, device_code: str) -> None:
        code = confirmation_code
        self.code.setText(f"{code[:4]} {code[4:]}" if len(code) == 8 else code)
        self._device_code = device_code
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.heading.setText(translate("RegistrationWizard", "Registered. Your confirmation code:"))
        self.device.setText(
            translate("RegistrationWizard", "Device code of this panel: {code}").format(
                code=self._device_code
            )
        )
        self.warning.setText(
            translate(
                "RegistrationWizard",
                "Write both codes down and keep them safe. They are needed to take over this "
                "panel's data when it is replaced, and the confirmation code is shown only now.",
            )
        )
