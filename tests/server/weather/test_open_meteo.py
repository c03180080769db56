"""The Open-Meteo adapter against a recorded answer of its documented shape."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from server.weather import open_meteo
from server.weather.upstream import UpstreamError
from tests.server.weather.conftest import fixture

NOW = datetime(2026, 12, 5, 1, 20, tzinfo=UTC)  # 10:20 JST
RAW = "open_meteo_13101.json"


def test_the_request_asks_for_what_the_panel_needs():
    params = open_meteo.request_params(35.694, 139.754)
    assert params == {
        "latitude": "35.6940", "longitude": "139.7540",
        "hourly": "temperature_2m,cloud_cover,precipitation,precipitation_probability,"
                  "shortwave_radiation",
        "daily": "weather_code,temperature_2m_max,temperature_2m_min,"
                 "precipitation_probability_max",
        "timezone": "Asia/Tokyo", "forecast_days": "4"}


def test_hour_rows_take_the_following_hour_of_preceding_hour_values():
    raw = fixture(RAW)
    hourly = raw["hourly"]
    f = open_meteo.parse(raw, NOW)
    assert len(f.hours) == 95  # 96 hours, the last one has no successor
    first = f.hours[0]
    assert first.at == datetime(2026, 12, 4, 15, tzinfo=UTC)  # 00:00 JST
    for i in (0, 8, 9, 12, 57, 94):
        row = f.hours[i]
        assert row.at == first.at + timedelta(hours=i)
        # Radiation, precipitation and its chance are of the hour BEFORE Open-Meteo's time.
        assert row.ghi_wm2 == hourly["shortwave_radiation"][i + 1]
        assert row.precip_mm == hourly["precipitation"][i + 1]
        assert row.pop_pct == hourly["precipitation_probability"][i + 1]
        # Temperature and cloud are instantaneous: the hour's mean is between its ends.
        t = hourly["temperature_2m"]
        assert row.temp_c == pytest.approx((t[i] + t[i + 1]) / 2, abs=0.01)
        c = hourly["cloud_cover"]
        assert row.cloud_pct == pytest.approx((c[i] + c[i + 1]) / 2, abs=0.05)
    # 07:00-08:00 JST is the first sunlit hour of the morning: its row is 07:00 (22:00Z).
    sunrise = next(h for h in f.hours if h.ghi_wm2 > 50)
    assert sunrise.at == datetime(2026, 12, 4, 22, tzinfo=UTC)
    assert f.issued == NOW


def test_days_and_their_sky():
    f = open_meteo.parse(fixture(RAW), NOW)
    assert [(d.day, d.sky, d.max_c, d.min_c, d.pop_pct) for d in f.days] == [
        (date(2026, 12, 5), "clear", 13.1, 3.9, 5.0),
        (date(2026, 12, 6), "partly_cloudy", 14.0, 5.2, 8.0),
        (date(2026, 12, 7), "rain", 10.6, 7.8, 78.0),
        (date(2026, 12, 8), "clear", 12.4, 2.6, 5.0)]


@pytest.mark.parametrize(("code", "sky"), [
    (0, "clear"), (1, "clear"), (2, "partly_cloudy"), (3, "cloudy"), (45, "cloudy"),
    (48, "cloudy"), (51, "rain"), (57, "rain"), (61, "rain"), (65, "rain"), (67, "rain"),
    (71, "snow"), (75, "snow"), (77, "snow"), (80, "rain"), (82, "rain"), (85, "snow"),
    (86, "snow"), (95, "rain"), (99, "rain"), (4, None), (100, None)])
def test_wmo_weather_codes(code, sky):
    assert open_meteo.wmo_sky(code) == sky


def test_a_missing_probability_is_no_value_not_garbage():
    raw = fixture(RAW)
    raw["hourly"]["precipitation_probability"][30] = None
    raw["daily"]["precipitation_probability_max"][3] = None
    f = open_meteo.parse(raw, NOW)
    assert f.hours[29].pop_pct is None and f.days[3].pop_pct is None


def _set(path: str, value):
    def change(raw: dict) -> None:
        *parents, last = path.split(".")
        node = raw
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        if value is _DELETE:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return change


_DELETE = object()


@pytest.mark.parametrize(("change", "named"), [
    (_set("hourly", _DELETE), "hourly.time"),
    (_set("hourly.shortwave_radiation", _DELETE), "hourly.shortwave_radiation"),
    (_set("hourly.temperature_2m.40", None), "hourly.temperature_2m[40]"),
    (_set("hourly.cloud_cover.3", "lots"), "hourly.cloud_cover[3]"),
    (_set("hourly.shortwave_radiation.13", 5000), "ghi_wm2"),
    (_set("hourly.precipitation.13", -1), "precip_mm"),
    (_set("hourly.time.5", "yesterday"), "hourly.time[5]"),
    (_set("hourly.time.5", "2026-12-05T06:30"), "hourly.time[5]"),
    (_set("hourly.temperature_2m", [1.0, 2.0]), "hourly.temperature_2m"),
    (_set("utc_offset_seconds", "+09:00"), "utc_offset_seconds"),
    (_set("daily.weather_code.1", 4), "daily.weather_code[1]"),
    (_set("daily.time.0", "5 Dec"), "daily.time[0]"),
    (_set("daily", _DELETE), "daily.time"),
])
def test_garbage_is_refused_naming_what_is_wrong(change, named):
    raw = fixture(RAW)
    change(raw)
    with pytest.raises(UpstreamError) as caught:
        open_meteo.parse(raw, NOW)
    assert named in str(caught.value)


@pytest.mark.parametrize("raw", [None, [], "forecast", {"hourly": {"time": []}}])
def test_answers_that_are_not_a_forecast(raw):
    with pytest.raises(UpstreamError):
        open_meteo.parse(raw, NOW)
