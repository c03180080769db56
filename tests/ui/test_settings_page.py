from PySide6.QtCore import Qt

from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.set_password_dialog import SetPasswordDialog
from tests.ui.touch_helpers import tap

from .conftest import PASSWORD


def test_changing_the_password_asks_for_the_current_one_first(qtbot, kiosk, services):
    kiosk.view.go("settings")
    page = kiosk.view.page("settings")
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    prompt = page.dialog
    assert isinstance(prompt, PasswordPromptDialog)
    assert prompt.windowFlags() & Qt.WindowType.FramelessWindowHint  # a sheet on the kiosk
    prompt.field.setText("0000")
    prompt.submit()
    assert page.dialog is prompt and prompt.error_text

    prompt.field.setText(PASSWORD)
    prompt.submit()
    qtbot.waitUntil(lambda: isinstance(page.dialog, SetPasswordDialog))
    setter = page.dialog
    assert setter.cancel_button.isVisible()
    setter.new_field.setText("97531")
    setter.confirm_field.setText("97531")
    setter.submit()
    qtbot.waitUntil(lambda: page.dialog is None)
    assert services.access.verify("97531")
    assert page.password_status.text() == "パスワードを変更しました。"


def test_cancelling_leaves_the_password(qtbot, kiosk, services):
    page = kiosk.view.page("settings")
    page.change_password()
    qtbot.mouseClick(page.dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert services.access.verify(PASSWORD)


def test_the_prompt_says_how_long_to_wait_and_refuses_meanwhile(qtbot, kiosk, services):
    page = kiosk.view.page("settings")
    page.change_password()
    prompt = page.dialog
    for _ in range(4):
        prompt.field.setText("0000")
        prompt.submit()
    assert services.access.wait_seconds() == 15
    assert prompt.error_text == "間違いが続いたため、15 秒後にもう一度お試しください。"
    prompt.field.setText(PASSWORD)
    prompt.submit()
    assert page.dialog is prompt  # refused: the right password too, until the wait is over
    assert prompt.error_text == "間違いが続いたため、15 秒後にもう一度お試しください。"


def test_the_panel_screen_is_closed_from_settings_with_the_password(qtbot, kiosk):
    """Leaving the kiosk is findable: a card in Settings (the long press stays)."""

    kiosk.view.go("settings")
    page = kiosk.view.page("settings")
    assert page.exit_card.isVisible() and page.exit_button.text() == "画面を終了"
    tap(qtbot, page.exit_button)
    prompt = kiosk.dialog
    assert isinstance(prompt, PasswordPromptDialog)
    prompt.field.setText("0000")
    prompt.submit()
    assert kiosk.isVisible()
    with qtbot.waitSignal(kiosk.exit_requested, timeout=2_000):
        prompt.field.setText(PASSWORD)
        prompt.submit()


def test_the_desktop_settings_have_no_close_screen_card(qtbot, services, switcher):
    from app.ui.shell.desktop_window import DesktopWindow

    window = DesktopWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.view.go("settings")
    assert not window.view.page("settings").exit_card.isVisible()


def test_the_weather_warning_linkage_is_switched_with_the_password(qtbot, kiosk, services):
    """気象警報連動: off until the household switches it on (the kiosk asks the password)."""

    with qtbot.waitSignal(services.control.linkage_changed, timeout=10_000):
        kiosk.view.go("settings")  # shown: a round of the linkage, and its status
    page = kiosk.view.page("settings")
    card = page.linkage_card
    assert card.heading.text() == "気象警報連動"
    assert (card.on_button.text(), card.off_button.text()) == ("する", "しない")
    assert card.off_button.isChecked() and not card.on_button.isChecked()
    tap(qtbot, card.on_button)
    assert card.off_button.isChecked()  # nothing changes before the password
    prompt = page.dialog
    assert isinstance(prompt, PasswordPromptDialog)
    prompt.field.setText(PASSWORD)
    with qtbot.waitSignal(services.control.linkage_changed, timeout=10_000,
                          check_params_cb=lambda status: status.enabled):
        prompt.submit()
    assert card.on_button.isChecked() and not card.off_button.isChecked()
    # The test home has no device link: the card says there is nothing it can charge.
    assert card.state_label.text() == "充電を指示できる蓄電池・V2Hが見つかりません。"


def test_the_linkage_card_says_what_is_in_force(qtbot, services, switcher):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.domain.warning_linkage import BATTERY, LinkageState, LinkageStatus
    from app.ui.widgets.linkage_card import LinkageCard

    card = LinkageCard()
    qtbot.addWidget(card)
    since = datetime(2026, 9, 1, 14, 5, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp()
    card.show_status(LinkageStatus(True, LinkageState(True, since, ("w",), {BATTERY: "auto"}),
                                   (BATTERY,), {}))
    assert card.state_label.text() == ("2026年9月1日(火) 14:05から実施中：警報が解除されるまで"
                                       "蓄電池を充電します。")
    card.show_status(LinkageStatus(True, LinkageState(remembered={BATTERY: "auto"}),
                                   (BATTERY,), {BATTERY: "unreachable"}))
    assert card.state_label.text() == ("警報が解除されました：蓄電池を元の運転モードに"
                                       "戻しています。\n蓄電池から応答がありません。")
    services.preferences.set_language("en")
    card.language = "en"
    card.retranslate()
    assert card.state_label.text() == ("The warning is over: returning the battery to its own "
                                       "mode.\nThe battery did not answer.")


def test_remote_commands_are_allowed_by_tapping_the_switch_with_the_password(
        qtbot, kiosk, services):
    """スマートフォン・スマートスピーカーからの操作: off until the household allows it."""
    relay = services.relay
    kiosk.view.go("settings")
    page = kiosk.view.page("settings")
    card = page.remote_card
    with qtbot.waitSignal(relay.status_changed, timeout=10_000):
        relay.start()
    assert card.heading.text() == "スマートフォン・スマートスピーカー"
    assert card.switch.text() == "スマートフォン・スマートスピーカーからの操作を許可する"
    assert card.switch.isEnabled() and not card.switch.isChecked()
    assert card.state_label.text() == "オフ：外部からの操作はお断りしています。"
    tap(qtbot, card.switch)
    assert not card.switch.isChecked()  # nothing changes before the password
    prompt = page.dialog
    assert isinstance(prompt, PasswordPromptDialog)
    prompt.field.setText(PASSWORD)
    with qtbot.waitSignal(relay.status_changed, timeout=10_000,
                          check_params_cb=lambda status: status.allowed):
        prompt.submit()
    assert card.switch.isChecked()
    # The test panel is not registered: the card says what is missing.
    assert card.state_label.text() == ("オン：ただし、この端末はサーバーに登録されていません。"
                                       "先に登録してください。")
    tap(qtbot, card.switch)
    page.dialog.field.setText(PASSWORD)
    with qtbot.waitSignal(relay.status_changed, timeout=10_000,
                          check_params_cb=lambda status: not status.allowed):
        page.dialog.submit()
    assert not card.switch.isChecked()


def test_the_remote_commands_card_lists_the_last_commands(qtbot, services, switcher):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.domain.remote_commands import RelayStatus, RemoteRun
    from app.ui.widgets.remote_commands_card import RemoteCommandsCard

    card = RemoteCommandsCard()
    qtbot.addWidget(card)
    at = datetime(2026, 12, 5, 19, 30, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp()
    runs = (RemoteRun("a", at, "192.168.1.30/029001", "居間の照明", "power", "on", "done",
                      "off", "on"),
            RemoteRun("b", at + 60, "192.168.1.31/013001", "", "temperature", 26,
                      "unreachable"),
            RemoteRun("c", at + 120, "192.168.1.32/027D01", "", "battery_mode", "charging",
                      "forbidden"))
    card.show_status(RelayStatus(True, runs, None, 3))
    assert card.state_label.text() == "オン：操作を待っています。操作できる機器：3台"
    assert card.runs_label.text().splitlines() == [
        "2026年12月5日(土) 19:32  蓄電池：運転モード 充電 — 許可されていません",
        "2026年12月5日(土) 19:31  エアコン：温度を26°Cに設定 — 機器から応答がありません",
        "2026年12月5日(土) 19:30  居間の照明：電源 入 — 完了",
    ]
