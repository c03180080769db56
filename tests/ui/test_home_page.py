from datetime import datetime

import pytest

from app.ui.widgets.flow_nodes import FlowNode

from .conftest import make_snapshot, waiting_snapshot


def _home(kiosk):
    return kiosk.view.page("home")


def test_shows_the_numbers_of_a_snapshot(qtbot, make_services, switcher_for, open_kiosk):
    services = make_services(make_snapshot(fuel_cell=700, ev=0), language="en")
    switcher_for(services)
    window = open_kiosk(services)
    page = _home(window)
    qtbot.waitUntil(lambda: page.snapshot is not None)
    diagram = page.diagram
    assert diagram.node_text(FlowNode.PV) == "3,210 W"
    assert diagram.node_text(FlowNode.HOUSE) == "1,665 W"
    assert diagram.node_text(FlowNode.GRID) == "1,045 W"
    assert diagram.node_detail(FlowNode.GRID) == "Selling"
    assert diagram.node_text(FlowNode.BATTERY) == "500 W"
    assert diagram.node_detail(FlowNode.BATTERY) == "Charging · 64%"
    assert diagram.node_text(FlowNode.FUEL_CELL) == "700 W"
    assert diagram.node_text(FlowNode.EV) == "0 W"
    assert page.totals.value_text("used_kwh") == "12.3 kWh"
    assert page.totals.value_text("generated_kwh") == "18.7 kWh"
    assert page.totals.value_text("bought_kwh") == "3.2 kWh"
    assert page.totals.value_text("sold_kwh") == "1,234.5 kWh"
    assert page.status_state == "fresh"
    assert not diagram.stale


def test_japanese_forms(qtbot, kiosk):
    page = _home(kiosk)
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert page.diagram.node_text(FlowNode.PV) == "3,210W"
    assert page.diagram.node_detail(FlowNode.GRID) == "売電中"
    assert page.totals.value_text("used_kwh") == "12.3kWh"
    assert page.status.text() == "14:05 更新"


def test_buying_and_discharging_read_as_such(qtbot, make_services, open_kiosk, switcher_for):
    services = make_services(make_snapshot(buy=800, sell=0, charge=0, discharge=1200),
                             language="en")
    switcher_for(services)
    page = _home(open_kiosk(services))
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert page.diagram.node_detail(FlowNode.GRID) == "Buying"
    assert page.diagram.node_text(FlowNode.GRID) == "800 W"
    assert page.diagram.node_detail(FlowNode.BATTERY) == "Discharging · 64%"


def test_stale_values_are_greyed_with_an_as_of_marker(qtbot, make_services, open_kiosk,
                                                       switcher_for):
    services = make_services(make_snapshot(stale=True, at=datetime(2026, 11, 25, 13, 48)))
    switcher_for(services)
    page = _home(open_kiosk(services))
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert page.diagram.stale
    assert page.status_state == "stale"
    assert page.status.isVisible()
    assert page.status.text() == "データが古い (13:48 時点)"
    assert not page.diagram.animating  # stale flows never move as if current


def test_waiting_for_the_first_snapshot(qtbot, make_services, open_kiosk, switcher_for):
    services = make_services(waiting_snapshot())
    switcher_for(services)
    page = _home(open_kiosk(services))
    qtbot.waitUntil(lambda: services.home.last_snapshot is not None)
    assert page.status_state == "waiting"
    assert page.status.text() == "データを待っています…"
    assert page.diagram.node_text(FlowNode.HOUSE) == "—"
    assert page.totals.value_text("used_kwh") == "—"


def test_starting_until_the_first_reading(qtbot, make_services, open_kiosk, switcher_for):
    """Issue 16.11: "starting", not "stale (as of …)", before the first reading."""
    from dataclasses import replace

    starting = waiting_snapshot()
    starting = replace(starting, flow=replace(starting.flow, stale=False, starting=True))
    services = make_services(starting)
    switcher_for(services)
    page = _home(open_kiosk(services))
    qtbot.waitUntil(lambda: services.home.last_snapshot is not None)
    assert page.status_state == "starting"
    assert page.status.text() == "起動しています…"
    assert page.diagram.node_text(FlowNode.HOUSE) == "—"


def test_nodes_not_in_this_home_are_hidden(qtbot, make_services, open_kiosk):
    services = make_services(make_snapshot(pv=None, fuel_cell=None, charge=None,
                                           discharge=None, soc=None, ev=None))
    page = _home(open_kiosk(services))
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert page.diagram.visible_nodes() == {FlowNode.HOUSE, FlowNode.GRID}
    assert page.diagram.node_text(FlowNode.PV) is None


def test_polls_only_while_shown(qtbot, kiosk, services):
    page = _home(kiosk)
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert services.home.active
    assert page.diagram.animating
    kiosk.view.go("measurement")
    assert not services.home.active
    assert not page.diagram.animating
    kiosk.view.go("home")
    assert services.home.active


def test_updates_on_each_snapshot(qtbot, make_services, open_kiosk):
    readings = iter([make_snapshot(pv=100), make_snapshot(pv=2500)])
    services = make_services(lambda: next(readings))
    page = _home(open_kiosk(services))
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert page.diagram.node_text(FlowNode.PV) == "100W"
    services.home.refresh()
    qtbot.waitUntil(lambda: page.diagram.node_text(FlowNode.PV) == "2,500W")


@pytest.mark.parametrize(("language", "expected"), [
    ("ja", "今日 ¥312  ·  今月の予測 ¥8,451"),
    ("en", "Today ¥312  ·  Forecast this month ¥8,451"),
])
def test_with_a_plan_the_home_shows_todays_cost_and_the_months_forecast_in_whole_yen(
        qtbot, make_services, open_kiosk, switcher_for, language, expected):
    from dataclasses import replace

    from app.domain.money_forecast import HomeMoney

    money = HomeMoney(today_yen=311.56, month_so_far_yen=2450, month_forecast_yen=8451,
                      month=11)
    services = make_services(replace(make_snapshot(), money=money), language=language)
    switcher_for(services)
    page = _home(open_kiosk(services))
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert page.money_text == expected and page.money.isVisible()
    metrics = page.money.fontMetrics()
    assert metrics.horizontalAdvance(page.money.text()) <= page.money.width()
    assert not page.money.geometry().intersects(page.status.geometry())


def test_without_a_plan_the_home_says_so_discreetly(qtbot, kiosk):
    page = _home(kiosk)
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert page.money_text == "料金プラン未設定"
    assert page.money.property("kind") == "muted"
