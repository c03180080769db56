"""The AI Solar Charge page, drawn from ControlView values, and its settings by touch.

The views are the sample round (app/ui/sample_control.py: the real planner on a plausible
forecast) made at the services' pinned clock, 2026-07-15 14:00 in Tokyo, and variations
of it: a fallback and its reasons, AI switched off, no round yet, the savings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.domain.charging_rules import Reason, RuleResult
from app.domain.control_view import (
    ControlMode,
    ControlSettings,
    ControlView,
    DaySaving,
    Fallback,
)
from app.domain.target_ranges import with_range
from app.ui.dialogs.control_settings_dialog import ControlSettingsDialog
from app.ui.dialogs.number_dialog import NumberDialog
from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.targets_dialog import TargetsDialog
from app.ui.formatting import format_yen
from app.ui.sample_control import sample_control_view
from app.ui.shell.desktop_window import DesktopWindow
from app.ui.theme import NIGHT
from tests.ui.control_helpers import StillControl, publish, sample, with_still_control
from tests.ui.password_helpers import enter_password
from tests.ui.touch_helpers import tap as _tap

NOW = datetime.fromisoformat("2026-07-15T14:00:00+09:00")


@pytest.fixture
def kiosk(make_services, switcher_for, open_kiosk):
    """A Japanese kiosk whose control service shows only the views a test publishes."""
    services = with_still_control(make_services())
    switcher_for(services)
    return open_kiosk(services)


def _open(qtbot, window):
    window.view.go("ai_charge")
    page = window.view.page("ai_charge")
    qtbot.waitUntil(page.isVisible)
    return page


def _failing(view: ControlView, fallback: Fallback, detail: str = "",
             conditions: tuple[RuleResult, ...] = ()) -> ControlView:
    return replace(view, mode=ControlMode.SELF_CONSUMPTION, fallback=fallback,
                   fallback_detail=detail, conditions=conditions)


def test_the_plan_is_one_chart_and_every_decision_has_its_reason(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    view = sample(kiosk.services)
    publish(kiosk.services, view)
    assert page.mode_title.text() == "AI制御で運転中"
    assert page.mode_detail.text() == (
        "蓄電池・EV・エコキュートを下の計画どおりに動かしています（14:00 作成）。")
    assert page.now_label.text() == "いま：蓄電池に充電（太陽光の余剰）（16:00まで）"
    chart = page.chart
    assert chart.legend_labels() == ["単価", "発電", "消費", "充電", "放電", "蓄電残量",
                                     "エコキュート", "EV"]
    # Today from 14:00 and all of tomorrow, the price written on its bands, the days named.
    assert chart.x_range == (NOW.timestamp(), (NOW + timedelta(hours=34)).timestamp())
    assert [text for _, text in chart.price_labels][:2] == ["35.00円", "43.61円"]
    assert [text for _, text in chart.day_labels] == ["今日", "明日"]
    assert chart.time_ticks and all(len(text) == 5 for _, text in chart.time_ticks)
    decisions = view.plan.decisions
    assert len(page.decisions.rows) == len(decisions)  # made at 14:00: none has ended
    assert [h.text() for h in page.decisions.headings] == ["今日 7月15日(水)",
                                                            "明日 7月16日(木)"]
    first = page.decisions.rows[0]
    assert first.title.text() == "14:00–16:00  蓄電池に充電（太陽光の余剰）  1.6kWh"
    assert first.reason.text() == "余剰（1.6kWh）を貯めて、17:00–23:00 に使います。"
    texts = page.decisions.texts()
    assert any("26.74円 で充電する方が、使う時間（明日 15:00–23:00）" in t for t in texts)
    assert page.plan_note.text() == (f"計画どおりの電気代の見込み：{format_yen(view.plan.cost_yen)}"
                                     "（買電から売電を差し引き、34時間分）")
    assert not page.shortfalls.isVisible()


def test_decisions_that_have_ended_leave_the_list(qtbot, kiosk):
    """A round made at 12:00, seen at 14:00: what ended by now is gone."""
    page = _open(qtbot, kiosk)
    view = sample_control_view(NOW - timedelta(hours=2))
    publish(kiosk.services, view)
    shown = [row.decision for row in page.decisions.rows]
    assert shown == [d for d in view.plan.decisions if d.end > NOW]
    assert len(shown) < len(view.plan.decisions)


def test_the_page_asks_for_a_round_when_shown(qtbot, kiosk):
    control = kiosk.services.control
    assert isinstance(control, StillControl)
    before = control.refreshes
    _open(qtbot, kiosk)
    assert control.refreshes == before + 1
    kiosk.view.go("home")
    _open(qtbot, kiosk)
    assert control.refreshes == before + 2


SHORT = Reason("learning_data_short", "3 of the 5 days of weekday usage needed",
               {"device": "battery", "day_type": "weekday", "days": 3, "needed": 5})


@pytest.mark.parametrize(("fallback", "detail", "conditions", "said"), [
    (Fallback.CONDITION, "not_registered",
     (RuleResult(False, (Reason("not_registered", "not registered"),
                         Reason("no_sell_price", "no sell price"))),
      RuleResult(False, (Reason("no_measurement_unit", "no unit", {"device": "battery"}),)),
      RuleResult(False, (Reason("no_measurement_unit", "no unit", {"device": "v2h"}),
                         Reason("v2h_manual_charge", "by hand", {"device": "v2h"})))),
     "AI制御の条件を満たしていないため：\n・サーバーに登録されていません\n"
     "・売電単価が設定されていません\n・蓄電池、V2H：分電盤を計測する計測ユニットがありません\n"
     "・V2H：EVを手動で充電しています"),
    (Fallback.LEARNING, "weekday:3/5", (RuleResult(True, ()), RuleResult(False, (SHORT,))),
     "使用電力量の学習データが足りないため。AI制御には、その日と同じ種類の日（平日、または土日・"
     "祝日）のデータが5日以上必要です。\n・蓄電池：平日の使用電力量データが 3日分しかありません"
     "（5日分必要）"),
    (Fallback.NO_FORECAST, "solar", (),
     "発電量の予測がないか、古くなっているため。新しい予測が届くとAI制御に戻ります。"),
    (Fallback.SOLVER, "time limit reached", (),
     "今回は計画を立てられなかったため。次の見直しで、もう一度計画します。"),
    (Fallback.DEVICE, "127.0.0.5/027D01: no answer", (),
     "蓄電池が応答しません。蓄電池は自家消費で運転し、あとでもう一度試します。"),
    (Fallback.DEVICE, "127.0.0.5/027D01", (),
     "蓄電池が設定を受け付けませんでした。蓄電池は自家消費で運転し、あとでもう一度試します。"),
    (Fallback.DEVICE, "127.0.0.5/027D01: level", (),
     "蓄電池の残量が読み取れません。蓄電池は自家消費で運転し、あとでもう一度試します。"),
    (Fallback.CONDITION, "no_slot_prices: tiered", (),
     "料金プランに時間帯ごとの単価がないため（段階料金など）。"),
    (Fallback.CONDITION, "other_controller", (), "AI制御の条件を満たしていないため。"),
    (Fallback.NO_FORECAST, "load", (),
     "使用電力量の予測がまだないため。予測ができるとAI制御に戻ります。"),
    (Fallback.NO_BATTERY, "", (), "制御できる蓄電池が見つからないため。"),
    (Fallback.TARGET_EXCEEDED, "saving_target_exceeded", (),
     "30分の節電目標を超えたため、この30分は蓄電池を自家消費で運転します。"),
])
def test_a_fallback_says_why(qtbot, kiosk, fallback, detail, conditions, said):
    page = _open(qtbot, kiosk)
    publish(kiosk.services, sample(kiosk.services))
    assert page.mode_title.property("state") != "stale"
    publish(kiosk.services, _failing(sample(kiosk.services), fallback, detail, conditions))
    assert page.mode_title.text() == ("AI制御は利用できません" if fallback is Fallback.NO_BATTERY
                                      else "自家消費モードで運転中")
    assert page.mode_title.property("state") == "stale"  # worth a look
    assert page.mode_detail.text() == said
    assert page.chart.isVisible()  # the fallback's plan, still shown


def test_the_round_s_remarks_are_said(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    publish(kiosk.services, replace(sample(kiosk.services), notes=(
        "replanned_without:127.0.0.7/027E01", "ecocute_own_program")))
    assert page.mode_detail.text().splitlines()[1:] == [
        "EV充放電器 (V2H)が計画の設定を受け付けなかったため、除いて計画を立て直しました。",
        "エコキュートは今回の計画に含めず、本体の設定どおりに沸き上げます。"]


def test_without_a_plan_or_a_round_the_page_says_so(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    assert page.mode_title.text() == "計画を準備しています…"
    assert not page.plan_card.isVisible() and not page.settings_card.isVisible()
    assert not page.change_button.isVisible()
    view = replace(_failing(sample(kiosk.services), Fallback.NO_FORECAST), plan=None,
                   inputs=None)
    publish(kiosk.services, view)
    assert not page.plan_card.isVisible() and not page.decisions_card.isVisible()
    assert page.savings.isVisible() and page.settings_card.isVisible()
    publish(kiosk.services, replace(sample(kiosk.services), mode=ControlMode.OFF))
    assert page.mode_title.text() == "AIソーラーチャージはオフです"
    assert page.mode_detail.text() == ("機器はそれぞれの運転モードで動いています。"
                                       "下の設定でAIソーラーチャージをオンにできます。")


def test_what_it_saved(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    savings = (DaySaving(date(2026, 7, 14), 312.4, 398.0),
               DaySaving(date(2026, 7, 13), 420.0, 415.0))  # a day it cost ¥5 more
    publish(kiosk.services, replace(sample(kiosk.services), savings=savings,
                                    month_saved_yen=1234.6))
    card = page.savings
    assert card.month_figure.text() == "¥1,235"
    assert card.lines == [("7月14日(火)", "¥312", "¥398", "¥86"),
                          ("7月13日(月)", "¥420", "¥415", "-¥5")]
    assert not card.empty.isVisible()
    publish(kiosk.services, replace(sample(kiosk.services), savings=(), month_saved_yen=None))
    assert card.lines == [] and card.month_figure.text() == "—"
    assert card.empty.text() == ("まだ結果がありません。"
                                 "AI制御で1日運転した日の翌日から表示されます。")


def _row_button(qtbot, dialog: ControlSettingsDialog, row: str, name: str) -> QPushButton:
    """The button of a row as it is now (a tap rebuilds the rows), once laid out."""
    button = dialog.rows[row].findChild(QPushButton, name)
    assert button is not None, f"{row}: no {name}"
    qtbot.waitUntil(lambda: button.isVisible() and button.width() > 1)
    return button


def _enter(qtbot, owner, text: str) -> None:
    number = owner.dialog
    assert isinstance(number, NumberDialog)
    number.field.setText(text)
    number.submit()


def test_the_settings_are_changed_by_touch_behind_the_password(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    view = sample(kiosk.services)
    publish(kiosk.services, view)
    assert page.settings_labels[0][1].text() == "オン"
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    assert isinstance(page.dialog, PasswordPromptDialog)
    enter_password(qtbot, page)
    dialog = page.dialog
    assert isinstance(dialog, ControlSettingsDialog) and dialog.isVisible()
    assert not dialog.save_button.isEnabled()  # nothing changed yet

    def click(row: str, name: str) -> None:
        _tap(qtbot, _row_button(qtbot, dialog, row, name))

    click("ai", "AiEnabled_off")
    click("reserve", "ReserveValue")
    _enter(qtbot, dialog, "40")
    click("ecocute", "EcoCuteShift_off")
    click("departure", "DepartureLater")
    click("departure", "DepartureLater")  # 07:30 -> 08:30
    click("ev_target", "EvTargetValue")
    _enter(qtbot, dialog, "90")

    click("weekday", "WeekdayTargets")  # 18:00–20:00 1.0 kWh: to 20:30, 0.8 kWh
    targets = dialog.dialog
    assert isinstance(targets, TargetsDialog)
    assert (targets.first_label.text(), targets.end_label.text()) == ("18:00", "20:00")
    targets.step_end(1)
    _tap(qtbot, targets.kwh_button)
    _enter(qtbot, targets, "0.8")
    _tap(qtbot, targets.set_button)
    _tap(qtbot, targets.done_button)

    click("holiday", "HolidayTargets")  # none yet: 18:00–20:00 at 1.0 kWh offered
    targets = dialog.dialog
    _tap(qtbot, targets.set_button)
    _tap(qtbot, targets.done_button)

    _tap(qtbot, dialog.save_button)
    none = (None,) * 48
    assert kiosk.services.control.saved == [ControlSettings(
        ai_enabled=False, reserve_pct=40.0, ecocute_day_shift=False, ev_departure=time(8, 30),
        ev_target_pct=90.0, weekday_targets_wh=with_range(none, 36, 41, 800.0),
        holiday_targets_wh=with_range(none, 36, 40, 1000.0))]


def test_a_target_is_removed_and_the_departure_cleared(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    publish(kiosk.services, sample(kiosk.services))
    page.change_settings()
    enter_password(qtbot, page)
    dialog = page.dialog
    _tap(qtbot, _row_button(qtbot, dialog, "departure", "DepartureClear"))
    dialog.edit_targets(holiday=False)
    targets = dialog.dialog
    remove = next(b for b in targets.findChildren(QPushButton)
                  if b.accessibleName() == "この目標を削除" and b.isVisible())
    _tap(qtbot, remove)
    _tap(qtbot, targets.done_button)
    assert "なし" in dialog.rows["weekday"].findChildren(type(targets.title_label))[1].text()
    dialog.save()
    (saved,) = kiosk.services.control.saved
    assert saved.ev_departure is None and saved.weekday_targets_wh == (None,) * 48


def test_cancelled_or_without_the_password_nothing_is_saved(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    publish(kiosk.services, sample(kiosk.services))
    page.change_settings()
    prompt = page.dialog
    assert isinstance(prompt, PasswordPromptDialog)
    prompt.keypad.press("0000")
    prompt.submit()  # wrong: the prompt stays, nothing opens
    assert page.dialog is prompt and prompt.isVisible()
    prompt.reject()
    page.change_settings()
    enter_password(qtbot, page)
    dialog = page.dialog
    _tap(qtbot, _row_button(qtbot, dialog, "ai", "AiEnabled_off"))
    dialog.reject()
    assert kiosk.services.control.saved == []


def test_the_desktop_asks_no_password(qtbot, make_services, switcher_for):
    services = with_still_control(make_services(), sample_control_view(NOW))
    switcher_for(services)
    window = DesktopWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    page = _open(qtbot, window)
    assert page.mode_title.text() == "AI制御で運転中"  # the view the service holds
    page.change_settings()
    assert isinstance(page.dialog, ControlSettingsDialog)
    page.dialog.reject()


def test_the_night_theme_reaches_the_chart(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    publish(kiosk.services, sample(kiosk.services))
    kiosk.set_theme(NIGHT)
    assert page.chart.plot.backgroundBrush().color() == NIGHT.color("surface")
    assert page.decisions.rows[0].findChild(type(page.decisions.rows[0].title)) is not None


def test_the_real_service_s_round_and_saved_settings_reach_the_page(
        qtbot, make_services, switcher_for, open_kiosk):
    """The control service itself (no devices in the tests' home): showing the page asks
    for a round, whose view says why there is no AI control; settings saved through the
    sheet come back in the next view."""
    services = make_services()
    switcher_for(services)
    window = open_kiosk(services)
    with qtbot.waitSignal(services.control.view_changed, timeout=20_000):
        page = _open(qtbot, window)
    # A new panel leaves the devices alone until the household switches AI control on.
    assert page.mode_title.text() == "AIソーラーチャージはオフです"
    page.change_settings()
    enter_password(qtbot, page)
    dialog = page.dialog
    _tap(qtbot, _row_button(qtbot, dialog, "reserve", "ReserveValue"))
    _enter(qtbot, dialog, "45")
    with qtbot.waitSignal(services.control.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.settings.reserve_pct == 45.0):
        _tap(qtbot, dialog.save_button)
    assert page.settings_labels[1][1].text() == "蓄電池に 45% を残す"
