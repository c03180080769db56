"""The home page's small forecast: today's and tomorrow's sky and expected solar generation
(or, without PV, the day's highest and lowest temperature). A tap opens the weather page.

Each day is its sky icon beside two short lines (the day, then the figure), so the button
stays narrow enough to share the home page's status row. Hidden while there is no
forecast: the weather page itself says how to get one.

The forecast comes after the first frame (with the weather service): the weather's
modules load then, not with the home page.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from app.ui.formatting import DASH, format_energy_kwh, format_temperature
from app.ui.widgets.themed_icon import ThemedIcon

if TYPE_CHECKING:
    from app.domain.weather import DailyOutlook, WeatherView
    from app.domain.weather_outlook import DayPv

DAYS = 2  # today and tomorrow


class _Day(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.icon = ThemedIcon(1.7)
        self.caption = QLabel()
        self.caption.setProperty("kind", "muted")
        self.value = QLabel()
        self.value.setObjectName("HomeForecastValue")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.icon, 0, 0, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.caption, 0, 1)
        grid.addWidget(self.value, 1, 1)


class HomeForecast(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HomeForecast")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.days = [_Day(self) for _ in range(DAYS)]
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 2, 12, 2)
        row.setSpacing(14)
        for day in self.days:
            row.addWidget(day)
        self.hide()

    def show_view(self, view: WeatherView | None, today: date, timezone: str,
                  lang: str) -> None:
        forecast = None if view is None else view.forecast
        outlooks = {} if forecast is None else {d.day: d for d in forecast.daily}
        wanted = [outlooks.get(today + timedelta(days=i)) for i in range(DAYS)]
        if view is None or forecast is None or wanted[0] is None:
            self.hide()
            return
        from app.domain.weather_outlook import pv_by_day
        from app.ui.weather_texts import sky_name
        from app.ui.widgets.sky_look import sky_color, sky_icon

        pv = {} if view.solar is None else pv_by_day(view.solar, forecast.hourly, timezone)
        spoken = []
        for day, outlook in zip(self.days, wanted, strict=True):
            day.setVisible(outlook is not None)
            if outlook is None:
                continue
            day.icon.set_icon(sky_icon(outlook.sky), sky_color(outlook.sky))
            caption, value = self._texts(outlook, today, pv.get(outlook.day),
                                         view.solar is not None, lang)
            day.caption.setText(caption)
            day.value.setText(value)
            spoken.append(f"{caption} {sky_name(outlook.sky)} {value}")
        self.setAccessibleName(QCoreApplication.translate(
            "HomeForecast", "Weather forecast: {days}").format(days=", ".join(spoken)))
        self.show()
        self.updateGeometry()

    @staticmethod
    def _texts(outlook: DailyOutlook, today: date, pv: DayPv | None, has_pv: bool,
               lang: str) -> tuple[str, str]:
        """(the day, the figure): expected generation, or the temperatures without PV."""
        from app.ui.weather_texts import day_name

        translate = QCoreApplication.translate
        if not has_pv:
            return day_name(outlook.day, today), translate("HomeForecast", "{high}/{low}").format(
                high=format_temperature(outlook.max_c, lang),
                low=format_temperature(outlook.min_c, lang))
        # Says "solar" in words: a kWh beside a weather icon could be anything.
        if pv is not None and pv.rest_of_day:
            caption = translate("HomeForecast", "Solar, rest of today")
        elif outlook.day == today:
            caption = translate("HomeForecast", "Solar today")
        else:
            caption = translate("HomeForecast", "Solar tomorrow")
        return caption, DASH if pv is None else format_energy_kwh(pv.kwh, lang)

    def texts(self) -> list[str]:
        """'Solar tomorrow 6.0 kWh' for each day shown (for tests and accessibility)."""
        return [f"{day.caption.text()} {day.value.text()}" for day in self.days
                if not day.isHidden()]

    def sizeHint(self) -> QSize:
        # A button sizes itself by its own text; this one's content is its layout.
        content = self.layout().sizeHint()
        return QSize(content.width(), max(content.height(), super().sizeHint().height()))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
