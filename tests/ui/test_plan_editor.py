"""The plan editor by touch: bands, prices and tiers edited, checks live, saved from a date."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt

from app.domain.tariff import is_holiday
from app.ui.pages.plan_editor_page import PlanEditorPage
from tests.ui.password_helpers import enter_password
from tests.ui.test_rates_page import _open, _tap_plan
from tests.ui.touch_helpers import tap

LEFT = Qt.MouseButton.LeftButton


def _editor(qtbot, kiosk, plan_id: str, sell: float | None = None) -> PlanEditorPage:
    rates = _open(qtbot, kiosk)
    assert not rates.edit_button.isEnabled()  # nothing of the household's to edit yet
    _tap_plan(qtbot, rates, plan_id)
    rates.services.plans.use(rates.selected, 30, None)
    qtbot.waitUntil(lambda: rates.edit_button.isEnabled(), timeout=10_000)
    if sell is not None:
        with qtbot.waitSignal(rates.services.plans.saved, timeout=10_000):
            rates.services.plans.set_sell_price(sell)
    qtbot.mouseClick(rates.edit_button, LEFT)
    enter_password(qtbot, rates)
    editor = kiosk.view.page("plan_editor")
    assert kiosk.view.navigator.current_id == "plan_editor" and editor.isVisible()
    qtbot.waitUntil(lambda: editor.version is not None, timeout=10_000)
    return editor


def _next_month_start(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _enter(qtbot, editor: PlanEditorPage, button, text: str) -> None:
    """Scroll to a value (as a finger would), tap it, type it on the keypad and press OK."""
    tap(qtbot, button)
    dialog = editor.dialog
    dialog.field.clear()
    dialog.keypad.press(text)
    dialog.submit()


def _rule(editor: PlanEditorPage, name: str) -> str:
    return next(line for line in editor.rules.text().splitlines() if line.startswith(name))


def test_a_band_price_typed_by_keypad_changes_the_chart_and_the_rules(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3", sell=8.0)
    assert [row.caption.text() for row in editor.rows[:4]] == [
        "08:00–13:00", "13:00–18:00", "18:00–22:00", "22:00–08:00"]
    assert _rule(editor, "AIソーラーチャージプラス") == "AIソーラーチャージプラス: 利用できます"
    night = editor.rows[3]
    _enter(qtbot, editor, night.controls[2], "60")
    assert editor.chart.prices[0] == 60.0 and editor.chart.prices[47] == 60.0
    assert editor.rows[3].controls[2].text() == "60.00円/kWh"
    # The night is now dearer than the afternoon peak: the price falls at 18:00 first.
    assert "利用できません" in _rule(editor, "AIソーラーチャージプラス")
    assert "18:00" in _rule(editor, "AIソーラーチャージプラス")
    assert editor.save_button.isEnabled()


def test_band_steps_move_split_and_remove_on_thirty_minute_boundaries(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3")
    peak_price = editor.chart.prices[26]
    qtbot.mouseClick(editor.rows[1].controls[1], LEFT)  # the peak starts 30 minutes later
    assert editor.rows[1].caption.text() == "13:30–18:00"
    assert editor.rows[0].caption.text() == "08:00–13:30"
    assert editor.chart.prices[26] == editor.chart.prices[16] != peak_price
    qtbot.mouseClick(editor.rows[1].controls[3], LEFT)  # split the peak
    assert [row.caption.text() for row in editor.rows[1:3]] == ["13:30–15:00", "15:00–18:00"]
    _enter(qtbot, editor, editor.rows[2].controls[2], "55.5")
    assert editor.chart.prices[30] == 55.5 and editor.chart.prices[29] == peak_price
    qtbot.mouseClick(editor.rows[2].controls[4], LEFT)  # remove it again
    assert editor.chart.prices[30] == peak_price
    assert len([r for r in editor.rows if "–" in r.caption.text()]) == 4


def test_a_price_out_of_range_is_refused_next_to_the_field(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3")
    before = editor.chart.prices
    _enter(qtbot, editor, editor.rows[0].controls[2], "250")
    assert "0〜200" in editor.dialog.error_label.text()
    assert editor.dialog.isVisible() and editor.chart.prices == before
    editor.dialog.reject()


def test_holidays_are_edited_apart_and_can_copy_the_weekdays(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3")
    qtbot.mouseClick(editor.holiday_button, LEFT)
    assert editor.holiday and editor.copy_button.isVisibleTo(editor)
    _enter(qtbot, editor, editor.rows[0].controls[2], "20")
    season = editor.version.energy.seasons[0]
    assert season.holiday.prices()[16] == 20.0 and season.weekday.prices()[16] != 20.0
    qtbot.mouseClick(editor.copy_button, LEFT)
    season = editor.version.energy.seasons[0]
    assert season.holiday == season.weekday


def test_saving_asks_first_and_keeps_the_old_prices_before_the_date(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3")
    valid_from = editor.valid_from
    # The first of the month after the home's today (the pinned clock: 2026-07-15).
    assert valid_from == date(2026, 8, 1) == _next_month_start(editor.services.clock.today())
    _enter(qtbot, editor, editor.rows[0].controls[2], "44.5")
    qtbot.mouseClick(editor.save_button, LEFT)
    confirm = editor.dialog
    assert "以前の使用分は、それまでの料金のままです" in confirm.message_label.text()
    with qtbot.waitSignal(editor.services.plans.saved, timeout=10_000) as saved:
        qtbot.mouseClick(confirm.confirm_button, LEFT)
    assert saved.args == [True]
    plan = editor.services.plans.last_choice.current
    assert plan.versions[-1].valid_from == valid_from
    # The weekday prices were edited: 2026-08-01 is a Saturday, so look at a weekday.
    first_weekday = next(day for day in (valid_from + timedelta(days=n) for n in range(7))
                         if not is_holiday(day))
    assert plan.slot_prices(first_weekday)[16] == 44.5
    assert plan.slot_prices(valid_from)[16] == 43.61  # its holidays kept their prices
    assert plan.slot_prices(date(2025, 11, 1))[16] == 43.61  # earlier usage, earlier price
    assert "保存しました" in editor.status.text()
    assert editor.plan == plan  # the editor goes on from what was saved
    # The history lists the versions; choosing the earlier one edits it in place.
    qtbot.mouseClick(editor.history_button, LEFT)
    history = editor.dialog
    dates = [history.versions.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(history.versions.count())]
    assert dates[0] == valid_from and date(2025, 10, 1) in dates
    item = history.versions.item(dates.index(date(2025, 10, 1)))
    rect = history.versions.visualItemRect(item)
    qtbot.mouseClick(history.versions.viewport(), LEFT, pos=rect.center())
    assert editor.valid_from == date(2025, 10, 1) and editor.chart.prices[16] == 43.61


@pytest.mark.parametrize("limit, ok", [("100", False), ("350", True)])
def test_tier_limits_out_of_order_are_marked_on_their_row(qtbot, kiosk, limit, ok):
    editor = _editor(qtbot, kiosk, "tepco-juryo-dento-b")
    tiers = [row for row in editor.rows if "kWh" in row.caption.text()]
    assert [row.caption.text() for row in tiers] == ["120kWhまで", "300kWhまで", "300kWh超"]
    _enter(qtbot, editor, tiers[1].controls[0], limit)
    problem = editor.rows[1].problem
    assert problem.isVisibleTo(editor) is not ok
    assert ("120kWh" in problem.text()) is not ok
    assert editor.save_button.isEnabled() is ok


def test_a_flat_charge_and_the_basic_charge_are_edited_by_keypad(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3")
    fuel = next(r for r in editor.rows if r.caption.text() == "燃料費調整額")
    _enter(qtbot, editor, fuel.controls[0], "-1.25")
    assert editor.version.fuel_adjustment_yen_per_kwh == -1.25
    basic = next(r for r in editor.rows if r.caption.text() == "基本料金(月額)")
    _enter(qtbot, editor, basic.controls[0], "4200")
    assert editor.version.basic.yen == 4200.0



def test_prices_edited_from_a_past_date_change_the_cost_on_the_graphs(
        qtbot, make_services, open_kiosk, history_dir, tmp_path):
    """Panel-like: the plan and the history share one database, so a save shows in yen."""
    from app.domain.periods import HistoryRequest, Measure, Period
    from app.services.history_query import build_history
    from app.store import open_store
    from tests.ui.conftest import HISTORY_NOW
    from tests.ui.test_graph_pages import TODAY, _open_circuit, _wait_result

    home = tmp_path / "home"
    shutil.copytree(history_dir, home)
    services = make_services(data_dir=home)
    kiosk = open_kiosk(services)
    graph = _open_circuit(qtbot, kiosk, "sp2").panel
    qtbot.mouseClick(graph.measure_button, LEFT)  # kWh -> yen
    before = float(np.nansum(_wait_result(qtbot, graph).values["circuit.sp2"]))

    kiosk.view.go("rates")
    qtbot.waitUntil(lambda: kiosk.view.page("rates").edit_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(kiosk.view.page("rates").edit_button, LEFT)
    enter_password(qtbot, kiosk.view.page("rates"))
    editor = kiosk.view.page("plan_editor")
    while editor.valid_from > TODAY:  # back to the history's month
        qtbot.mouseClick(editor.date_back, LEFT)
    fuel_caption = QCoreApplication.translate("PlanEditorPage", "Fuel-cost adjustment")
    fuel = next(r for r in editor.rows if r.caption.text() == fuel_caption)
    _enter(qtbot, editor, fuel.controls[0], "10")
    assert editor.version.fuel_adjustment_yen_per_kwh == 10.0
    qtbot.mouseClick(editor.save_button, LEFT)
    with qtbot.waitSignal(services.plans.saved, timeout=10_000):
        qtbot.mouseClick(editor.dialog.confirm_button, LEFT)

    kiosk.view.go("circuit_graph", "sp2")
    request = HistoryRequest(("circuit.sp2",), Period.DAY, TODAY, measure=Measure.COST)
    store = open_store(home, "Asia/Tokyo")
    try:
        expected = build_history(store, request, HISTORY_NOW, "Asia/Tokyo")
    finally:
        store.close()
    qtbot.waitUntil(lambda: graph.result is not None and np.allclose(
        np.nan_to_num(graph.result.values["circuit.sp2"]),
        np.nan_to_num(expected.values["circuit.sp2"])), timeout=10_000)
    after = float(np.nansum(graph.result.values["circuit.sp2"]))
    assert after > before  # 10 yen more on every bought kWh


def test_a_season_is_split_by_touch_and_its_prices_edited_apart(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3")  # one season, all year
    season_row = next(r for r in editor.rows if r.caption.text() == "通年で1つの季節")
    assert not editor.season_next.isVisibleTo(editor)
    qtbot.mouseClick(season_row.controls[2], LEFT)  # split
    seasons = editor.version.energy.seasons
    assert [(s.start.month, s.end.month) for s in seasons] == [(1, 6), (7, 12)]
    assert editor.season_next.isVisibleTo(editor) and editor.season_label.text() == "通年"
    qtbot.mouseClick(editor.season_next, LEFT)
    assert editor.season == 1 and editor.season_label.text() == "季節2"
    _enter(qtbot, editor, editor.rows[1].controls[2], "60")  # summer's afternoon peak
    first, second = editor.version.energy.seasons
    assert second.weekday.prices()[30] == 60.0 and first.weekday.prices()[30] != 60.0
    season_row = next(r for r in editor.rows if "季節" in r.caption.text())
    assert season_row.caption.text() == "この季節の終わり 12月31日"
    assert editor.save_button.isEnabled()
    # Removing it gives its months back to the season before.
    qtbot.mouseClick(season_row.controls[3], LEFT)
    assert len(editor.version.energy.seasons) == 1 and editor.season == 0


def test_edits_wait_on_the_page_until_the_households_plan_changes(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3")
    _enter(qtbot, editor, editor.rows[0].controls[2], "47")
    kiosk.view.go("rates")
    kiosk.view.go("plan_editor")
    assert editor.chart.prices[16] == 47.0  # not lost by looking elsewhere
    rates = kiosk.view.page("rates")
    kiosk.view.go("rates")
    with qtbot.waitSignal(rates.services.plans.saved, timeout=10_000):
        rates.services.plans.set_sell_price(9.0)
    kiosk.view.go("plan_editor")
    assert editor.chart.prices[16] == 43.61  # the plan changed: the editor starts from it


@pytest.mark.parametrize("via", ["button", "go"])
@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_price_shows_in_full(qtbot, make_services, switcher_for, open_kiosk, language,
                                   via, qapp):
    """43.61 was shown as "3.61 yen/kWh" in English: squeezed buttons clip centred text.
    Also when the editor is opened directly, its rows built before they were styled."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    services = make_services(language=language)
    switcher_for(services)
    kiosk = open_kiosk(services)
    if via == "button":
        editor = _editor(qtbot, kiosk, "hepco-etime3")
    else:
        rates = _open(qtbot, kiosk)
        _tap_plan(qtbot, rates, "hepco-etime3")
        rates.services.plans.use(rates.selected, 30, None)
        qtbot.waitUntil(lambda: rates.edit_button.isEnabled(), timeout=10_000)
        kiosk.view.go("plan_editor")
        editor = kiosk.view.page("plan_editor")
        qtbot.waitUntil(lambda: editor.version is not None, timeout=10_000)
    qapp.processEvents()
    prices = [c for row in editor.rows for c in row.controls if c.objectName() == "PriceButton"]
    assert any("43.61" in button.text() for button in prices)
    steps = [c for row in editor.rows for c in row.controls[:2] if "30" in c.text()]
    for button in prices + steps:
        text = button.text()
        assert button.isVisible()
        assert button.fontMetrics().horizontalAdvance(text) <= button.contentsRect().width()
        option = QStyleOptionButton()
        button.initStyleOption(option)
        inside = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents,
                                               option, button)
        assert button.fontMetrics().horizontalAdvance(text) <= inside.width(), text


def test_band_steps_say_what_they_do(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "hepco-etime3")
    earlier, later, *_rest, remove = editor.rows[0].controls
    assert (earlier.text(), later.text()) == ("−30分", "+30分")
    assert earlier.accessibleName() == "開始を30分早める"
    assert later.accessibleName() == "開始を30分遅らせる"
    assert remove.accessibleName() == "この時間帯を削除"


def _row(editor: PlanEditorPage, caption: str):
    return next(r for r in editor.rows if r.caption.text() == caption)


def _choose_kind(qtbot, editor: PlanEditorPage, name: str) -> None:
    kind = _row(editor, "料金の種類").controls[0]
    tap(qtbot, kind)
    choices = editor.dialog
    button = next(b for b in choices.buttons.values() if b.text() == name)
    qtbot.mouseClick(button, LEFT)


def _save(qtbot, editor: PlanEditorPage):
    qtbot.mouseClick(editor.save_button, LEFT)
    with qtbot.waitSignal(editor.services.plans.saved, timeout=10_000) as saved:
        qtbot.mouseClick(editor.dialog.confirm_button, LEFT)
    assert saved.args == [True]
    return editor.services.plans.last_choice.current


def test_time_of_use_becomes_one_price_asked_with_the_days_mean(qtbot, kiosk):
    from app.domain.tariff import FlatEnergy, TimeOfUseEnergy

    editor = _editor(qtbot, kiosk, "hepco-etime3")
    mean = round(sum(editor.chart.prices) / 48, 2)  # the weekday shown
    assert _row(editor, "料金の種類").controls[0].text() == "時間帯別"
    _choose_kind(qtbot, editor, "一律")
    asked = editor.dialog  # which price: the day's mean, offered
    assert asked.field.text() == f"{mean:g}" and f"{mean:.2f}円/kWh" in asked.message_label.text()
    asked.submit()
    assert editor.version.energy == FlatEnergy(mean)
    assert _row(editor, "料金の種類").controls[0].text() == "一律"
    assert editor.chart.prices == (mean,) * 48
    assert not editor.weekday_button.isVisibleTo(editor)  # no day kinds for one price
    plan = _save(qtbot, editor)
    assert plan.version_on(editor.valid_from).energy == FlatEnergy(mean)
    earlier = plan.version_on(editor.valid_from - timedelta(days=1))
    assert isinstance(earlier.energy, TimeOfUseEnergy)  # earlier usage keeps its bands


def test_a_price_typed_for_one_price_replaces_the_mean(qtbot, kiosk):
    from app.domain.tariff import FlatEnergy

    editor = _editor(qtbot, kiosk, "hepco-etime3")
    _choose_kind(qtbot, editor, "一律")
    editor.dialog.field.clear()
    editor.dialog.keypad.press("38.5")
    editor.dialog.submit()
    assert editor.version.energy == FlatEnergy(38.5)


def test_tiers_become_time_of_use_at_the_first_tiers_price_all_day(qtbot, kiosk):
    from app.domain.tariff import TimeOfUseEnergy

    editor = _editor(qtbot, kiosk, "tepco-juryo-dento-b")
    first = editor.version.energy.tiers[0].yen_per_kwh
    _choose_kind(qtbot, editor, "時間帯別")
    energy = editor.version.energy
    assert isinstance(energy, TimeOfUseEnergy) and len(energy.seasons) == 1
    season = energy.seasons[0]
    assert season.weekday.prices() == season.holiday.prices() == (first,) * 48
    band = editor.rows[0]
    assert band.caption.text() == "終日(00:00から)"
    qtbot.mouseClick(band.controls[3], LEFT)  # split it: bands to price apart, at once
    assert len([r for r in editor.rows if "–" in r.caption.text()]) == 2
    assert editor.save_button.isEnabled()
    plan = _save(qtbot, editor)
    assert plan.slot_prices(editor.valid_from) == (first,) * 48


def test_tiers_become_one_price_at_the_first_tier_and_back(qtbot, kiosk):
    from app.domain.tariff import FlatEnergy

    editor = _editor(qtbot, kiosk, "tepco-juryo-dento-b")
    first = editor.version.energy.tiers[0].yen_per_kwh
    _choose_kind(qtbot, editor, "一律")
    assert editor.version.energy == FlatEnergy(first)  # no question: the first tier's price
    assert _row(editor, "全時間帯").controls[0].text() == f"{first:.2f}円/kWh"
    _choose_kind(qtbot, editor, "段階制")
    assert [row.caption.text() for row in editor.rows[:3]] == [
        "120kWhまで", "300kWhまで", "300kWh超"]
    assert editor.save_button.isEnabled()


def test_co2_gas_and_water_are_entered_by_keypad_and_saved_from_the_date(qtbot, kiosk):
    editor = _editor(qtbot, kiosk, "tepco-juryo-dento-b")
    for caption in ("CO2排出係数", "ガス基本料金(月額)", "ガス従量単価", "水道従量単価"):
        assert _row(editor, caption).controls[0].text() == "未設定"
    _enter(qtbot, editor, _row(editor, "CO2排出係数").controls[0], "3")
    assert "0〜2" in editor.dialog.error_label.text()  # no grid is that dirty: a typo
    editor.dialog.field.clear()
    editor.dialog.keypad.press("0.441")
    editor.dialog.submit()
    assert _row(editor, "CO2排出係数").controls[0].text() == "0.441 kg-CO2/kWh"
    _enter(qtbot, editor, _row(editor, "ガス従量単価").controls[0], "145.31")
    _enter(qtbot, editor, _row(editor, "ガス基本料金(月額)").controls[0], "759")
    _enter(qtbot, editor, _row(editor, "水道従量単価").controls[0], "2500")
    assert "0〜2000" in editor.dialog.error_label.text()
    editor.dialog.field.clear()
    editor.dialog.keypad.press("310")
    editor.dialog.submit()
    assert _row(editor, "ガス従量単価").controls[0].text() == "145.31円/m³"
    assert _row(editor, "水道従量単価").controls[0].text() == "310.00円/m³"
    plan = _save(qtbot, editor)
    day = editor.valid_from
    assert plan.co2_on(day) == 0.441
    gas = plan.gas_on(day)
    assert (gas.valid_from, gas.basic_yen, gas.yen_per_m3) == (day, 759.0, 145.31)
    assert plan.water_on(day).yen_per_m3 == 310.0
    before = day - timedelta(days=1)
    assert plan.co2_on(before) is None and plan.gas_on(before) is None  # not before the date
