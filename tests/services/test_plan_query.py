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
