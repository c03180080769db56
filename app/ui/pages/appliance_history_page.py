"""機器履歴: what the home's devices did and why, energy-saving actions, and their errors.

Filters (kind, device, period) are buttons that open a sheet of big choices;
the list is a lazily filled model (pages from `services.events`), so 100,000
events scroll as smoothly as 100. A tap on a row shows the event in full. The
CSV export writes what the filters show: on the kiosk into the data folder's
`exports/`, on a desktop where the user chooses; the page says where it went.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
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
from app.services.services import Services
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.dialogs.date_range_dialog import DateRangeDialog
from app.ui.dialogs.event_detail_dialog import EventDetailDialog
from app.ui.dialogs.sheet_dialog import SheetDialog, is_kiosk
from app.ui.notice_texts import HOME_ZONE, device_label
from app.ui.pages.base_page import Page
from app.ui.theme import Theme
from app.ui.widgets.event_list_model import EventListModel, kind_badge
from app.ui.widgets.list_rows import ListOrEmpty

PERIODS = ("all", "today", "7d", "30d", "range")
_DAYS = {"today": 1, "7d": 7, "30d": 30}


def default_export_dir() -> Path:
    """The data folder's `exports/` (same rule as app.cli.default_data_dir)."""
    from platformdirs import user_data_dir

    data = os.environ.get("HEMS_DATA_DIR") or user_data_dir("hems-panel", appauthor=False)
    return Path(data) / "exports"


def midnight(day: date) -> float:
    return datetime.combine(day, time(0), HOME_ZONE).timestamp()


class ApplianceHistoryPage(Page):
    page_id = "appliance_history"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.export_dir = default_export_dir()
        self.dialog: SheetDialog | QFileDialog | None = None
        self.kind: EventKind | None = None
        self.device: str | None = None
        self.period = "all"
        self.range: tuple[date, date] | None = None
        self.devices: list[str] = []
        self.exporting = False
        self.last_export: Path | None = None
        self._note: str | None = None  # the export's outcome, shown until the filter changes

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
        options = [(None, self._all())] + [(d, device_label(d)) for d in self.devices]
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
        self._present(EventDetailDialog(record, self.language, self.services.events.makers, self))

    # -- export -----------------------------------------------------------------------------

    def export(self) -> None:
        if self.exporting:
            return
        name = self.services.clock.local_now().strftime("history-%Y%m%d-%H%M%S.csv")
        if is_kiosk(self):
            self.export_to(self.export_dir / name)
            return
        dialog = QFileDialog(self, self.export_button.text(), str(self.export_dir / name),
                             "CSV (*.csv)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        self.dialog = dialog
        dialog.open()

    def export_to(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._export_failed(str(exc))
            return
        self.exporting = True
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.progress.show()
        self.status.setText(QCoreApplication.translate("ApplianceHistoryPage", "Exporting…"))
        self.services.events.export_csv(self.model.filter, path, self.language)

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
        self._note = QCoreApplication.translate(
            "ApplianceHistoryPage", "Saved {rows} rows to {path}").format(rows=f"{rows:,}",
                                                                          path=path)
        self.status.setText(self._note)

    def _export_failed(self, message: str) -> None:
        self.exporting = False
        self.export_button.setEnabled(True)
        self.progress.hide()
        self._note = QCoreApplication.translate(
            "ApplianceHistoryPage", "The export failed: {reason}").format(reason=message)
        self.status.setText(self._note)

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
        device = device_label(self.device).split(" · ")[0] if self.device else self._all()
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
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.services.events.request_devices()
        self.delegate.set_badges([kind_badge(k) for k in EventKind], self.view.font())
        if not self.model.loading:
            self.model.reload()  # what happened while the page was hidden
