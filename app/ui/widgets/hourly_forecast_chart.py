"""The coming hours at a glance: sky and temperature in columns of a few hours, and under
them the expected solar generation (bars) and consumption (a line) per 30 minutes.

Painted by hand like the price chart: one time axis for both, the days' names above it,
night hours shaded, a line at each midnight and one where the forecast's hours begin.
Columns are as narrow as their texts allow (every hour on a wide screen, every few hours
on the 800×480 panel), on whole local hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.periods import Period
from app.domain.weather import HourlyWeather, Sky
from app.domain.weather_outlook import hour_sky, is_dark
from app.ui.formatting import format_energy_kwh, format_temperature
from app.ui.icons import paint_icon
from app.ui.theme import DAY, EnergyRole, Theme
from app.ui.weather_texts import day_name
from app.ui.widgets.graph_format import tick_label
from app.ui.widgets.sky_look import sky_color, sky_icon

HOUR = timedelta(hours=1)
STEPS = (1, 2, 3, 4, 6)  # hours per column, the first whose texts fit wins
_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class Column:
    start: datetime  # local, a whole hour
    hours: int
    label: str  # its first hour
    sky: Sky
    dark: bool
    temperature: str


class HourlyForecastChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = DAY
        self._hours: tuple[HourlyWeather, ...] = ()
        self.pv: tuple[tuple[datetime, float], ...] = ()
        self.load: tuple[tuple[datetime, float], ...] = ()
        self._begin = self._end = self._axis_begin = datetime.min
        self._zone: tzinfo | None = None
        self._today = date.min
        self._lang = "ja"
        self.columns: tuple[Column, ...] = ()

    # --- API ---------------------------------------------------------------------------
    def show_hours(self, hours: Sequence[HourlyWeather], pv: Sequence[tuple[datetime, float]],
                   load: Sequence[tuple[datetime, float]], begin: datetime, end: datetime,
                   zone: tzinfo, today: date, lang: str) -> None:
        """Hours in [begin, end) (aware, whole hours); (slot start, Wh) of PV and load."""
        self._hours = tuple(h for h in hours if begin <= h.at < end)
        self.pv = tuple((at, wh) for at, wh in pv if begin <= at < end)
        self.load = tuple((at, wh) for at, wh in load if begin <= at < end)
        self._begin, self._end, self._zone = begin, end, zone
        self._today, self._lang = today, lang
        self._layout_columns()
        self.updateGeometry()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    @property
    def has_energy(self) -> bool:
        return bool(self.pv or self.load)

    # --- geometry ----------------------------------------------------------------------
    def _px(self) -> float:
        return float(max(16, self.fontInfo().pixelSize()))

    def _rows(self) -> tuple[float, float, float, float, float]:
        """Heights of the day names, hours, icons, temperatures and the energy band."""
        f = self._px()
        return f * 1.4, f * 1.3, f * 1.9, f * 1.4, (f * 5.2 if self.has_energy else 0.0)

    def sizeHint(self) -> QSize:
        return QSize(400, round(sum(self._rows()) + self._px() * 0.3))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout_columns()

    def _x(self, moment: datetime) -> float:
        span = (self._end - self._begin).total_seconds()
        if span <= 0:
            return 0.0
        return self.width() * (moment - self._axis_begin).total_seconds() / span

    def _layout_columns(self) -> None:
        """Columns of `step` hours on whole local hours (0, 3, 6 ... for 3): the axis starts
        at the column that holds `begin`, so the first column is the current one."""
        self._axis_begin = self._begin
        if not self._hours or self._zone is None:
            self.columns = ()
            return
        metrics = QFontMetricsF(self._font(bold=True))
        widest = max(metrics.horizontalAdvance(format_temperature(-12.0, self._lang)),
                     metrics.horizontalAdvance(tick_label(datetime(2026, 1, 1, 22),
                                                          Period.DAY, self._lang)),
                     self._px() * 2.0) + self._px() * 0.6
        hour_px = self.width() / max(1.0, (self._end - self._begin) / HOUR)
        step = next((s for s in STEPS if s * hour_px >= widest), STEPS[-1])
        local_begin = self._begin.astimezone(self._zone)
        self._axis_begin = local_begin - (local_begin.hour % step) * HOUR
        by_start = {h.at: h for h in self._hours}
        columns = []
        start = self._axis_begin
        while start + step * HOUR <= self._axis_begin + (self._end - self._begin):
            within = [by_start[at] for at in (start + i * HOUR for i in range(step))
                      if at in by_start]
            if within:
                columns.append(Column(start, step, tick_label(start, Period.DAY, self._lang),
                                      _sky_of(within), is_dark(within[len(within) // 2]),
                                      format_temperature(within[0].temp_c, self._lang)))
            start += step * HOUR
        self.columns = tuple(columns)

    def day_labels(self) -> list[tuple[datetime, str]]:
        """(where the day starts on the axis, its name): '今日 15日(水)', '明日 16日(木)' ..."""
        if self._zone is None or not self.columns:
            return []
        first = self._axis_begin.astimezone(self._zone)
        last = self.columns[-1].start
        labels = []
        day = first.date()
        while day <= last.date():
            midnight = datetime.combine(day, datetime.min.time(), self._zone)
            name = day_name(day, self._today)
            date_text = tick_label(datetime.combine(day, datetime.min.time()), Period.WEEK,
                                   self._lang)
            labels.append((max(midnight, first), f"{name} {date_text}" if name else date_text))
            day += timedelta(days=1)
        return labels

    def _font(self, *, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(round(self._px()))
        font.setBold(bold)
        return font

    # --- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._hours:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        theme = self._theme
        day_h, time_h, icon_h, temp_h, band_h = self._rows()
        self._paint_nights(painter, day_h)
        painter.setFont(self._font(bold=True))
        painter.setPen(theme.color("text"))
        f = self._px()
        metrics = QFontMetricsF(painter.font())
        for start, text in self.day_labels():
            left = self._x(start) + f * 0.4
            room = max(0.0, self.width() - left)
            painter.drawText(QRectF(left, 0, room, day_h), _LEFT,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, room))
        top = day_h
        for column in self.columns:
            left = self._x(column.start)
            width = self._x(column.start + column.hours * HOUR) - left
            painter.setFont(self._font())
            painter.setPen(theme.color("text_muted"))
            painter.drawText(QRectF(left, top, width, time_h), _CENTER, column.label)
            side = icon_h * 0.9
            paint_icon(painter, sky_icon(column.sky, column.dark),
                       QRectF(left + (width - side) / 2, top + time_h + (icon_h - side) / 2,
                              side, side),
                       sky_color(column.sky, column.dark)(theme))
            painter.setFont(self._font(bold=True))
            painter.setPen(theme.color("text"))
            painter.drawText(QRectF(left, top + time_h + icon_h, width, temp_h), _CENTER,
                             column.temperature)
        if band_h:
            self._paint_energy(painter, QRectF(0, top + time_h + icon_h + temp_h,
                                               self.width(), band_h))
        self._paint_midnights(painter)
        if band_h:  # under the legend, where the bars begin
            self._paint_now(painter, top + time_h + icon_h + temp_h + self._px() * 1.4)

    def _paint_nights(self, painter: QPainter, top: float) -> None:
        shade = QColor(self._theme.color("surface_alt"))
        shade.setAlpha(150)
        for hour in self._hours:
            if is_dark(hour):
                left, right = self._x(hour.at), self._x(hour.at + HOUR)
                painter.fillRect(QRectF(left, top, right - left + 0.5, self.height() - top),
                                 shade)

    def _paint_now(self, painter: QPainter, top: float) -> None:
        """Where the forecast's hours begin (the current hour), when the first column
        holds earlier hours."""
        if self._begin > self._axis_begin:
            x = self._x(self._begin)
            painter.setPen(QPen(self._theme.color("accent"), 2))
            painter.drawLine(QPointF(x, top), QPointF(x, self.height()))

    def _paint_midnights(self, painter: QPainter) -> None:
        painter.setPen(QPen(self._theme.color("border"), 2))
        for hour in self._hours:
            if hour.at.astimezone(self._zone).hour == 0 and hour.at > self._axis_begin:
                x = self._x(hour.at)
                painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    def _paint_energy(self, painter: QPainter, band: QRectF) -> None:
        theme = self._theme
        f = self._px()
        top = band.top() + f * 1.4  # room for the legend
        bottom = band.bottom() - f * 0.3
        peak = max([wh for _, wh in (*self.pv, *self.load)] + [1.0])
        grid = _nice_step(peak)
        scale = (bottom - top) / max(peak, grid)
        painter.setPen(QPen(theme.color("border"), 1, Qt.PenStyle.DashLine))
        y = bottom - grid * scale
        painter.drawLine(QPointF(0, y), QPointF(band.right(), y))
        painter.drawLine(QPointF(0, bottom), QPointF(band.right(), bottom))
        slot_w = self._x(self._axis_begin + timedelta(minutes=30))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.role(EnergyRole.SOLAR))
        for at, wh in self.pv:
            if wh > 0:
                height = wh * scale
                painter.drawRect(QRectF(self._x(at) + 0.5, bottom - height,
                                        max(1.0, slot_w - 1.0), height))
        if self.load:
            points = QPolygonF([QPointF(self._x(at) + slot_w / 2, bottom - wh * scale)
                                for at, wh in self.load])
            painter.setPen(QPen(theme.role(EnergyRole.HOUSE), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(points)
        painter.setFont(self._font())
        painter.setPen(theme.color("text_muted"))
        label = format_energy_kwh(grid / 1000, self._lang)
        painter.drawText(QRectF(0, y - f * 1.3, band.width() - f * 0.3, f * 1.3),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, label)
        self._paint_legend(painter, band)

    def _paint_legend(self, painter: QPainter, band: QRectF) -> None:
        theme = self._theme
        translate = QCoreApplication.translate
        f = self._px()
        painter.setFont(self._font())
        metrics = QFontMetricsF(painter.font())
        x = f * 0.3
        row = QRectF(x, band.top(), band.width(), f * 1.3)
        entries = []
        if self.pv:
            entries.append((EnergyRole.SOLAR, translate("HourlyForecastChart", "Solar")))
        if self.load:
            entries.append((EnergyRole.HOUSE, translate("HourlyForecastChart", "Consumption")))
        for role, text in entries:
            swatch = QRectF(x, row.center().y() - f * 0.3, f * 0.9, f * 0.6)
            if role is EnergyRole.HOUSE:
                painter.fillRect(QRectF(swatch.left(), swatch.center().y() - 1.5,
                                        swatch.width(), 3), theme.role(role))
            else:
                painter.fillRect(swatch, theme.role(role))
            x = swatch.right() + f * 0.3
            painter.setPen(theme.color("text"))
            painter.drawText(QRectF(x, row.top(), metrics.horizontalAdvance(text) + 2,
                                    row.height()), _LEFT, text)
            x += metrics.horizontalAdvance(text) + f
        painter.setPen(theme.color("text_muted"))
        note = translate("HourlyForecastChart", "(per 30 minutes)")
        painter.drawText(QRectF(x, row.top(), band.width() - x - f * 0.3, row.height()),
                         _LEFT, metrics.elidedText(note, Qt.TextElideMode.ElideRight,
                                                   max(0.0, band.width() - x - f * 0.3)))


def _sky_of(hours: Sequence[HourlyWeather]) -> Sky:
    """A column's sky: rain or snow if any of its hours is wet, else its middle hour's."""
    skies = [hour_sky(h) for h in hours]
    for wet in (Sky.SNOW, Sky.RAIN):
        if wet in skies:
            return wet
    return skies[len(skies) // 2]


def _nice_step(peak_wh: float) -> float:
    """A round energy under the peak for the one gridline: 100, 200, 500, 1,000 Wh ..."""
    step = 100.0
    for candidate in (100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0):
        if candidate <= peak_wh:
            step = candidate
    return step
