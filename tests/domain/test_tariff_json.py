"""The JSON form of a rate plan: the contract example, every kind of bad input, round trips."""

from __future__ import annotations

import copy
import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.tariff import (
    Band,
    DaySchedule,
    FlatEnergy,
    MonthDay,
    PerAmpereBasic,
    Season,
    Text,
    TimeOfUseEnergy,
)
from app.domain.tariff_checks import validate_plan
from app.domain.tariff_json import PlanError, dump_plan, load_plan, plan_from_data

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "resources/schemas/rate_plan.schema.json"

EXAMPLE: dict[str, Any] = {
    "schema": "hems-rate-plan/1",
    "id": "tepco-juryo-dento-b",
    "name": {"ja": "従量電灯B", "en": "Metered Lighting B"},
    "company": {"ja": "東京電力エナジーパートナー", "en": "TEPCO Energy Partner"},
    "source": {"url": "https://www.tepco.co.jp/", "retrieved": "2026-11-25",
               "note": "prices incl. tax"},
    "versions": [
        {"valid_from": "2023-06-01",
         "basic": {"kind": "per_ampere", "yen": {"10": 311.75, "15": 467.63, "20": 623.50,
                                                 "30": 935.25, "40": 1247.00, "50": 1558.75,
                                                 "60": 1870.50}},
         "energy": {"kind": "tiered", "tiers": [{"up_to_kwh": 120, "yen_per_kwh": 29.80},
                                                {"up_to_kwh": 300, "yen_per_kwh": 36.40},
                                                {"up_to_kwh": None, "yen_per_kwh": 40.49}]},
         "fuel_adjustment_yen_per_kwh": 0.0,
         "renewable_surcharge_yen_per_kwh": 3.98}],
    "sell": [{"valid_from": "2022-04-01", "yen_per_kwh": 17.0}],
    "co2": [{"valid_from": "2024-04-01", "kg_per_kwh": 0.421}],
    "gas": [],
    "water": [],
}


def tou(weekday: list[tuple[str, str, float]], seasons: list[tuple[str, str]] | None = None,
        ) -> dict[str, Any]:
    """The example with time-of-use energy: the same bands on weekdays and holidays."""
    bands = [{"from": a, "to": b, "yen_per_kwh": p} for a, b, p in weekday]
    data = copy.deepcopy(EXAMPLE)
    data["versions"][0]["energy"] = {"kind": "time_of_use", "seasons": [
        {"name": {"ja": f"季{i}", "en": f"S{i}"}, "from": a, "to": b, "weekday": bands,
         "holiday": bands} for i, (a, b) in enumerate(seasons or [("01-01", "12-31")])]}
    return data


def errors_of(data: Any) -> list[str]:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(PlanError) as caught:
        load_plan(text)
    return caught.value.errors


def test_the_contract_example_loads() -> None:
    plan = load_plan(json.dumps(EXAMPLE))
    assert plan.id == "tepco-juryo-dento-b" and plan.name.ja == "従量電灯B"
    version = plan.versions[0]
    assert isinstance(version.basic, PerAmpereBasic) and version.basic.charge(30) == 935.25
    assert [t.up_to_kwh for t in version.energy.tiers] == [120, 300, None]  # type: ignore[union-attr]
    assert plan.sell_price_on(date(2026, 1, 1)) == 17.0
    assert plan.source is not None and plan.source.retrieved == date(2026, 11, 25)
    assert load_plan(dump_plan(plan)) == plan
    assert validate_plan(plan) == []


def test_dump_writes_the_contract_names() -> None:
    data = json.loads(dump_plan(load_plan(json.dumps(EXAMPLE))))
    assert data == EXAMPLE | {"versions": [EXAMPLE["versions"][0] | {
        "fuel_adjustment_yen_per_kwh": 0}]}  # whole numbers are written as such


def test_a_band_crossing_midnight_is_fine() -> None:
    plan = load_plan(json.dumps(tou([("07:00", "23:00", 30), ("23:00", "07:00", 20)])))
    assert plan.slot_prices(date(2026, 11, 25))[0] == 20
    whole_day = load_plan(json.dumps(tou([("00:00", "24:00", 30)])))
    assert whole_day.slot_prices(date(2026, 11, 25)) == (30.0,) * 48


@pytest.mark.parametrize(("bands", "message"), [
    ([("09:00", "23:15", 38), ("23:15", "09:00", 27)],
     "versions[0].energy.seasons[0].weekday[0]: 23:15 is not on a 30-minute boundary"),
    ([("07:00", "23:00", 30), ("22:00", "07:00", 20)],
     "versions[0].energy.seasons[0].weekday: bands [0] and [1] overlap at 22:00-23:00"),
    ([("07:00", "22:00", 30), ("23:00", "07:00", 20)],
     "versions[0].energy.seasons[0].weekday: 22:00-23:00 is covered by no band"),
    ([("07:00", "23:00", -1), ("23:00", "07:00", 20)],
     "versions[0].energy.seasons[0].weekday[0].yen_per_kwh: -1 is negative"),
    ([("07:00", "23:00", 1500), ("23:00", "07:00", 20)],
     "versions[0].energy.seasons[0].weekday[0].yen_per_kwh: 1500 yen/kWh is more than 1000"),
    ([("07:00", "25:00", 30)], "versions[0].energy.seasons[0].weekday[0].to: '25:00' is not"),
    ([], "versions[0].energy.seasons[0].weekday: has no bands"),
])
def test_bad_bands_are_named(bands: list[tuple[str, str, float]], message: str) -> None:
    problems = errors_of(tou(bands))
    assert any(p.startswith(message) for p in problems), problems


def test_gaps_across_midnight_are_one_range() -> None:
    problems = errors_of(tou([("07:00", "23:00", 30), ("01:00", "07:00", 20)]))
    assert problems == [f"versions[0].energy.seasons[0].{day}: 23:00-01:00 is covered by no band"
                        for day in ("weekday", "holiday")]


@pytest.mark.parametrize(("seasons", "message"), [
    ([("07-01", "09-30"), ("10-01", "06-15")], "no season covers 06-16 to 06-30"),
    ([("07-01", "09-30"), ("09-01", "06-30")], "seasons [0] and [1] overlap on 09-01 to 09-30"),
    ([("03-01", "02-28")], "no season covers 02-29"),
    ([("07-01", "09-31"), ("10-01", "06-30")], "seasons[0].to: '09-31' is not a day of the year"),
])
def test_seasons_cover_every_day_once(seasons: list[tuple[str, str]], message: str) -> None:
    problems = errors_of(tou([("00:00", "00:00", 30)], seasons))
    assert any(message in p for p in problems), problems


def test_tiers_must_go_up_and_end_unbounded() -> None:
    data = copy.deepcopy(EXAMPLE)
    data["versions"][0]["energy"]["tiers"] = [
        {"up_to_kwh": 300, "yen_per_kwh": 29.8}, {"up_to_kwh": 120, "yen_per_kwh": 36.4},
        {"up_to_kwh": 400, "yen_per_kwh": 40.49}]
    assert errors_of(data) == [
        "versions[0].energy.tiers[1].up_to_kwh: 120 kWh must be more than 300 kWh "
        "(tiers go up in order)",
        "versions[0].energy.tiers[2].up_to_kwh: the last tier must be unbounded (null), "
        "not 400"]


def test_validity_dates_must_strictly_increase() -> None:
    data = copy.deepcopy(EXAMPLE)
    data["versions"].append(copy.deepcopy(data["versions"][0]))
    data["sell"] = [{"valid_from": "2022-04-01", "yen_per_kwh": 17},
                    {"valid_from": "2021-04-01", "yen_per_kwh": 19}]
    assert errors_of(data) == [
        "versions[1].valid_from: 2023-06-01 must be after 2023-06-01 (versions[0]); "
        "list them oldest first",
        "sell[1].valid_from: 2021-04-01 must be after 2022-04-01 (sell[0]); "
        "list them oldest first"]


def test_missing_and_wrong_fields_are_all_reported() -> None:
    data = copy.deepcopy(EXAMPLE)
    del data["name"]
    data["company"] = "TEPCO"
    data["versions"][0]["valid_form"] = data["versions"][0].pop("valid_from")
    data["versions"][0]["basic"] = {"kind": "per_watt", "yen": 1}
    data["co2"][0]["kg_per_kwh"] = "0.4"
    data["gas"] = [{"valid_from": "2024-01-01", "basic_yen": True, "yen_per_m3": 150}]
    assert errors_of(data) == [
        "name: is missing",
        "company: must be an object, not a string",
        "versions[0].valid_from: is missing",
        "versions[0].valid_form: is not a field of this object",
        "versions[0].basic.kind: must be one of per_ampere, per_kva, fixed, not 'per_watt'",
        "co2[0].kg_per_kwh: must be a number, not a string",
        "gas[0].basic_yen: must be a number, not true/false"]


def test_one_version_reports_type_and_value_problems_together() -> None:
    data = tou([("09:00", "23:15", 38), ("23:15", "09:00", 27)])
    data["versions"][0]["valid_from"] = "2023-6-1"
    data["versions"][0]["basic"]["yen"]["30"] = -5
    problems = errors_of(data)
    assert "versions[0].valid_from: '2023-6-1' is not a date (YYYY-MM-DD)" in problems
    assert 'versions[0].basic.yen["30"]: -5 is negative' in problems
    assert sum("not on a 30-minute boundary" in p for p in problems) == 4  # 2 bands x 2 days


@pytest.mark.parametrize(("text", "message"), [
    ("{", "malformed JSON at line 1 column 2"),
    ('{"a": NaN}', "malformed JSON: NaN is not a number JSON allows"),
    ("[]", "plan: must be an object, not a list"),
    (b"{\"id\": \"\xff\"}", "not UTF-8 text"),
])
def test_malformed_json(text: str | bytes, message: str) -> None:
    with pytest.raises(PlanError) as caught:
        load_plan(text)
    assert caught.value.errors[0].startswith(message)


def test_duplicate_keys_and_other_schemas_are_refused() -> None:
    text = json.dumps(EXAMPLE).replace('"id": "tepco-juryo-dento-b"',
                                       '"id": "a", "id": "b"')
    assert errors_of(text) == ["the field 'id' appears 2 times in one object"]
    assert errors_of(EXAMPLE | {"schema": "hems-rate-plan/2"}) == [
        "schema: 'hems-rate-plan/2' is not 'hems-rate-plan/1'; this panel reads only that form"]


def test_bad_ids_names_and_prices() -> None:
    data = copy.deepcopy(EXAMPLE) | {"id": "My Plan", "name": {"ja": "", "en": "x"}}
    data["versions"][0]["fuel_adjustment_yen_per_kwh"] = -9.5  # subsidies made it negative
    data["versions"][0]["renewable_surcharge_yen_per_kwh"] = -1
    data["source"]["url"] = "tepco"
    assert errors_of(data) == [
        "id: 'My Plan' must be 1-100 of a-z, 0-9, '.', '_', '-' (starting with a letter "
        "or digit)",
        "name.ja: must not be empty",
        "source.url: 'tepco' is not an http(s) address",
        "versions[0].renewable_surcharge_yen_per_kwh: -1 is negative"]


def test_validate_plan_checks_a_plan_built_in_code() -> None:
    plan = load_plan(json.dumps(EXAMPLE))
    bad = Season(Text("通年", "All year"), MonthDay(1, 1), MonthDay(12, 31),
                 DaySchedule((Band(time(7, 15), time(23), 30.0),)), DaySchedule(()))
    broken = type(plan)(**(plan.__dict__ | {"versions": (
        plan.versions[0].__class__(date(2023, 6, 1), plan.versions[0].basic,
                                   TimeOfUseEnergy((bad,))),)}))
    assert validate_plan(broken) == [
        "versions[0].energy.seasons[0].weekday[0]: 07:15 is not on a 30-minute boundary",
        "versions[0].energy.seasons[0].holiday: has no bands; a day needs prices for all "
        "24 hours"]


def test_nothing_half_loaded() -> None:
    with pytest.raises(PlanError):
        plan_from_data(tou([("07:00", "23:00", 30)]))


def test_the_schema_describes_the_same_form() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == set(EXAMPLE) | {"area"}  # optional: not in EXAMPLE
    from app.domain.tariff import AREAS

    assert schema["properties"]["area"]["enum"] == list(AREAS)
    kinds = {option["properties"]["kind"]["const"]
             for key in ("basic", "energy") for option in schema["$defs"][key]["oneOf"]}
    assert kinds == {"per_ampere", "per_kva", "fixed", "flat", "tiered", "time_of_use"}
    assert set(schema["$defs"]["version"]["properties"]) == set(EXAMPLE["versions"][0])


# --- property: generated valid plans survive dump and load unchanged --------------------

prices = st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda x: round(x, 2))
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                max_size=8).filter(str.strip)


@st.composite
def schedules(draw: st.DrawFn) -> DaySchedule:
    cuts = draw(st.lists(st.integers(0, 47), min_size=1, max_size=6, unique=True))
    cuts.sort()
    slots = [(a, cuts[(i + 1) % len(cuts)]) for i, a in enumerate(cuts)]
    return DaySchedule(tuple(Band(time(a // 2, a % 2 * 30), time(b // 2, b % 2 * 30),
                                  draw(prices)) for a, b in slots))


@st.composite
def seasonal(draw: st.DrawFn) -> TimeOfUseEnergy:
    from app.domain.tariff_checks import _DAYS_OF_YEAR

    cuts = sorted(draw(st.lists(st.integers(0, 365), min_size=1, max_size=4, unique=True)))
    seasons = []
    for i, first in enumerate(cuts):
        last = (cuts[(i + 1) % len(cuts)] - 1) % 366
        seasons.append(Season(Text(draw(texts), draw(texts)), _DAYS_OF_YEAR[first],
                              _DAYS_OF_YEAR[last], draw(schedules()), draw(schedules())))
    return TimeOfUseEnergy(tuple(seasons))


def dated(make: Any, *values: Any) -> Any:
    return st.lists(days, max_size=3, unique=True).flatmap(lambda ds: st.tuples(
        *(st.builds(make, st.just(d), *values) for d in sorted(ds))))


@st.composite
def plans(draw: st.DrawFn) -> Any:
    from app.domain import tariff as t

    basic = draw(st.one_of(
        st.dictionaries(st.integers(1, 200), prices, min_size=1, max_size=5).map(
            lambda d: t.PerAmpereBasic(tuple(sorted(d.items())))),
        st.builds(t.PerKvaBasic, prices), st.builds(t.FixedBasic, prices)))
    tiers = st.lists(st.integers(1, 2000), max_size=3, unique=True).flatmap(
        lambda ups: st.tuples(*(st.builds(t.Tier, st.just(float(u)), prices)
                                for u in sorted(ups)), st.builds(t.Tier, st.none(), prices)))
    energy = draw(st.one_of(st.builds(FlatEnergy, prices), tiers.map(t.TieredEnergy),
                            seasonal()))
    version_days = sorted(draw(st.lists(days, min_size=1, max_size=3, unique=True)))
    versions = tuple(t.PlanVersion(d, basic, energy, draw(st.floats(-100, 100)),
                                   draw(st.floats(0, 100))) for d in version_days)
    source = draw(st.one_of(st.none(), st.builds(t.Source, st.just("https://example.jp/p"),
                                                 days, st.text(max_size=10))))
    return t.RatePlan(draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)),
                      Text(draw(texts), draw(texts)), Text(draw(texts), draw(texts)), source,
                      versions, draw(dated(t.SellPrice, prices)),
                      draw(dated(t.Co2Factor, st.floats(0, 5))),
                      draw(dated(t.GasPrice, prices, prices)),
                      draw(dated(t.WaterPrice, prices)))


@settings(max_examples=150, deadline=None)
@given(plans())
def test_valid_plans_survive_dump_and_load(plan: Any) -> None:
    assert validate_plan(plan) == []
    assert load_plan(dump_plan(plan)) == plan


@pytest.mark.parametrize("depth", [100_000, 1_000_000])
def test_deeply_nested_json_is_a_plan_error(depth: int) -> None:
    """A hostile or broken file nests arrays deeper than Python recurses: the normal
    plan error, not a RecursionError escaping to the caller."""
    for text in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        with pytest.raises(PlanError) as err:
            load_plan(text)
        assert "nested too deeply" in str(err.value)
