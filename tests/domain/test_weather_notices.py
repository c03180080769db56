"""Which warnings and shortages become notices (pure: no store, no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.energy_forecast import DayType, LearningShortage
from app.domain.notices import Importance, NoticeSource, Template
from app.domain.weather import WarningKind, WarningLevel, WeatherWarning
from app.domain.weather_notices import Posted, shortage_notices, warning_changes

T = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
NOW = T.timestamp() + 600


def w(ident: str, level=WarningLevel.WARNING, lifted=None) -> WeatherWarning:
    return WeatherWarning(ident, WarningKind.HEAVY_RAIN, level, T, lifted)


def test_a_new_warning_in_force_is_posted_and_remembered() -> None:
    changes = warning_changes([w("a")], {}, "吹田市", NOW)
    [notice] = changes.notices
    assert notice.source is NoticeSource.WEATHER and notice.importance is Importance.IMPORTANT
    assert notice.fold_key == "weather_warning:a" and notice.at == NOW
    assert changes.posted == (Posted("a", "heavy_rain", "warning", NOW),)


def test_what_was_posted_is_not_posted_again() -> None:
    posted = {"a": Posted("a", "heavy_rain", "warning", NOW - 3600)}
    assert warning_changes([w("a")], posted, "x", NOW).notices == ()


def test_lifted_by_flag_or_gone_from_the_list_is_told_once() -> None:
    posted = {"a": Posted("a", "heavy_rain", "warning", 1.0),
              "b": Posted("b", "heavy_rain", "advisory", 1.0)}
    lifted_at = T + timedelta(hours=1)
    changes = warning_changes([w("a", lifted=lifted_at)], posted, "x", NOW)
    assert {n.fold_key for n in changes.notices} == {"weather_warning_lifted:a",
                                                     "weather_warning_lifted:b"}
    assert all(n.template == Template.WEATHER_WARNING_LIFTED for n in changes.notices)
    assert {n.at for n in changes.notices} == {lifted_at.timestamp(), NOW}
    after = {p.id: p for p in changes.posted}
    assert not after["a"].active and not after["b"].active
    assert warning_changes([w("a", lifted=lifted_at)], after, "x", NOW + 60).notices == ()


def test_a_warning_lifted_before_the_panel_saw_it_says_nothing() -> None:
    changes = warning_changes([w("a", lifted=T)], {}, "x", NOW)
    assert changes.notices == () and changes.posted == ()


def test_advisories_are_normal_and_emergencies_important() -> None:
    changes = warning_changes([w("a", WarningLevel.ADVISORY), w("b", WarningLevel.EMERGENCY)],
                              {}, "x", NOW)
    assert [n.importance for n in changes.notices] == [Importance.NORMAL, Importance.IMPORTANT]


def test_a_shortage_is_told_once_per_day_type_until_it_is_over() -> None:
    short = [LearningShortage(DayType.WEEKDAY, 3, 5), LearningShortage(DayType.HOLIDAY, 1, 5)]
    notices, told = shortage_notices(short, (), NOW)
    assert [n.fold_key for n in notices] == ["learning_data_short:weekday",
                                             "learning_data_short:holiday"]
    assert notices[0].args == {"day_type": "weekday", "days": 3, "needed": 5}
    again, told = shortage_notices(short[1:], told, NOW + 1800)
    assert again == () and told == {"holiday"}
    later, _ = shortage_notices(short, told, NOW + 3600)  # weekdays short again: told again
    assert [n.fold_key for n in later] == ["learning_data_short:weekday"]
