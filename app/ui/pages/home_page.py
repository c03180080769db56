"""ホーム: the live energy flow of the home, today's totals and, with a rate plan,
today's electricity cost so far and the month's bill forecast (whole yen).

The page asks the home service for snapshots only while it is shown, and never
shows a stale value as current: stale values are greyed with an 'as of' marker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services.services import FrontServices, Services
from app.ui.formatting import format_time, format_yen, to_local
from app.ui.pages.base_page import Page
from app.ui.widgets.day_totals import DayTotalsStrip
from app.ui.widgets.flow_diagram import FlowDiagram
from app.ui.widgets.home_forecast import HomeForecast
from app.ui.widgets.notice_banner import NoticeBanner
from app.ui.widgets.styled import restyle

if TYPE_CHECKING:
    from app.domain.home_snapshot import HomeSnapshot  # the first frame has none yet
    from app.domain.weather import WeatherView  # the forecast comes after the first frame


class HomePage(Page):
    page_id = "home"
    first_painted = Signal()  # its first paint is about to happen (the panel's first frame)

    def __init__(self, services: FrontServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.snapshot: HomeSnapshot | None = None
        self._view: WeatherView | None = None  # none before the weather service comes
        self._starting = False
        self._painted = False  # the first query waits for the first frame (see event())
        self.diagram = FlowDiagram(self)
        self.status = QLabel(self, alignment=Qt.AlignmentFlag.AlignCenter)
        self.status.setObjectName("HomeStatus")
        # Today's cost and the month's forecast (or, discreetly, that there is no plan).
        self.money = QLabel(self)
        self.money.setObjectName("HomeMoney")
        # Beside the forecast there may be no room for the whole line (English): it wraps.
        self.money.setWordWrap(True)
        self._money_text = ""
        self.totals = DayTotalsStrip(self)
        # Today's and tomorrow's sky and expected generation; a tap opens the forecast.
        self.forecast = HomeForecast(self)
        self.forecast.clicked.connect(lambda: self.open_page.emit("weather", None))
        # An important unread notice lies over the day's totals (the flow stays in view;
        # at 800×480 there is no room for another row); a tap opens it over the inbox.
        self.banner = NoticeBanner(services.notices, lambda: services.preferences.language, self)
        self.banner.opened.connect(lambda notice: self.open_page.emit("notices", notice))
        self.totals.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 10)
        layout.setSpacing(4)
        layout.addWidget(self.diagram, 1)
        status_row = QHBoxLayout()
        status_row.setContentsMargins(6, 0, 6, 0)
        status_row.addWidget(self.money, 1)
        status_row.addWidget(self.forecast)
        status_row.addWidget(self.status)
        layout.addLayout(status_row)
        layout.addWidget(self.totals)
        services.home.snapshot_changed.connect(self.show_snapshot)
        self.show_snapshot(services.home.last_snapshot)
        self._show_forecast(None)
        if isinstance(services, Services):  # all of them at once (not the panel's start)
            self.attach(services)

    def attach(self, services: Services) -> None:
        """The weather service: after the first frame (the forecast came after it anyway)."""
        super().attach(services)
        services.weather.view_changed.connect(self._show_forecast)
        self._show_forecast(services.weather.view)


    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.totals and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.banner.setGeometry(self.totals.geometry())
            self.banner.raise_()
        return super().eventFilter(watched, event)

    def show_snapshot(self, snapshot: HomeSnapshot | None) -> None:
        has_data = snapshot is not None and snapshot.flow.at is not None
        self._starting = snapshot is not None and snapshot.flow.starting
        self.snapshot = snapshot if has_data else None
        self.diagram.set_flow(self.snapshot.flow if self.snapshot else None, self.language)
        self.totals.set_totals(self.snapshot.today if self.snapshot else None, self.language)
        self._update_status()
        self._show_money(snapshot)

    def _show_money(self, snapshot: HomeSnapshot | None) -> None:
        translate = QCoreApplication.translate
        money = None if snapshot is None else snapshot.money
        if snapshot is None:
            text, kind = "", "muted"
        elif money is None:
            text, kind = translate("HomePage", "No rate plan set"), "muted"
        else:
            kind = "heading"
            text = translate("HomePage", "Today {today}").format(
                today=format_yen(money.today_yen))
            if money.month_forecast_yen is not None:
                text += "  ·  " + translate("HomePage", "Forecast this month {forecast}").format(
                    forecast=format_yen(money.month_forecast_yen))
        self._money_text = text
        self.money.setText(text)
        restyle(self.money, "kind", kind)

    @property
    def money_text(self) -> str:
        return self._money_text

    @property
    def status_state(self) -> str:
        """'starting', 'waiting', 'stale' or 'fresh' (what the status line says)."""
        return str(self.status.property("state"))

    def _show_forecast(self, view: WeatherView | None) -> None:
        self._view = view
        clock = self.services.clock
        self.forecast.show_view(view, clock.today(), clock.zone.key, self.language)

    def retranslate(self) -> None:
        self.show_snapshot(self.snapshot)
        self._show_forecast(self._view)

    def _update_status(self) -> None:
        snapshot = self.snapshot
        if snapshot is None and self._starting:
            state = "starting"
            text = QCoreApplication.translate("HomePage", "Starting…")
        elif snapshot is None or snapshot.flow.at is None:
            state = "waiting"
            text = QCoreApplication.translate("HomePage", "Waiting for data…")
        else:
            at = format_time(to_local(snapshot.flow.at))
            if snapshot.flow.stale:
                state = "stale"
                text = QCoreApplication.translate(
                    "HomePage", "Data is stale (as of {time})").format(time=at)
            else:
                state = "fresh"
                text = QCoreApplication.translate("HomePage", "Updated {time}").format(time=at)
        self.status.setText(text)
        restyle(self.status, "state", state)

    # Invisible pages cost nothing: the service polls only while we are on screen.
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._painted:
            self.services.home.set_active(True, self)
        self._show_forecast(self._view)  # "today" may have moved on

    def event(self, event: QEvent) -> bool:
        # The panel's first frame: the first query (its worker loads numpy for ~50 ms and
        # holds the GIL meanwhile) starts once the page has painted, not before.
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            QTimer.singleShot(0, self, self._activate_if_shown)
            self.first_painted.emit()
        return super().event(event)

    def _activate_if_shown(self) -> None:
        if self.isVisible():
            self.services.home.set_active(True, self)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.services.home.set_active(False, self)
