"""Today's and tomorrow's plan as one chart, on pyqtgraph.

Behind everything the buy price as shaded bands (darker: dearer), its value written at
the top of each band; the expected solar generation (filled) and the house's expected
use (a line) per 30 minutes; the battery's planned charge (up) and discharge (down),
the EcoCute's heating and the car's charge as bars; the battery's planned level (and the
car's) as lines on a 0–100 % axis at the right; a line at each midnight with the day's
name, and one at "now". Power in kW on the left axis (the slot's mean).

Plot items are made once; `show_series` hands them new data. The chart never pans or
zooms (a finger scrolls the page), and a hidden chart does no drawing work.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, tzinfo

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsScene, QSizePolicy, QVBoxLayout, QWidget

from app.domain.charge_plan import SLOT
from app.domain.plan_series import PlanSeries
from app.ui.decision_texts import day_heading
from app.ui.formatting import format_percent
from app.ui.theme import DAY, EnergyRole, Theme
from app.ui.widgets.graph_format import live_ticks, value_ticks
from app.ui.widgets.graph_items import Bars, GridLines
from app.ui.widgets.graph_legend import GraphLegend, LegendEntry, font_px
from app.ui.widgets.stacked_bars import BarLayer, StackedBars

SLOT_S = SLOT.total_seconds()
BAR_INSET = 0.12  # of a slot, each side: bars stay apart
MIN_W = 1.0  # less is the solver's rounding, not a bar
LABEL_ROWS = 2.3  # room above the tallest bar for two rows of price labels
MAX_BAND_ALPHA = 70  # the dearest band's shade (0–255) over the plot's background
MIN_BAND_ALPHA = 12
# The bars, bottom layer first; discharges go below zero.
BAR_KEYS = ("charge", "ecocute", "ev_charge", "discharge", "ev_discharge")
HOT_WATER = EnergyRole.WATER  # the EcoCute heats water: the water role's colour


def _kw(values: np.ndarray) -> np.ndarray:
    return np.where(np.abs(values) >= MIN_W, values, 0.0) / 1000.0


class PlanChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlanChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = DAY
        self._lang = "ja"
        self._series: PlanSeries | None = None
        self._start_soc: float | None = None
        self._now: datetime | None = None
        self._zone: tzinfo | None = None
        self._today = date.min
        self._pending = False
        self.x_range = (0.0, 1.0)
        self.y_range = (0.0, 1.0)
        self.time_ticks: list[tuple[float, str]] = []
        self.price_labels: list[tuple[float, str]] = []  # (x, text) at each band's start
        self.day_labels: list[tuple[float, str]] = []

        self.legend = GraphLegend(self)
        self.plot = pg.PlotWidget(self)
        self.plot.setAntialiasing(False)
        self.plot.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.plot.setMinimumSize(200, 120)
        self.plot.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the page
        # scrolls under a finger that starts on the chart
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.disableAutoRange()
        item.showAxis("right")
        self._view = item.getViewBox()
        self._view.setDefaultPadding(0.0)
        self._bottom, self._left, self._right = (item.getAxis(name)
                                                 for name in ("bottom", "left", "right"))
        # The levels (0–100 %) have a view of their own, sharing the time axis.
        self._levels = pg.ViewBox(enableMouse=False)
        self._levels.setMenuEnabled(False)
        self._levels.setDefaultPadding(0.0)
        item.scene().addItem(self._levels)
        self._right.linkToView(self._levels)
        self._levels.setXLink(self._view)
        self._levels.setYRange(0.0, 100.0, padding=0.0)
        self._view.sigResized.connect(self._sync_levels)

        self._bands = Bars(x0=np.zeros(0), x1=np.zeros(0), y0=np.zeros(0), y1=np.zeros(0),
                           pen=pg.mkPen(None))
        self._bands.setZValue(-30)
        self._grid = GridLines()
        self._grid.setZValue(-20)
        self._solar = pg.PlotDataItem(stepMode="center", fillLevel=0.0, antialias=False)
        self._solar.setZValue(-10)
        self._bars = StackedBars()
        self._bars.set_keys(BAR_KEYS)
        self._load = pg.PlotDataItem(stepMode="center", antialias=False)
        self._load.setZValue(10)
        self._midnights = [pg.InfiniteLine(angle=90, movable=False) for _ in range(3)]
        self._now_line = pg.InfiniteLine(angle=90, movable=False)
        self._now_line.setZValue(30)
        for part in (self._bands, self._grid, self._solar, self._bars, self._load,
                     self._now_line, *self._midnights):
            self._view.addItem(part, ignoreBounds=True)
        self._soc = pg.PlotDataItem(antialias=True)
        self._ev_level = pg.PlotDataItem(antialias=True)
        for line in (self._soc, self._ev_level):
            self._levels.addItem(line, ignoreBounds=True)
        self._texts: list[pg.TextItem] = []  # prices and days, remade with the data
        self._price_texts: list[tuple[float, float, str, str]] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)
        self._apply_fonts()
        self._apply_theme()

    # --- API ---------------------------------------------------------------------------
    def show_series(self, series: PlanSeries, start_soc_pct: float | None, now: datetime,
                    zone: tzinfo, today: date, lang: str) -> None:
        """Draw `series`; `start_soc_pct` is the battery's level at its start."""
        self._series, self._start_soc = series, start_soc_pct
        self._now, self._zone, self._today, self._lang = now, zone, today, lang
        if not self.isVisible():
            self._pending = True
            return
        self._pending = False
        self._update()

    def clear(self) -> None:
        self._series = None
        self._pending = False
        for item in (self._solar, self._load, self._soc, self._ev_level):
            item.setData([], [])
        self._bars.set_layers({})
        self._bands.setOpts(x0=np.zeros(0), x1=np.zeros(0), y0=np.zeros(0), y1=np.zeros(0))
        self._set_texts([])

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._apply_theme()
        self._redraw()

    def legend_labels(self) -> list[str]:
        return self.legend.labels

    def sizeHint(self):
        size = super().sizeHint()
        size.setHeight(self._height())
        return size

    def minimumSizeHint(self):
        size = super().minimumSizeHint()
        size.setHeight(self._height())
        return size

    def _height(self) -> int:
        # Tall enough to read the bars on the 800×480 panel; grows with the font (scale).
        return round(font_px(self) * 14.5) + self.legend.height()

    # --- Qt ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending:
            self._pending = False
            self._update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._apply_fonts()
            self.updateGeometry()
            self._redraw()
        elif event.type() == QEvent.Type.LanguageChange:
            self._redraw()
        super().changeEvent(event)

    # --- drawing -----------------------------------------------------------------------
    def _redraw(self) -> None:
        if self._series is not None and self.isVisible():
            self._update()

    def _sync_levels(self) -> None:
        self._levels.setGeometry(self._view.sceneBoundingRect())
        self._levels.linkedViewChanged(self._view, self._levels.XAxis)

    def _update(self) -> None:
        s = self._series
        assert s is not None and self._zone is not None
        x0 = np.array([t.timestamp() for t in s.starts], dtype=float)
        first, last = (x0[0], s.end.timestamp()) if len(x0) else (0.0, 1.0)
        edges = np.append(x0, last)
        self.x_range = (first, last)
        positive = _kw(s.charge_w) + _kw(s.ecocute_w) + _kw(s.ev_charge_w)
        negative = -_kw(s.discharge_w) - _kw(s.ev_discharge_w)
        tallest = float(max(positive.max(initial=0.0), _kw(s.pv_w).max(initial=0.0),
                            _kw(s.load_w).max(initial=0.0), 0.5))
        text_h = QFontMetricsF(self._tick_font()).height()
        room = min(0.45, LABEL_ROWS * text_h / max(60.0, self._view.height() or 200.0))
        low = float(negative.min(initial=0.0))
        bottom, top, ticks = value_ticks(low, tallest, self._max_value_ticks())
        top = max(top, tallest / (1.0 - room))  # the axis ends where the labels' room does
        self.y_range = (bottom, top)
        self._view.setRange(xRange=self.x_range, yRange=self.y_range, padding=0)
        self._left.setTicks([ticks, []])
        self._grid.set_lines([v for v, _ in ticks], first, last)
        self._right.setTicks([[(v, format_percent(v)) for v in (0.0, 50.0, 100.0)], []])
        metrics = QFontMetricsF(self._tick_font())
        self._left.setWidth(math.ceil(max(metrics.horizontalAdvance(t) for _, t in ticks)
                                      + metrics.height() * 0.6))
        self._right.setWidth(math.ceil(metrics.horizontalAdvance("100%")
                                       + metrics.height() * 0.6))
        self.time_ticks = live_ticks(first, last, self._zone, self._max_time_labels())
        self._bottom.setTicks([self.time_ticks, []])

        self._draw_bands(s, x0, last)
        self._solar.setData(edges, _kw(s.pv_w))
        self._load.setData(edges, _kw(s.load_w))
        width = SLOT_S * (1 - 2 * BAR_INSET)
        left = x0 + SLOT_S * BAR_INSET
        up = np.zeros(len(x0))
        down = np.zeros(len(x0))
        layers = {}
        for key, values in (("charge", _kw(s.charge_w)), ("ecocute", _kw(s.ecocute_w)),
                            ("ev_charge", _kw(s.ev_charge_w)),
                            ("discharge", -_kw(s.discharge_w)),
                            ("ev_discharge", -_kw(s.ev_discharge_w))):
            shown = values != 0
            base = np.where(values > 0, up, down)
            layers[key] = BarLayer(left[shown], base[shown], values[shown], width)
            up += np.maximum(values, 0.0)
            down += np.minimum(values, 0.0)
        self._bars.set_layers(layers)

        ends = x0 + SLOT_S
        if s.has_battery:
            xs = np.concatenate(([first], ends)) if self._start_soc is not None else ends
            ys = (np.concatenate(([self._start_soc], s.soc_pct))
                  if self._start_soc is not None else s.soc_pct)
            self._soc.setData(xs, ys, connect="finite")
        else:
            self._soc.setData([], [])
        if np.isfinite(s.ev_level_pct).any():
            self._ev_level.setData(ends, s.ev_level_pct, connect="finite")
        else:
            self._ev_level.setData([], [])
        self._draw_days(first, last)
        now = self._now.timestamp() if self._now is not None else math.nan
        self._now_line.setPos(now)
        self._now_line.setVisible(first <= now <= last)
        self._set_legend(s)

    def _draw_bands(self, s: PlanSeries, x0: np.ndarray, last: float) -> None:
        bottom, top = self.y_range
        shade = QColor(self._theme.role(EnergyRole.PURCHASE))
        brushes = []
        for band in s.bands:
            color = QColor(shade)
            color.setAlpha(round(MIN_BAND_ALPHA + band.level * (MAX_BAND_ALPHA - MIN_BAND_ALPHA)))
            brushes.append(pg.mkBrush(color))
        starts = np.array([b.start.timestamp() for b in s.bands], dtype=float)
        ends = np.array([b.end.timestamp() for b in s.bands], dtype=float)
        self._bands.setOpts(x0=starts, x1=ends, y0=np.full(len(starts), bottom),
                            y1=np.full(len(starts), top), brushes=brushes, pens=None,
                            pen=pg.mkPen(None))
        yen = QCoreApplication.translate("PlanChart", "{price} yen")
        metrics = QFontMetricsF(self._tick_font())
        per_s = self._pixels_per_second()
        row_h = metrics.height() / self._pixels_per_unit() if self._pixels_per_unit() else 0.0
        texts: list[tuple[float, float, str, str]] = []
        self.price_labels = []
        right_edges = [-math.inf, -math.inf]  # two rows: a short band's label goes below
        for band in s.bands:
            text = yen.format(price=f"{band.price_yen:.2f}")
            x = band.start.timestamp()
            width = (metrics.horizontalAdvance(text) + metrics.height() * 0.5) / per_s \
                if per_s > 0 else 0.0
            row = next((r for r, edge in enumerate(right_edges) if x >= edge), None)
            if row is None or x + width > last:
                continue  # no room: the shade still says dear or cheap
            texts.append((x, top - row * row_h, text, "price"))
            self.price_labels.append((x, text))
            right_edges[row] = x + width
        self._price_texts = texts

    def _draw_days(self, first: float, last: float) -> None:
        assert self._zone is not None
        labels: list[tuple[float, str]] = []
        start = datetime.fromtimestamp(first, self._zone)
        day = start.date()
        midnights = []
        while True:
            midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(),
                                        self._zone).timestamp()
            name = day_heading(day, self._today)
            labels.append((max(first, datetime.combine(day, datetime.min.time(),
                                                       self._zone).timestamp()), name))
            if midnight >= last:
                break
            midnights.append(midnight)
            day += timedelta(days=1)
        for line, at in zip(self._midnights, midnights + [math.nan] * 3, strict=False):
            line.setPos(at)
            line.setVisible(math.isfinite(at))
        self.day_labels = labels
        bottom, _ = self.y_range
        texts = list(self._price_texts)
        texts += [(x, bottom, text, "day") for x, text in labels]
        self._set_texts(texts)

    def _set_texts(self, texts: list[tuple[float, float, str, str]]) -> None:
        """The price and day labels: a few TextItems, remade with the data."""
        for item in self._texts:
            self._view.removeItem(item)
        self._texts = []
        theme = self._theme
        font = self._tick_font()
        bold = QFont(font)
        bold.setBold(True)
        for x, y, text, kind in texts:
            price = kind == "price"
            item = pg.TextItem(text, color=theme.color("text_muted" if price else "text"),
                               anchor=(0.0, 0.0 if price else 1.0))
            item.setFont(font if price else bold)
            item.setPos(x, y)
            item.setZValue(40)
            self._view.addItem(item, ignoreBounds=True)
            self._texts.append(item)

    def _set_legend(self, s: PlanSeries) -> None:
        translate = QCoreApplication.translate
        theme = self._theme
        price = QColor(theme.role(EnergyRole.PURCHASE))
        price.setAlpha(MAX_BAND_ALPHA + 40)
        entries = [LegendEntry(price, translate("PlanChart", "Price")),
                   LegendEntry(theme.role(EnergyRole.SOLAR), translate("PlanChart", "Solar")),
                   LegendEntry(theme.role(EnergyRole.HOUSE), translate("PlanChart", "Use"))]
        if s.has_battery:
            entries += [
                LegendEntry(theme.role(EnergyRole.BATTERY_CHARGE),
                            translate("PlanChart", "Charge")),
                LegendEntry(theme.role(EnergyRole.BATTERY_DISCHARGE),
                            translate("PlanChart", "Discharge")),
                LegendEntry(theme.color("text"), translate("PlanChart", "Battery level"))]
        if s.has_ecocute:
            entries.append(LegendEntry(theme.role(HOT_WATER), translate("PlanChart", "EcoCute")))
        if s.has_ev:
            entries.append(LegendEntry(theme.role(EnergyRole.EV), translate("PlanChart", "EV")))
        self.legend.set_entries("kW", tuple(entries))

    # --- look --------------------------------------------------------------------------
    def _pixels_per_second(self) -> float:
        span = self.x_range[1] - self.x_range[0]
        width = self._view.width() or self.plot.width()
        return width / span if span > 0 else 0.0

    def _pixels_per_unit(self) -> float:
        span = self.y_range[1] - self.y_range[0]
        height = self._view.height() or self.plot.height()
        return height / span if span > 0 else 0.0

    def _tick_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(font_px(self))
        return font

    def _max_time_labels(self) -> int:
        metrics = QFontMetricsF(self._tick_font())
        width = max(100.0, self._view.width() or self.plot.width() - 80)
        return max(2, int(width // (metrics.horizontalAdvance("00:00") + metrics.height())))

    def _max_value_ticks(self) -> int:
        height = max(60.0, self._view.height() or self.plot.height() - 30)
        return int(min(6, max(2, height // (QFontMetricsF(self._tick_font()).height() * 2.2))))

    def _apply_fonts(self) -> None:
        font = self._tick_font()
        metrics = QFontMetricsF(font)
        gap = round(metrics.height() * 0.3)
        overhang = math.ceil(metrics.horizontalAdvance("00:00") * 0.6)
        self._bottom.setStyle(tickFont=font, tickTextOffset=gap, autoExpandTextSpace=False,
                              hideOverlappingLabels=overhang)
        for axis in (self._left, self._right):
            axis.setStyle(tickFont=font, tickTextOffset=gap, autoExpandTextSpace=False,
                          hideOverlappingLabels=math.ceil(metrics.height() * 0.6))
        self._bottom.setHeight(math.ceil(metrics.height() + 2 * gap))
        # Edge labels ("10" and "100%" at the top, "00:00" at the right end) stay whole.
        self.plot.getPlotItem().setContentsMargins(2, math.ceil(metrics.height() * 0.5),
                                                   overhang, 2)
        self.setFixedHeight(self._height())

    def _apply_theme(self) -> None:
        theme = self._theme
        scale = font_px(self) / 16
        self.plot.setBackground(theme.color("surface"))
        for axis in (self._bottom, self._left, self._right):
            axis.setPen(QPen(theme.color("border"), 1))
            axis.setTextPen(theme.color("text_muted"))
        self.legend.set_theme(theme)
        self._grid.setPen(pg.mkPen(theme.color("border"), width=1))
        solar = QColor(theme.role(EnergyRole.SOLAR))
        fill = QColor(solar)
        fill.setAlpha(110)
        self._solar.setPen(pg.mkPen(solar, width=max(1, round(scale))))
        self._solar.setBrush(pg.mkBrush(fill))
        self._load.setPen(pg.mkPen(theme.role(EnergyRole.HOUSE), width=max(2, round(2 * scale))))
        edge = pg.mkPen(None)
        for key, role in (("charge", EnergyRole.BATTERY_CHARGE), ("ecocute", HOT_WATER),
                          ("ev_charge", EnergyRole.EV),
                          ("discharge", EnergyRole.BATTERY_DISCHARGE),
                          ("ev_discharge", EnergyRole.EV)):
            self._bars.set_style(key, pg.mkBrush(theme.role(role)), edge)
        self._soc.setPen(pg.mkPen(theme.color("text"), width=max(2, round(2.5 * scale))))
        self._ev_level.setPen(pg.mkPen(theme.role(EnergyRole.EV), width=max(2, round(2 * scale)),
                                       style=Qt.PenStyle.DashLine))
        self._now_line.setPen(pg.mkPen(theme.color("accent"), width=max(2, round(2 * scale))))
        for line in self._midnights:
            line.setPen(pg.mkPen(theme.color("text_muted"), width=1,
                                 style=Qt.PenStyle.DashLine))
