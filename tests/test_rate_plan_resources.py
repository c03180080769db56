"""The plans shipped in resources load, validate, round-trip, say where their prices come
from and which area they are sold in; the reference table (FIT, buy-back, CO2, gas and
water examples) loads and answers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.domain.plan_catalog import merge
from app.domain.tariff import AREAS, in_force
from app.domain.tariff_checks import validate_plan
from app.domain.tariff_json import dump_plan, load_plan
from app.domain.tariff_reference import ReferenceError, load_reference
from app.services.cost_query import national_surcharge

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
CATALOG = sorted((RESOURCES / "rate_plans/catalog").glob("*.json"))
REFERENCE = RESOURCES / "rate_plans/reference.json"


def test_the_catalog_is_there() -> None:
    assert len(CATALOG) >= 16
    plans = [load_plan(path.read_bytes()) for path in CATALOG]
    assert len({p.company for p in plans}) >= 10
    assert {p.area for p in plans} == set(AREAS)  # every former general utility's area


def test_every_area_has_a_plan_priced_after_the_2024_revisions() -> None:
    # A household anywhere gets a plan whose prices in force on a (pinned) recent day
    # date from the 2024-04-01 託送 revision or later, not a 2014 leftover.
    day = date(2025, 11, 1)
    plans = [load_plan(path.read_bytes()) for path in CATALOG]
    current = {p.area for p in plans
               if (v := in_force(p.versions, day)) is not None and v.valid_from >= date(2024, 4, 1)}
    assert current == set(AREAS)
    okinawa = next(p for p in plans if p.id == "okiden-juryo-dento")
    assert okinawa.version_on(date(2020, 1, 1)).valid_from == date(2014, 4, 1)  # history kept


@pytest.mark.parametrize("path", CATALOG, ids=lambda p: p.stem)
def test_a_catalog_plan_loads_validates_round_trips_and_has_a_source(path: Path) -> None:
    plan = load_plan(path.read_bytes())
    assert plan.id == path.stem
    assert validate_plan(plan) == []
    assert plan.area in AREAS
    assert plan.source is not None and plan.source.url.startswith("http")
    assert plan.source.note  # the quote, the date and the doubts
    assert load_plan(dump_plan(plan)) == plan


@pytest.mark.parametrize("path", CATALOG, ids=lambda p: p.stem)
def test_a_catalog_plan_matches_the_json_schema(path: Path) -> None:
    import jsonschema

    schema = json.loads((RESOURCES / "schemas/rate_plan.schema.json").read_text("utf-8"))
    jsonschema.validate(json.loads(path.read_bytes()), schema)


def test_the_catalog_lists_north_to_south() -> None:
    order = [c.plan.area for c in merge([load_plan(p.read_bytes()) for p in CATALOG], [])]
    assert order == sorted(order, key=AREAS.index)


def test_the_national_surcharge_table_loads_in_date_order() -> None:
    rates = national_surcharge()
    assert len(rates) >= 4
    assert [r.valid_from for r in rates] == sorted(r.valid_from for r in rates)
    assert all(0 < r.yen_per_kwh < 10 for r in rates)


def test_the_reference_table_loads_and_answers() -> None:
    ref = load_reference(REFERENCE.read_bytes())
    assert ref.fit_price(2012) == 42.0 and ref.fit_price(2025) == 15.0
    assert (ref.fit_price(2016), ref.fit_price(2016, output_control=True)) == (31.0, 33.0)
    assert ref.fit_price(2020, output_control=True) == 21.0  # one price from FY2020
    assert ref.fit_price(2008) is None
    assert {o.area for o in ref.post_fit} == set(AREAS)  # every former utility's offer
    tepco = ref.buy_back("tokyo")
    assert tepco is not None and tepco.yen_per_kwh == 8.5
    assert all(0 < o.yen_per_kwh < 20 for o in ref.post_fit)
    assert {c.area for c in ref.co2} == set(AREAS)
    assert all(0.0 < c.kg_per_kwh < 1.2 for c in ref.co2)  # kg, not t, per kWh
    shikoku = ref.co2_on("shikoku", date(2024, 3, 31))  # still FY2023
    assert shikoku is not None and shikoku.fiscal_year == 2023
    assert ref.co2_on("tokyo", date(2013, 3, 31)).fiscal_year == 2007
    assert ref.gas and ref.water and all(p.yen_per_m3 > 0 for p in ref.gas + ref.water)


def test_a_reference_figure_without_a_source_or_in_tonnes_is_refused() -> None:
    data = json.loads(REFERENCE.read_text("utf-8"))
    data["fit"][0]["sources"] = []
    data["co2"][0]["kg_per_kwh"] = 530.0
    data["post_fit"][0]["area"] = "kanto"
    with pytest.raises(ReferenceError) as refused:
        load_reference(json.dumps(data))
    assert refused.value.errors == [
        "fit[0].sources: every figure needs an http(s) source",
        "post_fit[0].area: 'kanto' is not one of " + ", ".join(AREAS),
        "co2[0].kg_per_kwh: 530.0 is not a kg-CO2/kWh (t given?)"]
