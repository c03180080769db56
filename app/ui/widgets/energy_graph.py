"""One reusable energy graph on pyqtgraph: bars per period, a line for LIVE.

``show_result(result, styles)`` draws a ``HistoryResult``: DAY/WEEK/MONTH/YEAR as
bars (one StackedBars item holding every key's bars, several keys stacked, and
another for the compare period: lighter, hatched and outlined, beside the main one),
LIVE as one line per key broken at gaps (``connect="finite"``) plus the live-tail
point. A level (unit "%", the battery's charge) is never stacked nor summed: it is a
line on a fixed 0–100 % axis in every period (the compare period dashed). Plot
items are created once and updated with ``set_layers``/``setData``; a LIVE update of
the same request only hands the new arrays to the same items. NaN buckets draw
nothing: no bar, a break in the line; never zero.

The finger never pans or zooms: a tap on a bar column selects it (readout on top,
``bar_selected(index)``), a tap elsewhere clears it (``bar_selected(-1)``), and a
horizontal swipe asks for another period (``step_requested``; see graph_gestures).
A hidden graph does no drawing work: the newest result waits until it is shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.history import HistoryResult
from app.domain.periods import Compare, Period
from app.ui.theme import DAY, EnergyRole, Theme
from app.ui.widgets.graph_format import (
    bar_ticks,
    format_value,
    live_ticks,
    span_text,
    value_ticks,
    widest_tick_sample,
)
from app.ui.widgets.graph_gestures import TapSwipeFilter
from app.ui.widgets.graph_items import Bars, GridLines, TailDot
from app.ui.widgets.graph_legend import GraphLegend, LegendEntry, compare_brushes, font_px
from app.ui.widgets.stacked_bars import BarLayer, StackedBars

# Bucket i spans [i, i + 1) on the x axis; the bars leave a gap between buckets.
BAR_X0, BAR_WIDTH = 0.15, 0.7  # alone
COMPARE_X0, PAIR_WIDTH, MAIN_X0 = 0.1, 0.4, 0.5  # compare (earlier) left, main right
HEADROOM = 1.06  # the tallest bar stays clear of the top edge
MAX_VALUE_TICKS = 6
LIVE_RIGHT_ROOM = 0.015  # of the span: the live-tail dot stays whole at the right edge


@dataclass(frozen=True)
class SeriesStyle:
    """How one key is drawn: its energy role's colour (or an explicit one) and its
    translated label (legend and readout)."""

    label: str
    role: EnergyRole | None = None
    color: QColor | None = None

    def resolve(self, theme: Theme) -> QColor:
        if self.role is not None:
            return theme.role(self.role)
        return QColor(self.color) if self.color is not None else theme.role(EnergyRole.HOUSE)


class EnergyGraph(QWidget):
    bar_selected = Signal(int)  # the selected bucket's index; -1 when cleared
    step_requested = Signal(int)  # +1: the later period (swipe left), -1: the earlier one
    empty_action = Signal()  # the button under an empty graph's message was tapped
    legend_tapped = Signal(str)  # the key of the legend entry tapped

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EnergyGraph")
        self._theme = DAY
        self._lang = "ja"
        self._result: HistoryResult | None = None
        self._styles: dict[str, SeriesStyle] = {}
        self._pending: tuple[HistoryResult, dict[str, SeriesStyle]] | None = None
        self._items_key: tuple | None = None  # what the plot items were set up for
        self._labels_key: tuple | None = None  # what the legend was written for
        self._keys: tuple[str, ...] = ()
        self._selected = -1
        self._selected_x = math.nan  # the selected bucket's start: LIVE slides under it
        self._y_range = (0.0, 1.0)
        self._bottom_ticks: list = []
        self._left_ticks: list = []
        self._bars = StackedBars()
        self._compare_bars = StackedBars()
        self._lines: dict[str, pg.PlotDataItem] = {}
        self._compare_lines: dict[str, pg.PlotDataItem] = {}  # a level's compare period
        self._tails: dict[str, TailDot] = {}

        self.legend = GraphLegend(self)
        self.legend.entry_tapped.connect(self.legend_tapped)
        self.readout = QLabel(self)
        self.readout.setObjectName("GraphReadout")
        self.readout.setProperty("kind", "heading")
        # Its text is elided to the room it gets; it never asks for more (the window's width).
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._readout_full = ""
        self._header = QStackedWidget(self)  # the legend, or the readout of a selection
        self._header.addWidget(self.legend)
        self._header.addWidget(self.readout)
        header = QHBoxLayout()
        header.setContentsMargins(6, 0, 6, 0)
        header.addWidget(self._header)

        self.plot = pg.PlotWidget(self)
        self.plot.setAntialiasing(False)
        # Items move on every update: a BSP index would be rebuilt each time, asking
        # every bar item for its bounding rect (costly in pyqtgraph) several times.
        self.plot.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.plot.setMinimumSize(200, 120)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.disableAutoRange()
        item.setClipToView(True)  # not plot(..., clipToView=True): 0.14.0 raises
        item.setDownsampling(auto=True, mode="peak")
        self._view = item.getViewBox()
        self._view.setDefaultPadding(0.0)
        self._grid = GridLines()  # not pyqtgraph's grid: see graph_items
        self._grid.setZValue(-20)
        self._view.addItem(self._grid, ignoreBounds=True)
        self._bottom = item.getAxis("bottom")
        self._left = item.getAxis("left")
        self._highlight = Bars(x0=np.zeros(0), x1=np.zeros(0), y0=np.zeros(0), y1=np.zeros(0),
                               pen=pg.mkPen(None))
        self._highlight.setZValue(-10)
        self._highlight.setVisible(False)
        self._cursor = pg.InfiniteLine(angle=90, movable=False)
        self._cursor.setVisible(False)
        for item in (self._highlight, self._cursor, self._bars, self._compare_bars):
            self._view.addItem(item, ignoreBounds=True)

        self.no_data = QLabel(self)
        self.no_data.setObjectName("GraphNoData")
        self.no_data.setProperty("kind", "heading")
        self.no_data.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.no_data.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_data.setWordWrap(True)
        # Why there is nothing, and what to do about it ("Choose a rate plan").
        self._empty_message: str | None = None
        self.empty_button = QPushButton(self)
        self.empty_button.setObjectName("EmptyGraphAction")
        self.empty_button.setMinimumHeight(48)  # a touch target
        self.empty_button.clicked.connect(self.empty_action)
        self.empty_button.hide()
        self._empty = QWidget(self)
        self._empty.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        empty_layout = QVBoxLayout(self._empty)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(self.no_data)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._empty.hide()

        plot_area = QGridLayout()
        plot_area.setContentsMargins(0, 0, 0, 0)
        plot_area.addWidget(self.plot, 0, 0)
        plot_area.addWidget(self._empty, 0, 0, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addLayout(plot_area, 1)

        self._gestures = TapSwipeFilter(self.plot.viewport(), self)
        self._gestures.tapped.connect(self._tapped)
        self._gestures.swiped.connect(self.step_requested)
        self._apply_fonts()
        self._apply_theme()
        self.retranslate()

    # --- API ---------------------------------------------------------------------------
    def show_result(self, result: HistoryResult, styles: Mapping[str, SeriesStyle],
                    lang: str | None = None) -> None:
        """Draw ``result``; ``styles`` maps each key to its colour and label."""
        if lang is not None and lang != self._lang:
            self._lang = lang
            self._labels_key = None
        styles = dict(styles)
        if not self.isVisible():  # pages that are not visible do no work
            self._pending = (result, styles)
            return
        self._pending = None
        live = result.request.period is Period.LIVE
        keys = tuple(k for k in result.request.keys if k in result.values) or tuple(result.values)
        compare = result.compare is not None and not live
        lines = live or result.unit == "%"
        items_key = (keys, lines, compare, styles)
        if items_key != self._items_key:  # a new set of series: items and colours
            self._keys, self._styles = keys, styles
            self._configure_items(lines, compare)
            self._items_key = items_key
            self._labels_key = None
        labels_key = (result.request, result.unit, self._lang)
        if labels_key != self._labels_key:  # another period or language: the legend
            self._configure_legend(result, compare)
            self._labels_key = labels_key
        was_selected = self._selected
        self._follow_selection(result)
        self._result = result
        self._update()
        if was_selected >= 0 and self._selected < 0:
            self.bar_selected.emit(-1)

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._labels_key = None
        self._redraw()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._apply_theme()
        self._items_key = None
        self._redraw()

    @property
    def result(self) -> HistoryResult | None:
        return self._result

    @property
    def selected_index(self) -> int:
        return self._selected

    def select(self, index: int) -> None:
        """Select bucket ``index`` (as a tap would); -1 or an empty bucket clears."""
        if self._result is None or not self._bucket_has_data(index):
            self._clear_selection()
            return
        self._selected = index
        self._selected_x = float(self._result.x[index])
        self._show_selection()
        self.bar_selected.emit(index)

    def readout_text(self) -> str:
        """The readout in full (the label may elide it); empty when nothing is selected."""
        return self._readout_full if self._selected >= 0 else ""

    def bar_layer(self, key: str) -> BarLayer | None:
        """The bars drawn for ``key`` (None when the key is not drawn as bars)."""
        return self._bars.layer(key) if key in self._bars.keys else None

    def compare_layer(self, key: str) -> BarLayer | None:
        return self._compare_bars.layer(key) if key in self._compare_bars.keys else None

    def bar_style(self, key: str, compare: bool = False) -> tuple[QBrush, QPen]:
        return (self._compare_bars if compare else self._bars).style(key)

    @property
    def bar_items(self) -> tuple[StackedBars, StackedBars]:
        """The main and the compare bar items (created once per graph)."""
        return self._bars, self._compare_bars

    def line_item(self, key: str) -> pg.PlotDataItem | None:
        return self._lines.get(key)

    def compare_line_item(self, key: str) -> pg.PlotDataItem | None:
        return self._compare_lines.get(key)

    def compare_hatch(self, key: str) -> QBrush | None:
        return self._compare_bars.hatch(key)

    def tail_item(self, key: str) -> TailDot | None:
        return self._tails.get(key)

    def time_ticks(self) -> list[tuple[float, str]]:
        return list(self._bottom_ticks)

    def value_ticks(self) -> list[tuple[float, str]]:
        return list(self._left_ticks)

    def set_empty_message(self, message: str | None, action: str | None = None) -> None:
        """What an empty graph says (None: "No data for this period") and the text of a
        button under it (None: no button; a tap emits ``empty_action``)."""
        self._empty_message = message
        self.empty_button.setText(action or "")
        self.empty_button.setVisible(bool(action))
        self._show_empty_message()

    def _show_empty_message(self) -> None:
        self.no_data.setText(self._empty_message or QCoreApplication.translate(
            "EnergyGraph", "No data for this period"))

    def retranslate(self) -> None:
        self._show_empty_message()
        if self._result is not None:
            self._labels_key = None
            self._redraw()

    # --- Qt ----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._apply_fonts()
            self._items_key = None  # line width and dot size follow the font
            self._redraw()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending is not None:
            result, styles = self._pending
            self.show_result(result, styles)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._result is not None:
            self._update()  # tick density follows the width
        self._elide_readout()

    # --- building ----------------------------------------------------------------------
    def _redraw(self) -> None:
        if self._result is not None:
            self.show_result(self._result, self._styles)

    def _configure_items(self, lines: bool, compare: bool) -> None:
        """Plot items and their colours for a new set of series, styles or theme."""
        keys, theme = self._keys, self._theme
        self._bars.set_keys(keys if not lines else ())
        self._compare_bars.set_keys(keys if compare and not lines else ())
        self._sync_items(self._lines, keys if lines else (), self._new_line)
        self._sync_items(self._compare_lines, keys if lines and compare else (),
                         self._new_line)
        self._sync_items(self._tails, keys if lines else (), TailDot, z_base=100)
        scale = font_px(self) / 16
        stacked = len(keys) > 1
        for key in keys:
            color = self._style(key).resolve(theme)
            if lines:
                width = max(2, round(2 * scale))
                self._lines[key].setPen(pg.mkPen(color, width=width))
                self._tails[key].set_style(color, theme.color("surface"), round(12 * scale))
                if key in self._compare_lines:
                    self._compare_lines[key].setPen(
                        pg.mkPen(color, width=width, style=Qt.PenStyle.DashLine))
                continue
            # Stacked segments of one colour stay apart with a hairline in the background.
            edge = pg.mkPen(theme.color("surface"), width=1) if stacked else pg.mkPen(None)
            self._bars.set_style(key, pg.mkBrush(color), edge)
            if compare:
                fill, hatch = compare_brushes(color)
                self._compare_bars.set_style(key, fill, pg.mkPen(color, width=1), hatch)

    def _configure_legend(self, result: HistoryResult, compare: bool) -> None:
        theme, keys = self._theme, self._keys
        entries = [LegendEntry(self._style(k).resolve(theme), self._style(k).label, key=k)
                   for k in keys]
        if compare:  # first: with many keys the last entries are cut, never this one
            color = self._style(keys[0]).resolve(theme) if len(keys) == 1 \
                else theme.color("text_muted")
            entries.insert(0, LegendEntry(color, self._compare_label(result), outlined=True))
        self.legend.set_entries(result.unit, tuple(entries))

    def _sync_items(self, items: dict, keys: tuple[str, ...], make, z_base: int = 0) -> None:
        """One item per key: new keys get one, keys gone lose theirs, the rest are kept.

        Lines join the PlotItem (it applies clip-to-view and downsampling to them); the
        dots go straight into the ViewBox, which is cheaper. No item feeds the auto
        range (``ignoreBounds``): the graph sets its ranges itself.
        """
        owner = self.plot.getPlotItem() if items is self._lines or \
            items is self._compare_lines else self._view
        for key in [k for k in items if k not in keys]:
            owner.removeItem(items.pop(key))
        for z, key in enumerate(keys):
            if key not in items:
                items[key] = make()
                owner.addItem(items[key], ignoreBounds=True)
            items[key].setZValue(z_base + z)

    @staticmethod
    def _new_line() -> pg.PlotDataItem:
        return pg.PlotDataItem(connect="finite", antialias=False)

    def _style(self, key: str) -> SeriesStyle:
        return self._styles.get(key) or SeriesStyle(label=key)

    # --- data --------------------------------------------------------------------------
    def _update(self) -> None:
        result = self._result
        assert result is not None
        level = result.unit == "%"
        if result.request.period is Period.LIVE:
            x_range, low, high = self._update_live(result)
        elif level:
            x_range, low, high = self._update_level(result)
        else:
            x_range, low, high = self._update_bars(result)
        if level:  # a charge level: always the whole 0–100 %, never more
            low, high = 0.0, 100.0
        else:
            high *= HEADROOM
        bottom, top, ticks = value_ticks(low, high, self._max_value_ticks(),
                                         whole=result.unit == "¥")
        if (bottom, top) != self._y_range or self._view.viewRange()[0] != list(x_range):
            self._y_range = (bottom, top)
            self._view.setRange(xRange=x_range, yRange=(bottom, top), padding=0)
        if ticks != self._left_ticks:
            self._left_ticks = ticks
            self._left.setTicks([ticks, []])
            metrics = QFontMetricsF(self._tick_font())
            width = max(metrics.horizontalAdvance(label) for _, label in ticks)
            self._left.setWidth(math.ceil(width + metrics.height() * 0.6))
        self._grid.set_lines([value for value, _ in ticks], *x_range)
        self._empty.setVisible(not result.has_data)
        if self._selected >= len(result.x) or not self._bucket_has_data(self._selected):
            self._selected = -1
        self._show_selection()

    def _update_bars(self, result: HistoryResult) -> tuple[tuple[float, float], float, float]:
        count = len(result.x)
        index = np.arange(count, dtype=np.float64)
        compare = result.compare if result.compare is not None else None
        main_x0 = index + (MAIN_X0 if compare is not None else BAR_X0)
        width = PAIR_WIDTH if compare is not None else BAR_WIDTH
        low, high = self._stack(self._bars, result.values, main_x0, width, count)
        if compare is not None:
            c_low, c_high = self._stack(self._compare_bars, compare, index + COMPARE_X0,
                                        PAIR_WIDTH, count)
            low, high = min(low, c_low), max(high, c_high)
        max_labels = self._max_time_labels(result.request.period)
        ticks = bar_ticks(result.request.period, result.x, result.start.tzinfo, self._lang,
                          max_labels)
        self._set_time_ticks(ticks)
        return (0.0, float(max(count, 1))), low, high

    def _update_level(self, result: HistoryResult) -> tuple[tuple[float, float], float, float]:
        """A level per bucket: one point at each bucket's middle, joined by a line."""
        count = len(result.x)
        middle = np.arange(count, dtype=np.float64) + 0.5
        for key in self._keys:
            self._lines[key].setData(middle, result.values[key])
            self._tails[key].clear()
            if key in self._compare_lines and result.compare is not None:
                self._compare_lines[key].setData(
                    middle, result.compare.get(key, np.full(count, np.nan)))
        ticks = bar_ticks(result.request.period, result.x, result.start.tzinfo, self._lang,
                          self._max_time_labels(result.request.period))
        self._set_time_ticks(ticks)
        return (0.0, float(max(count, 1))), 0.0, 100.0

    def _stack(self, bars: StackedBars, values: Mapping[str, np.ndarray],
               x0: np.ndarray, width: float, count: int) -> tuple[float, float]:
        """Stack the keys bottom-up (positive above 0, negative below); NaN adds nothing."""
        up = np.zeros(count)
        down = np.zeros(count)
        layers: dict[str, BarLayer] = {}
        for key in self._keys:
            series = values.get(key)
            if series is None:
                series = np.full(count, np.nan)
            finite = np.isfinite(series)
            filled = np.where(finite, series, 0.0)
            positive = filled >= 0
            base = np.where(positive, up, down)
            layers[key] = BarLayer(x0[finite], base[finite], series[finite], width)
            up += np.where(positive, filled, 0.0)
            down += np.where(positive, 0.0, filled)
        bars.set_layers(layers)
        return float(down.min(initial=0.0)), float(up.max(initial=0.0))

    def _update_live(self, result: HistoryResult) -> tuple[tuple[float, float], float, float]:
        first = float(result.x[0]) if len(result.x) else result.start.timestamp()
        last = result.end.timestamp()
        low, high = 0.0, 0.0
        for key in self._keys:
            series = result.values[key]
            self._lines[key].setData(result.x, series)
            finite = series[np.isfinite(series)]
            if finite.size:
                low, high = min(low, float(finite.min())), max(high, float(finite.max()))
            tail = result.live_tail.get(key)
            if tail is not None and math.isfinite(tail[1]):
                self._tails[key].set_point(*tail)
                last = max(last, float(tail[0]))
                low, high = min(low, tail[1]), max(high, tail[1])
            else:
                self._tails[key].clear()
        ticks = live_ticks(first, last, result.start.tzinfo,
                           self._max_time_labels(Period.LIVE))
        self._set_time_ticks(ticks)
        return (first, last + (last - first) * LIVE_RIGHT_ROOM), low, high

    def _set_time_ticks(self, ticks: list[tuple[float, str]]) -> None:
        if ticks != self._bottom_ticks:
            self._bottom_ticks = ticks
            self._bottom.setTicks([ticks, []])

    # --- selection and readout ---------------------------------------------------------
    def _tapped(self, pos: QPoint) -> None:
        result = self._result
        if result is None or not len(result.x):
            return
        scene = self.plot.mapToScene(pos)
        if not self._view.sceneBoundingRect().contains(scene):
            self._clear_selection()
            return
        x = self._view.mapSceneToView(scene).x()
        if result.request.period is Period.LIVE:
            index = int(np.clip(np.searchsorted(result.x, x), 0, len(result.x) - 1))
            if index > 0 and abs(result.x[index - 1] - x) < abs(result.x[index] - x):
                index -= 1
        else:
            index = math.floor(x)  # the whole column counts: a finger needs no aim
        self.select(index if 0 <= index < len(result.x) else -1)

    def _follow_selection(self, result: HistoryResult) -> None:
        """Keep the selected bucket across updates of the same request (LIVE: the same
        minute, which moves left as the window slides); another request clears it."""
        if self._selected < 0:
            return
        if self._result is None or self._result.request != result.request:
            self._selected = -1
        elif result.request.period is Period.LIVE:
            index = int(np.searchsorted(result.x, self._selected_x))
            found = index < len(result.x) and result.x[index] == self._selected_x
            self._selected = index if found else -1

    def _clear_selection(self) -> None:
        was = self._selected
        self._selected = -1
        self._show_selection()
        if was != -1:
            self.bar_selected.emit(-1)

    def _bucket_has_data(self, index: int) -> bool:
        result = self._result
        if result is None or not 0 <= index < len(result.x):
            return False
        groups = [result.values] + ([result.compare] if result.compare else [])
        return any(math.isfinite(group[key][index]) for group in groups for key in group)

    def _show_selection(self) -> None:
        result, index = self._result, self._selected
        if result is None or index < 0:
            self._highlight.setVisible(False)
            self._cursor.setVisible(False)
            self._header.setCurrentWidget(self.legend)
            return
        if result.request.period is Period.LIVE:
            self._cursor.setPos(float(result.x[index]))
            self._cursor.setVisible(True)
        else:
            bottom, top = self._y_range
            self._highlight.setOpts(x0=np.array([index], dtype=float),
                                    x1=np.array([index + 1.0]), y0=np.array([bottom]),
                                    y1=np.array([top]))
            self._highlight.setVisible(True)
        self._readout_full = self._compose_readout(result, index)
        self._elide_readout()
        self._header.setCurrentWidget(self.readout)

    def _compose_readout(self, result: HistoryResult, index: int) -> str:
        """'11月25日 14:00–14:30  1.23kWh  前日 0.98kWh' (several keys: total, then each)."""
        lang, unit = self._lang, result.unit
        parts = [span_text(result.x[index], result.width_s[index], result.request.period,
                           result.start.tzinfo, lang)]
        values = {key: float(result.values[key][index]) for key in self._keys}
        finite = {key: v for key, v in values.items() if math.isfinite(v)}
        several = len(self._keys) > 1
        total = sum(finite.values()) if finite else None
        if several:
            total_word = QCoreApplication.translate("EnergyGraph", "Total")
            parts.append(f"{total_word} {format_value(total, unit, lang)}")
        else:
            parts.append(format_value(total, unit, lang))
        if result.compare is not None and result.request.period is not Period.LIVE:
            compared = [float(result.compare[k][index]) for k in self._keys
                        if k in result.compare and math.isfinite(result.compare[k][index])]
            parts.append(f"{self._compare_label(result)} "
                         f"{format_value(sum(compared) if compared else None, unit, lang)}")
        if several:
            parts.extend(f"{self._style(key).label} {format_value(value, unit, lang)}"
                         for key, value in finite.items())
        return "  ".join(parts)

    def _elide_readout(self) -> None:
        # To the room the label has (the header's, less the label's own margins), not
        # the graph's width: a label as wide as its text would widen the whole page.
        room = self._header.contentsRect().width() - self.readout.contentsMargins().left() \
            - self.readout.contentsMargins().right() - 4
        metrics = self.readout.fontMetrics()
        self.readout.setText(metrics.elidedText(self._readout_full, Qt.TextElideMode.ElideRight,
                                                max(50, room)))

    def _compare_label(self, result: HistoryResult) -> str:
        # Named translate, not tr: lupdate takes tr("x", ...) for a context-less string.
        translate = QCoreApplication.translate
        if result.request.compare is Compare.LAST_YEAR:
            return translate("EnergyGraph", "Same period last year")
        return {
            Period.DAY: translate("EnergyGraph", "Previous day"),
            Period.WEEK: translate("EnergyGraph", "Previous week"),
            Period.MONTH: translate("EnergyGraph", "Previous month"),
            Period.YEAR: translate("EnergyGraph", "Previous year"),
        }.get(result.request.period, translate("EnergyGraph", "Compared"))

    # --- look ----------------------------------------------------------------------------
    def _tick_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(font_px(self))
        return font

    def _apply_fonts(self) -> None:
        font = self._tick_font()
        metrics = QFontMetricsF(font)
        gap = round(metrics.height() * 0.3)
        # Edge labels ("0時" at the left, "14:00" at the right end of LIVE) may reach
        # past the axis into the margins instead of vanishing.
        overhang = math.ceil(metrics.horizontalAdvance("00:00") * 0.6)
        self._bottom.setStyle(tickFont=font, tickTextOffset=gap, autoExpandTextSpace=False,
                              hideOverlappingLabels=overhang)
        self._left.setStyle(tickFont=font, tickTextOffset=gap, autoExpandTextSpace=False,
                            hideOverlappingLabels=math.ceil(metrics.height() * 0.6))
        self._bottom.setHeight(math.ceil(metrics.height() + 2 * gap))
        self.plot.getPlotItem().setContentsMargins(2, math.ceil(metrics.height() * 0.5),
                                                   overhang, 2)
        self._left_ticks = []  # width follows the font on the next update

    def _apply_theme(self) -> None:
        theme = self._theme
        self.plot.setBackground(theme.color("surface"))
        for axis in (self._bottom, self._left):
            axis.setPen(QPen(theme.color("border"), 1))
            axis.setTextPen(theme.color("text_muted"))
        self.legend.set_theme(theme)
        self._cursor.setPen(pg.mkPen(theme.color("accent"), width=2))
        self._grid.setPen(pg.mkPen(theme.color("border"), width=1))
        accent = theme.color("accent")
        accent.setAlpha(45)
        self._highlight.setOpts(brush=accent)

    def _max_time_labels(self, period: Period) -> int:
        metrics = QFontMetricsF(self._tick_font())
        label = metrics.horizontalAdvance(widest_tick_sample(period, self._lang))
        width = max(100, self.plot.width() - self._left.width())
        return max(1, int(width // (label + metrics.height())))

    def _max_value_ticks(self) -> int:
        height = max(60, self.plot.height() - self._bottom.height())
        row = QFontMetricsF(self._tick_font()).height() * 2.2
        return int(min(MAX_VALUE_TICKS, max(2, height // row)))
