"""The circuit graph and generation pages, driven by touch, checked against the store."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.domain import series as s
from app.domain.circuits import CircuitsSnapshot
from app.domain.periods import Compare, Period
from app.services.history_query import build_balance
from app.store import Interval, open_store
from app.ui.formatting import format_yen
from app.ui.screenshots import sample_circuits
from app.ui.widgets.graph_format import format_value
from tests.ui.touch_helpers import tap

from .conftest import HISTORY_NOW

TZ = ZoneInfo("Asia/Tokyo")
TODAY = datetime.fromtimestamp(HISTORY_NOW, TZ).date()


@pytest.fixture
def store(history_dir):
    st = open_store(history_dir, "Asia/Tokyo")
    yield st
    st.close()


def _open_circuit(qtbot, kiosk, key: str):
    kiosk.view.go("measurement")
    circuits = kiosk.view.page("measurement")
    qtbot.waitUntil(lambda: circuits.snapshot is not None)
    tile = next(t for t in circuits.tiles if t.key == key)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert kiosk.view.navigator.current_id == "circuit_graph"
    page = kiosk.view.page("circuit_graph")
    return page


def _wait_result(qtbot, panel):
    qtbot.waitUntil(lambda: panel.result is not None
                    and panel.result.request == panel.current_request(), timeout=10_000)
    return panel.result


def test_tapping_a_tile_opens_its_day_graph_with_the_stores_numbers(qtbot, kiosk, store):
    page = _open_circuit(qtbot, kiosk, "sp2")
    assert page.heading.text() == "IHクッキングヒーター"
    result = _wait_result(qtbot, page.panel)
    assert result.request.period is Period.DAY and result.request.anchor == TODAY
    midnight = datetime.combine(TODAY, datetime.min.time(), TZ)
    frame = store.rollup(["circuit.sp2"], Interval.MIN30, midnight, midnight + timedelta(days=1))
    stored = frame.values["circuit.sp2"] / 1000.0
    layer = page.panel.graph.bar_layer("circuit.sp2")
    index = np.floor(layer.x0).astype(int)  # bucket i spans [i, i+1)
    # A bar for every half-hour with data and none for the hours still to come.
    assert index.tolist() == np.flatnonzero(np.isfinite(stored)).tolist()
    np.testing.assert_allclose(layer.height, stored[index],
                               atol=1e-9)
    total = format_value(float(np.nansum(stored)), "kWh", "ja")
    assert page.panel.total_label.text() == f"合計 {total}"


def test_month_then_back_a_month_with_compare(qtbot, kiosk):
    page = _open_circuit(qtbot, kiosk, "sp3")
    panel, bar = page.panel, page.panel.bar
    qtbot.mouseClick(bar.period_buttons[Period.MONTH], Qt.MouseButton.LeftButton)
    assert not bar.next_button.isEnabled()  # this month: nothing later to show
    month = _wait_result(qtbot, panel)
    assert len(month.x) == 31  # July
    qtbot.mouseClick(bar.prev_button, Qt.MouseButton.LeftButton)
    assert bar.period_label.text() == "2026年6月"
    june = _wait_result(qtbot, panel)
    assert len(june.x) == 30 and not june.has_data  # the store starts on 12 July
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.compare_button, Qt.MouseButton.LeftButton)
    assert bar.compare is Compare.PREVIOUS
    compared = _wait_result(qtbot, panel)
    assert compared.compare is not None
    assert bar.compare_button.text() == "前期間と比較"
    panel.graph.step_requested.emit(-1)  # what a swipe to the right does
    assert bar.anchor.month == 6


def test_a_circuit_renamed_while_its_graph_is_open_changes_in_place(qtbot, kiosk, services):
    page = _open_circuit(qtbot, kiosk, "sp2")
    _wait_result(qtbot, page.panel)
    snap = sample_circuits()
    renamed = tuple(replace(c, name="台所 IH") if c.key == "sp2" else c for c in snap.circuits)
    services.circuits.snapshot_changed.emit(
        CircuitsSnapshot(renamed, snap.mains, snap.total_w, stale=False))
    assert page.heading.text() == "台所 IH"
    qtbot.waitUntil(lambda: page.panel.styles["circuit.sp2"].label == "台所 IH")


def test_generation_page_shows_the_periods_balance(qtbot, kiosk, store):
    kiosk.view.go("generation")
    page = kiosk.view.page("generation")
    result = _wait_result(qtbot, page.panel)
    assert set(result.request.keys) == {s.PV, s.FUEL_CELL}
    qtbot.waitUntil(lambda: page.balance is not None, timeout=10_000)
    expected = build_balance(store, Period.DAY, TODAY, "Asia/Tokyo")
    assert page.balance == expected
    rate = f"{expected.self_sufficiency_rate * 100:.0f}%"
    assert f"自給率 {rate}" in page.summary.text()
    qtbot.mouseClick(page.view_buttons["water"], Qt.MouseButton.LeftButton)
    water = _wait_result(qtbot, page.panel)
    assert water.request.keys == (s.WATER,) and water.unit == "L"
    qtbot.mouseClick(page.view_buttons["battery"], Qt.MouseButton.LeftButton)
    _wait_result(qtbot, page.panel)
    assert " · " in page.panel.total_label.text()  # charged and discharged, each its own


def test_hidden_graph_pages_do_no_work(qtbot, kiosk, services):
    page = _open_circuit(qtbot, kiosk, "sp2")
    _wait_result(qtbot, page.panel)
    assert services.history.active
    kiosk.view.go("home")
    assert not services.history.active
    assert date(2026, 7, 15) == TODAY


def test_ranking_lists_circuits_by_energy_with_their_share(qtbot, kiosk, store):
    from app.services.history_query import build_ranking

    kiosk.view.go("measurement")
    circuits = kiosk.view.page("measurement")
    qtbot.mouseClick(circuits.ranking_button, Qt.MouseButton.LeftButton)
    assert kiosk.view.navigator.current_id == "circuit_ranking"
    page = kiosk.view.page("circuit_ranking")
    qtbot.waitUntil(lambda: page.ranking is not None, timeout=10_000)
    expected = build_ranking(store, Period.DAY, TODAY, "Asia/Tokyo")
    assert page.ranking == expected
    first = page.tiles[0]
    top = expected.circuits[0]
    assert first.key == top.key and first.name == f"1. {top.name}"
    assert first.value.endswith(f"{top.share * 100:.0f}%") and first.share == 1.0
    qtbot.mouseClick(page.bar.period_buttons[Period.MONTH], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.ranking.period is Period.MONTH, timeout=10_000)
    assert page.ranking == build_ranking(store, Period.MONTH, TODAY, "Asia/Tokyo")
    month_top = page.ranking.circuits[0]
    assert first.key == month_top.key  # the same row, refilled for the month
    tap(qtbot, first)
    assert kiosk.view.navigator.current_id == "circuit_graph"
    assert kiosk.view.page("circuit_graph").panel.keys == (f"circuit.{month_top.key}",)


def test_cost_appears_on_a_circuits_graph(qtbot, kiosk, store):
    from app.domain.periods import HistoryRequest, Measure
    from app.services.history_query import build_history

    page = _open_circuit(qtbot, kiosk, "sp2")
    panel = page.panel
    _wait_result(qtbot, panel)
    qtbot.mouseClick(panel.measure_button, Qt.MouseButton.LeftButton)
    assert panel.measure_button.text() == "円"
    result = _wait_result(qtbot, panel)
    assert result.unit == "¥" and result.request.measure is Measure.COST
    expected = build_history(store, HistoryRequest(("circuit.sp2",), Period.DAY, TODAY,
                                                   measure=Measure.COST), HISTORY_NOW,
                             "Asia/Tokyo")
    np.testing.assert_allclose(result.values["circuit.sp2"], expected.values["circuit.sp2"])
    total = float(np.nansum(expected.values["circuit.sp2"]))
    assert panel.total_label.text() == f"合計 {format_yen(total)}"  # whole yen (issue 16.6)
    qtbot.mouseClick(panel.measure_button, Qt.MouseButton.LeftButton)
    co2 = _wait_result(qtbot, panel)
    assert co2.unit == "kg" and panel.measure_button.text() == "CO2"


def test_battery_view_says_what_the_battery_is_doing(qtbot, kiosk, services):
    from app.domain.home_snapshot import DeviceStates
    from app.ui.screenshots import sample_snapshot

    kiosk.view.go("generation")
    page = kiosk.view.page("generation")
    qtbot.mouseClick(page.view_buttons["battery"], Qt.MouseButton.LeftButton)
    assert page.summary.text() == "蓄電池: 不明 · 運転モード設定: 不明"  # nothing heard yet
    snapshot = sample_snapshot()
    services.home.snapshot_changed.emit(
        type(snapshot)(snapshot.flow, snapshot.today,
                       DeviceStates(battery_mode="auto", battery_status="charging",
                                    ev_mode="standby")))
    assert page.summary.text() == "蓄電池: 充電 · 運転モード設定: 自動"
    qtbot.mouseClick(page.view_buttons["ev"], Qt.MouseButton.LeftButton)
    assert page.summary.text() == "V2H・EV充放電器: 待機"
    assert services.home.active  # the live modes are polled while the page shows


def _own_history(tmp_path, plan: dict | None):
    """A day of the simulated home in a folder of the test's own, with ``plan`` (or none)."""
    import json

    from app.services.cost_query import PLAN_SETTING
    from app.sources.collector import backfill
    from app.sources.simulator import HomeConfig, SimulatedHome

    data = tmp_path / "own"
    home = SimulatedHome(HomeConfig(seed=5))
    st = open_store(data, "Asia/Tokyo")
    try:
        st.save_circuits(home.circuits)
        st.define_series(home.series)
        now_minute = int(HISTORY_NOW // 60)
        backfill(st, home, now_minute - 1440, now_minute)
        if plan is not None:
            st.set_setting(PLAN_SETTING, json.dumps(plan))
    finally:
        st.close()
    return data


def test_without_a_plan_the_money_views_ask_for_one_with_a_button(
        qtbot, make_services, open_kiosk, switcher_for, tmp_path):
    """Issue 16.6: not "no data for this period", and no yen hint in the CO2 view."""
    services = make_services(data_dir=_own_history(tmp_path, None))
    switcher_for(services)
    kiosk = open_kiosk(services)
    kiosk.view.go("generation")
    page = kiosk.view.page("generation")
    panel = page.panel
    qtbot.mouseClick(page.view_buttons["bought"], Qt.MouseButton.LeftButton)
    _wait_result(qtbot, panel)
    qtbot.mouseClick(panel.measure_button, Qt.MouseButton.LeftButton)
    result = _wait_result(qtbot, panel)
    assert result.missing == "plan"
    graph = panel.graph
    assert graph.no_data.isVisible()
    assert graph.no_data.text() == "料金プランを選ぶと料金を表示します"
    assert graph.empty_button.isVisible() and graph.empty_button.text() == "料金プランを選ぶ"
    assert panel.total_label.text() == ""
    qtbot.mouseClick(panel.measure_button, Qt.MouseButton.LeftButton)  # CO2
    co2 = _wait_result(qtbot, panel)
    assert co2.unit == "kg" and co2.missing == "plan"
    assert graph.no_data.text() == "料金プランを選ぶとCO2排出量を表示します"
    assert "料金" not in panel.total_label.text()
    qtbot.mouseClick(graph.empty_button, Qt.MouseButton.LeftButton)
    assert kiosk.view.navigator.current_id == "rates"


def test_sold_energy_without_a_selling_price_says_so_not_zero_yen(
        qtbot, make_services, open_kiosk, switcher_for, tmp_path):
    import json

    from .conftest import TEST_PLAN

    plan = json.loads(TEST_PLAN.read_text(encoding="utf-8"))
    plan["sell"] = []
    services = make_services(data_dir=_own_history(tmp_path, plan))
    switcher_for(services)
    kiosk = open_kiosk(services)
    kiosk.view.go("generation")
    page = kiosk.view.page("generation")
    panel = page.panel
    qtbot.mouseClick(page.view_buttons["sold"], Qt.MouseButton.LeftButton)
    _wait_result(qtbot, panel)
    qtbot.mouseClick(panel.measure_button, Qt.MouseButton.LeftButton)
    result = _wait_result(qtbot, panel)
    assert result.missing == "sell_price" and not result.has_data
    assert "¥0" not in panel.total_label.text()
    assert "売電価格" in panel.graph.no_data.text() and panel.graph.empty_button.isVisible()


def test_all_circuits_show_the_largest_seven_and_others_with_a_tap_for_the_rest(
        qtbot, kiosk, store):
    from app.domain.history import OTHERS
    from app.domain.periods import HistoryRequest
    from app.services.history_query import build_history
    from app.ui.pages.circuit_graph_page import OTHERS as PAGE_OTHERS
    from app.ui.pages.circuit_graph_page import TOP_CIRCUITS

    assert PAGE_OTHERS == OTHERS
    kiosk.view.go("circuit_graph", "stack")
    page = kiosk.view.page("circuit_graph")
    panel, graph = page.panel, page.panel.graph
    qtbot.mouseClick(panel.bar.period_buttons[Period.MONTH], Qt.MouseButton.LeftButton)
    result = _wait_result(qtbot, panel)
    assert len(panel.keys) > TOP_CIRCUITS + 1  # the demo house has ~40 circuits
    # The store's numbers, ranked by the month's energy.
    stored = build_history(store, HistoryRequest(panel.keys, Period.MONTH, TODAY), HISTORY_NOW,
                           "Asia/Tokyo")
    totals = {k: stored.total(k) or 0.0 for k in panel.keys}
    ranked = sorted(panel.keys, key=lambda k: -totals[k])
    qtbot.waitUntil(lambda: graph.result is not None and OTHERS in graph.result.values)
    assert graph.result.request.keys == (*ranked[:TOP_CIRCUITS], OTHERS)
    others = graph.bar_layer(OTHERS)
    day = int(others.x0[0])
    expected = sum(v for k in ranked[TOP_CIRCUITS:]
                   if np.isfinite(v := stored.values[k][day]))
    assert others.height[0] == pytest.approx(expected)
    # Eight entries that all fit the legend (no "+N"), "Others" last with its count.
    graph.legend.repaint()
    assert graph.legend.shown_count == TOP_CIRCUITS + 1
    assert graph.legend.labels[-1] == f"その他 ({len(ranked) - TOP_CIRCUITS})"
    assert result.total(ranked[0]) is not None
    # A tap on "Others" shows the next seven, and a button back to the largest.
    rect = graph.legend.entry_rect(OTHERS)
    qtbot.mouseClick(graph.legend, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert page.skip == TOP_CIRCUITS and page.top_button.isVisible()
    assert graph.result.request.keys[:TOP_CIRCUITS] == tuple(ranked[TOP_CIRCUITS:2 * TOP_CIRCUITS])
    assert page.heading.text() == f"全回路（{TOP_CIRCUITS + 1}位から）"
    qtbot.mouseClick(page.top_button, Qt.MouseButton.LeftButton)
    assert page.skip == 0 and not page.top_button.isVisible()
    assert graph.result.request.keys[0] == ranked[0]


def test_gas_is_in_cubic_metres_and_the_volume_tabs_carry_no_electricity_line(
        qtbot, kiosk, store):
    kiosk.view.go("generation")
    page = kiosk.view.page("generation")
    _wait_result(qtbot, page.panel)
    qtbot.waitUntil(lambda: page.summary.full_text != "", timeout=10_000)
    assert page.panel.measure_button.text() == "kWh"
    qtbot.mouseClick(page.view_buttons["gas"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.panel.bar.period_buttons[Period.MONTH], Qt.MouseButton.LeftButton)
    gas = _wait_result(qtbot, page.panel)
    assert gas.unit == "m³"
    stored = store.rollup([s.GAS], Interval.DAY, gas.start, gas.end).values[s.GAS]
    np.testing.assert_allclose(gas.values[s.GAS][:len(stored)], stored / 1000)  # L -> m³
    total = f"{np.nansum(stored) / 1000:,.1f}m³"
    assert page.panel.total_label.text() == f"合計 {total}"
    assert page.panel.graph.legend.unit == "m³"
    assert page.panel.measure_button.text() == "m³"  # not "kWh"
    assert page.summary.full_text == ""  # self-sufficiency is electricity's
    qtbot.mouseClick(page.view_buttons["water"], Qt.MouseButton.LeftButton)
    water = _wait_result(qtbot, page.panel)
    assert water.unit == "L" and page.panel.measure_button.text() == "L"
    assert page.summary.full_text == ""


def _fits(label) -> bool:
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_summary_row_never_overlaps_the_total(qtbot, make_services, open_kiosk,
                                                  switcher_for, language):
    services = make_services(language=language)
    switcher_for(services)
    kiosk = open_kiosk(services)
    kiosk.view.go("generation")
    page = kiosk.view.page("generation")
    for view in ("generation", "bought", "gas", "water", "battery"):
        qtbot.mouseClick(page.view_buttons[view], Qt.MouseButton.LeftButton)
        for period in (Period.DAY, Period.MONTH, Period.YEAR):
            qtbot.mouseClick(page.panel.bar.period_buttons[period], Qt.MouseButton.LeftButton)
            _wait_result(qtbot, page.panel)
            if view not in ("gas", "water"):
                qtbot.waitUntil(lambda: page.summary.full_text != "", timeout=10_000)
            summary, total = page.summary, page.panel.total_label
            button = page.panel.measure_button
            # A new text is laid out by the next event loop turn: wait for it, then judge
            # (a label that never fits fails here after the timeout).
            qtbot.waitUntil(lambda total=total, summary=summary: bool(total.text())
                            and _fits(total) and _fits(summary), timeout=5_000)
            assert total.text() and _fits(total), (view, period, total.text())
            assert _fits(summary), (view, period, summary.text())
            right = summary.geometry().right()
            assert right < total.geometry().left(), (view, period)
            if button.isVisible():
                assert total.geometry().right() < button.geometry().left()
            assert kiosk.width() == 800
