"""The plans shipped in resources load, round-trip, and say where their prices come from."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.tariff_json import dump_plan, load_plan
from app.services.cost_query import national_surcharge

CATALOG = sorted((Path(__file__).resolve().parents[1] / "resources/rate_plans/catalog")
                 .glob("*.json"))


def test_the_catalog_is_there() -> None:
    assert len(CATALOG) >= 9
    companies = {load_plan(path.read_bytes()).company for path in CATALOG}
    assert len(companies) >= 5


@pytest.mark.parametrize("path", CATALOG, ids=lambda p: p.stem)
def test_a_catalog_plan_loads_round_trips_and_has_a_source(path: Path) -> None:
    plan = load_plan(path.read_bytes())
    assert plan.id == path.stem
    assert plan.source is not None and plan.source.url.startswith("http")
    assert load_plan(dump_plan(plan)) == plan


def test_the_national_surcharge_table_loads_in_date_order() -> None:
    rates = national_surcharge()
    assert len(rates) >= 4
    assert [r.valid_from for r in rates] == sorted(r.valid_from for r in rates)
    assert all(0 < r.yen_per_kwh < 10 for r in rates)
