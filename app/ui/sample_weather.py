"""A plausible winter forecast for the pictures and the UI tests (not a real one).

Three days from ``now``: a clear day, a day that clouds over and rains from the
afternoon, a grey day; a heavy-rain warning and a thunder advisory in force, a
gale advisory lifted; expected PV of a 4.5 kW array and the house's consumption
for 48 hours; a week of forecast accuracy.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.domain.energy_forecast import (
    SLOT,
    DayAccuracy,
    ForecastKind,
    LoadOutlook,
    SlotForecast,
)
from app.domain.weather import (
    DailyOutlook,
    HourlyWeather,
    Sky,
    WarningKind,
    WarningLevel,
    WeatherForecast,
    WeatherView,
    WeatherWarning,
)

TIMEZONE = "Asia/Tokyo"
PV_CAPACITY_W = 4500.0
# Cloud cover (%) and rain (mm/h) of each day's hours 0-23, in the home's time zone.
_CLOUD = ((10.0,) * 24, (20.0,) * 9 + (60.0,) * 4 + (100.0,) * 11, (90.0,) * 24,
          (40.0,) * 24)
_RAIN = ((0.0,) * 24, (0.0,) * 13 + (2.0,) * 6 + (0.8,) * 5, (0.0,) * 24, (0.0,) * 24)
_SKIES = (Sky.CLEAR, Sky.RAIN, Sky.CLOUDY, Sky.PARTLY_CLOUDY)
_POPS = (0.0, 80.0, 30.0, 20.0)


def _clear_ghi(local: datetime) -> float:
    """A winter day in Tokyo: light from 7:00 to 17:00, 550 W/m² at noon."""
    hour = local.hour + local.minute / 60 + 0.5
    return max(0.0, 550.0 * math.sin(math.pi * (hour - 7.0) / 10.0)) if 7 <= hour <= 17 else 0.0


def _temp(local: datetime, day_index: int) -> float:
    """3 °C before dawn, 12 °C at 14:00 (a little colder each day)."""
    phase = math.cos(math.pi * ((local.hour - 14) % 24) / 12)
    return 7.5 - day_index + 4.5 * phase


def sample_weather_view(now: datetime, timezone: str = TIMEZONE) -> WeatherView:
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    today = local_now.date()
    first_hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    hourly = []
    for i in range(72):
        at = first_hour + timedelta(hours=i)
        local = at.astimezone(zone)
        index = min(3, (local.date() - today).days)
        cloud, rain = _CLOUD[index][local.hour], _RAIN[index][local.hour]
        hourly.append(HourlyWeather(
            at=at, temp_c=round(_temp(local, index), 1), cloud_pct=cloud, precip_mm=rain,
            ghi_wm2=round(_clear_ghi(local) * (1 - 0.75 * cloud / 100), 1),
            pop_pct=90.0 if rain else _POPS[index]))
    daily = tuple(
        DailyOutlook(today + timedelta(days=i), _SKIES[i], 12.0 - i, 3.0 - i, _POPS[i])
        for i in range(4))
    warnings = (
        WeatherWarning("w-rain", WarningKind.HEAVY_RAIN, WarningLevel.WARNING,
                       now - timedelta(hours=2, minutes=20)),
        WeatherWarning("w-thunder", WarningKind.THUNDER, WarningLevel.ADVISORY,
                       now - timedelta(hours=5, minutes=5)),
        WeatherWarning("w-wind", WarningKind.STORM, WarningLevel.ADVISORY,
                       now - timedelta(hours=20), lifted=now - timedelta(hours=6)))
    issued = first_hour - timedelta(hours=3)
    forecast = WeatherForecast("13101", "千代田区", 35.694, 139.754, "synthetic", issued,
                               issued + timedelta(minutes=20), False, tuple(hourly), daily,
                               warnings)
    start = local_now.replace(minute=0 if local_now.minute < 30 else 30, second=0,
                              microsecond=0)
    return WeatherView(forecast, _solar(hourly, start), _load(start, zone),
                       sample_accuracy(today))


def _solar(hourly: list[HourlyWeather], start: datetime) -> SlotForecast:
    by_hour = {hour.at: hour.ghi_wm2 for hour in hourly}
    wh = []
    for i in range(96):
        slot = start + i * SLOT
        ghi = by_hour.get(slot.astimezone(UTC).replace(minute=0), 0.0)
        wh.append(round(ghi / 1000 * PV_CAPACITY_W * 0.8 * 0.5, 1))
    return SlotForecast(start, tuple(wh))


def _load(start: datetime, zone: ZoneInfo) -> LoadOutlook:
    """A family's winter day: a morning and a larger evening peak over a 250 Wh base."""
    wh = []
    for i in range(96):
        local = (start + i * SLOT).astimezone(zone)
        hour = local.hour + local.minute / 60
        morning = 350 * math.exp(-((hour - 7.0) ** 2) / 2)
        evening = 550 * math.exp(-((hour - 19.5) ** 2) / 4)
        wh.append(round(120 + morning + evening, 1))
    return LoadOutlook(SlotForecast(start, tuple(wh)))


def sample_accuracy(today: date, days: int = 7) -> tuple[DayAccuracy, ...]:
    """A week of judged day-ahead forecasts, newest (yesterday) first."""
    rows = []
    for back in range(1, days + 1):
        day = today - timedelta(days=back)
        pv_actual = 14.0 + 6.0 * math.sin(back * 1.7)
        pv_forecast = pv_actual * (1 + 0.12 * math.sin(back * 2.3))
        rows.append(DayAccuracy(ForecastKind.SOLAR, day, 60.0 + 25 * abs(math.sin(back)),
                                (pv_forecast - pv_actual) * 1000 / 48, round(pv_forecast, 2),
                                round(pv_actual, 2)))
        load_actual = 13.0 + 2.0 * math.cos(back)
        load_forecast = load_actual * (1 + 0.08 * math.sin(back * 1.3))
        rows.append(DayAccuracy(ForecastKind.LOAD, day, 90.0 + 30 * abs(math.cos(back)),
                                (load_forecast - load_actual) * 1000 / 48,
                                round(load_forecast, 2), round(load_actual, 2)))
    return tuple(rows)
