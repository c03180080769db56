"""天気予報: today and the next two days for the household's area, the coming hours with
the expected solar generation and consumption, the warnings in force, and how good the
forecasts of recent days were.

Everything comes from one WeatherView of the weather service; the page asks the service
to refresh when shown and never fetches itself. It says how old the forecast is (the
panel keeps showing the last one while offline) and, with no forecast at all, what to do.
A household registered before cities were chosen from a list gets no forecast until it
chooses its municipality: the page offers that (the access password first).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.energy_forecast import SlotForecast
from app.domain.weather import WeatherView
from app.domain.weather_outlook import pv_by_day
from app.services.cloud_problem import CITY_REQUIRED, UNREACHABLE, CloudProblem
from app.services.services import Services
from app.services.weather_service import NOT_REGISTERED, problem_of_view
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.pages.base_page import Page
from app.ui.weather_texts import OLD_AFTER_S, age_text, shortage_text
from app.ui.widgets.forecast_accuracy_table import ForecastAccuracyTable
from app.ui.widgets.hourly_forecast_chart import HourlyForecastChart
from app.ui.widgets.styled import make_card, restyle
from app.ui.widgets.touch import kinetic_scroll
from app.ui.widgets.weather_day_card import WeatherDayCard
from app.ui.widgets.weather_warnings_box import WeatherWarningsBox
from app.ui.wizards.city_chooser import CityChooser
from app.ui.wizards.cloud_texts import problem_text

DAYS = 3  # today, tomorrow and the day after
HOURS = timedelta(hours=48)  # the hourly part: as far as the energy forecasts reach


class WeatherPage(Page):
    page_id = "weather"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.view: WeatherView | None = services.weather.view
        self.dialog: SheetDialog | None = None  # the access password before the city
        self.city = CityChooser(services, self)
        self.city.message_changed.connect(lambda _text: self._render())
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 6, 12, 10)
        column.setSpacing(8)

        # How old the forecast is, and why it could not be renewed.
        self.age_label = QLabel(wordWrap=True)
        self.problem_label = QLabel(wordWrap=True)
        self.problem_label.setProperty("kind", "muted")
        column.addWidget(self.age_label)
        column.addWidget(self.problem_label)

        self.warnings = WeatherWarningsBox()
        column.addWidget(self.warnings)

        # No forecast yet, or the city to choose: what the household can do about it.
        self.empty_card, empty_layout = make_card()
        self.empty_heading = QLabel()
        self.empty_heading.setProperty("kind", "heading")
        self.empty_text = QLabel(wordWrap=True)
        self.city_note = QLabel(wordWrap=True)  # the city chooser's progress or problem
        self.city_note.setProperty("kind", "muted")
        self.empty_button = QPushButton()
        self.empty_button.setObjectName("WeatherEmptyAction")
        self.empty_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.empty_button.clicked.connect(self._empty_action)
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.empty_button)
        empty_row.addStretch(1)
        empty_layout.addWidget(self.empty_heading)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addLayout(empty_row)
        empty_layout.addWidget(self.city_note)
        column.addWidget(self.empty_card)

        self.day_cards = [WeatherDayCard() for _ in range(DAYS)]
        days_row = QHBoxLayout()
        days_row.setSpacing(8)
        for card in self.day_cards:
            days_row.addWidget(card, 1)
        column.addLayout(days_row)

        self.hours_card, hours_layout = make_card()
        self.chart = HourlyForecastChart()
        self.load_note = QLabel(wordWrap=True)
        self.load_note.setProperty("state", "stale")  # the seed's 学習データ不足: worth a look
        hours_layout.addWidget(self.chart)
        hours_layout.addWidget(self.load_note)
        column.addWidget(self.hours_card)

        self.accuracy_card, accuracy_layout = make_card()
        self.accuracy_heading = QLabel()
        self.accuracy_heading.setProperty("kind", "heading")
        self.accuracy = ForecastAccuracyTable()
        accuracy_layout.addWidget(self.accuracy_heading)
        accuracy_layout.addWidget(self.accuracy)
        column.addWidget(self.accuracy_card)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(kinetic_scroll(content, self))
        services.weather.view_changed.connect(self.show_view)
        services.cloud.state_changed.connect(self._cloud_changed)
        self.retranslate()

    # --- API ---------------------------------------------------------------------------
    def show_view(self, view: WeatherView) -> None:
        self.view = view
        self._render()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.accuracy_heading.setText(translate("WeatherPage", "How good the forecasts were"))
        self._render()

    # --- Qt ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._render()  # the age has grown since the page was last seen
        self.services.weather.refresh()

    # --- internals ---------------------------------------------------------------------
    def _cloud_changed(self, _state: object) -> None:
        self._render()

    def _city_required(self) -> bool:
        problem = problem_of_view(None if self.view is None else self.view.problem)
        return problem is not None and problem.kind == CITY_REQUIRED \
            and self.services.cloud.state.registered

    def choose_city(self) -> None:
        self.dialog = ask_password_then(self, self.services.access, self.city.start)

    def _empty_action(self) -> None:
        if self._city_required():
            self.choose_city()
        elif self.services.cloud.state.registered:
            self.services.weather.refresh()
        else:
            self.open_page.emit("registration", None)

    def _render(self) -> None:
        view = self.view
        forecast = None if view is None else view.forecast
        self._show_age(view)
        self._show_empty(view)
        for widget in (*self.day_cards, self.hours_card):
            widget.setVisible(forecast is not None)
        self.accuracy_card.setVisible(view is not None and (forecast is not None
                                                             or bool(view.accuracy)))
        if view is None:
            self.warnings.show_warnings((), self.services.clock.today(),
                                        self.services.clock.zone, self.language)
            return
        clock, lang = self.services.clock, self.language
        today, zone = clock.today(), clock.zone
        self.accuracy.show_accuracy(view.accuracy, lang)
        self.warnings.show_warnings(() if forecast is None else forecast.warnings, today,
                                    zone, lang)
        if forecast is None:
            return
        pv = {} if view.solar is None else pv_by_day(view.solar, forecast.hourly, zone.key)
        days = [d for d in forecast.daily if d.day >= today][:DAYS]
        for index, card in enumerate(self.day_cards):
            card.setVisible(index < len(days))
            if index < len(days):
                card.show_day(days[index], today, pv.get(days[index].day),
                              view.solar is not None, lang)
        begin = clock.local_now().replace(minute=0, second=0, microsecond=0)
        solar = () if view.solar is None else _slots(view.solar)
        load = view.load.forecast if view.load is not None else None
        self.chart.show_hours(forecast.hourly, solar, () if load is None else _slots(load),
                              begin, begin + HOURS, zone, today, lang)
        shortages = () if view.load is None or view.load.forecast is not None \
            else view.load.shortages
        self.load_note.setVisible(bool(shortages))
        self.load_note.setText(shortage_text(shortages) if shortages else "")

    def _show_age(self, view: WeatherView | None) -> None:
        translate = QCoreApplication.translate
        forecast = None if view is None else view.forecast
        problem = problem_of_view(None if view is None else view.problem)
        if forecast is None:
            self.age_label.hide()
            self.problem_label.hide()
            return
        age = forecast.age_s(self.services.clock.now())
        offline = problem is not None and problem.kind == UNREACHABLE
        self.age_label.setText(translate("WeatherPage", "{area} · {age}").format(
            area=forecast.area_name, age=age_text(age, offline)))
        old = age >= OLD_AFTER_S or problem is not None or forecast.stale
        restyle(self.age_label, "state", "stale" if old else "fresh")
        self.age_label.show()
        if problem is not None:
            text = _why_not_renewed(problem)
        elif forecast.stale:
            text = translate("WeatherPage", "The weather service could not renew this "
                                            "forecast.")
        else:
            text = ""
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def _show_empty(self, view: WeatherView | None) -> None:
        translate = QCoreApplication.translate
        city = self._city_required()
        shown = view is not None and (view.forecast is None or city)
        self.empty_card.setVisible(shown)
        self.city_note.setText(self.city.message)
        self.city_note.setVisible(city and bool(self.city.message))
        if not shown:
            return
        if city:
            self.empty_heading.setText(translate("WeatherPage", "Choose your municipality"))
            self.empty_text.setText(translate(
                "WeatherPage", "The weather service now sends the forecast for the "
                               "household's municipality, chosen from its list. This panel "
                               "was registered before the list: choose it once, and the "
                               "forecast follows."))
            self.empty_button.setText(translate("WeatherPage", "Choose the municipality"))
            self.empty_button.setEnabled(not self.city.busy)
            return
        self.empty_button.setEnabled(True)
        self.empty_heading.setText(translate("WeatherPage", "No weather forecast yet"))
        problem = problem_of_view(None if view is None else view.problem)
        if not self.services.cloud.state.registered:
            text = translate("WeatherPage",
                             "The forecast for your area comes from the server service. "
                             "Register the panel (Settings › Server registration) to see it "
                             "here, with the expected solar generation.")
            button = translate("WeatherPage", "Register")
        else:
            text = translate("WeatherPage",
                             "The panel has not received a forecast yet. Check the internet "
                             "connection; the forecast appears here once it arrives.")
            if problem is not None and problem.kind != NOT_REGISTERED:
                text += "\n" + _why_not_renewed(problem)
            button = translate("WeatherPage", "Try again")
        self.empty_text.setText(text)
        self.empty_button.setText(button)

    def shown_age(self) -> str:
        return self.age_label.text() if self.age_label.isVisibleTo(self) else ""


def _why_not_renewed(problem: CloudProblem) -> str:
    """The service's reason in the household's words (the registration's sentences)."""
    if problem.kind == NOT_REGISTERED:
        return QCoreApplication.translate(
            "WeatherPage", "The panel is not registered with the server service, so the "
                           "forecast is not renewed.")
    return QCoreApplication.translate("WeatherPage", "Could not renew the forecast: {reason}"
                                      ).format(reason=problem_text(problem))


def _slots(forecast: SlotForecast) -> list[tuple[datetime, float]]:
    return [(forecast.slot_start(i), wh) for i, wh in enumerate(forecast.wh)]
