"""The control loop in words: its notices, and its Sets in the appliance history with
their causes, in Japanese and in English."""

from __future__ import annotations

from app.domain.events import Cause, EventKind, EventRecord
from app.domain.notices import Template, home_notice
from app.ui.notice_texts import cause_text, event_summary, notice_body, notice_title

AT = 1_769_024_400.0
BATTERY = "127.0.0.5/027D01"
ECOCUTE = "127.0.0.9/026B01"


def test_a_refusing_device_and_a_failed_plan_are_told(make_services, switcher_for) -> None:
    services = make_services(language="ja")
    switcher_for(services)
    refused = home_notice(Template.CONTROL_DEVICE_FAILED, AT, {
        "device": BATTERY, "name": "", "epc": 0xEB, "value": "2462", "outcome": "refused"})
    assert "AIソーラーチャージ" in notice_title(refused, "ja")
    body = notice_body(refused, "ja")
    assert "充電電力" in body and "2,462" in body and "再試行" in body
    failed = home_notice(Template.CONTROL_PLAN_FAILED, AT, {"message": "time limit reached"})
    assert "自家消費" in notice_body(failed, "ja")
    services.preferences.set_language("en")
    assert notice_body(refused, "en").startswith("Storage battery refused to set Charge power "
                                                 "to 2,462 W")
    silent = home_notice(Template.CONTROL_DEVICE_FAILED, AT, {
        "device": ECOCUTE, "epc": 0xB0, "value": "manual_heating", "outcome": "unreachable"})
    assert "did not answer when asked to set Water heating to Heat now" in \
        notice_body(silent, "en")
    assert notice_body(failed, "en").startswith(
        "The charge plan could not be computed (time limit reached).")


def test_the_history_says_what_the_loop_set_and_why(make_services, switcher_for) -> None:
    switcher_for(make_services(language="ja"))
    power = EventRecord(1, EventKind.OPERATION, AT, BATTERY, 0xEB, "0", "2462",
                        Cause.AI_CONTROL)
    heat = EventRecord(2, EventKind.OPERATION, AT, ECOCUTE, 0xB0, "auto", "manual_heating",
                       Cause.AI_CONTROL)
    assert event_summary(power, "ja", None) == "充電電力: 0W → 2,462W"
    assert event_summary(heat, "ja", None) == "沸き上げ: 自動 → 沸き上げ開始"
    assert [cause_text(c) for c in (Cause.AI_CONTROL, Cause.SURPLUS_CHARGING,
                                    Cause.OUTAGE_CARE, Cause.SAVING_TARGET)] == [
        "AIソーラーチャージ（充電計画）", "余剰電力充電", "停電ケア（蓄電池の残量確保）",
        "30分節電目標"]


def test_the_detail_of_a_set_names_the_battery_s_own_properties(qtbot, make_services,
                                                                  switcher_for) -> None:
    """The detail sheet says 放電方式 and 家の使用量に合わせて, not "Property 0xC2"."""
    from PySide6.QtWidgets import QWidget

    from app.ui.dialogs.event_detail_dialog import EventDetailDialog

    switcher_for(make_services(language="ja"))
    method = EventRecord(3, EventKind.OPERATION, AT, BATTERY, 0xC2, "designated_power",
                         "load_following", Cause.AI_CONTROL)
    power = EventRecord(4, EventKind.OPERATION, AT, BATTERY, 0xEB, "0", "2462",
                        Cause.AI_CONTROL)
    owner = QWidget()
    qtbot.addWidget(owner)
    for record, setting, change in ((method, "放電方式", "指定した電力で → 家の使用量に合わせて"),
                                    (power, "充電電力", "0W → 2,462W")):
        dialog = EventDetailDialog(record, "ja", None, owner)
        qtbot.addWidget(dialog)
        values = {k: v.text() for k, v in dialog.values.items()}
        assert (values["項目"], values["変更"]) == (setting, change)
        dialog.reject()



def test_a_remote_change_says_so_in_the_history_list(make_services, switcher_for) -> None:
    switcher_for(make_services(language="ja"))
    light = "127.0.0.8/029001"
    remote = EventRecord(3, EventKind.OPERATION, AT, light, 0x80, "off", "on", Cause.REMOTE)
    by_hand = EventRecord(4, EventKind.OPERATION, AT, light, 0x80, "on", "off", None)
    assert event_summary(remote, "ja", None) == (
        "電源: 切 → 入 · 遠隔操作(スマートフォン・スマートスピーカー)")
    assert event_summary(by_hand, "ja", None) == "電源: 入 → 切"
