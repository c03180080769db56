"""Every problem of a rate plan, each naming its field as the JSON form spells it.

`tariff_json.load_plan` runs these on what it reads, the editor on what it builds.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date, time
from itertools import combinations
from typing import Any

from app.domain.tariff import (
    AREAS,
    SLOT_MINUTES,
    SLOTS_PER_DAY,
    Band,
    Basic,
    Co2Factor,
    DaySchedule,
    Energy,
    FixedBasic,
    FlatEnergy,
    GasPrice,
    MonthDay,
    PerKvaBasic,
    PlanVersion,
    RatePlan,
    Season,
    SellPrice,
    Source,
    Text,
    Tier,
    TieredEnergy,
    slot_start,
)

MAX_YEN_PER_KWH = 1000.0  # ten times the dearest real plan: above it, a typo
MAX_YEN_PER_MONTH = 100_000.0
MAX_YEN_PER_KVA = 10_000.0
MAX_ADJUSTMENT_YEN_PER_KWH = 100.0
MAX_YEN_PER_M3 = 10_000.0
MAX_KG_PER_KWH = 5.0
_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
_DAYS_OF_YEAR = tuple(MonthDay.of(date.fromordinal(date(2024, 1, 1).toordinal() + i))
                      for i in range(366))  # 2024: a leap year, so 02-29 is counted


def _amount(value: float, path: str, high: float, unit: str, *, low: float = 0.0) -> list[str]:
    if not math.isfinite(value):
        return [f"{path}: {value} is not a number"]
    if value < low:
        return [f"{path}: {value:g} is negative" if low == 0
                else f"{path}: {value:g} is below {low:g} {unit}"]
    if value > high:
        return [f"{path}: {value:g} {unit} is more than {high:g} {unit}; it cannot be right"]
    return []


def check_band(band: Band, path: str) -> list[str]:
    problems = [f"{path}: {moment:%H:%M} is not on a 30-minute boundary"
                for moment in dict.fromkeys((band.start, band.end)) if not _on_grid(moment)]
    return problems + _amount(band.yen_per_kwh, _at(path, "yen_per_kwh"), MAX_YEN_PER_KWH,
                              "yen/kWh")


def _runs(indices: list[int], size: int) -> list[tuple[int, int]]:
    """Consecutive runs [first, last] of sorted indices, joined across the wrap-around."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][1] == size - 1:
        runs[0][0] = runs.pop()[0]
    return [(first, last) for first, last in runs]


def _owners(count: int,
            covered: list[list[int]]) -> tuple[list[int], dict[tuple[int, int], list[int]]]:
    """Which positions nobody covers, and which positions each pair covers twice."""
    owners: list[list[int]] = [[] for _ in range(count)]
    for who, positions in enumerate(covered):
        for position in positions:
            owners[position].append(who)
    missing = [i for i, owner in enumerate(owners) if not owner]
    twice: dict[tuple[int, int], list[int]] = {}
    for i, owner in enumerate(owners):
        for a, b in combinations(owner, 2):
            twice.setdefault((a, b), []).append(i)
    return missing, twice


def check_schedule(schedule: DaySchedule, path: str) -> list[str]:
    """The bands cover the day once: no gap, no overlap (bands may cross midnight)."""
    if not schedule.bands:
        return [f"{path}: has no bands; a day needs prices for all 24 hours"]
    missing, twice = _owners(SLOTS_PER_DAY, [band.slots() for band in schedule.bands])
    problems = [f"{path}: {slot_start(a)}-{slot_start(b + 1)} is covered by no band"
                for a, b in _runs(missing, SLOTS_PER_DAY)]
    for (i, j), slots in twice.items():
        problems += [f"{path}: bands [{i}] and [{j}] overlap at {slot_start(a)}-"
                     f"{slot_start(b + 1)}" for a, b in _runs(slots, SLOTS_PER_DAY)]
    return problems


def _valid_month_day(value: MonthDay) -> bool:
    try:
        date(2024, value.month, value.day)
    except ValueError:
        return False
    return True


def check_season(season: Season, path: str) -> list[str]:
    """The season's own fields and both day schedules (not how it fits with the others)."""
    problems = [f"{_at(path, key)}: {value} is not a day of the year"
                for key, value in (("from", season.start), ("to", season.end))
                if not _valid_month_day(value)]
    problems += check_text(season.name, _at(path, "name"))
    for key in ("weekday", "holiday"):
        schedule: DaySchedule = getattr(season, key)
        for j, band in enumerate(schedule.bands):
            problems += check_band(band, _at(_at(path, key), j))
        if all(_on_grid(b.start) and _on_grid(b.end) for b in schedule.bands):
            problems += check_schedule(schedule, _at(path, key))  # else the slots mislead
    return problems


def check_seasons(seasons: tuple[Season, ...], path: str) -> list[str]:
    """Every day of the year (02-29 too) falls in exactly one season."""
    if not seasons:
        return [f"{path}: has no seasons; time-of-use prices need at least one"]
    if not all(_valid_month_day(s.start) and _valid_month_day(s.end) for s in seasons):
        return []  # reported by check_season
    covered = [[i for i, day in enumerate(_DAYS_OF_YEAR) if season.contains(day)]
               for season in seasons]
    problems = [f"{_at(path, i)}: covers no day of the year"
                for i, days in enumerate(covered) if not days]
    missing, twice = _owners(len(_DAYS_OF_YEAR), covered)
    problems += [f"{path}: no season covers {_span(a, b)}"
                 for a, b in _runs(missing, len(_DAYS_OF_YEAR))]
    for (i, j), days in twice.items():
        problems += [f"{path}: seasons [{i}] and [{j}] overlap on {_span(a, b)}"
                     for a, b in _runs(days, len(_DAYS_OF_YEAR))]
    return problems


def _span(first: int, last: int) -> str:
    a, b = _DAYS_OF_YEAR[first], _DAYS_OF_YEAR[last]
    return str(a) if a == b else f"{a} to {b}"


def check_tiers(tiers: tuple[Tier, ...], path: str) -> list[str]:
    if not tiers:
        return [f"{path}: has no tiers"]
    problems: list[str] = []
    previous = 0.0
    for i, tier in enumerate(tiers):
        where = _at(path, i)
        problems += _amount(tier.yen_per_kwh, _at(where, "yen_per_kwh"), MAX_YEN_PER_KWH,
                            "yen/kWh")
        last = i == len(tiers) - 1
        if tier.up_to_kwh is None:
            if not last:
                problems.append(f"{_at(where, 'up_to_kwh')}: only the last tier is unbounded "
                                "(null)")
            continue
        if last:
            problems.append(f"{_at(where, 'up_to_kwh')}: the last tier must be unbounded "
                            f"(null), not {tier.up_to_kwh:g}")
        if not math.isfinite(tier.up_to_kwh) or tier.up_to_kwh <= previous:
            problems.append(f"{_at(where, 'up_to_kwh')}: {tier.up_to_kwh:g} kWh must be more "
                            f"than {previous:g} kWh (tiers go up in order)")
        else:
            previous = tier.up_to_kwh
    return problems


def check_basic(basic: Basic, path: str) -> list[str]:
    if isinstance(basic, PerKvaBasic):
        return _amount(basic.yen_per_kva, _at(path, "yen"), MAX_YEN_PER_KVA, "yen/kVA")
    if isinstance(basic, FixedBasic):
        return _amount(basic.yen, _at(path, "yen"), MAX_YEN_PER_MONTH, "yen")
    if not basic.yen:
        return [f"{_at(path, 'yen')}: has no contract currents"]
    problems: list[str] = []
    for amperes, count in Counter(a for a, _ in basic.yen).items():
        if count > 1:
            problems.append(f"{_at(path, 'yen')}: {amperes} A is given {count} times")
    for amperes, yen in basic.yen:
        where = f"{_at(path, 'yen')}[\"{amperes}\"]"
        if amperes <= 0:
            problems.append(f"{where}: a contract current must be a positive number of amperes")
        problems += _amount(yen, where, MAX_YEN_PER_MONTH, "yen")
    return problems


def check_version_numbers(version: PlanVersion, path: str) -> list[str]:
    where = _at(path, "fuel_adjustment_yen_per_kwh")
    problems = _amount(version.fuel_adjustment_yen_per_kwh, where, MAX_ADJUSTMENT_YEN_PER_KWH,
                       "yen/kWh", low=-MAX_ADJUSTMENT_YEN_PER_KWH)  # negative when subsidised
    if version.renewable_surcharge_yen_per_kwh is not None:  # None: the national one
        problems += _amount(version.renewable_surcharge_yen_per_kwh,
                            _at(path, "renewable_surcharge_yen_per_kwh"),
                            MAX_ADJUSTMENT_YEN_PER_KWH, "yen/kWh")
    return problems


def check_dated(items: tuple[Any, ...], path: str) -> list[str]:
    """Validity dates strictly increase: no two entries claim the same days."""
    return [f"{_at(_at(path, i), 'valid_from')}: {item.valid_from} must be after "
            f"{items[i - 1].valid_from} ({_at(path, i - 1)}); list them oldest first"
            for i, item in enumerate(items) if i and item.valid_from <= items[i - 1].valid_from]


def check_dated_amounts(item: Any, path: str) -> list[str]:
    if isinstance(item, SellPrice):
        return _amount(item.yen_per_kwh, _at(path, "yen_per_kwh"), MAX_YEN_PER_KWH, "yen/kWh")
    if isinstance(item, Co2Factor):
        return _amount(item.kg_per_kwh, _at(path, "kg_per_kwh"), MAX_KG_PER_KWH, "kg/kWh")
    problems = _amount(item.yen_per_m3, _at(path, "yen_per_m3"), MAX_YEN_PER_M3, "yen/m³")
    if isinstance(item, GasPrice):
        problems += _amount(item.basic_yen, _at(path, "basic_yen"), MAX_YEN_PER_MONTH, "yen")
    return problems


def check_text(text: Text, path: str) -> list[str]:
    return [f"{_at(path, key)}: must not be empty" for key in ("ja", "en")
            if not getattr(text, key).strip()]


def field_path(path: str, key: str | int) -> str:
    """"versions" + 0 -> "versions[0]"; "versions[0]" + "basic" -> "versions[0].basic"."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


_at = field_path


def check_id(plan_id: str) -> list[str]:
    return [] if _ID.fullmatch(plan_id) else [
        f"id: {plan_id!r} must be 1-100 of a-z, 0-9, '.', '_', '-' (starting with a letter "
        "or digit)"]


def check_source(source: Source) -> list[str]:
    if re.match(r"https?://\S+$", source.url):
        return []
    return [f"source.url: {source.url!r} is not an http(s) address"]


def check_plan_fields(plan: RatePlan) -> list[str]:
    problems = check_id(plan.id) + check_text(plan.name, "name")
    problems += check_text(plan.company, "company")
    if plan.source is not None:
        problems += check_source(plan.source)
    if not plan.versions:
        problems.append("versions: has no versions; a plan needs prices from some day on")
    if plan.area is not None:
        problems += check_area(plan.area)
    return problems


def check_area(area: str) -> list[str]:
    return [] if area in AREAS else [f"area: {area!r} is not one of {', '.join(AREAS)}"]


def validate_plan(plan: RatePlan) -> list[str]:
    """Every problem of a plan built in code, as load_plan would report it."""
    problems = check_plan_fields(plan) + check_dated(plan.versions, "versions")
    for i, version in enumerate(plan.versions):
        problems += check_version(version, _at("versions", i))
    for key in ("sell", "co2", "gas", "water"):
        problems += check_dated_list(getattr(plan, key), key)
    return problems


def check_version(version: PlanVersion, path: str) -> list[str]:
    return (check_basic(version.basic, _at(path, "basic"))
            + check_energy(version.energy, _at(path, "energy"))
            + check_version_numbers(version, path))


def check_dated_list(items: tuple[Any, ...], key: str) -> list[str]:
    problems = check_dated(items, key)
    for i, item in enumerate(items):
        problems += check_dated_amounts(item, _at(key, i))
    return problems


def _on_grid(moment: time) -> bool:
    return not (moment.minute % SLOT_MINUTES or moment.second or moment.microsecond)


def check_energy(energy: Energy, path: str) -> list[str]:
    if isinstance(energy, FlatEnergy):
        return _amount(energy.yen_per_kwh, _at(path, "yen_per_kwh"), MAX_YEN_PER_KWH, "yen/kWh")
    if isinstance(energy, TieredEnergy):
        return check_tiers(energy.tiers, _at(path, "tiers"))
    problems = [p for i, season in enumerate(energy.seasons)
                for p in check_season(season, _at(_at(path, "seasons"), i))]
    return problems + check_seasons(energy.seasons, _at(path, "seasons"))
