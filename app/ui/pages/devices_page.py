"""機器: the ECHONET Lite devices the panel found, whether each answers, and their names.

Reached from Settings. Each row says what the device is, what the household
calls it and where it is, its address, and whether it answers now; a device
that has gone quiet says since when. Tapping a row names it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.domain.aiseg2_status import MirrorStatus
from app.domain.devices import DeviceEntry
from app.services.services import Services
from app.ui.device_classes import device_class_name
from app.ui.dialogs.aiseg2_login import Aiseg2LoginSteps
from app.ui.dialogs.device_name_dialog import DeviceNameDialog
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.sheet_dialog import SheetDialog, is_kiosk
from app.ui.formatting import format_time, to_local
from app.ui.pages.base_page import Page
from app.ui.widgets.editor_row import TouchButton
from app.ui.widgets.mirror_card import MirrorCard
from app.ui.widgets.styled import restyle
from app.ui.widgets.touch import kinetic_scroll


class DeviceRow(QFrame):
    """One device as a card; a tap asks to rename it, its Manual button opens its help page."""

    tapped = Signal(object)
    manual_tapped = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "card")
        self.entry: DeviceEntry | None = None
        self.title = QLabel(self)
        self.title.setProperty("kind", "heading")
        self.detail = QLabel(self)
        self.detail.setProperty("kind", "muted")
        self.status = QLabel(self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 8, 16, 8)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.detail, 1, 0)
        grid.addWidget(self.status, 0, 1, 2, 1)
        self.manual_button = TouchButton(self)
        self.manual_button.setObjectName("DeviceManualButton")
        self.manual_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.manual_button.clicked.connect(
            lambda: self.entry is not None and self.manual_tapped.emit(self.entry))
        grid.addWidget(self.manual_button, 0, 2, 2, 1)
        grid.setColumnStretch(0, 1)

    def show_entry(self, entry: DeviceEntry) -> None:
        translate = QCoreApplication.translate
        self.entry = entry
        kind = device_class_name(entry.class_code)
        named = entry.name and entry.name != kind
        self.title.setText(f"{entry.name} ({kind})" if named else kind)
        where = entry.location or translate("DevicesPage", "Place not set")
        if is_kiosk(self):  # the household: where it is; addresses and codes are jargon
            self.detail.setText(where)
        else:  # the installer's desktop: which node and object, to find it on the network
            eoj = f"{entry.class_code:04X}{entry.instance:02X}"
            self.detail.setText(f"{where} · {entry.address} · {eoj}")
        if not entry.stale:
            text, state = translate("DevicesPage", "Answering"), "live"
        elif entry.last_seen is None:
            text, state = translate("DevicesPage", "Not answering"), "stale"
        else:
            since = format_time(to_local(datetime.fromtimestamp(entry.last_seen).astimezone()))
            text = translate("DevicesPage", "No answer since {time}").format(time=since)
            state = "stale"
        self.status.setText(text)
        self.manual_button.setText(translate("DevicesPage", "Manual"))
        restyle(self.status, "kind", "muted" if state == "stale" else "")
        restyle(self.status, "state", state)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # a card that takes the press gets the release, i.e. the tap

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.entry is not None and self.rect().contains(event.position().toPoint()):
            self.tapped.emit(self.entry)
        super().mouseReleaseEvent(event)


class DevicesPage(Page):
    page_id = "devices"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.dialog: DeviceNameDialog | SheetDialog | None = None
        self.rows: list[DeviceRow] = []
        self.save_failed = False
        self.login_saved: bool | None = None  # the AiSEG2 login: saved, or failed to
        self.login_steps: Aiseg2LoginSteps | None = None
        content = QWidget()
        self._column = QVBoxLayout(content)
        self._column.setContentsMargins(16, 12, 16, 12)
        self._column.setSpacing(8)
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("kind", "muted")
        self._column.addWidget(self.summary)
        self.mirror_card = MirrorCard()  # an AiSEG2 mirrored: how it answers
        self.mirror_card.hide()
        self.mirror_card.tapped.connect(self.edit_login)
        self._column.addWidget(self.mirror_card)
        self._column.addStretch(1)
        scroll = kinetic_scroll(content, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._devices: tuple[DeviceEntry, ...] | None = None
        services.devices.snapshot_changed.connect(self.show_devices)
        if services.mirror is not None:
            services.mirror.snapshot_changed.connect(self.show_mirror)
        self.retranslate()


    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.services.devices.set_active(True, self)
        if self.services.mirror is not None:
            self.services.mirror.set_active(True, self)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.services.devices.set_active(False, self)
        if self.services.mirror is not None:
            self.services.mirror.set_active(False, self)

    def show_mirror(self, statuses: tuple[MirrorStatus, ...]) -> None:
        self.mirror_card.setVisible(bool(statuses))
        if statuses:
            self.mirror_card.show_status(statuses[0])

    def show_devices(self, devices: tuple[DeviceEntry, ...]) -> None:
        self._devices = devices
        while len(self.rows) < len(devices):  # rows are reused: no flicker every refresh
            row = DeviceRow()
            row.tapped.connect(self.edit)
            row.manual_tapped.connect(self.open_manual)
            self._column.insertWidget(self._column.count() - 1, row)
            self.rows.append(row)
        for index, row in enumerate(self.rows):
            row.setVisible(index < len(devices))
            if index < len(devices):
                row.show_entry(devices[index])
        self._show_summary()

    def _show_summary(self) -> None:
        translate = QCoreApplication.translate
        devices = self._devices
        if self.save_failed:
            text = translate("DevicesPage", "The name could not be saved. Please try again.")
        elif self.login_saved is not None:
            text = (translate("DevicesPage", "The AiSEG2 login was saved. The panel uses it "
                                             "within half a minute.") if self.login_saved
                    else translate("DevicesPage", "The AiSEG2 login could not be saved. "
                                                  "Please try again."))
        elif devices is None:
            text = translate("DevicesPage", "Looking for devices…")
        elif not devices:
            text = translate("DevicesPage", "No devices found yet. The panel keeps looking "
                                            "on the home network.")
        else:
            quiet = sum(d.stale for d in devices)
            text = translate("DevicesPage", "Devices found: {count}. Not answering: {quiet}. "
                                            "Tap a device to name it.").format(
                count=len(devices), quiet=quiet)
        self.summary.setText(text)

    def open_manual(self, entry: DeviceEntry) -> None:
        """The device's help page (no password: reading it changes nothing)."""
        self.open_page.emit("device_manual", entry)

    def edit(self, entry: DeviceEntry) -> None:
        """Name a device (after the access password, on the kiosk)."""
        self.dialog = ask_password_then(self, self.services.access,
                                        lambda: self._ask_name(entry))

    def _ask_name(self, entry: DeviceEntry) -> None:
        self.dialog = DeviceNameDialog(entry, self)
        self.dialog.saved.connect(
            lambda name, place: self.services.devices.rename(
                entry.class_code, entry.instance, name, place, self._saved))
        self.dialog.present()

    def edit_login(self) -> None:
        """The AiSEG2's address and login (after the access password, on the kiosk)."""
        mirror = self.services.mirror
        if mirror is None or not mirror.can_save_login:
            return  # the demo's fake AiSEG2: nothing to log in to
        host = self.mirror_card.status.host if self.mirror_card.status else ""
        steps = self.login_steps = Aiseg2LoginSteps(self)
        steps.entered.connect(lambda h, u, p: mirror.save_login(h, u, p, self._login_saved))
        self.dialog = ask_password_then(self, self.services.access, lambda: steps.start(host))

    def _login_saved(self, ok: bool) -> None:
        self.login_saved = ok
        self._show_summary()

    def _saved(self, ok: bool) -> None:
        self.save_failed = not ok
        self._show_summary()

    def retranslate(self) -> None:
        self._show_summary()
        self.mirror_card.retranslate()
        for row in self.rows:
            if row.isVisible() and row.entry is not None:
                row.show_entry(row.entry)
