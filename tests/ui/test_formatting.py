from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.ui.formatting import (
    DASH,
    format_date,
    format_date_time,
    format_day,
    format_energy_kwh,
    format_energy_wh,
    format_percent,
    format_power,
    format_rating_kw,
    format_temperature,
    format_time,
    format_yen,
    split_power,
    to_local,
)


@pytest.mark.parametrize(("watts", "lang", "expected"), [
    (1234, "en", "1,234 W"),
    (1234, "ja", "1,234W"),
    (0, "en", "0 W"),
    (999.6, "en", "1,000 W"),
    (9_999.4, "en", "9,999 W"),
    (12_345, "en", "12.3 kW"),
    (12_345, "ja", "12.3kW"),
    (None, "ja", DASH),
])
def test_power(watts, lang, expected):
    assert format_power(watts, lang) == expected


def test_split_power_keeps_the_unit_apart_for_large_figures():
    assert split_power(4210) == ("4,210", "W")
    assert split_power(15_000) == ("15.0", "kW")
    assert split_power(None) == (DASH, "W")


def test_energy_percent_and_yen():
    assert format_energy_kwh(12.34, "en") == "12.3 kWh"
    assert format_energy_kwh(1234.56, "ja") == "1,234.6kWh"
    assert format_energy_kwh(None) == DASH
    assert format_percent(77.6) == "78%"
    assert format_yen(1234.4) == "¥1,234"
    assert format_yen(-50) == "-¥50"


@pytest.mark.parametrize(("day", "ja", "en"), [
    (date(2026, 11, 25), "2026年11月25日(水)", "Wed 25 Nov 2026"),
    (date(2026, 1, 4), "2026年1月4日(日)", "Sun 4 Jan 2026"),
    (date(2026, 5, 9), "2026年5月9日(土)", "Sat 9 May 2026"),
])
def test_dates_have_weekdays(day, ja, en):
    assert format_date(day, "ja") == ja
    assert format_date(day, "en") == en


def test_a_short_day_and_a_wall_clock_time():
    assert format_day(date(2026, 7, 14), "ja") == "7月14日(火)"
    assert format_day(date(2026, 7, 14), "en") == "Tue 14 Jul"
    assert format_time(time(7, 30)) == "07:30"  # a setting's time reads as a moment's


def test_date_time_is_24_hour():
    moment = datetime(2026, 11, 25, 14, 5, 59)
    assert format_date_time(moment, "ja") == "2026年11月25日(水) 14:05"
    assert format_date_time(moment, "en") == "Wed 25 Nov 2026 14:05"


def test_aware_times_are_shown_in_local_time():
    utc = datetime(2026, 11, 25, 5, 5, tzinfo=UTC)
    local = to_local(utc)
    assert local == utc  # the same instant...
    assert local.utcoffset() == utc.astimezone().utcoffset()  # ...on the panel's clock
    naive = datetime(2026, 11, 25, 14, 5)
    assert to_local(naive) is naive
    assert local - to_local(utc - timedelta(minutes=1)) == timedelta(minutes=1)


def test_period_names_in_japanese_and_english():
    from datetime import date

    from app.ui.formatting import format_period

    assert format_period("day", date(2026, 11, 25), date(2026, 11, 25)) == "2026年11月25日(水)"
    assert format_period("week", date(2026, 11, 23), date(2026, 11, 29)) == "2026年11月23日〜29日"
    assert format_period("week", date(2026, 11, 30), date(2026, 12, 6)) == "2026年11月30日〜12月6日"
    english = format_period("week", date(2026, 11, 30), date(2026, 12, 6), "en")
    assert english == "30 Nov – 6 Dec 2026"
    assert format_period("month", date(2026, 11, 1), date(2026, 11, 30)) == "2026年11月"
    assert format_period("month", date(2026, 11, 1), date(2026, 11, 30), "en") == "Nov 2026"
    assert format_period("year", date(2026, 1, 1), date(2026, 12, 31), "en") == "2026"


@pytest.mark.parametrize(("wh", "lang", "signed", "expected"), [
    (123.4, "ja", False, "123Wh"),
    (1234.6, "en", False, "1,235 Wh"),
    (30.2, "ja", True, "+30Wh"),
    (-30.2, "en", True, "-30 Wh"),
    (0.2, "ja", True, "0Wh"),
    (None, "ja", True, DASH),
])
def test_energy_in_watt_hours(wh, lang, signed, expected):
    assert format_energy_wh(wh, lang, signed=signed) == expected


@pytest.mark.parametrize(("celsius", "lang", "expected"), [
    (12.4, "ja", "12°C"), (12.6, "en", "13 °C"), (-3.2, "ja", "-3°C"), (-0.4, "ja", "0°C"),
    (None, "en", DASH),
])
def test_temperature(celsius, lang, expected):
    assert format_temperature(celsius, lang) == expected


@pytest.mark.parametrize(("watts", "lang", "expected"), [
    (5500.0, "ja", "5.5kW"), (4950.0, "ja", "4.95kW"), (10_000.0, "en", "10 kW"),
    (500.0, "ja", "0.5kW"), (None, "ja", DASH),
])
def test_a_rating_in_kilowatts_as_on_its_nameplate(watts, lang, expected):
    assert format_rating_kw(watts, lang) == expected
