from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.energy_forecast import SLOT, SlotForecast
from app.domain.weather import HourlyWeather, Sky
from app.domain.weather_outlook import hour_sky, is_dark, pv_by_day

TOKYO = ZoneInfo("Asia/Tokyo")


def _hour(cloud=10.0, precip=0.0, temp=10.0, ghi=300.0) -> HourlyWeather:
    return HourlyWeather(datetime(2026, 12, 5, 3, tzinfo=UTC), temp, cloud, precip, ghi)


@pytest.mark.parametrize(("hour", "sky"), [
    (_hour(cloud=0), Sky.CLEAR),
    (_hour(cloud=29.9), Sky.CLEAR),
    (_hour(cloud=30), Sky.PARTLY_CLOUDY),
    (_hour(cloud=84), Sky.PARTLY_CLOUDY),
    (_hour(cloud=85), Sky.CLOUDY),
    (_hour(cloud=100, precip=0.4), Sky.CLOUDY),  # a drizzle is still a grey sky
    (_hour(cloud=100, precip=0.5), Sky.RAIN),
    (_hour(cloud=100, precip=2.0, temp=1.5), Sky.SNOW),
    (_hour(cloud=100, precip=2.0, temp=1.6), Sky.RAIN),
])
def test_the_sky_of_an_hour(hour, sky):
    assert hour_sky(hour) is sky


def test_dark_is_an_hour_without_sun():
    assert is_dark(_hour(ghi=0.0))
    assert is_dark(_hour(ghi=0.6))
    assert not is_dark(_hour(ghi=5.0))


def _hourly(start: datetime, hours: int) -> list[HourlyWeather]:
    """Light from 07:00 to 17:00 local time, dark otherwise."""
    rows = []
    for i in range(hours):
        at = (start + timedelta(hours=i)).astimezone(UTC)
        light = 7 <= at.astimezone(TOKYO).hour < 17
        rows.append(HourlyWeather(at, 8.0, 10.0, 0.0, 400.0 if light else 0.0))
    return rows


def _solar(start: datetime, slots: int = 96) -> SlotForecast:
    """100 Wh in every light slot, nothing at night."""
    return SlotForecast(start, tuple(
        100.0 if 7 <= (start + i * SLOT).astimezone(TOKYO).hour < 17 else 0.0
        for i in range(slots)))


def test_a_forecast_from_mid_morning_covers_the_rest_of_today_and_all_of_tomorrow():
    now = datetime(2026, 12, 5, 10, 30, tzinfo=TOKYO)
    days = pv_by_day(_solar(now), _hourly(now.replace(minute=0), 72), "Asia/Tokyo")
    today, tomorrow = date(2026, 12, 5), date(2026, 12, 6)
    assert days[today].rest_of_day
    assert days[today].kwh == pytest.approx(13 * 0.1)  # 10:30-17:00
    assert not days[tomorrow].rest_of_day
    assert days[tomorrow].kwh == pytest.approx(20 * 0.1)
    # The window ends at 10:30 the day after: its afternoon is missing, so no total.
    assert date(2026, 12, 7) not in days


def test_a_forecast_from_the_evening_covers_the_day_after_tomorrow_whole():
    now = datetime(2026, 12, 5, 20, 0, tzinfo=TOKYO)
    days = pv_by_day(_solar(now), _hourly(now, 72), "Asia/Tokyo")
    # The slots end at 20:00 on the 7th, after dark (the hourly forecast says so).
    assert days[date(2026, 12, 7)].kwh == pytest.approx(20 * 0.1)
    assert not days[date(2026, 12, 7)].rest_of_day
    # Today: the hours before 20:00 are not in the forecast, so it is only the rest.
    assert days[date(2026, 12, 5)].rest_of_day
    assert days[date(2026, 12, 5)].kwh == 0.0


def test_a_forecast_from_midnight_gives_whole_days():
    midnight = datetime(2026, 12, 5, tzinfo=TOKYO)
    days = pv_by_day(_solar(midnight), _hourly(midnight, 72), "Asia/Tokyo")
    assert set(days) == {date(2026, 12, 5), date(2026, 12, 6)}
    assert not any(day.rest_of_day for day in days.values())


def test_without_hourly_rows_only_whole_days_count():
    now = datetime(2026, 12, 5, 10, 30, tzinfo=TOKYO)
    days = pv_by_day(_solar(now), [], "Asia/Tokyo")
    assert set(days) == {date(2026, 12, 5), date(2026, 12, 6)}
    assert days[date(2026, 12, 5)].rest_of_day
    assert not days[date(2026, 12, 6)].rest_of_day
