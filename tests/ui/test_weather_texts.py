from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.energy_forecast import DayType, LearningShortage
from app.domain.weather import WarningKind, WarningLevel, WeatherWarning
from app.ui.notice_texts import warning_name
from app.ui.weather_texts import age_text, issued_text, shortage_text

TOKYO = ZoneInfo("Asia/Tokyo")


def test_warnings_have_the_names_the_notices_give_them(switcher):
    # One place names them (notice_texts), so the page and the notice agree.
    assert warning_name(WarningKind.STORM, WarningLevel.ADVISORY) == "強風注意報"


@pytest.mark.parametrize(("age_s", "offline", "text"), [
    (0, False, "Forecast from just now"),
    (59, False, "Forecast from just now"),
    (60, False, "Forecast from 1 min ago"),
    (3599, False, "Forecast from 59 min ago"),
    (3600, False, "Forecast from 1 h ago"),
    (86_399, False, "Forecast from 23 h ago"),
    (86_400, False, "The forecast is a day old"),
    (2 * 86_400, True, "The forecast is 2 days old (offline)"),
    (10 * 86_400 + 5, False, "The forecast is 10 days old"),
])
def test_the_age_of_a_forecast(qapp, age_s, offline, text):
    assert age_text(age_s, offline) == text


def test_the_age_in_japanese(switcher):
    assert age_text(3 * 3600 + 120, False) == "3時間前の予報"
    assert age_text(2 * 86_400, True) == "予報は2日前のものです (オフライン)"


def test_issue_times_today_yesterday_and_earlier(switcher):
    today = date(2026, 7, 15)

    def issued(*args) -> str:
        warning = WeatherWarning("w", WarningKind.FLOOD, WarningLevel.WARNING,
                                 datetime(*args, tzinfo=TOKYO))
        return issued_text(warning, today, TOKYO, "ja")

    assert issued(2026, 7, 15, 6, 12) == "06:12発表"
    assert issued(2026, 7, 14, 22, 10) == "昨日 22:10発表"
    assert issued(2026, 7, 12, 9, 0) == "2026年7月12日(日) 09:00発表"


def test_learning_shortage_names_each_day_type(switcher):
    text = shortage_text((LearningShortage(DayType.HOLIDAY, 4, 5),))
    assert text.startswith("学習データ不足のため、消費量はまだ予測できません (土日祝日 4/5日)。")
