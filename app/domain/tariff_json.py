"""A rate plan as JSON ("hems-rate-plan/1", resources/schemas/rate_plan.schema.json).

`load_plan` reads and checks everything it can, collects every problem with the
path of the field ("versions[0].energy.seasons[1].weekday[2]: 23:15 is not on a
30-minute boundary") and raises PlanError with all of them: nothing is
half-loaded. `validate_plan` (from `tariff`) runs the same checks on a plan built
in code (the editor). `dump_plan` writes what `load_plan` reads.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, time
from typing import Any, TypeVar

from app.domain.tariff import (
    Band,
    Basic,
    Co2Factor,
    DaySchedule,
    Energy,
    FixedBasic,
    FlatEnergy,
    GasPrice,
    MonthDay,
    PerAmpereBasic,
    PerKvaBasic,
    PlanVersion,
    RatePlan,
    Season,
    SellPrice,
    Source,
    SurchargeRate,
    Text,
    Tier,
    TieredEnergy,
    TimeOfUseEnergy,
    WaterPrice,
)
from app.domain.tariff_checks import (
    check_area,
    check_basic,
    check_dated,
    check_dated_list,
    check_energy,
    check_id,
    check_season,
    check_seasons,
    check_source,
    check_text,
    check_version_numbers,
    validate_plan,
)
from app.domain.tariff_checks import field_path as _at

SCHEMA = "hems-rate-plan/1"
__all__ = ["SCHEMA", "PlanError", "dump_plan", "load_plan", "plan_from_data", "plan_to_data",
           "validate_plan"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"(\d{2}):(\d{2})")
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
T = TypeVar("T")


class PlanError(ValueError):
    """The plan cannot be used; `errors` says every reason, each naming its field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


class _Missing:
    """Stands for a missing field, already reported: reading it records nothing more."""


MISSING: Any = _Missing()


class _Reader:
    """Type and format checks; every method returns None after recording a problem.

    Value checks (`r.check`) record problems but keep the piece, so that the checks
    above it (seasons covering the year, dates in order) still run: every problem is
    reported, and `plan_from_data` returns nothing while there is any.
    """

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(f"{path or 'plan'}: {message}")

    def obj(self, value: Any, path: str, required: tuple[str, ...],
            optional: tuple[str, ...] = ()) -> dict[str, Any] | None:
        """The object, its missing fields reported and set to MISSING."""
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self.fail(path, f"must be an object, not {_kind(value)}")
            return None
        missing = [key for key in required if key not in value]
        unknown = sorted(set(value) - set(required) - set(optional))
        for key in missing:
            self.fail(_at(path, key), "is missing")
        for key in unknown:
            self.fail(_at(path, key), "is not a field of this object")
        return value | dict.fromkeys(missing, MISSING)

    def array(self, value: Any, path: str) -> list[Any] | None:
        if value is MISSING:
            return None
        if not isinstance(value, list):
            self.fail(path, f"must be a list, not {_kind(value)}")
            return None
        return value

    def text(self, value: Any, path: str) -> str | None:
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.fail(path, f"must be a string, not {_kind(value)}")
            return None
        return value

    def number(self, value: Any, path: str) -> float | None:
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"must be a number, not {_kind(value)}")
            return None
        return float(value)

    def day(self, value: Any, path: str) -> date | None:
        text = self.text(value, path)
        if text is None:
            return None
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            self.fail(path, f"{text!r} is not a date (YYYY-MM-DD)")
            return None

    def clock(self, value: Any, path: str, *, end: bool) -> time | None:
        text = self.text(value, path)
        if text is None:
            return None
        match = _TIME.fullmatch(text)
        if match and end and text == "24:00":
            return time(0, 0)  # the end of the day is the next day's 00:00
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            self.fail(path, f"{text!r} is not a time of day (HH:MM)")
            return None
        return time(int(match[1]), int(match[2]))

    def month_day(self, value: Any, path: str) -> MonthDay | None:
        text = self.text(value, path)
        if text is None:
            return None
        match = _MONTH_DAY.fullmatch(text)
        try:
            if not match:
                raise ValueError
            date(2024, int(match[1]), int(match[2]))  # a leap year knows every day
            return MonthDay(int(match[1]), int(match[2]))
        except ValueError:
            self.fail(path, f"{text!r} is not a day of the year (MM-DD)")
            return None

    def names(self, value: Any, path: str) -> Text | None:
        data = self.obj(value, path, ("ja", "en"))
        if data is None:
            return None
        ja, en = self.text(data["ja"], _at(path, "ja")), self.text(data["en"], _at(path, "en"))
        return None if ja is None or en is None else Text(ja, en)

    def items(self, value: Any, path: str,
              read: Callable[[Any, str], T | None]) -> tuple[T, ...] | None:
        array = self.array(value, path)
        if array is None:
            return None
        read_items = [read(item, _at(path, i)) for i, item in enumerate(array)]
        if any(item is None for item in read_items):
            return None
        return tuple(item for item in read_items if item is not None)

    def check(self, problems: list[str]) -> None:
        self.errors.extend(problems)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


# --- reading -------------------------------------------------------------------------


class _BadConstant(ValueError):
    pass


def _reject_constant(name: str) -> float:
    raise _BadConstant(f"malformed JSON: {name} is not a number JSON allows")


def load_plan(text: str | bytes) -> RatePlan:
    """The plan in `text`, or PlanError listing every problem found."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen = Counter(key for key, _ in items)
        duplicates.extend(f"the field {key!r} appears {n} times in one object"
                          for key, n in seen.items() if n > 1)
        return dict(items)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=_reject_constant)
    except _BadConstant as exc:
        raise PlanError([str(exc)]) from None
    except json.JSONDecodeError as exc:
        raise PlanError([f"malformed JSON at line {exc.lineno} column {exc.colno}: "
                         f"{exc.msg}"]) from None
    except UnicodeDecodeError as exc:
        raise PlanError([f"not UTF-8 text: {exc.reason} at byte {exc.start}"]) from None
    except RecursionError:  # "[[[[…": deeper than the parser recurses
        raise PlanError(["malformed JSON: nested too deeply"]) from None
    try:
        return plan_from_data(data, duplicates)
    except RecursionError:  # a depth the parser took but reading the plan does not
        raise PlanError(["malformed JSON: nested too deeply"]) from None


def plan_from_data(data: Any, problems: list[str] | None = None) -> RatePlan:
    """A plan from parsed JSON (dicts and lists), or PlanError listing every problem."""
    reader = _Reader()
    reader.errors.extend(problems or [])
    plan = _read_plan(reader, data)
    if reader.errors or plan is None:
        raise PlanError(reader.errors or ["the plan could not be read"])
    return plan


def _read_plan(r: _Reader, value: Any) -> RatePlan | None:
    data = r.obj(value, "", ("schema", "id", "name", "company", "versions"),
                 ("source", "sell", "co2", "gas", "water", "area"))
    if data is None:
        return None
    schema = r.text(data["schema"], "schema")
    if schema is not None and schema != SCHEMA:
        r.fail("schema", f"{schema!r} is not {SCHEMA!r}; this panel reads only that form")
    plan_id = r.text(data["id"], "id")
    if plan_id is not None:
        r.check(check_id(plan_id))
    name, company = r.names(data["name"], "name"), r.names(data["company"], "company")
    for text, key in ((name, "name"), (company, "company")):
        if text is not None:
            r.check(check_text(text, key))
    source = _read_source(r, data["source"]) if data.get("source") is not None else None
    if source is not None:
        r.check(check_source(source))
    versions = r.items(data["versions"], "versions", lambda v, p: _read_version(r, v, p))
    if versions is not None:
        r.check(check_dated(versions, "versions"))
        if not versions:
            r.fail("versions", "has no versions; a plan needs prices from some day on")
    lists = {key: r.items(data.get(key, []), key, lambda v, p, k=key: _read_dated(r, k, v, p))
             for key in ("sell", "co2", "gas", "water")}
    for key, items in lists.items():
        if items is not None:
            r.check(check_dated_list(items, key))
    area = r.text(data["area"], "area") if data.get("area") is not None else None
    if area is not None:
        r.check(check_area(area))
    if (plan_id is None or name is None or company is None or versions is None
            or any(items is None for items in lists.values())
            or ("source" in data and data["source"] is not None and source is None)):
        return None
    return RatePlan(plan_id, name, company, source, versions, **lists,  # type: ignore[arg-type]
                    area=area)


def _read_source(r: _Reader, value: Any) -> Source | None:
    data = r.obj(value, "source", ("url", "retrieved"), ("note",))
    if data is None:
        return None
    url, retrieved = r.text(data["url"], "source.url"), r.day(data["retrieved"], "source.retrieved")
    note = r.text(data.get("note", ""), "source.note")
    if url is None or retrieved is None or note is None:
        return None
    return Source(url, retrieved, note)


def _read_version(r: _Reader, value: Any, path: str) -> PlanVersion | None:
    data = r.obj(value, path, ("valid_from", "basic", "energy"),
                 ("fuel_adjustment_yen_per_kwh", "renewable_surcharge_yen_per_kwh"))
    if data is None:
        return None
    basic = _read_basic(r, data["basic"], _at(path, "basic"))
    if basic is not None:
        r.check(check_basic(basic, _at(path, "basic")))
    fields = (r.day(data["valid_from"], _at(path, "valid_from")), basic,
              _read_energy(r, data["energy"], _at(path, "energy")),
              r.number(data.get("fuel_adjustment_yen_per_kwh", 0.0),
                       _at(path, "fuel_adjustment_yen_per_kwh")))
    # null: the national surcharge in force (see PlanVersion); absent: none (0).
    raw_surcharge = data.get("renewable_surcharge_yen_per_kwh", 0.0)
    surcharge = None if raw_surcharge is None else r.number(
        raw_surcharge, _at(path, "renewable_surcharge_yen_per_kwh"))
    if fields[3] is not None and (raw_surcharge is None or surcharge is not None):
        numbers = PlanVersion(date.min, FixedBasic(0.0), FlatEnergy(0.0), fields[3], surcharge)
        r.check(check_version_numbers(numbers, path))  # checked alone, with what is known
    if any(field is None for field in fields) or (raw_surcharge is not None
                                                   and surcharge is None):
        return None
    return PlanVersion(*fields, surcharge)  # type: ignore[arg-type]


def _kind_of(r: _Reader, value: Any, path: str, kinds: tuple[str, ...]) -> str | None:
    if value is MISSING:
        return None
    if not isinstance(value, dict):
        r.fail(path, f"must be an object, not {_kind(value)}")
        return None
    kind = value.get("kind")
    if kind not in kinds:
        r.fail(_at(path, "kind"), f"must be one of {', '.join(kinds)}, not {kind!r}"
               if "kind" in value else "is missing")
        return None
    return str(kind)


def _read_basic(r: _Reader, value: Any, path: str) -> Basic | None:
    kind = _kind_of(r, value, path, ("per_ampere", "per_kva", "fixed"))
    data = kind and r.obj(value, path, ("kind", "yen"))
    if not data:
        return None
    if kind != "per_ampere":
        yen = r.number(data["yen"], _at(path, "yen"))
        return None if yen is None else (PerKvaBasic(yen) if kind == "per_kva" else FixedBasic(yen))
    table = data["yen"]
    if table is MISSING:
        return None
    if not isinstance(table, dict):
        r.fail(_at(path, "yen"), f"must be an object of amperes to yen, not {_kind(table)}")
        return None
    rows: list[tuple[int, float]] = []
    for key, amount in table.items():
        where = f"{_at(path, 'yen')}[\"{key}\"]"
        yen = r.number(amount, where)
        if not re.fullmatch(r"[1-9]\d{0,3}", key):
            r.fail(where, f"{key!r} is not a contract current in amperes (like \"30\")")
        elif yen is not None:
            rows.append((int(key), yen))
    return PerAmpereBasic(tuple(sorted(rows))) if len(rows) == len(table) else None


def _read_energy(r: _Reader, value: Any, path: str) -> Energy | None:
    kind = _kind_of(r, value, path, ("flat", "tiered", "time_of_use"))
    energy: Energy | None = None
    if kind == "flat":
        data = r.obj(value, path, ("kind", "yen_per_kwh"))
        price = data and r.number(data["yen_per_kwh"], _at(path, "yen_per_kwh"))
        energy = None if price is None else FlatEnergy(price)
    elif kind == "tiered":
        data = r.obj(value, path, ("kind", "tiers"))
        tiers = data and r.items(data["tiers"], _at(path, "tiers"), lambda v, p: _tier(r, v, p))
        energy = TieredEnergy(tiers) if tiers is not None else None
    elif kind == "time_of_use":
        data = r.obj(value, path, ("kind", "seasons"))
        seasons = data and r.items(data["seasons"], _at(path, "seasons"),
                                   lambda v, p: _season(r, v, p))
        if seasons is not None:  # each season was checked as it was read
            r.check(check_seasons(seasons, _at(path, "seasons")))
            return TimeOfUseEnergy(seasons)
    if energy is not None:
        r.check(check_energy(energy, path))
    return energy


def _tier(r: _Reader, value: Any, path: str) -> Tier | None:
    data = r.obj(value, path, ("up_to_kwh", "yen_per_kwh"))
    if data is None:
        return None
    up_to = None if data["up_to_kwh"] is None else r.number(data["up_to_kwh"],
                                                            _at(path, "up_to_kwh"))
    price = r.number(data["yen_per_kwh"], _at(path, "yen_per_kwh"))
    if price is None or (up_to is None and data["up_to_kwh"] is not None):
        return None
    return Tier(up_to, price)


def _season(r: _Reader, value: Any, path: str) -> Season | None:
    data = r.obj(value, path, ("name", "from", "to", "weekday", "holiday"))
    if data is None:
        return None
    fields = (r.names(data["name"], _at(path, "name")),
              r.month_day(data["from"], _at(path, "from")),
              r.month_day(data["to"], _at(path, "to")),
              _schedule(r, data["weekday"], _at(path, "weekday")),
              _schedule(r, data["holiday"], _at(path, "holiday")))
    if any(field is None for field in fields):
        return None
    season = Season(*fields)  # type: ignore[arg-type]
    r.check(check_season(season, path))
    return season


def _schedule(r: _Reader, value: Any, path: str) -> DaySchedule | None:
    bands = r.items(value, path, lambda v, p: _band(r, v, p))
    return None if bands is None else DaySchedule(bands)


def _band(r: _Reader, value: Any, path: str) -> Band | None:
    data = r.obj(value, path, ("from", "to", "yen_per_kwh"))
    if data is None:
        return None
    start = r.clock(data["from"], _at(path, "from"), end=False)
    end = r.clock(data["to"], _at(path, "to"), end=True)
    price = r.number(data["yen_per_kwh"], _at(path, "yen_per_kwh"))
    if start is None or end is None or price is None:
        return None
    return Band(start, end, price)


_DATED_FIELDS: dict[str, tuple[type, tuple[str, ...]]] = {
    "sell": (SellPrice, ("yen_per_kwh",)),
    "co2": (Co2Factor, ("kg_per_kwh",)),
    "gas": (GasPrice, ("basic_yen", "yen_per_m3")),
    "water": (WaterPrice, ("yen_per_m3",)),
}


def _read_dated(r: _Reader, key: str, value: Any, path: str) -> Any:
    cls, names = _DATED_FIELDS[key]
    data = r.obj(value, path, ("valid_from", *names))
    if data is None:
        return None
    fields = (r.day(data["valid_from"], _at(path, "valid_from")),
              *(r.number(data[name], _at(path, name)) for name in names))
    return None if any(field is None for field in fields) else cls(*fields)


# --- writing -------------------------------------------------------------------------


def _num(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _names(text: Text) -> dict[str, str]:
    return {"ja": text.ja, "en": text.en}


def _basic_data(basic: Basic) -> dict[str, Any]:
    if isinstance(basic, PerAmpereBasic):
        return {"kind": "per_ampere", "yen": {str(a): _num(y) for a, y in basic.yen}}
    if isinstance(basic, PerKvaBasic):
        return {"kind": "per_kva", "yen": _num(basic.yen_per_kva)}
    return {"kind": "fixed", "yen": _num(basic.yen)}


def _bands_data(schedule: DaySchedule) -> list[dict[str, Any]]:
    return [{"from": f"{b.start:%H:%M}", "to": f"{b.end:%H:%M}",
             "yen_per_kwh": _num(b.yen_per_kwh)} for b in schedule.bands]


def _energy_data(energy: Energy) -> dict[str, Any]:
    if isinstance(energy, FlatEnergy):
        return {"kind": "flat", "yen_per_kwh": _num(energy.yen_per_kwh)}
    if isinstance(energy, TieredEnergy):
        return {"kind": "tiered", "tiers": [
            {"up_to_kwh": None if t.up_to_kwh is None else _num(t.up_to_kwh),
             "yen_per_kwh": _num(t.yen_per_kwh)} for t in energy.tiers]}
    return {"kind": "time_of_use", "seasons": [
        {"name": _names(s.name), "from": str(s.start), "to": str(s.end),
         "weekday": _bands_data(s.weekday), "holiday": _bands_data(s.holiday)}
        for s in energy.seasons]}


def plan_to_data(plan: RatePlan) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": SCHEMA, "id": plan.id, "name": _names(plan.name),
                            "company": _names(plan.company)}
    if plan.area is not None:
        data["area"] = plan.area
    if plan.source is not None:
        data["source"] = {"url": plan.source.url, "retrieved": plan.source.retrieved.isoformat(),
                          "note": plan.source.note}
    data["versions"] = [
        {"valid_from": v.valid_from.isoformat(), "basic": _basic_data(v.basic),
         "energy": _energy_data(v.energy),
         "fuel_adjustment_yen_per_kwh": _num(v.fuel_adjustment_yen_per_kwh),
         "renewable_surcharge_yen_per_kwh": (None if v.renewable_surcharge_yen_per_kwh is None
                                             else _num(v.renewable_surcharge_yen_per_kwh))}
        for v in plan.versions]
    for key, (_, names) in _DATED_FIELDS.items():
        data[key] = [{"valid_from": item.valid_from.isoformat(),
                      **{name: _num(getattr(item, name)) for name in names}}
                     for item in getattr(plan, key)]
    return data


def dump_plan(plan: RatePlan) -> str:
    """The plan as JSON text (UTF-8, Japanese kept readable), ending with a newline."""
    return json.dumps(plan_to_data(plan), ensure_ascii=False, indent=2) + "\n"


def load_national_surcharge(text: str | bytes) -> tuple[SurchargeRate, ...]:
    """The national surcharge table: [{"valid_from", "yen_per_kwh", "source"}], oldest first."""
    try:
        rows = json.loads(text)
        rates = tuple(SurchargeRate(date.fromisoformat(row["valid_from"]),
                                    float(row["yen_per_kwh"])) for row in rows)
    except (ValueError, KeyError, TypeError) as exc:
        raise PlanError([f"national surcharge table: {exc}"]) from None
    problems = check_dated(rates, "surcharge")
    if problems:
        raise PlanError(problems)
    return rates
