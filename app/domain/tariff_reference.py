"""Reference prices that belong to no single plan (resources/rate_plans/reference.json,
"hems-tariff-reference/1"): FIT purchase prices by fiscal year of approval, the former
general utilities' post-FIT buy-back offers, CO2 emission factors by supply area and
fiscal year, and gas and water price examples.

`load_reference` checks the whole file and raises ReferenceError listing every problem;
the lookups answer from what loaded. A fiscal year starts on 1 April.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.tariff import AREAS, Text

SCHEMA = "hems-tariff-reference/1"
CO2_KINDS = ("actual", "basic", "adjusted")  # 実排出係数, 基礎排出係数, 調整後排出係数


class ReferenceError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class FitPrice:
    fiscal_year: int
    yen_per_kwh: float  # without the obligation to fit output-control equipment
    with_output_control_yen_per_kwh: float | None  # FY2015-2019: areas with that obligation


@dataclass(frozen=True)
class BuyBackOffer:
    area: str
    company: Text
    offer: Text
    yen_per_kwh: float
    as_of: date


@dataclass(frozen=True)
class AreaCo2:
    area: str
    fiscal_year: int
    kg_per_kwh: float
    kind: str


@dataclass(frozen=True)
class PriceExample:
    example: Text
    valid_from: date
    yen_per_m3: float
    basic_yen: float = 0.0


@dataclass(frozen=True)
class TariffReference:
    fit: tuple[FitPrice, ...]
    post_fit: tuple[BuyBackOffer, ...]
    co2: tuple[AreaCo2, ...]
    gas: tuple[PriceExample, ...]
    water: tuple[PriceExample, ...]

    def fit_price(self, fiscal_year: int, output_control: bool = False) -> float | None:
        """The FIT price of a system approved in that fiscal year (None: not in the table)."""
        row = next((f for f in self.fit if f.fiscal_year == fiscal_year), None)
        if row is None:
            return None
        if output_control and row.with_output_control_yen_per_kwh is not None:
            return row.with_output_control_yen_per_kwh
        return row.yen_per_kwh

    def buy_back(self, area: str) -> BuyBackOffer | None:
        return next((o for o in self.post_fit if o.area == area), None)

    def co2_on(self, area: str, day: date) -> AreaCo2 | None:
        """The newest factor of the area for a fiscal year begun by `day` (None: none)."""
        year = day.year if day.month >= 4 else day.year - 1
        rows = [c for c in self.co2 if c.area == area and c.fiscal_year <= year]
        return max(rows, key=lambda c: c.fiscal_year) if rows else None


def fiscal_year_start(fiscal_year: int) -> date:
    return date(fiscal_year, 4, 1)


def load_reference(text: str | bytes) -> TariffReference:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ReferenceError([f"malformed JSON: {exc}"]) from None
    errors: list[str] = []
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ReferenceError([f"schema: not {SCHEMA!r}"])

    def rows(key: str) -> list[dict[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            errors.append(f"{key}: must be a list of objects")
            return []
        for i, row in enumerate(value):
            sources = row.get("sources")
            if not (isinstance(sources, list) and sources
                    and all(isinstance(s, str) and s.startswith("http") for s in sources)):
                errors.append(f"{key}[{i}].sources: every figure needs an http(s) source")
        return value

    def number(row: dict, key: str, where: str, *, optional: bool = False) -> float | None:
        value = row.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            errors.append(f"{where}.{key}: must be a number >= 0")
            return None
        return float(value)

    def text(row: dict, key: str, where: str) -> Text:
        value = row.get(key)
        if not (isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k]
                                                for k in ("ja", "en"))):
            errors.append(f"{where}.{key}: must have ja and en")
            return Text("", "")
        return Text(value["ja"], value["en"])

    def day(row: dict, key: str, where: str) -> date:
        try:
            return date.fromisoformat(row[key])
        except (KeyError, TypeError, ValueError):
            errors.append(f"{where}.{key}: must be a date (YYYY-MM-DD)")
            return date.min

    def area(row: dict, where: str) -> str:
        if row.get("area") not in AREAS:
            errors.append(f"{where}.area: {row.get('area')!r} is not one of {', '.join(AREAS)}")
        return str(row.get("area"))

    fit = []
    for i, row in enumerate(rows("fit")):
        year = row.get("fiscal_year")
        if not isinstance(year, int) or isinstance(year, bool) or not 2009 <= year <= 2100:
            errors.append(f"fit[{i}].fiscal_year: must be a year from 2009")
            year = 0
        fit.append(FitPrice(year, number(row, "yen_per_kwh", f"fit[{i}]") or 0.0,
                            number(row, "with_output_control_yen_per_kwh", f"fit[{i}]",
                                   optional=True)))
    years = [f.fiscal_year for f in fit]
    if years != sorted(set(years)):
        errors.append("fit: fiscal years must increase, each once")
    post_fit = [BuyBackOffer(area(r, f"post_fit[{i}]"), text(r, "company", f"post_fit[{i}]"),
                             text(r, "offer", f"post_fit[{i}]"),
                             number(r, "yen_per_kwh", f"post_fit[{i}]") or 0.0,
                             day(r, "as_of", f"post_fit[{i}]"))
                for i, r in enumerate(rows("post_fit"))]
    co2 = []
    for i, row in enumerate(rows("co2")):
        where = f"co2[{i}]"
        if row.get("kind") not in CO2_KINDS:
            errors.append(f"{where}.kind: must be one of {', '.join(CO2_KINDS)}")
        kg = number(row, "kg_per_kwh", where) or 0.0
        if kg > 2:
            errors.append(f"{where}.kg_per_kwh: {kg} is not a kg-CO2/kWh (t given?)")
        co2.append(AreaCo2(area(row, where), int(row.get("fiscal_year") or 0), kg,
                           str(row.get("kind"))))
    if len({(c.area, c.fiscal_year) for c in co2}) != len(co2):
        errors.append("co2: one factor per area and fiscal year")
    examples = {key: tuple(PriceExample(text(r, "example", f"{key}[{i}]"),
                                        day(r, "valid_from", f"{key}[{i}]"),
                                        number(r, "yen_per_m3", f"{key}[{i}]") or 0.0,
                                        number(r, "basic_yen", f"{key}[{i}]") or 0.0
                                        if key == "gas" else 0.0)
                           for i, r in enumerate(rows(key)))
                for key in ("gas", "water")}
    if errors:
        raise ReferenceError(errors)
    return TariffReference(tuple(fit), tuple(post_fit), tuple(co2), examples["gas"],
                           examples["water"])
