"""The energy graph draws exactly the result's numbers, gaps as gaps, and obeys the finger."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from app.domain.history import HistoryResult
from app.domain.periods import Compare, HistoryRequest, Period
from app.ui.theme import DAY, NIGHT, EnergyRole
from app.ui.widgets.energy_graph import (
    BAR_WIDTH,
    BAR_X0,
    COMPARE_X0,
    MAIN_X0,
    EnergyGraph,
    SeriesStyle,
)
from app.ui.widgets.graph_format import format_value, span_text, value_ticks

JST = timezone(timedelta(hours=9))
DAY0 = datetime(2026, 11, 25, tzinfo=JST)  # a Wednesday
STYLES = {"buy": SeriesStyle("Bought", EnergyRole.PURCHASE),
          "pv": SeriesStyle("Solar", EnergyRole.SOLAR),
          "ev": SeriesStyle("EV", EnergyRole.EV),
          "house": SeriesStyle("Used", EnergyRole.HOUSE)}
NAN = np.nan


def day_result(values: dict[str, list[float]], *, compare: dict[str, list[float]] | None = None,
               period: Period = Period.DAY) -> HistoryResult:
    count = len(next(iter(values.values())))
    step = {Period.DAY: 1800, Period.WEEK: 86400, Period.MONTH: 86400}[period]
    x = np.array([DAY0.timestamp() + i * step for i in range(count)], dtype=float)
    request = HistoryRequest(tuple(values), period, DAY0.date(),
                             Compare.PREVIOUS if compare else Compare.NONE)
    return HistoryResult(request, DAY0, DAY0 + timedelta(seconds=step * count), "kWh", x,
                         np.full(count, float(step)), {k: np.array(v, float)
                                                       for k, v in values.items()},
                         None if compare is None else {k: np.array(v, float)
                                                       for k, v in compare.items()})


def year_result() -> HistoryResult:
    starts = [datetime(2026, m, 1, tzinfo=JST) for m in range(1, 13)]
    x = np.array([s.timestamp() for s in starts])
    width = np.diff([*x, datetime(2027, 1, 1, tzinfo=JST).timestamp()])
    return HistoryResult(HistoryRequest(("buy",), Period.YEAR, date(2026, 11, 25)), starts[0],
                         datetime(2027, 1, 1, tzinfo=JST), "kWh", x, width,
                         {"buy": np.linspace(200, 400, 12)})


def live_result(minutes: int = 180, *, end_minute: int = 0, gap: slice = slice(60, 75),
                tail_w: float = 2400.0) -> HistoryResult:
    end = datetime(2026, 11, 25, 14, 5, tzinfo=JST) + timedelta(minutes=end_minute)
    start = end - timedelta(minutes=minutes)
    x = np.array([start.timestamp() + 60 * i for i in range(minutes)])
    watts = 1500 + 800 * np.sin(np.arange(minutes) / 15 + end_minute / 15)
    watts[gap] = NAN
    return HistoryResult(HistoryRequest(("house",), Period.LIVE, end.date()), start, end, "W",
                         x, np.full(minutes, 60.0), {"house": watts},
                         live_tail={"house": (end.timestamp() + 20, tail_w)})


@pytest.fixture
def graph(qtbot) -> EnergyGraph:
    widget = EnergyGraph()
    qtbot.addWidget(widget)
    widget.resize(760, 300)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def bar_opts(layer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return layer.x0, layer.y0, layer.height


def viewport_point(graph: EnergyGraph, x: float, y: float) -> QPoint:
    """Where the view coordinate (x, y) lands on the plot's viewport, for mouse events."""
    scene = graph.plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    return graph.plot.mapFromScene(scene)


def tap(qtbot, graph: EnergyGraph, point: QPoint) -> None:
    viewport = graph.plot.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point + QPoint(3, -2))


def drag(qtbot, graph: EnergyGraph, from_x: float, to_x: float) -> None:
    viewport = graph.plot.viewport()
    y = viewport.height() // 2
    start = QPoint(round(viewport.width() * from_x), y)
    end = QPoint(round(viewport.width() * to_x), y + 10)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=(start + end) / 2)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


# --- bars ------------------------------------------------------------------------------
def test_bars_hold_exactly_the_values_and_nan_buckets_draw_nothing(graph):
    values = [0.5, NAN, 1.25, 0.0, NAN, 2.0]
    graph.show_result(day_result({"buy": values}), STYLES, "en")
    x0, y0, height = bar_opts(graph.bar_layer("buy"))
    drawn = [0, 2, 3, 5]
    assert np.array_equal(x0, np.array(drawn) + BAR_X0)
    assert np.array_equal(height, np.array(values)[drawn])  # a real zero is a (flat) bar
    assert np.array_equal(y0, np.zeros(4))
    assert graph.bar_layer("buy").width == BAR_WIDTH
    assert not np.isnan(height).any()
    assert not graph.no_data.isVisible()
    assert graph.legend.unit == "kWh" and graph.legend.labels == ["Bought"]


def test_stacked_keys_start_on_the_sum_of_the_keys_below(graph):
    values = {"buy": [1.0, NAN, 0.5, 2.0],
              "pv": [0.25, 3.0, NAN, -1.0],  # a negative value stacks downwards
              "ev": [2.0, 1.0, 1.5, -0.5]}
    graph.show_result(day_result(values), STYLES, "en")
    _, y0_buy, _ = bar_opts(graph.bar_layer("buy"))
    x0_pv, y0_pv, h_pv = bar_opts(graph.bar_layer("pv"))
    x0_ev, y0_ev, h_ev = bar_opts(graph.bar_layer("ev"))
    assert np.array_equal(y0_buy, [0, 0, 0])
    assert np.array_equal(x0_pv, np.array([0, 1, 3]) + BAR_X0)
    assert np.array_equal(y0_pv, [1.0, 0.0, 0.0]) and np.array_equal(h_pv, [0.25, 3.0, -1.0])
    assert np.array_equal(x0_ev, np.arange(4) + BAR_X0)
    assert np.array_equal(y0_ev, [1.25, 3.0, 0.5, -1.0]) and np.array_equal(h_ev, values["ev"])
    low, high = graph.plot.getPlotItem().getViewBox().viewRange()[1]
    assert low <= -1.5 and high >= 4.0  # the whole stack is in view
    assert graph.bar_items[0].keys == tuple(values)  # drawn bottom layer first


def test_compare_is_a_second_bar_set_beside_the_main_one(graph):
    result = day_result({"buy": [1.0, 2.0, NAN]}, compare={"buy": [0.5, NAN, 0.75]})
    graph.show_result(result, STYLES, "en")
    x0, _, height = bar_opts(graph.bar_layer("buy"))
    cx0, cy0, cheight = bar_opts(graph.compare_layer("buy"))
    assert np.array_equal(x0, np.array([0, 1]) + MAIN_X0)
    assert np.array_equal(height, [1.0, 2.0])
    assert np.array_equal(cx0, np.array([0, 2]) + COMPARE_X0)
    assert np.array_equal(cheight, [0.5, 0.75]) and np.array_equal(cy0, [0, 0])
    main_brush = graph.bar_style("buy")[0].color()
    compare_brush = graph.bar_style("buy", compare=True)[0].color()
    assert compare_brush.alpha() < 255 and compare_brush.rgb() == main_brush.rgb()
    assert graph.legend.labels == ["Previous day", "Bought"]  # compare first: never cut
    # Without compare the compare bars go away and the bars are full width again.
    items = graph.bar_items
    graph.show_result(day_result({"buy": [1.0, 2.0, NAN]}), STYLES, "en")
    assert graph.compare_layer("buy") is None and items[1].keys == ()
    assert np.array_equal(bar_opts(graph.bar_layer("buy"))[0], np.array([0, 1]) + BAR_X0)
    # The same two items serve every set of keys: nothing is created per series.
    graph.show_result(day_result({"buy": [1.0, 2.0, NAN], "pv": [0.5, NAN, 0.5]}), STYLES, "en")
    assert graph.bar_items == items
    assert np.array_equal(bar_opts(graph.bar_layer("pv"))[1], [1.0, 0.0])  # stacked on "buy"


def test_stacked_bars_paint_each_key_in_its_colour_where_its_bar_is(graph):
    values = {"buy": [1.0, 1.0], "pv": [1.0, NAN]}
    graph.show_result(day_result(values), STYLES, "en")
    image = graph.plot.grab().toImage()

    def colour_at(x: float, y: float) -> QColor:
        return image.pixelColor(viewport_point(graph, x, y))

    assert colour_at(0.5, 0.5) == DAY.role(EnergyRole.PURCHASE)  # bucket 0, bottom
    assert colour_at(0.5, 1.5) == DAY.role(EnergyRole.SOLAR)  # bucket 0, stacked on top
    assert colour_at(1.5, 0.5) == DAY.role(EnergyRole.PURCHASE)
    assert colour_at(1.5, 1.5) == DAY.color("surface")  # no pv in bucket 1: nothing drawn


def test_compare_bars_are_hatched_and_this_periods_are_solid(qtbot, graph):
    result = day_result({"buy": [4.0, 4.0]}, compare={"buy": [4.0, 4.0]})
    graph.show_result(result, STYLES, "en")
    assert graph.compare_hatch("buy").style() == Qt.BrushStyle.BDiagPattern
    assert graph.compare_hatch("buy").color().rgb() == DAY.role(EnergyRole.PURCHASE).rgb()
    assert graph.bar_items[0].hatch("buy") is None
    image = graph.plot.grab().toImage()
    bought = DAY.role(EnergyRole.PURCHASE)

    def colours(x: float) -> set[int]:
        """The colours along a vertical line through bucket 0's bars, 0.5 to 3.5 kWh."""
        return {image.pixelColor(viewport_point(graph, x, y / 10)).rgb()
                for y in range(5, 36)}

    assert colours(MAIN_X0 + 0.2) == {bought.rgb()}  # solid
    hatched = colours(COMPARE_X0 + 0.2)
    assert bought.rgb() in hatched and len(hatched) >= 2  # lines of the colour on a light fill
    # The legend names the compare period first, with a hatched swatch.
    assert graph.legend.labels[0] == "Previous day"


def test_a_tap_on_a_legend_entry_names_its_key(qtbot, graph):
    graph.show_result(day_result({"buy": [1.0], "pv": [2.0]}), STYLES, "en")
    graph.legend.repaint()
    rect = graph.legend.entry_rect("pv")
    assert rect is not None
    with qtbot.waitSignal(graph.legend_tapped) as tapped:
        qtbot.mouseClick(graph.legend, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert tapped.args == ["pv"]


def test_a_level_is_a_line_on_a_0_to_100_percent_axis(graph):
    from dataclasses import replace

    soc = replace(day_result({"soc": [20.0, 100.0, NAN, 95.0]},
                             compare={"soc": [50.0, 60.0, 70.0, NAN]}), unit="%")
    graph.show_result(soc, {"soc": SeriesStyle("Level", EnergyRole.BATTERY_DISCHARGE)}, "en")
    assert graph.bar_layer("soc") is None and graph.compare_layer("soc") is None
    x, y = graph.line_item("soc").getData()
    assert np.array_equal(x, [0.5, 1.5, 2.5, 3.5])
    assert np.array_equal(y, [20.0, 100.0, NAN, 95.0], equal_nan=True)  # a gap, not zero
    _, cy = graph.compare_line_item("soc").getData()
    assert np.array_equal(cy, [50.0, 60.0, 70.0, NAN], equal_nan=True)
    assert graph.compare_line_item("soc").opts["pen"].style() == Qt.PenStyle.DashLine
    ticks = graph.value_ticks()
    assert ticks[0][0] == 0 and ticks[-1] == (100.0, "100")  # never a 0–200 % axis
    # Not summed with anything: the readout is the level itself.
    graph.select(1)
    assert "100%" in graph.readout_text()


def test_no_data_says_so_and_draws_no_bars(graph):
    graph.show_result(day_result({"buy": [NAN] * 48}), STYLES, "en")
    assert graph.no_data.isVisible()
    assert graph.no_data.text() == "No data for this period"
    assert bar_opts(graph.bar_layer("buy"))[0].size == 0
    graph.show_result(day_result({"buy": [1.0] + [NAN] * 47}), STYLES, "en")
    assert not graph.no_data.isVisible()


# --- live ------------------------------------------------------------------------------
def test_live_line_breaks_at_gaps_and_updates_reuse_the_items(graph):
    first = live_result()
    graph.show_result(first, STYLES, "en")
    line, tail = graph.line_item("house"), graph.tail_item("house")
    assert line.opts["connect"] == "finite"
    x, y = line.getOriginalDataset()
    assert np.array_equal(x, first.x)
    assert np.array_equal(y, first.values["house"], equal_nan=True)
    shown_x, shown_y = line.getData()  # after downsampling and clipping
    in_gap = (shown_x >= first.x[60]) & (shown_x <= first.x[74])
    assert in_gap.any() and np.isnan(shown_y[in_gap]).all()  # a break, not a bridge
    assert np.isfinite(shown_y[~in_gap]).any()
    assert tail.point == (first.live_tail["house"][0], 2400.0) and tail.isVisible()
    items_before = list(graph.plot.getPlotItem().getViewBox().addedItems)

    second = live_result(end_minute=1, gap=slice(59, 74), tail_w=900.0)
    graph.show_result(second, STYLES, "en")
    assert graph.line_item("house") is line and graph.tail_item("house") is tail
    assert list(graph.plot.getPlotItem().getViewBox().addedItems) == items_before
    assert np.array_equal(line.getOriginalDataset()[0], second.x)
    assert tail.point == (second.live_tail["house"][0], 900.0)
    assert tail.pos().x() == second.live_tail["house"][0] and tail.pos().y() == 900.0
    x_low, x_high = graph.plot.getPlotItem().getViewBox().viewRange()[0]
    assert x_low == second.x[0] and x_high >= second.live_tail["house"][0]


def test_live_ticks_are_round_local_times(graph):
    graph.show_result(live_result(), STYLES, "ja")
    labels = [label for _, label in graph.time_ticks()]
    assert "12:00" in labels and "14:00" in labels
    for position, label in graph.time_ticks():
        local = datetime.fromtimestamp(position, JST)
        assert label == f"{local.hour:02d}:{local.minute:02d}" and local.minute % 15 == 0


# --- the finger ------------------------------------------------------------------------
def test_tap_on_a_bar_selects_it_and_shows_the_readout(qtbot, graph):
    result = day_result({"buy": [0.5, 1.234, NAN, 0.75]}, compare={"buy": [0.4, 0.98, NAN, NAN]})
    graph.show_result(result, STYLES, "ja")
    with qtbot.waitSignal(graph.bar_selected) as selected:
        tap(qtbot, graph, viewport_point(graph, 1 + MAIN_X0 + 0.2, 0.6))
    assert selected.args == [1] and graph.selected_index == 1
    text = graph.readout_text()
    assert text.startswith("11月25日 00:30–01:00")
    assert "1.23kWh" in text and "0.98kWh" in text
    assert graph.readout.isVisible() and not graph.legend.isVisible()

    with qtbot.waitSignal(graph.bar_selected) as selected:  # a bucket without data
        tap(qtbot, graph, viewport_point(graph, 2.5, 0.5))
    assert selected.args == [-1] and graph.readout_text() == ""
    assert graph.legend.isVisible()

    with qtbot.waitSignal(graph.bar_selected) as selected:
        tap(qtbot, graph, viewport_point(graph, 3.5, 0.1))
    assert selected.args == [3] and "0.75kWh" in graph.readout_text()
    with qtbot.waitSignal(graph.bar_selected) as selected:  # on the axis, outside the plot
        tap(qtbot, graph, QPoint(3, graph.plot.viewport().height() - 3))
    assert selected.args == [-1]


def test_stacked_readout_gives_the_total_and_each_key(qtbot, graph):
    graph.show_result(day_result({"buy": [1.0, 0.5], "pv": [2.5, NAN]}), STYLES, "en")
    with qtbot.waitSignal(graph.bar_selected):
        tap(qtbot, graph, viewport_point(graph, 0.5, 0.2))
    assert graph.readout_text() == "25 Nov 00:00–00:30  Total 3.50 kWh  Bought 1.00 kWh  " \
                                   "Solar 2.50 kWh"


def test_tap_on_the_live_line_picks_the_nearest_minute(qtbot, graph):
    result = live_result()
    graph.show_result(result, STYLES, "en")
    with qtbot.waitSignal(graph.bar_selected) as selected:
        tap(qtbot, graph, viewport_point(graph, result.x[100] + 10, 1000))
    assert selected.args == [100]
    expected = format_value(result.values["house"][100], "W", "en")
    assert graph.readout_text() == f"25 Nov 12:45  {expected}"
    # The next minute's update slides the window: the selection stays on 12:45.
    later = live_result(end_minute=1)
    graph.show_result(later, STYLES, "en")
    assert graph.selected_index == 99 and graph.readout_text().startswith("25 Nov 12:45  ")
    # Another request clears it and says so.
    with qtbot.waitSignal(graph.bar_selected) as selected:
        graph.show_result(day_result({"buy": [1.0, 2.0]}), STYLES, "en")
    assert selected.args == [-1] and graph.readout_text() == ""


def test_swipe_steps_periods_and_small_moves_do_not(qtbot, graph):
    graph.show_result(day_result({"buy": [1.0, 2.0]}), STYLES, "en")
    steps: list[int] = []
    graph.step_requested.connect(steps.append)
    drag(qtbot, graph, 0.8, 0.2)  # finger right to left: the next (later) period
    drag(qtbot, graph, 0.2, 0.8)
    drag(qtbot, graph, 0.5, 0.6)  # 10 % of the width: neither a swipe nor a tap
    assert steps == [1, -1]
    assert graph.selected_index == -1


def test_swipe_works_on_an_empty_period(qtbot, graph):
    graph.show_result(day_result({"buy": [NAN] * 4}), STYLES, "en")
    with qtbot.waitSignal(graph.step_requested) as stepped:
        drag(qtbot, graph, 0.2, 0.9)
    assert stepped.args == [-1]


# --- axes, language, theme, visibility -------------------------------------------------
@pytest.mark.parametrize(("period", "lang", "expected"), [
    (Period.DAY, "ja", ["0時", "6時", "12時", "18時"]),
    (Period.DAY, "en", ["00:00", "06:00", "12:00", "18:00"]),
    (Period.WEEK, "ja", ["25日(水)", "26日(木)", "1日(火)"]),
    (Period.WEEK, "en", ["Wed 25", "Thu 26", "Tue 1"]),
    (Period.MONTH, "ja", ["25日", "1日"]),
    (Period.MONTH, "en", ["25", "1"]),
])
def test_time_axis_in_local_time_and_the_language(graph, period, lang, expected):
    count = {Period.DAY: 48, Period.WEEK: 7, Period.MONTH: 7}[period]
    graph.show_result(day_result({"buy": [1.0] * count}, period=period), STYLES, lang)
    labels = [label for _, label in graph.time_ticks()]
    assert set(expected) <= set(labels)
    positions = [pos for pos, _ in graph.time_ticks()]
    fractions = {round(pos % 1, 2) for pos in positions}
    assert fractions == ({0.0} if period is Period.DAY else {0.5})


def test_year_axis_and_readout(qtbot, graph):
    graph.show_result(year_result(), STYLES, "ja")
    labels = [label for _, label in graph.time_ticks()]
    assert labels[0] == "1月" and "11月" in labels
    graph.select(10)
    assert graph.readout_text().startswith("2026年11月  ")
    graph.set_language("en")
    assert graph.time_ticks()[0][1] == "Jan"
    assert graph.readout_text().startswith("Nov 2026  ")


def test_value_axis_labels_and_fonts_are_legible(graph):
    graph.show_result(day_result({"buy": [1234.0, 2500.0]}), STYLES, "en")
    labels = [label for _, label in graph.value_ticks()]
    assert labels[0] == "0" and "1,000" in labels
    for axis in ("bottom", "left"):
        font = graph.plot.getPlotItem().getAxis(axis).style["tickFont"]
        assert font.pixelSize() >= 16


def test_theme_recolours_the_same_items(graph):
    graph.show_result(day_result({"buy": [1.0, 2.0]}), STYLES, "en")
    items = graph.bar_items
    graph.set_theme(NIGHT)
    assert graph.bar_items == items
    assert graph.bar_style("buy")[0].color() == NIGHT.role(EnergyRole.PURCHASE)
    assert graph.plot.backgroundBrush().color() == NIGHT.color("surface")


def test_a_hidden_graph_waits_until_it_is_shown(qtbot):
    widget = EnergyGraph()
    qtbot.addWidget(widget)
    widget.show_result(day_result({"buy": [1.0, 2.0]}), STYLES, "en")
    assert widget.bar_layer("buy") is None and widget.result is None
    with qtbot.waitExposed(widget):
        widget.show()
    assert np.array_equal(bar_opts(widget.bar_layer("buy"))[2], [1.0, 2.0])


# --- texts ------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "unit", "lang", "expected"), [
    (1.234, "kWh", "ja", "1.23kWh"),
    (1.234, "kWh", "en", "1.23 kWh"),
    (412.34, "kWh", "en", "412.3 kWh"),
    (1234.5, "W", "ja", "1,234W"),
    (123.4, "L", "en", "123 L"),
    (64.4, "%", "en", "64%"),
    (2.138, "m³", "ja", "2.1m³"),  # gas, as the gas bill reads it
    (12.0, "m³", "en", "12.0 m³"),
    (11.56, "¥", "ja", "¥12"),  # whole yen wherever a household reads money
    (0.4, "¥", "en", "¥0"),
    (1234.5, "¥", "en", "¥1,234"),
    (NAN, "kWh", "en", "—"),
])
def test_value_forms(value, unit, lang, expected):
    assert format_value(value, unit, lang) == expected


def test_the_last_half_hour_ends_at_24_00():
    last = DAY0 + timedelta(hours=23, minutes=30)
    assert span_text(last.timestamp(), 1800, Period.DAY, JST, "ja") == "11月25日 23:30–24:00"
    assert span_text(DAY0.timestamp(), 86400, Period.WEEK, JST, "en") == "Wed 25 Nov"


def test_yen_ticks_are_whole_yen():
    for high in (0.8, 3.3, 7.0, 12.0):
        _, _, ticks = value_ticks(0.0, high, 6, whole=True)
        assert all(value == int(value) and "." not in label for value, label in ticks)


def test_value_ticks_cover_the_range_from_zero():
    bottom, top, ticks = value_ticks(0.0, 3.4, 4)
    assert (bottom, top) == (0.0, 4.0) and ticks[0] == (0.0, "0") and ticks[-1] == (4.0, "4")
    bottom, top, ticks = value_ticks(-0.3, 0.9, 4)
    assert bottom < -0.3 < 0.9 <= top and (0.0, "0.0") in ticks
