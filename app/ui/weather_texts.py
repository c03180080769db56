"""The words of the weather page and the home forecast: skies, days, issue times, the
forecast's age and what the energy forecasts lack. The warnings' own names (大雨警報 ...)
and the day types are the notices' (app.ui.notice_texts), so both say the same."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication

from app.domain.energy_forecast import LearningShortage
from app.domain.weather import Sky, WeatherWarning
from app.ui.formatting import format_date, format_time

OLD_AFTER_S = 12 * 3600  # a forecast older than this is shown as old (warning colour)


def sky_name(sky: Sky) -> str:
    translate = QCoreApplication.translate
    return {Sky.CLEAR: translate("WeatherText", "Sunny"),
            Sky.PARTLY_CLOUDY: translate("WeatherText", "Partly cloudy"),
            Sky.CLOUDY: translate("WeatherText", "Cloudy"),
            Sky.RAIN: translate("WeatherText", "Rain"),
            Sky.SNOW: translate("WeatherText", "Snow")}[sky]


def when_text(moment: datetime, today: date, zone: tzinfo, lang: str) -> str:
    """A recent moment: '06:12' today, 'yesterday 22:10', else the date and time."""
    local = moment.astimezone(zone)
    if local.date() == today:
        return format_time(local)
    if local.date() == today - timedelta(days=1):
        return QCoreApplication.translate("WeatherText", "yesterday {time}").format(
            time=format_time(local))
    return f"{format_date(local.date(), lang)} {format_time(local)}"


def issued_text(warning: WeatherWarning, today: date, zone: tzinfo, lang: str) -> str:
    return QCoreApplication.translate("WeatherText", "issued {when}").format(
        when=when_text(warning.issued, today, zone, lang))


def day_name(day: date, today: date) -> str:
    translate = QCoreApplication.translate
    names = {0: translate("WeatherText", "Today"), 1: translate("WeatherText", "Tomorrow"),
             2: translate("WeatherText", "Day after tomorrow")}
    return names.get((day - today).days, "")


def age_text(age_s: float, offline: bool) -> str:
    """'Forecast from 3 hours ago' / 'The forecast is 2 days old (offline)'."""
    translate = QCoreApplication.translate
    minutes = int(age_s // 60)
    hours = int(age_s // 3600)
    if age_s >= 2 * 86400:
        text = translate("WeatherText", "The forecast is {days} days old").format(
            days=int(age_s // 86400))
    elif age_s >= 86400:
        text = translate("WeatherText", "The forecast is a day old")
    elif hours >= 1:
        text = translate("WeatherText", "Forecast from {hours} h ago").format(hours=hours)
    elif minutes >= 1:
        text = translate("WeatherText", "Forecast from {minutes} min ago").format(
            minutes=minutes)
    else:
        text = translate("WeatherText", "Forecast from just now")
    if offline:
        text = translate("WeatherText", "{age} (offline)").format(age=text)
    return text


def shortage_text(shortages: tuple[LearningShortage, ...]) -> str:
    """The seed's 学習データ不足, with what is missing for which day type."""
    from app.ui.notice_texts import day_type_text  # its notices' texts: not on the home page

    translate = QCoreApplication.translate
    parts = [translate("WeatherText", "{day_type} {days} of {needed} days").format(
        day_type=day_type_text(s.day_type), days=s.days, needed=s.needed) for s in shortages]
    return translate("WeatherText", "Not enough data to forecast consumption yet ({missing}). "
                     "The forecast starts once the panel has recorded enough days.").format(
        missing=translate("WeatherText", ", ").join(parts))
