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
    # The home's today (the pinned clock), not the machine's.
    assert page.chart.prices == page.selected.slot_prices(page.services.clock.today())
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


def _top_in(widget, page) -> int:
    return widget.mapTo(page, widget.rect().topLeft()).y()


def _bottom_in(widget, page) -> int:
    return widget.mapTo(page, widget.rect().bottomLeft()).y()


def test_a_plans_details_scroll_in_their_own_box_above_the_buttons(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    _tap_plan(qtbot, page, "hepco-etime3")  # bands, basic charge, source, three rules
    page.layout().activate()
    box = page.details
    # The box ends above both buttons: no line of the details is drawn behind them.
    assert _bottom_in(box, page) < min(_top_in(page.use_button, page),
                                       _top_in(page.edit_button, page))
    content = box.widget()
    # More than fits at 800×480: it scrolls (once the box has laid out the new text).
    qtbot.waitUntil(lambda: content.height() > box.viewport().height(), timeout=5_000)
    bar = box.verticalScrollBar()
    bar.setValue(bar.maximum())  # as a finger's drag to the end would
    rules_bottom = page.rules.mapTo(box.viewport(), page.rules.rect().bottomLeft()).y()
    assert 0 < rules_bottom <= box.viewport().height()  # the last line is reachable, inside


def test_another_plan_is_shown_from_its_top(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    _tap_plan(qtbot, page, "hepco-etime3")
    bar = page.details.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)
    bar.setValue(bar.maximum())
    page.services.plans.refresh()  # the page reads the plans again (coming back to it)
    qtbot.waitUntil(lambda: page.choice is not None and bar.value() == bar.maximum(),
                    timeout=10_000)
    _tap_plan(qtbot, page, "tepco-juryo-dento-b")
    assert page.selected.id == "tepco-juryo-dento-b"
    assert bar.value() == 0  # not where the previous plan was left


def test_the_list_stays_where_it_was_after_use_this_plan(qtbot, kiosk):
    page = _open(qtbot, kiosk)
    last = page.plans.item(page.plans.count() - 1)
    _tap_plan(qtbot, page, last.data(Qt.ItemDataRole.UserRole))  # scrolls the list down
    chosen = page.selected.id
    scrolled = page.plans.verticalScrollBar().value()
    assert scrolled > 0
    qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    enter_password(qtbot, page)
    dialog = page.dialog
    for contract in dialog.group.buttons()[:1]:  # a contract current, if the plan asks one
        qtbot.mouseClick(contract, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.services.plans.saved, timeout=10_000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert page.choice.current.id == chosen
    assert page.plans.verticalScrollBar().value() == scrolled  # not back at the top
    selected = page.plans.selectedItems()
    assert [item.data(Qt.ItemDataRole.UserRole) for item in selected] == [chosen]
    rect = page.plans.visualItemRect(selected[0])
    assert page.plans.viewport().rect().contains(rect.center())  # in view


def _household_on_tepco(data) -> None:
    """A home on TEPCO 従量電灯B at 30 A that bought 360 kWh in June 2026 (last month)."""
    from datetime import date

    from app.domain.tariff_json import dump_plan
    from app.services.cost_query import PLAN_SETTING
    from app.services.plan_query import load_catalog
    from tests.services.rate_catalog_helpers import TEPCO, month_of_usage
    from tests.ui.conftest import HISTORY_NOW

    month_of_usage(data, date(2026, 6, 1), HISTORY_NOW, 500.0)
    store = open_store(data, "Asia/Tokyo")
    try:
        store.set_setting(PLAN_SETTING,
                          dump_plan(next(p for p in load_catalog() if p.id == TEPCO)))
        store.set_setting("contract_amperes", "30")
    finally:
        store.close()


def _offered(qtbot, make_services, open_kiosk, switcher_for, tmp_path, url):
    from app.cloud.token_store import StoredRegistration, TokenStore

    data = tmp_path / "home"
    _household_on_tepco(data)
    TokenStore(tmp_path / "cloud").save(StoredRegistration("t0k3n", "dev", "t", "t"))
    services = make_services(data_dir=data, catalog_url=url)
    switcher_for(services)
    kiosk = open_kiosk(services)
    page = _open(qtbot, kiosk)
    services.plans.start()  # what the panel does after its first frame
    qtbot.waitUntil(lambda: page.offer.isVisible(), timeout=20_000)
    return services, page, data


def test_new_prices_of_the_households_plan_are_offered_and_taken(
        qtbot, make_services, open_kiosk, switcher_for, tmp_path):
    from tests.cloud.conftest import fake_server, json_answer
    from tests.services.rate_catalog_helpers import changed_tepco, listing

    body = changed_tepco("2026-10-01")
    answers = [json_answer(listing(body)), (200, {"Content-Type": "application/json"}, body)]
    with fake_server(answers) as (url, seen):
        _, page, data = _offered(qtbot, make_services, open_kiosk, switcher_for,
                                        tmp_path, url)
    assert seen == ["GET /v1/rate-plans", "GET /v1/rate-plans/tepco-juryo-dento-b"]
    text = page.offer_text.text()
    # June at 30 A and 360 kWh: 13,800 yen at the new prices, 13,492 yen now.
    assert text.startswith("従量電灯Bの料金単価が2026年10月1日(木)から改定されます。")
    assert "2026年6月の使用量では ¥308 高くなります" in text
    assert page.catalog_label.text().startswith("料金プラン更新: 2026年7月15日")
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    enter_password(qtbot, page)
    qtbot.waitUntil(lambda: not page.offer.isVisible(), timeout=10_000)
    store = open_store(data, "Asia/Tokyo")
    try:
        plan = household_plan(store)
        assert plan is not None
        assert [v.valid_from.isoformat() for v in plan.versions][-1] == "2026-10-01"
        assert store.get_setting("contract_amperes") == "30"  # the contract stays
    finally:
        store.close()


def test_declined_new_prices_are_not_offered_again(qtbot, make_services, open_kiosk,
                                                   switcher_for, tmp_path):
    from tests.cloud.conftest import fake_server, json_answer
    from tests.services.rate_catalog_helpers import changed_tepco, listing

    body = changed_tepco("2026-10-01")
    answers = [json_answer(listing(body)), (200, {"Content-Type": "application/json"}, body)]
    with fake_server(answers) as (url, _):
        services, page, _ = _offered(qtbot, make_services, open_kiosk, switcher_for,
                                        tmp_path, url)
    qtbot.mouseClick(page.decline_button, Qt.MouseButton.LeftButton)
    enter_password(qtbot, page)
    qtbot.waitUntil(lambda: not page.offer.isVisible(), timeout=10_000)
    with qtbot.waitSignal(services.plans.choice_changed, timeout=10_000) as got:
        services.plans.refresh()
    assert got.args[0].update is None and not page.offer.isVisible()
    assert got.args[0].current.versions[-1].valid_from.isoformat() == "2024-04-01"

    # The selling price: what the area's utility pays once the FIT years are over.
    qtbot.mouseClick(page.sell_button, Qt.MouseButton.LeftButton)
    enter_password(qtbot, page)
    assert page.dialog.message_label.text().endswith(
        "FIT期間の満了後は、東京電力エナジーパートナーが8.50円/kWhで買い取ります"
        "(2024年9月18日(水)時点)。")
    page.dialog.reject()


def test_an_unregistered_panel_lists_its_own_plans_and_says_how_to_get_more(
        qtbot, make_services, open_kiosk, switcher_for):
    from app.services.plan_query import load_catalog
    from tests.services.cloud_helpers import dead_url

    services = make_services(catalog_url=dead_url())  # no registration saved
    switcher_for(services)
    page = _open(qtbot, open_kiosk(services))
    with qtbot.waitSignal(services.plans.catalog_changed, timeout=20_000):
        services.plans.start()
    assert page.catalog_label.text() == ("本機に収録の料金プランです。サーバーに登録すると、"
                                         "電力会社の最新プランを取得できます。")
    shown = [page.plans.item(r).data(Qt.ItemDataRole.UserRole) for r in range(page.plans.count())]
    assert shown == [p.id for p in load_catalog()]
    assert shown[0].startswith("hepco-") and shown[-1] == "okiden-juryo-dento"  # north to south
    assert not page.offer.isVisible()
