"""JMA (気象庁 bosai) forecasts and warnings, one office (府県予報区) per request.

Forecast: https://www.jma.go.jp/bosai/forecast/data/forecast/{office}.json, a list of
two reports. The first (府県天気予報, 05/11/17 JST) has three time series: the weather of
each first-level area (class10) for today and the next two days, the probability of
precipitation per 6 hours, and per AMeDAS station the pairs (minimum, maximum) of
temperature (today's minimum is no longer valid once issued: JMA repeats the maximum
there). The second (府県週間天気予報) has per weekly area the weather and probability of
the next seven days, and per station their minimum and maximum. Strings throughout,
"" where there is no value. We store what a municipality of the office may need and
derive its hours in `daily_to_hourly` (JMA gives no irradiance).

Warnings: JMA moved its warning files to bosai/warning/data/r8/{office}.json at the
end of May 2026 (new levelled warnings): a list of reports, each with
`warning.class20Items[]: {areaCode: "1310100", kinds: [{code: "03", status: "発表"}]}`.
The earlier bosai/warning/data/warning/{office}.json (one object; `areaTypes[1].areas[]:
{code, warnings: [{code, status}]}`) is read too. A class20 code is the municipality's
code and two digits (00, or 01.. for the parts JMA treats apart); status 発表 (issued),
継続 (continued), 解除 (lifted), 発表警報・注意報はなし (none).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from server.municipalities import Municipality
from server.weather import daily_to_hourly
from server.weather.jma_areas import JmaArea, JmaAreas
from server.weather.jma_codes import sky_of, warning_of
from server.weather.model import AreaForecast, Day, ObservedWarning, WarningReport
from server.weather.provider import NotCovered
from server.weather.upstream import Http, UpstreamError

log = logging.getLogger(__name__)
JST = ZoneInfo("Asia/Tokyo")
FORECAST_PATH = "forecast/data/forecast/{office}.json"
WARNING_PATH = "warning/data/r8/{office}.json"
NONE_IN_FORCE = "発表警報・注意報はなし"
LIFTED = "解除"


# -- reading JMA's JSON: every failure names the field -------------------------------

def _at(obj: Any, key: str | int, where: str) -> Any:
    try:
        return obj[key]
    except (KeyError, IndexError, TypeError):
        raise UpstreamError(f"JMA: {where}[{key!r}] is missing") from None


def _list(obj: Any, key: str | int, where: str) -> list:
    value = _at(obj, key, where)
    if not isinstance(value, list):
        raise UpstreamError(f"JMA: {where}[{key!r}] is not a list")
    return value


def _time(text: Any, where: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise UpstreamError(f"JMA: {where} is not a time: {text!r:.40}") from None
    if value.tzinfo is None:
        raise UpstreamError(f"JMA: {where} has no time zone: {text!r:.40}")
    return value


def _number(text: Any, where: str) -> float | None:
    """JMA's numbers are strings; "" is no value."""
    if text == "" or text is None:
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise UpstreamError(f"JMA: {where} is not a number: {text!r:.20}") from None
    if value != value or abs(value) > 1000:
        raise UpstreamError(f"JMA: {where} is not a plausible number: {text!r:.20}")
    return value


def _series(series: dict, key: str, where: str, n: int) -> list:
    values = _list(series, key, where)
    if len(values) != n:
        raise UpstreamError(f"JMA: {where}.{key} has {len(values)} values for {n} times")
    return values


def _areas(series: Any, where: str) -> list[tuple[str, dict]]:
    out = []
    for i, item in enumerate(_list(series, "areas", where)):
        code = _at(_at(item, "area", f"{where}.areas[{i}]"), "code", f"{where}.areas[{i}].area")
        if not isinstance(code, str) or not code.isdigit():
            raise UpstreamError(f"JMA: {where}.areas[{i}].area.code is not a code: {code!r:.20}")
        out.append((code, item))
    return out


def _days_of(defines: list, where: str) -> list[str]:
    return [_time(t, f"{where}.timeDefines[{i}]").astimezone(JST).date().isoformat()
            for i, t in enumerate(defines)]


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str) or sky_of(value) is None:
        raise UpstreamError(f"JMA: {where} is not a weather code: {value!r:.20}")
    return value


def parse_forecast(obj: Any) -> dict:
    """The parts of an office's forecast JSON that municipalities need (stored as is)."""
    if not isinstance(obj, list) or not obj:
        raise UpstreamError("JMA: the forecast is not a list of reports")
    short = _at(obj, 0, "forecast")
    reported = _time(_at(short, "reportDatetime", "forecast[0]"), "forecast[0].reportDatetime")
    series = _list(short, "timeSeries", "forecast[0]")
    where = "forecast[0].timeSeries[0]"
    defines = _list(_at(series, 0, "forecast[0].timeSeries"), "timeDefines", where)
    dates = _days_of(defines, where)
    areas: dict[str, dict] = {}
    for code, item in _areas(series[0], where):
        codes = _series(item, "weatherCodes", f"{where}.{code}", len(dates))
        areas[code] = {"days": {d: _code(c, f"{where}.{code}.weatherCodes")
                                for d, c in zip(dates, codes, strict=True)}, "pops": []}
    if not areas:
        raise UpstreamError(f"JMA: {where} has no areas")
    temps: dict[str, dict[str, list]] = {}
    for i, part in enumerate(series[1:], start=1):
        where = f"forecast[0].timeSeries[{i}]"
        defines = _list(part, "timeDefines", where)
        for code, item in _areas(part, where):
            if "pops" in item and code in areas:
                pops = _series(item, "pops", f"{where}.{code}", len(defines))
                areas[code]["pops"] = [
                    [_time(t, f"{where}.timeDefines").isoformat(), p]
                    for t, v in zip(defines, pops, strict=True)
                    if (p := _pop(v, f"{where}.{code}.pops")) is not None]
            elif "temps" in item:
                values = _series(item, "temps", f"{where}.{code}", len(defines))
                temps[code] = _temp_pairs(defines, values, reported, f"{where}.{code}")
    week_areas: dict[str, dict[str, list]] = {}
    week_temps: dict[str, dict[str, list]] = {}
    if len(obj) > 1:
        week = _at(obj, 1, "forecast")
        for i, part in enumerate(_list(week, "timeSeries", "forecast[1]")):
            where = f"forecast[1].timeSeries[{i}]"
            dates = _days_of(_list(part, "timeDefines", where), where)
            for code, item in _areas(part, where):
                if "weatherCodes" in item:
                    codes = _series(item, "weatherCodes", f"{where}.{code}", len(dates))
                    pops = (_series(item, "pops", f"{where}.{code}", len(dates))
                            if "pops" in item else [""] * len(dates))
                    week_areas[code] = {
                        d: [_code(c, f"{where}.{code}.weatherCodes"),
                            _pop(p, f"{where}.{code}.pops")]
                        for d, c, p in zip(dates, codes, pops, strict=True) if c != ""}
                elif "tempsMin" in item and "tempsMax" in item:
                    lows = _series(item, "tempsMin", f"{where}.{code}", len(dates))
                    highs = _series(item, "tempsMax", f"{where}.{code}", len(dates))
                    week_temps[code] = {
                        d: [_temp(lo, f"{where}.{code}.tempsMin"),
                            _temp(hi, f"{where}.{code}.tempsMax")]
                        for d, lo, hi in zip(dates, lows, highs, strict=True)}
    return {"reported": reported.isoformat(), "areas": areas, "temps": temps,
            "week_areas": week_areas, "week_temps": week_temps}


def _pop(value: Any, where: str) -> float | None:
    pop = _number(value, where)
    if pop is not None and not 0 <= pop <= 100:
        raise UpstreamError(f"JMA: {where} is not a probability: {value!r:.20}")
    return pop


def _temp(value: Any, where: str) -> float | None:
    temp = _number(value, where)
    if temp is not None and not -60 <= temp <= 60:
        raise UpstreamError(f"JMA: {where} is not a temperature: {value!r:.20}")
    return temp


def _temp_pairs(defines: list, values: list, reported: datetime, where: str) -> dict:
    """{date: [min, max]} from the (minimum, maximum) pairs of the short-range forecast."""
    out: dict[str, list] = {}
    for k in range(0, len(values) - 1, 2):
        day = _time(defines[k], f"{where}.timeDefines[{k}]").astimezone(JST).date()
        low, high = _temp(values[k], f"{where}.temps"), _temp(values[k + 1], f"{where}.temps")
        if day <= reported.astimezone(JST).date():
            low = None  # JMA repeats the maximum where today's passed minimum was
        out[day.isoformat()] = [low, high]
    return out


# -- a municipality's forecast from its office's ---------------------------------------

def _pick(options: dict, preferred: list[str], what: str) -> Any:
    """The first of `preferred` in `options`; else the first option (JMA changed its
    areas since our table was made: said in the log, see resources/weather/README.md)."""
    for key in preferred:
        if key in options:
            return options[key]
    if options:
        log.warning("JMA: no %s %s in the answer; %s taken instead", what,
                    " or ".join(p for p in preferred if p) or "named", next(iter(options)))
    return next(iter(options.values()), None)


def derive(payload: dict, area: JmaArea, lat: float, lon: float) -> AreaForecast:
    reported = datetime.fromisoformat(payload["reported"])
    short = _pick(payload["areas"], [area.class10], "area")
    temps = _pick(payload["temps"], [area.amedas], "station") or {}
    week_names = [w for w, _ in area.week]
    week = _pick(payload["week_areas"], week_names, "weekly area") or {}
    chosen = next((w for w in week_names if w in payload["week_areas"]), None)
    station = dict(area.week).get(chosen or "", "")
    week_temps = _pick(payload["week_temps"], [station, area.amedas], "weekly station") or {}

    sky: dict[date, str] = {}
    pops: dict[date, float | None] = {}
    for d, (code, pop) in week.items():
        sky[date.fromisoformat(d)] = sky_of(code)
        pops[date.fromisoformat(d)] = pop
    for d, code in short["days"].items():  # the short-range forecast wins where both say
        sky[date.fromisoformat(d)] = sky_of(code)
    blocks = [(datetime.fromisoformat(t), p) for t, p in short["pops"]]
    block_max: dict[date, float] = {}
    for start, p in blocks:  # a day's probability: the highest of its 6-hour ones
        day = start.astimezone(JST).date()
        block_max[day] = max(p, block_max.get(day, 0.0))
    pops.update(block_max)
    low_high: dict[date, tuple[float | None, float | None]] = {}
    for source in (week_temps, temps):  # again the short range last, so it wins
        for d, (low, high) in source.items():
            old_low, old_high = low_high.get(date.fromisoformat(d), (None, None))
            low_high[date.fromisoformat(d)] = (old_low if low is None else low,
                                               old_high if high is None else high)

    def pop_at(hour: datetime) -> float | None:
        for start, p in blocks:
            if start <= hour < start + timedelta(hours=6):
                return p
        return pops.get(hour.astimezone(JST).date())

    first = reported.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    last_day = max(sky)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), JST)
    try:
        hours = daily_to_hourly.hours_from_days(lat, lon, JST, first, end.astimezone(UTC),
                                                sky, pop_at, low_high)
    except ValueError as exc:
        raise UpstreamError(f"JMA: {exc}") from None
    days = []
    for d in sorted(sky):
        low, high = low_high.get(d, (None, None))
        days.append(Day(d, sky[d], max_c=high, min_c=low, pop_pct=pops.get(d)))
    return AreaForecast(issued=reported.astimezone(UTC), hours=hours, days=tuple(days)).checked()


# -- warnings ----------------------------------------------------------------------------

def parse_warnings(obj: Any) -> WarningReport:
    """The municipalities' warnings in an office's warning JSON (r8 or the earlier shape)."""
    if isinstance(obj, list):
        items = []
        for i, report in enumerate(obj):
            reported = _time(_at(report, "reportDatetime", f"warnings[{i}]"),
                             f"warnings[{i}].reportDatetime")
            body = _at(report, "warning", f"warnings[{i}]")
            for j, area in enumerate(body.get("class20Items") or [] if isinstance(body, dict)
                                     else []):
                where = f"warnings[{i}].warning.class20Items[{j}]"
                items.append((reported, _at(area, "areaCode", where),
                              _list(area, "kinds", where), where))
    elif isinstance(obj, dict):
        reported = _time(_at(obj, "reportDatetime", "warnings"), "warnings.reportDatetime")
        items = []
        for i, area_type in enumerate(_list(obj, "areaTypes", "warnings")):
            for j, area in enumerate(_list(area_type, "areas", f"warnings.areaTypes[{i}]")):
                where = f"warnings.areaTypes[{i}].areas[{j}]"
                code = _at(area, "code", where)
                if isinstance(code, str) and len(code) == 7:  # the municipalities' level
                    items.append((reported, code, _list(area, "warnings", where), where))
    else:
        raise UpstreamError("JMA: the warnings are neither a list of reports nor a report")
    if not items:
        raise UpstreamError("JMA: the warnings name no municipality")

    cities: set[str] = set()
    latest: dict[tuple[str, str], tuple[datetime, bool, tuple[str, str]]] = {}
    for reported, code, kinds, where in items:
        if not isinstance(code, str) or len(code) != 7 or not code.isdigit():
            raise UpstreamError(f"JMA: {where}.areaCode is not a municipality: {code!r:.20}")
        city = code[:5]
        cities.add(city)
        for k, kind in enumerate(kinds):
            status = _at(kind, "status", f"{where}.kinds[{k}]")
            number = kind.get("code") if isinstance(kind, dict) else None
            if status == NONE_IN_FORCE or number is None:
                continue
            meaning = warning_of(number) if isinstance(number, str) else None
            if meaning is None:
                raise UpstreamError(f"JMA: {where}.kinds[{k}].code is not a warning code: "
                                    f"{number!r:.20}")
            in_force = status != LIFTED
            key = (city, number)
            seen = latest.get(key)
            # The newest report decides; of parts of a municipality, any part in force.
            if seen is None or reported > seen[0] or (reported == seen[0] and in_force):
                latest[key] = (reported, in_force, meaning)
    observed = tuple(ObservedWarning(city, number, kind, level, in_force, reported)
                     for (city, number), (reported, in_force, (kind, level))
                     in sorted(latest.items()))
    newest = max(reported for reported, *_ in items)
    return WarningReport(reported=newest, cities=frozenset(cities), observed=observed)


# -- the providers -------------------------------------------------------------------------

class JmaForecast:
    name = "jma"

    def __init__(self, base_url: str, http: Http, areas: JmaAreas) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.areas = areas

    def _area(self, town: Municipality) -> JmaArea:
        area = self.areas.get(town.code)
        if area is None or town.lat is None or town.lon is None:
            raise NotCovered(f"JMA's areas do not list municipality {town.code}")
        return area

    def area_key(self, town: Municipality) -> str:
        return f"jma:{self._area(town).office}"

    def fetch(self, area_key: str, town: Municipality, now: datetime) -> tuple[dict, datetime]:
        office = area_key.split(":", 1)[1]
        payload = parse_forecast(self.http.get_json(
            f"{self.base_url}/{FORECAST_PATH.format(office=office)}"))
        self.forecast(payload, town)  # what is stored must give every municipality a forecast
        return payload, datetime.fromisoformat(payload["reported"])

    def forecast(self, payload: dict, town: Municipality) -> AreaForecast:
        return derive(payload, self._area(town), town.lat, town.lon)


class JmaWarnings:
    name = "jma"

    def __init__(self, base_url: str, http: Http, areas: JmaAreas,
                 path: str = WARNING_PATH) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.areas = areas
        self.path = path

    def area_key(self, town: Municipality) -> str:
        area = self.areas.get(town.code)
        if area is None:
            raise NotCovered(f"JMA's areas do not list municipality {town.code}")
        return f"jma-warnings:{area.office}"

    def fetch(self, area_key: str) -> WarningReport:
        office = area_key.split(":", 1)[1]
        return parse_warnings(self.http.get_json(
            f"{self.base_url}/{self.path.format(office=office)}"))
