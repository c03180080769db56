"""What the weather pages read off a forecast beyond its own fields: the sky of an hour and
the expected PV generation of each day the solar forecast really covers.

The server sends a sky category per day only; an hour's sky follows from its cloud cover
and precipitation, with JMA's words in mind (晴れ up to about 8/10 cloud, 曇り above; rain
or snow from about 0.5 mm in the hour). A day's PV total is shown only when the 30-minute
forecast covers all of that day's daylight still to come: a window ending at 10:00 would
otherwise make the day after tomorrow look like a dull day; a day it starts in after
first light is only the rest of that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.energy_forecast import SlotForecast
from app.domain.weather import HourlyWeather, Sky

CLEAR_BELOW_PCT = 30.0  # cloud cover under this reads as 晴れ (clear)
CLOUDY_FROM_PCT = 85.0  # from this on, 曇り (cloudy); in between 晴れ時々曇り
WET_FROM_MM = 0.5  # precipitation in the hour from which it counts as rain or snow
SNOW_BELOW_C = 1.5  # precipitation at or below this temperature falls as snow
DARK_BELOW_WM2 = 1.0  # mean GHI of an hour under which the sun is down
HALF_HOUR = timedelta(minutes=30)


def hour_sky(hour: HourlyWeather) -> Sky:
    if hour.precip_mm >= WET_FROM_MM:
        return Sky.SNOW if hour.temp_c <= SNOW_BELOW_C else Sky.RAIN
    if hour.cloud_pct < CLEAR_BELOW_PCT:
        return Sky.CLEAR
    return Sky.CLOUDY if hour.cloud_pct >= CLOUDY_FROM_PCT else Sky.PARTLY_CLOUDY


def is_dark(hour: HourlyWeather) -> bool:
    """The sun is down for (nearly) the whole hour: a clear sky shows the moon."""
    return hour.ghi_wm2 < DARK_BELOW_WM2


@dataclass(frozen=True, slots=True)
class DayPv:
    kwh: float
    rest_of_day: bool  # the forecast starts later in this day, maybe after some light


def pv_by_day(solar: SlotForecast, hourly: Sequence[HourlyWeather],
              timezone: str) -> dict[date, DayPv]:
    """Expected PV energy per local date, for the dates whose light the slots cover up to
    the day's end. Hours the hourly forecast shows dark need no cover; hours it does not
    have might be light. A day the slots begin in is 'the rest of the day'."""
    zone = ZoneInfo(timezone)
    begin = solar.start
    end = solar.slot_start(len(solar.wh))
    dark = {hour.at for hour in hourly if is_dark(hour)}

    def maybe_light(first: datetime, last: datetime) -> bool:
        """Some hour whose middle is in [first, last) is not known to be dark."""
        hour = first.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        while hour < last:
            if first <= hour + HALF_HOUR < last and hour not in dark:
                return True
            hour += timedelta(hours=1)
        return False

    shown: dict[date, DayPv] = {}
    for day, kwh in solar.day_totals_kwh(timezone).items():
        midnight = datetime.combine(day, time(), zone)
        next_midnight = datetime.combine(day + timedelta(days=1), time(), zone)
        if end < next_midnight and maybe_light(end, next_midnight):
            continue  # light after the forecast's end: the day would read too low
        shown[day] = DayPv(kwh, rest_of_day=begin > midnight and maybe_light(midnight, begin))
    return shown
