"""Which weather warnings and learning shortages become notices, and the notices themselves.

A warning for the household's area posts one notice when it is first seen in
force and one when it is lifted (the server marks it lifted, or it is gone from
the list while it was in force). What was posted is remembered (in the store, by
the caller), so a refetch or a restart never posts the same warning twice.

警報 and 特別警報 post an important notice (the lamp blinks); 注意報 a normal one
(the lamp lights): an advisory such as 乾燥注意報 lasts for days in winter, and a
lamp that blinks for it would teach the household to ignore the lamp.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.domain.energy_forecast import LearningShortage
from app.domain.notices import Importance, Notice, NoticeSource, Template, home_notice
from app.domain.weather import WeatherWarning


@dataclass(frozen=True, slots=True)
class Posted:
    """A warning a notice was posted for (what the store remembers)."""

    id: str
    kind: str
    level: str
    posted_at: float
    lifted_at: float | None = None  # when its lifting was posted

    @property
    def active(self) -> bool:
        return self.lifted_at is None


@dataclass(frozen=True, slots=True)
class WarningChanges:
    notices: tuple[Notice, ...]
    posted: tuple[Posted, ...]  # what to remember (new and updated rows)


def warning_changes(warnings: Iterable[WeatherWarning], posted: Mapping[str, Posted],
                    area: str, now: float) -> WarningChanges:
    """The notices the server's current `warnings` call for, given what was `posted`."""
    notices: list[Notice] = []
    remember: list[Posted] = []
    listed = {w.id: w for w in warnings}
    for w in listed.values():
        seen = posted.get(w.id)
        if seen is None and w.active:
            notices.append(warning_notice(w, area, now))
            remember.append(Posted(w.id, w.kind.value, w.level.value, now))
        elif seen is not None and seen.active and not w.active:
            at = w.lifted.timestamp() if w.lifted is not None else now
            notices.append(lifted_notice(w.kind.value, w.level.value, w.id, area, at))
            remember.append(Posted(seen.id, seen.kind, seen.level, seen.posted_at, now))
        # Seen already, or lifted before the panel ever saw it in force: nothing to say.
    for seen in posted.values():
        if seen.active and seen.id not in listed:  # gone from the list while in force
            notices.append(lifted_notice(seen.kind, seen.level, seen.id, area, now))
            remember.append(Posted(seen.id, seen.kind, seen.level, seen.posted_at, now))
    return WarningChanges(tuple(notices), tuple(remember))


def warning_notice(w: WeatherWarning, area: str, now: float) -> Notice:
    importance = Importance.IMPORTANT if w.is_warning else Importance.NORMAL
    return Notice(NoticeSource.WEATHER, importance, now, f"weather_warning:{w.id}",
                  Template.WEATHER_WARNING.value,
                  {"kind": w.kind.value, "level": w.level.value, "area": area, "id": w.id})


def lifted_notice(kind: str, level: str, ident: str, area: str, at: float) -> Notice:
    return Notice(NoticeSource.WEATHER, Importance.NORMAL, at,
                  f"weather_warning_lifted:{ident}", Template.WEATHER_WARNING_LIFTED.value,
                  {"kind": kind, "level": level, "area": area, "id": ident})


def shortage_notices(shortages: Iterable[LearningShortage], posted: Iterable[str],
                     now: float) -> tuple[tuple[Notice, ...], frozenset[str]]:
    """Notices for day types newly short of data (one per day type, not one per forecast),
    and the day types to remember as posted: those still short (a day type that has
    enough data again is forgotten, so a later shortage is told again)."""
    short = {s.day_type.value: s for s in shortages}
    notices = tuple(
        home_notice(Template.LEARNING_DATA_SHORT, now,
                    {"day_type": s.day_type.value, "days": s.days, "needed": s.needed},
                    fold=s.day_type.value)
        for key, s in short.items() if key not in set(posted))
    return notices, frozenset(short)
