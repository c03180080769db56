"""One day of the forecast as a card: its sky, highest and lowest temperature, chance of
rain and the solar generation expected that day."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.domain.periods import Period
from app.domain.weather import DailyOutlook
from app.domain.weather_outlook import DayPv
from app.ui.formatting import DASH, format_energy_kwh, format_percent, format_temperature
from app.ui.theme import EnergyRole
from app.ui.weather_texts import day_name, sky_name
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.graph_format import tick_label
from app.ui.widgets.role_swatch import RoleSwatch
from app.ui.widgets.sky_look import sky_color, sky_icon
from app.ui.widgets.themed_icon import ThemedIcon


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    for widget in widgets:
        row.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
    row.addStretch(1)
    return row


def _label(kind: str | None = None) -> QLabel:
    label = QLabel()
    if kind:
        label.setProperty("kind", kind)
    return label


class WeatherDayCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "card")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.outlook: DailyOutlook | None = None
        self.day_label = _label("heading")
        # Long in English ("Day after tomorrow"): the date gives way, never the card's width.
        self.date_label = ElidedLabel()
        self.date_label.setProperty("kind", "muted")
        self.icon = ThemedIcon(3.0)
        self.high_label = _label("figure")
        self.low_label = _label("muted")  # "/ 3°C": the day's lowest, beside its highest
        self.sky_label = _label()
        self.rain_label = _label("muted")
        # "Solar 6.0 kWh": the caption may give way in a narrow card, the figure never.
        self.pv_caption = ElidedLabel()
        self.pv_value = _label()
        self.pv_swatch = RoleSwatch(EnergyRole.SOLAR)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 6, 12, 8)
        column.setSpacing(2)
        title = _row(self.day_label)
        title.insertWidget(1, self.date_label, 1)
        column.addLayout(title)
        figures = _row(self.icon, self.high_label, self.low_label)
        figures.setSpacing(6)
        column.addLayout(figures)
        column.addLayout(_row(self.sky_label, self.rain_label))
        pv_row = QHBoxLayout()  # the figure at the card's right edge, like a table row
        pv_row.setSpacing(8)
        pv_row.addWidget(self.pv_swatch)
        pv_row.addWidget(self.pv_caption, 1)
        pv_row.addWidget(self.pv_value)
        column.addLayout(pv_row)

    def show_day(self, outlook: DailyOutlook, today: date, pv: DayPv | None, has_pv: bool,
                 lang: str) -> None:
        translate = QCoreApplication.translate
        self.outlook = outlook
        self.day_label.setText(day_name(outlook.day, today))
        self.date_label.setText(tick_label(outlook.day, Period.WEEK, lang))
        self.icon.set_icon(sky_icon(outlook.sky), sky_color(outlook.sky))
        self.icon.setAccessibleName(sky_name(outlook.sky))
        self.sky_label.setText(sky_name(outlook.sky))
        self.high_label.setText(format_temperature(outlook.max_c, lang))
        self.low_label.setText(f"/ {format_temperature(outlook.min_c, lang)}")
        self.setAccessibleName(translate(
            "WeatherDayCard", "{day}: {sky}, high {high}, low {low}").format(
            day=self.day_label.text(), sky=sky_name(outlook.sky),
            high=format_temperature(outlook.max_c, lang),
            low=format_temperature(outlook.min_c, lang)))
        self.rain_label.setText(translate("WeatherDayCard", "Rain {percent}").format(
            percent=format_percent(outlook.pop_pct)))
        for widget in (self.pv_swatch, self.pv_caption, self.pv_value):
            widget.setVisible(has_pv)
        self.pv_caption.setText(translate("WeatherDayCard", "Solar (rest)")
                                if pv is not None and pv.rest_of_day
                                else translate("WeatherDayCard", "Solar"))
        self.pv_value.setText(DASH if pv is None else format_energy_kwh(pv.kwh, lang))

    def pv_text(self) -> str:
        """'Solar 6.0 kWh' as shown (for tests and accessibility)."""
        return f"{self.pv_caption.full_text} {self.pv_value.text()}"
