"""機器履歴: what the home's devices did and why, energy-saving actions, and their errors.

Filters (kind, device, period) are buttons that open a sheet of big choices;
the list is a lazily filled model (pages from `services.events`), so 100,000
events scroll as smoothly as 100. A tap on a row shows the event in full.

The CSV button exports what the filters show, or the home's energy data (the CSV of
`hems-panel export`): on the kiosk onto a USB stick when one is inserted (or it says
there is none), on a desktop where the user chooses. The page says what was saved,
by file name (never a file-system path), for EXPORT_NOTE_MS.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.events import EventFilter, EventKind
from app.services.export_target import export_dir
from app.services.services import Services
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.dialogs.date_range_dialog import DateRangeDialog
from app.ui.dialogs.event_detail_dialog import EventDetailDialog
from app.ui.dialogs.sheet_dialog import SheetDialog, is_kiosk
from app.ui.notice_texts import HOME_ZONE
from app.ui.pages.base_page import Page
from app.ui.theme import Theme
from app.ui.widgets.event_list_model import EventListModel, kind_badge
from app.ui.widgets.list_rows import ListOrEmpty

PERIODS = ("all", "today", "7d", "30d", "range")
_DAYS = {"today": 1, "7d": 7, "30d": 30}
EXPORT_NOTE_MS = 8000  # how long "Saved …" (or "no USB stick") stays
# What the CSV button can export: this list, or the energy data (days back, interval).
EXPORTS = ("events", "energy_30min", "energy_day")
_ENERGY = {"energy_30min": (31, "30min"), "energy_day": (366, "day")}


def midnight(day: date) -> float:
    return datetime.combine(day, time(0), HOME_ZONE).timestamp()


class ApplianceHistoryPage(Page):
    page_id = "appliance_history"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.dialog: SheetDialog | QFileDialog | None = None
        self.kind: EventKind | None = None
        self.device: str | None = None
        self.period = "all"
        self.range: tuple[date, date] | None = None
        self.devices: list[str] = []
        self.exporting = False
        self.last_export: Path | None = None
        self._note: str | None = None  # the export's outcome, shown for EXPORT_NOTE_MS
        self._to_stick = False  # the running export goes to a USB stick
        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.setInterval(EXPORT_NOTE_MS)
        self.note_timer.timeout.connect(self._clear_note)

        self.kind_button = self._button(self.choose_kind)
        self.device_button = self._button(self.choose_device)
        self.period_button = self._button(self.choose_period)
        self.export_button = self._button(self.export)
        self.export_button.setMinimumWidth(72)  # a short word, still a finger wide
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for button in (self.kind_button, self.device_button, self.period_button):
            filters.addWidget(button, 1)
        filters.addWidget(self.export_button)
        self.status = QLabel(wordWrap=True)
        self.status.setProperty("kind", "muted")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()

        self.model = EventListModel(services.events, self.language, self)
        self.stack = ListOrEmpty("EventList", self.model)
        self.view, self.delegate, self.empty = self.stack.view, self.stack.delegate, \
            self.stack.empty
        self.view.clicked.connect(self.open_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.setSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.stack, 1)

        self.model.loaded.connect(self._show_status)
        self.model.failed.connect(self._failed)
        services.events.devices_ready.connect(self._devices_ready)
        services.devices.snapshot_changed.connect(self._device_entries)
        services.events.export_progress.connect(self._export_progress)
        services.events.export_finished.connect(self._export_finished)
        self.retranslate()
        self.apply_filter()


    def _button(self, slot) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName("CompactControl")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    # -- filters ----------------------------------------------------------------------------

    def event_filter(self) -> EventFilter:
        start = end = None
        if self.period in _DAYS:
            start = midnight(self.services.clock.today() - timedelta(days=_DAYS[self.period] - 1))
        elif self.period == "range" and self.range is not None:
            start, end = midnight(self.range[0]), midnight(self.range[1] + timedelta(days=1))
        return EventFilter(devices=(self.device,) if self.device else (),
                           kinds=(self.kind,) if self.kind else (), start=start, end=end)

    def apply_filter(self) -> None:
        self._note = None
        self.note_timer.stop()
        self.model.set_filter(self.event_filter())
        self._show_filters()
        self._show_status()

    def set_kind(self, kind: EventKind | None) -> None:
        self.kind = kind
        self.apply_filter()

    def set_device(self, device: str | None) -> None:
        self.device = device
        self.apply_filter()

    def set_period(self, period: str, first: date | None = None,
                   last: date | None = None) -> None:
        self.period = period
        if period == "range" and first is not None and last is not None:
            self.range = (first, last)
        self.apply_filter()

    def choose_kind(self) -> None:
        options = [(None, self._all())] + [(k, kind_badge(k)) for k in EventKind]
        self._present(ChoiceDialog(self._kind_caption(), options, self.kind, self))
        self.dialog.chosen.connect(self.set_kind)

    def choose_device(self) -> None:
        options = [(None, self._all())] + [(d, self.model.device_text(d))
                                           for d in self.devices]
        self._present(ChoiceDialog(self._device_caption(), options, self.device, self))
        self.dialog.chosen.connect(self.set_device)

    def choose_period(self) -> None:
        options = [(p, self._period_text(p)) for p in PERIODS]
        self._present(ChoiceDialog(self._period_caption(), options, self.period, self))
        self.dialog.chosen.connect(self._period_chosen)

    def _period_chosen(self, period: str) -> None:
        if period != "range":
            self.set_period(period)
            return
        today = self.services.clock.today()
        first, last = self.range or (today - timedelta(days=6), today)
        dialog = DateRangeDialog(first, last, today, self.language, self)
        dialog.chosen.connect(lambda a, b: self.set_period("range", a, b))
        self._present(dialog)

    def _present(self, dialog: SheetDialog) -> None:
        self.dialog = dialog
        dialog.present()

    # -- rows -------------------------------------------------------------------------------

    def open_row(self, index: QModelIndex) -> None:
        record = self.model.record(index.row())
        self._present(EventDetailDialog(record, self.language, self.services.events.makers, self,
                                        self.model.device_names.get(record.device, "")))

    # -- export -----------------------------------------------------------------------------

    def export(self) -> None:
        """The CSV button: which data, then where (a USB stick on the kiosk)."""
        if self.exporting:
            return
        translate = QCoreApplication.translate
        options = [("events", translate("ApplianceHistoryPage", "This list")),
                   ("energy_30min", translate("ApplianceHistoryPage",
                                              "Energy data: last 31 days, every 30 minutes")),
                   ("energy_day", translate("ApplianceHistoryPage",
                                            "Energy data: last 12 months, by day"))]
        self._present(ChoiceDialog(translate("ApplianceHistoryPage", "Export as CSV"),
                                   options, None, self))
        self.dialog.chosen.connect(self.export_what)

    def export_what(self, what: str) -> None:
        stamp = self.services.clock.local_now().strftime("%Y%m%d-%H%M%S")
        name = ("history-" if what == "events" else f"energy-{_ENERGY[what][1]}-") \
            + f"{stamp}.csv"
        target = export_dir()
        if is_kiosk(self):
            if target is None:
                self._show_note(QCoreApplication.translate(
                    "ApplianceHistoryPage", "No USB stick found: insert one and tap CSV again."))
                return
            self.export_to(target / name, what, to_stick=True)
            return
        folder = target or Path.home()
        dialog = QFileDialog(self, self.export_button.text(), str(folder / name), "CSV (*.csv)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path), what))
        self.dialog = dialog
        dialog.open()

    def export_to(self, path: Path, what: str = "events", *, to_stick: bool = False) -> None:
        if not path.parent.is_dir():
            self._export_failed(QCoreApplication.translate(
                "ApplianceHistoryPage", "the folder is not there (was the USB stick removed?)"))
            return
        self.exporting = True
        self._to_stick = to_stick
        self.note_timer.stop()
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.progress.show()
        self.status.setText(QCoreApplication.translate("ApplianceHistoryPage", "Exporting…"))
        if what == "events":
            self.services.events.export_csv(self.model.filter, path, self.language)
        else:
            days, interval = _ENERGY[what]
            today = self.services.clock.local_now().date()
            self.services.events.export_energy_csv(today - timedelta(days=days - 1), today,
                                                   interval, path)

    def _export_progress(self, done: int, total: int) -> None:
        if self.exporting:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.status.setText(QCoreApplication.translate(
                "ApplianceHistoryPage", "Exporting… {done} of {total} rows").format(
                done=f"{done:,}", total=f"{total:,}"))

    def _export_finished(self, path: str, rows: int) -> None:
        self.exporting = False
        self.last_export = Path(path)
        self.export_button.setEnabled(True)
        self.progress.hide()
        translate = QCoreApplication.translate
        name = Path(path).name
        self._show_note(
            translate("ApplianceHistoryPage", "Saved {rows} rows on the USB stick as {name}")
            .format(rows=f"{rows:,}", name=name) if self._to_stick else
            translate("ApplianceHistoryPage", "Saved {rows} rows as {name}")
            .format(rows=f"{rows:,}", name=name))

    def _export_failed(self, message: str) -> None:
        self.exporting = False
        self.export_button.setEnabled(True)
        self.progress.hide()
        self._show_note(QCoreApplication.translate(
            "ApplianceHistoryPage", "The export failed: {reason}").format(reason=message))

    def _show_note(self, note: str) -> None:
        """An export's outcome, in place of the count, for EXPORT_NOTE_MS."""
        self._note = note
        self.status.setText(note)
        self.note_timer.start()

    def _clear_note(self) -> None:
        self.note_timer.stop()
        self._note = None
        self._show_status()

    @property
    def note(self) -> str | None:
        return self._note

    def _failed(self, message: str) -> None:
        if self.exporting:  # the service reports both on one signal
            self._export_failed(message)
            return
        self.status.setText(QCoreApplication.translate(
            "ApplianceHistoryPage", "The history could not be read: {reason}").format(
            reason=message))

    # -- texts ------------------------------------------------------------------------------

    def _devices_ready(self, devices: list[str]) -> None:
        self.devices = list(devices)

    def _device_entries(self, entries) -> None:
        """The names the household gave its devices (Settings > Devices), by event key."""
        self.model.set_device_names({
            f"{e.address}/{e.class_code:04X}{e.instance:02X}": e.name
            for e in entries or () if e.name})
        self._show_filters()

    def _all(self) -> str:
        return QCoreApplication.translate("ApplianceHistoryPage", "All")

    def _kind_caption(self) -> str:
        return QCoreApplication.translate("ApplianceHistoryPage", "Kind")

    def _device_caption(self) -> str:
        return QCoreApplication.translate("ApplianceHistoryPage", "Device")

    def _period_caption(self) -> str:
        return QCoreApplication.translate("ApplianceHistoryPage", "Period")

    def _period_text(self, period: str) -> str:
        translate = QCoreApplication.translate
        return {"all": translate("ApplianceHistoryPage", "All"),
                "today": translate("ApplianceHistoryPage", "Today"),
                "7d": translate("ApplianceHistoryPage", "Last 7 days"),
                "30d": translate("ApplianceHistoryPage", "Last 30 days"),
                "range": translate("ApplianceHistoryPage", "From – to…")}[period]

    def _show_filters(self) -> None:
        kind = kind_badge(self.kind) if self.kind else self._all()
        device = self.model.device_text(self.device) if self.device else self._all()
        period = self._period_text(self.period)
        if self.period == "range" and self.range is not None:
            first, last = self.range
            period = f"{first:%m/%d}–{last:%m/%d}"
        self.kind_button.setText(f"{self._kind_caption()}: {kind}")
        self.device_button.setText(f"{self._device_caption()}: {device}")
        self.period_button.setText(f"{self._period_caption()}: {period}")
        self.export_button.setText(QCoreApplication.translate("ApplianceHistoryPage", "CSV"))

    def _show_status(self) -> None:
        if self.exporting:
            return
        translate = QCoreApplication.translate
        total = self.model.total
        if total is None:
            text = translate("ApplianceHistoryPage", "Reading the history…")
        else:
            text = translate("ApplianceHistoryPage", "{count} events, newest first. Tap one for "
                                             "details.").format(count=f"{total:,}")
        self.status.setText(self._note or text)
        self.stack.show_empty(total == 0)

    def retranslate(self) -> None:
        self.model.set_language(self.language)
        self.empty.setText(QCoreApplication.translate(
            "ApplianceHistoryPage", "Nothing recorded for this choice. Devices' operations, "
                                    "energy-saving actions and errors appear here."))
        self._show_filters()
        self._show_status()
        self.delegate.set_badges([kind_badge(k) for k in EventKind], self.view.font())

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.services.devices.set_active(False, self)
        self._clear_note()  # an old "Saved …" is no news when the page comes back

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.services.events.request_devices()
        self.services.devices.set_active(True, self)  # the devices' names
        self.delegate.set_badges([kind_badge(k) for k in EventKind], self.view.font())
        if not self.model.loading:
            self.model.reload()  # what happened while the page was hidden
