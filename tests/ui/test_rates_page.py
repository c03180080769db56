"""The rates page: choose a catalog plan by touch, see its prices and rule results, use it."""

from PySide6.QtCore import Qt

from app.services.cost_query import household_plan
from app.store import open_store
from tests.ui.password_helpers import enter_password


def _open(qtbot, kiosk):
    kiosk.view.go("rates")
    page = kiosk.view.page("rates")
    qtbot.waitUntil(lambda: page.choice is not None, timeout=10_000)
    return page


def _tap_plan(qtbot, page, plan_id: str) -> None:
    row = next(r for r in range(page.plans.count())
               if page.plans.item(r).data(Qt.ItemDataRole.UserRole) == plan_id)
    item = page.plans.item(row)
    page.plans.scrollToItem(item)
    rect = page.plans.visualItemRect(item)
    qtbot.mouseClick(page.plans.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_choosing_and_using_a_catalog_plan(qtbot, kiosk, tmp_path):
    page = _open(qtbot, kiosk)
    assert page.plans.count() >= 5
    assert page.current_label.text().startswith("料金プランが未設定です")
    _tap_plan(qtbot, page, "tepco-juryo-dento-b")
    assert page.selected.id == "tepco-juryo-dento-b"
    detail = page.detail.text()
    assert "30A 935.25" in detail and "120–300 kWh" not in detail
    assert "月120〜300kWh: 36.40円/kWh" in detail  # the second tier
    # A metered plan has one price all day: surplus charging is not for it; and the
    # catalog has no selling price (that is the household's own FIT contract).
    assert ("蓄電池の余剰充電: 利用できません — 売電単価が設定されていません、"
            "全時間帯で単価が同じです") in page.rules.text()

    qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    enter_password(qtbot, page)
    dialog = page.dialog
    assert not dialog.use_button.isEnabled()  # the contract first
    thirty = next(b for b in dialog.group.buttons() if b.text() == "30A")
    qtbot.mouseClick(thirty, Qt.MouseButton.LeftButton)
    assert dialog.use_button.isEnabled()
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "30A" in page.current_label.text(), timeout=10_000)
    assert page.current_label.text().startswith("ご契約のプラン: 東京電力")
    store = open_store(tmp_path / "plans", "Asia/Tokyo")
    try:
        plan = household_plan(store)
        assert plan is not None and plan.id == "tepco-juryo-dento-b"
        assert store.get_setting("contract_amperes") == "30"
    finally:
        store.close()


def test_a_time_of_use_plan_shows_todays_bands(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    _tap_plan(qtbot, page, "hepco-etime3")
    assert "今日 (" in page.detail.text() and "円/kWh" in page.detail.text()
    from datetime import date

    assert page.chart.prices == page.selected.slot_prices(date.today())
    assert len(set(page.chart.prices)) == 3  # three time bands
    _tap_plan(qtbot, page, "kepco-juryo-dento-a")
    assert page.chart.prices == ()  # tiered: no price by the hour
    assert page.rules.text().count("\n") == 2  # one line per feature


def test_the_households_selling_price_is_entered_by_keypad(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    assert not page.sell_button.isEnabled()  # no plan yet: nothing to price
    _tap_plan(qtbot, page, "tepco-juryo-dento-b")
    page.services.plans.use(page.selected, 30, None)
    qtbot.waitUntil(lambda: page.sell_button.isEnabled(), timeout=10_000)
    assert page.sell_label.text() == "売電: 未設定"
    qtbot.mouseClick(page.sell_button, Qt.MouseButton.LeftButton)
    enter_password(qtbot, page)
    dialog = page.dialog
    dialog.field.clear()
    dialog.keypad.press("200")
    dialog.submit()
    assert "0〜100" in dialog.error_label.text()  # refused, and the dialog stays
    dialog.field.clear()
    dialog.keypad.press("16.5")
    dialog.submit()
    qtbot.waitUntil(lambda: page.sell_label.text() == "売電: 16.50円/kWh", timeout=10_000)
    assert "売電単価が設定されていません" not in page.rules.text()


def test_prices_parse_as_yen_with_two_decimals():
    from app.ui.pages.rates_page import SELL_PRICE

    assert SELL_PRICE.parse("16") == 16.0 and SELL_PRICE.parse(" 8.50 ") == 8.5
    assert SELL_PRICE.parse("8.505") is None and SELL_PRICE.parse("-1") is None
    assert SELL_PRICE.parse("abc") is None and SELL_PRICE.parse("nan") is None
    assert SELL_PRICE.parse("100.01") is None
