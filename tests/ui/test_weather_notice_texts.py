"""Weather notices in words: JMA's names of warnings, in Japanese and in English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.energy_forecast import DayType, LearningShortage
from app.domain.weather import WarningKind, WarningLevel, WeatherWarning
from app.domain.weather_notices import lifted_notice, shortage_notices, warning_notice
from app.ui.notice_texts import notice_body, notice_title, warning_name

ISSUED = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(("kind", "level", "ja", "en"), [
    (WarningKind.HEAVY_RAIN, WarningLevel.WARNING, "大雨警報", "Heavy rain warning"),
    (WarningKind.STORM, WarningLevel.EMERGENCY, "暴風特別警報", "Storm emergency warning"),
    (WarningKind.STORM, WarningLevel.ADVISORY, "強風注意報", "Gale advisory"),
    (WarningKind.SNOWSTORM, WarningLevel.ADVISORY, "風雪注意報", "Gale and snow advisory"),
    (WarningKind.THUNDER, WarningLevel.ADVISORY, "雷注意報", "Thunderstorm advisory"),
    (WarningKind.THUNDER, WarningLevel.WARNING, "雷警報", "Thunderstorm warning"),  # composed
    (WarningKind.LANDSLIDE, WarningLevel.WARNING, "土砂災害警報", "Landslide warning"),
])
def test_warnings_are_named_the_jma_way(make_services, switcher_for, kind, level, ja,
                                        en) -> None:
    services = make_services(language="ja")
    switcher_for(services)
    assert warning_name(kind.value, level.value) == ja
    services.preferences.set_language("en")
    assert warning_name(kind.value, level.value) == en


def test_every_phenomenon_has_a_name_of_its_own(make_services, switcher_for) -> None:
    """A kind the server sends is never shown as the catch-all "気象" (weather)."""
    switcher_for(make_services(language="ja"))
    for kind in WarningKind:
        if kind is not WarningKind.OTHER:
            assert not warning_name(kind.value, WarningLevel.WARNING.value).startswith("気象")


def test_a_warning_and_its_lifting_in_japanese(make_services, switcher_for) -> None:
    switcher_for(make_services(language="ja"))
    rain = WeatherWarning("27205-heavy_rain-1", WarningKind.HEAVY_RAIN, WarningLevel.WARNING,
                          ISSUED)
    posted = warning_notice(rain, "吹田市", ISSUED.timestamp())
    assert notice_title(posted, "ja") == "吹田市に大雨警報"
    assert notice_body(posted, "ja").startswith("吹田市に大雨警報が発表されました。")
    lifted = lifted_notice("heavy_rain", "warning", rain.id, "吹田市", ISSUED.timestamp())
    assert notice_title(lifted, "ja") == "吹田市の大雨警報解除"
    assert notice_body(lifted, "ja") == "吹田市の大雨警報は解除されました。"


def test_the_learning_shortage_names_the_day_type(make_services, switcher_for) -> None:
    switcher_for(make_services(language="ja"))
    [notice], _ = shortage_notices([LearningShortage(DayType.HOLIDAY, 2, 5)], (), 0.0)
    assert notice_title(notice, "ja") == "学習データがまだ足りません"
    assert notice_body(notice, "ja") == ("土日祝日の学習に必要な5日分のうち、"
                                         "2日分のデータしかありません。")
