"""The JMA adapter against recorded answers of JMA's bosai forecast and warning files."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from pvlib.location import Location

from server.config import RESOURCES_DIR
from server.municipalities import Municipalities
from server.weather import daily_to_hourly, jma
from server.weather.jma_areas import JmaAreas
from server.weather.jma_codes import WARNINGS, WEATHER, sky_of, warning_of
from server.weather.model import SKIES
from server.weather.upstream import Http, UpstreamError
from tests.server.weather.conftest import fixture

JST = ZoneInfo("Asia/Tokyo")
AREAS = JmaAreas(RESOURCES_DIR / "weather" / "jma_areas.csv")
TOWNS = Municipalities(RESOURCES_DIR / "municipalities" / "municipalities.csv")
TOKYO = "jma_forecast_130000.json"
SAPPORO = "jma_forecast_016000.json"


def derive(raw: object, code: str):
    town = TOWNS.get(code)
    return jma.derive(jma.parse_forecast(raw), AREAS.get(code), town.lat, town.lon)


def local(y, m, d, h) -> datetime:
    return datetime(y, m, d, h, tzinfo=JST).astimezone(UTC)


def hour(f, when: datetime):
    return next(h for h in f.hours if h.at == when)


def test_a_ward_of_tokyo_from_the_11_oclock_report():
    f = derive(fixture(TOKYO), "13101")  # 千代田区: 東京地方, station 東京
    assert f.issued == local(2026, 12, 5, 11)
    # From the report's hour to the end of the weekly forecast's last day.
    assert f.hours[0].at == local(2026, 12, 5, 11)
    assert f.hours[-1].at == local(2026, 12, 12, 23)
    assert len(f.hours) == 181
    assert [(d.day, d.sky, d.max_c, d.min_c, d.pop_pct) for d in f.days] == [
        # today: JMA's minimum is void once issued; the day's chance is its highest 6 h one
        (date(2026, 12, 5), "clear", 14.0, None, 0.0),
        (date(2026, 12, 6), "partly_cloudy", 13.0, 5.0, 30.0),
        # the short range says the weather, the weekly forecast the rest
        (date(2026, 12, 7), "rain", 11.0, 6.0, 80.0),
        (date(2026, 12, 8), "partly_cloudy", 13.0, 4.0, 20.0),
        (date(2026, 12, 9), "clear", 12.0, 2.0, 10.0),
        (date(2026, 12, 10), "partly_cloudy", 14.0, 3.0, 20.0),
        (date(2026, 12, 11), "cloudy", 13.0, 5.0, 30.0),
        (date(2026, 12, 12), "partly_cloudy", 12.0, 4.0, 30.0)]


def test_hours_follow_the_documented_derivation():
    f = derive(fixture(TOKYO), "13101")
    town = TOWNS.get("13101")
    # GHI: the hour's clear sky (pvlib, four quarter-hours) x the category's typical index.
    for when, sky in ((local(2026, 12, 5, 12), "clear"), (local(2026, 12, 6, 12),
                      "partly_cloudy"), (local(2026, 12, 7, 12), "rain")):
        quarters = pd.date_range(when + timedelta(minutes=7.5), periods=4, freq="15min")
        clear = Location(town.lat, town.lon, tz="UTC").get_clearsky(quarters)["ghi"].mean()
        assert hour(f, when).ghi_wm2 == pytest.approx(
            clear * daily_to_hourly.CLEAR_SKY_INDEX[sky], abs=0.1)
        assert hour(f, when).cloud_pct == daily_to_hourly.CLOUD_PCT[sky]
    assert all(h.ghi_wm2 == 0 for h in f.hours if h.at.astimezone(JST).hour in (20, 0, 4))
    # Probability: the 6-hour block the hour is in, then the weekly day's.
    assert hour(f, local(2026, 12, 5, 19)).pop_pct == 0.0
    assert hour(f, local(2026, 12, 6, 13)).pop_pct == 20.0
    assert hour(f, local(2026, 12, 6, 23)).pop_pct == 30.0
    assert hour(f, local(2026, 12, 8, 9)).pop_pct == 20.0
    # Precipitation: an expectation, chance x the category's typical rate.
    assert hour(f, local(2026, 12, 7, 9)).precip_mm == pytest.approx(
        0.8 * daily_to_hourly.RATE_MM["rain"])
    # Temperature: minimum at 05:00, maximum at 14:00, smooth between.
    day6 = [h.temp_c for h in f.hours if h.at.astimezone(JST).date() == date(2026, 12, 6)]
    assert min(day6) == pytest.approx(5.0, abs=0.1)
    assert max(day6) == pytest.approx(13.0, abs=0.1)
    assert np.argmin(day6) in (4, 5) and np.argmax(day6) in (13, 14)
    assert max(abs(a.temp_c - b.temp_c) for a, b in zip(f.hours, f.hours[1:], strict=False)) < 2.0


def test_an_island_takes_its_own_area_and_stations():
    f = derive(fixture(TOKYO), "13361")  # 大島町: 伊豆諸島北部, 大島; weekly 伊豆諸島, 八丈島
    assert [(d.sky, d.max_c, d.min_c) for d in f.days[:4]] == [
        ("partly_cloudy", 15.0, None), ("cloudy", 14.0, 9.0), ("rain", 17.0, 13.0),
        ("partly_cloudy", 17.0, 11.0)]
    assert f.days[4].sky == "partly_cloudy"  # 伊豆諸島's 101 on the 9th
    ogasawara = derive(fixture(TOKYO), "13421")  # 小笠原村: its own area and 父島
    assert [(d.sky, d.max_c) for d in ogasawara.days[:3]] == [
        ("cloudy", 22.0), ("partly_cloudy", 23.0), ("partly_cloudy", 23.0)]


def test_hokkaido_from_the_17_oclock_report():
    f = derive(fixture(SAPPORO), "01203")  # 小樽市: 後志地方, 倶知安; weekly 石狩・空知・後志, 札幌
    assert f.hours[0].at == local(2026, 12, 5, 17)
    assert [(d.day, d.sky, d.max_c, d.min_c) for d in f.days[:4]] == [
        (date(2026, 12, 5), "snow", None, None),  # the evening report has no more of today
        (date(2026, 12, 6), "snow", -4.0, -9.0), (date(2026, 12, 7), "snow", 0.0, -5.0),
        (date(2026, 12, 8), "cloudy", -1.0, -6.0)]
    # Before tomorrow's minimum, the first value JMA gave holds.
    assert hour(f, local(2026, 12, 5, 20)).temp_c == -9.0
    assert hour(f, local(2026, 12, 5, 20)).pop_pct == 80.0


def test_offices_are_the_upstream_request_units():
    provider = jma.JmaForecast("http://127.0.0.1:9", Http(), AREAS)
    warnings = jma.JmaWarnings("http://127.0.0.1:9", Http(), AREAS)
    for code, office in (("13101", "130000"), ("13112", "130000"), ("13361", "130000"),
                         ("01100", "016000"), ("01207", "014030"), ("01206", "014100"),
                         ("46201", "460100"), ("46222", "460040"), ("47201", "471000"),
                         ("47207", "474000"), ("47214", "473000"), ("47357", "472000")):
        assert provider.area_key(TOWNS.get(code)) == f"jma:{office}"
        assert warnings.area_key(TOWNS.get(code)) == f"jma-warnings:{office}"


def test_every_municipality_has_its_jma_areas():
    towns = Municipalities(RESOURCES_DIR / "municipalities" / "municipalities.csv")
    codes = [line.split(",")[0] for line in
             (RESOURCES_DIR / "municipalities" / "municipalities.csv").read_text().splitlines()[1:]]
    assert len(codes) == len(towns) == len(AREAS)
    for code in codes:
        area = AREAS.get(code)
        assert area is not None and area.office[:2] == code[:2], code
        assert area.class10[:2] == code[:2] and area.week, code


def test_an_area_missing_from_the_answer_falls_back_to_the_first(caplog):
    raw = fixture(TOKYO)
    del raw[0]["timeSeries"][0]["areas"][1]  # 伊豆諸島北部
    with caplog.at_level(logging.WARNING, logger="server.weather.jma"):
        f = derive(raw, "13361")
    assert f.days[0].sky == "clear"  # 東京地方's
    assert "130020" in caplog.text


def _drop(path):
    def change(raw):
        node = raw
        for p in path[:-1]:
            node = node[p]
        del node[path[-1]]
    return change


def _put(path, value):
    def change(raw):
        node = raw
        for p in path[:-1]:
            node = node[p]
        node[path[-1]] = value
    return change


@pytest.mark.parametrize(("change", "named"), [
    (_put([0, "reportDatetime"], "今日"), "forecast[0].reportDatetime"),
    (_put([0, "reportDatetime"], "2026-12-05T11:00:00"), "forecast[0].reportDatetime"),
    (_drop([0, "timeSeries"]), "forecast[0]['timeSeries']"),
    (_put([0, "timeSeries", 0, "areas"], []), "has no areas"),
    (_put([0, "timeSeries", 0, "areas", 0, "weatherCodes"], ["100"]), "weatherCodes"),
    (_put([0, "timeSeries", 0, "areas", 0, "weatherCodes", 1], "晴れ"), "weatherCodes"),
    (_put([0, "timeSeries", 1, "areas", 0, "pops", 2], "130"), "pops"),
    (_put([0, "timeSeries", 2, "areas", 0, "temps", 2], "abc"), "temps"),
    (_put([0, "timeSeries", 2, "areas", 0, "temps", 3], "95"), "temps"),
    (_put([1, "timeSeries", 1, "areas", 0, "tempsMax"], ["", "11"]), "tempsMax"),
    (_drop([0, "timeSeries", 0, "areas", 2, "area"]), "area"),
])
def test_forecast_garbage_is_refused_naming_the_field(change, named):
    raw = fixture(TOKYO)
    change(raw)
    with pytest.raises(UpstreamError) as caught:
        jma.parse_forecast(raw)
    assert named in str(caught.value)


@pytest.mark.parametrize("raw", [None, {}, [], "[]", [[]], [{"reportDatetime": 5}]])
def test_answers_that_are_not_a_forecast(raw):
    with pytest.raises(UpstreamError):
        jma.parse_forecast(raw)


def test_a_station_without_any_temperature_is_garbage():
    raw = fixture(TOKYO)
    for area in raw[0]["timeSeries"][2]["areas"]:
        area["temps"] = [""] * 4
    raw.pop(1)  # and no weekly forecast to fall back on
    with pytest.raises(UpstreamError, match="no temperatures"):
        derive(raw, "13101")


# -- codes ---------------------------------------------------------------------------

def test_every_weather_code_has_a_category():
    assert len(WEATHER) == 118
    assert all(sky in SKIES for _, sky in WEATHER.values())
    assert [sky_of(c) for c in ("100", "101", "200", "201", "202", "203", "300", "400",
                                "114", "127", "315", "340")] == [
        "clear", "partly_cloudy", "cloudy", "partly_cloudy", "cloudy", "rain", "rain", "snow",
        "rain", "partly_cloudy", "snow", "snow"]


def test_a_new_weather_code_takes_its_first_digit():
    assert [sky_of(c) for c in ("199", "299", "399", "499")] == ["clear", "cloudy", "rain", "snow"]
    assert [sky_of(c) for c in ("999", "10", "abc", "")] == [None] * 4


@pytest.mark.parametrize(("code", "kind", "level"), [
    ("33", "heavy_rain", "emergency"), ("03", "heavy_rain", "warning"),
    ("43", "heavy_rain", "warning"), ("10", "heavy_rain", "advisory"),
    ("05", "storm", "warning"), ("15", "storm", "advisory"), ("35", "storm", "emergency"),
    ("02", "snowstorm", "warning"), ("13", "snowstorm", "advisory"),
    ("32", "snowstorm", "emergency"), ("06", "heavy_snow", "warning"),
    ("12", "heavy_snow", "advisory"), ("36", "heavy_snow", "emergency"),
    ("07", "high_waves", "warning"), ("16", "high_waves", "advisory"),
    ("37", "high_waves", "emergency"), ("08", "storm_surge", "warning"),
    ("19", "storm_surge", "advisory"), ("38", "storm_surge", "emergency"),
    ("48", "storm_surge", "warning"), ("04", "flood", "warning"), ("18", "flood", "advisory"),
    ("09", "landslide", "warning"), ("29", "landslide", "advisory"),
    ("39", "landslide", "emergency"), ("49", "landslide", "warning"),
    ("14", "thunder", "advisory"), ("17", "snowmelt", "advisory"),
    ("20", "dense_fog", "advisory"), ("21", "dry_air", "advisory"),
    ("22", "avalanche", "advisory"), ("23", "low_temperature", "advisory"),
    ("24", "frost", "advisory"), ("25", "icing", "advisory"),
    ("26", "snow_accretion", "advisory"), ("27", "other", "advisory"),
])
def test_warning_codes(code, kind, level):
    assert warning_of(code) == (kind, level)


def test_every_warning_code_is_in_the_table_and_new_ones_are_shown():
    assert len(WARNINGS) == 36
    assert warning_of("31") == ("other", "emergency")  # a new 特別警報 is not dropped
    assert warning_of("01") == ("other", "warning")
    assert warning_of("28") == ("other", "advisory")
    assert [warning_of(c) for c in ("5", "100", "x1", "")] == [None] * 4


# -- warnings ----------------------------------------------------------------------------

def _in_force(report) -> set:
    return {(o.city_code, o.code, o.kind, o.level) for o in report.observed if o.in_force}


def test_warnings_of_the_current_r8_files():
    report = jma.parse_warnings(fixture("jma_warning_130000_r8.json"))
    assert report.reported == datetime(2026, 12, 5, 10, 42, tzinfo=JST)
    assert report.cities == {"13101", "13102", "13361", "13421"}
    assert _in_force(report) == {
        ("13101", "03", "heavy_rain", "warning"), ("13101", "29", "landslide", "advisory"),
        ("13101", "14", "thunder", "advisory"), ("13102", "10", "heavy_rain", "advisory"),
        ("13102", "14", "thunder", "advisory"), ("13361", "15", "storm", "advisory"),
        ("13361", "16", "high_waves", "advisory")}
    lifted = [o for o in report.observed if not o.in_force]
    assert [(o.city_code, o.code, o.reported) for o in lifted] == [
        ("13421", "20", datetime(2026, 12, 5, 6, 11, tzinfo=JST))]


def test_warnings_of_the_earlier_files():
    report = jma.parse_warnings(fixture("jma_warning_130000_legacy.json"))
    assert report.cities == {"13101", "13102", "13361", "13362", "13421"}
    assert _in_force(report) == {
        ("13101", "03", "heavy_rain", "warning"), ("13101", "14", "thunder", "advisory"),
        ("13102", "10", "heavy_rain", "advisory"), ("13102", "14", "thunder", "advisory"),
        ("13361", "15", "storm", "advisory"), ("13361", "16", "high_waves", "advisory")}
    assert [(o.city_code, o.in_force) for o in report.observed if o.code == "20"] == [
        ("13421", False)]


def test_a_municipality_in_parts_is_under_a_warning_of_any_part():
    raw = [{"reportDatetime": "2026-12-05T10:00:00+09:00", "warning": {"class20Items": [
        {"areaCode": "0120801", "kinds": [{"code": "06", "status": "発表"}]},
        {"areaCode": "0120802", "kinds": [{"code": "06", "status": "解除"}]},
        {"areaCode": "0120802", "kinds": [{"status": "発表警報・注意報はなし"}]}]}}]
    report = jma.parse_warnings(raw)
    assert report.cities == {"01208"}
    assert _in_force(report) == {("01208", "06", "heavy_snow", "warning")}


def test_the_newest_report_decides():
    raw = [{"reportDatetime": "2026-12-05T10:00:00+09:00", "warning": {"class20Items": [
        {"areaCode": "1310100", "kinds": [{"code": "05", "status": "発表"}]}]}},
           {"reportDatetime": "2026-12-05T12:00:00+09:00", "warning": {"class20Items": [
               {"areaCode": "1310100", "kinds": [{"code": "05", "status": "解除"}]}]}}]
    report = jma.parse_warnings(raw)
    assert [(o.code, o.in_force) for o in report.observed] == [("05", False)]


@pytest.mark.parametrize("raw", [
    None, "warnings", [], {"areaTypes": []},
    [{"reportDatetime": "2026-12-05T10:00:00+09:00", "warning": {}}],
    [{"reportDatetime": "soon", "warning": {"class20Items": []}}],
    [{"reportDatetime": "2026-12-05T10:00:00+09:00", "warning": {"class20Items": [
        {"areaCode": "13101", "kinds": []}]}}],
    [{"reportDatetime": "2026-12-05T10:00:00+09:00", "warning": {"class20Items": [
        {"areaCode": "1310100", "kinds": [{"code": "大雨", "status": "発表"}]}]}}],
    [{"reportDatetime": "2026-12-05T10:00:00+09:00", "warning": {"class20Items": [
        {"areaCode": "1310100", "kinds": [{"code": "03"}]}]}}],
])
def test_warning_garbage_is_refused(raw):
    with pytest.raises(UpstreamError):
        jma.parse_warnings(raw)
