"""The household's plan in the store: choose it, price its feed-in, keep old prices."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.tariff_json import PlanError
from app.services.plan_query import PlanQuery, load_catalog
from app.store import open_store


def test_selling_prices_keep_their_history(tmp_path: Path) -> None:
    query = PlanQuery(lambda: open_store(tmp_path / "d", "Asia/Tokyo"))
    try:
        with pytest.raises(PlanError, match="no plan is set"):
            query.set_sell_price(16.0, date(2026, 11, 25))
        catalog = load_catalog()
        assert len(catalog) >= 5
        query.use(catalog[0], 30, None)
        query.set_sell_price(17.0, date(2025, 4, 1))
        query.set_sell_price(16.0, date(2026, 11, 25))
        query.set_sell_price(15.5, date(2026, 11, 25))  # the same day again: replaced
        plan = query().current
        assert plan is not None
        assert plan.sell_price_on(date(2026, 1, 1)) == 17.0  # old days keep the old price
        assert plan.sell_price_on(date(2026, 11, 25)) == 15.5
        assert query().amperes == 30
    finally:
        query.close()


def test_the_rules_see_the_home_as_the_store_records_it(tmp_path: Path) -> None:
    """Devices found, the battery's reported mode, commissioning and registration."""
    from app.domain.circuits import CircuitKind, CircuitRole, CircuitSpec
    from app.domain.commissioning import HomeFacts
    from app.domain.devices import DeviceSeen, devices_to_json, states_to_json
    from app.services.plan_query import home_state
    from app.sources.collector import DEVICES_SETTING, STATES_SETTING
    from app.store.home_setup import save_home_setup

    now = 1_780_000_000.0
    data = tmp_path / "d"
    store = open_store(data, "Asia/Tokyo")
    try:
        registered = [False]
        query = PlanQuery(lambda: open_store(data, "Asia/Tokyo"),
                          home_state(lambda: registered[0], lambda: now))
        bare = query().settings
        assert (bare.battery_supported, bare.battery_mode, bare.registered) == (
            False, "unknown", False)
        assert bare.full_feed_in_pv is None and not bare.ev_charger_circuit_measured

        store.set_setting(DEVICES_SETTING, devices_to_json(
            [DeviceSeen("127.0.0.5", 0x027D01, now, None)]))
        store.set_setting(STATES_SETTING, states_to_json({"battery_mode": (now - 30, "auto")}))
        save_home_setup(store, [CircuitSpec(CircuitKind.SPECIAL, 6, "EV充電器", channel=1,
                                            role=CircuitRole.EV_CHARGER)],
                        HomeFacts(pv_full_feed_in=True, ev_solar_charging=False))
        registered[0] = True
        home = query().settings
        assert (home.battery_supported, home.battery_mode, home.registered) == (
            True, "environment", True)
        assert home.ev_charger_circuit_measured and home.full_feed_in_pv is True
        assert home.ev_solar_charging_on is False
        assert not home.weather_warning_linkage

        from app.domain.warning_linkage import LinkageState
        from app.store.linkage_settings import save_linkage_state

        save_linkage_state(store, LinkageState(True, now, ("w1",), {"battery": "auto"}))
        assert query().settings.weather_warning_linkage  # the linkage's own state
        save_linkage_state(store, LinkageState())
        assert not query().settings.weather_warning_linkage
    finally:
        store.close()
        query.close()
