"""Warnings per municipality, from issue to lift, kept in the database.

Upstream answers are snapshots ("in force now"); panels need more: an id that stays the
same while a warning lasts (so a notice is raised once) and the time it was lifted. So
each answer is applied to the `weather_warning` rows: a code newly in force opens a row,
one still in force (継続) keeps its row, one lifted (解除) or no longer listed for a
municipality the answer speaks about is closed. Answers list what is in force and what
was lifted in the last `RECENT_S`. Rows from `hems-center warn` (source "admin") are
opened and closed by hand and listed alongside.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from server.models import WeatherWarning
from server.weather.model import KINDS, LEVELS, WarningReport

RECENT_S = 24 * 3600.0  # lifted warnings are listed this long
KEEP_S = 8 * 24 * 3600.0  # and kept this long, then deleted
MAX_LISTED = 64  # the wire format's limit


def _new_id(session: Session, city: str, kind: str, level: str, issued: float) -> str:
    stamp = datetime.fromtimestamp(issued, UTC).strftime("%Y%m%dT%H%M")
    base = f"{city}-{kind}-{level}-{stamp}"
    candidate, n = base, 1
    while session.get(WeatherWarning, candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def apply_report(session: Session, source: str, report: WarningReport, now: float) -> None:
    """Bring the rows of `source` for the answer's municipalities in line with it."""
    cities = sorted(report.cities)
    if not cities:
        return
    open_rows = {(r.city_code, r.code): r for r in session.exec(
        select(WeatherWarning).where(WeatherWarning.source == source,
                                     WeatherWarning.city_code.in_(cities),
                                     WeatherWarning.lifted.is_(None)))}
    newest = report.reported.timestamp()
    in_force: set[tuple[str, str]] = set()
    for seen in report.observed:
        key = (seen.city_code, seen.code)
        row = open_rows.get(key)
        if seen.in_force:
            in_force.add(key)
            if row is None:
                issued = min(seen.reported.timestamp(), now)
                row = WeatherWarning(
                    id=_new_id(session, seen.city_code, seen.kind, seen.level, issued),
                    source=source, city_code=seen.city_code, code=seen.code, kind=seen.kind,
                    level=seen.level, issued=issued)
                session.add(row)
                session.flush()  # the next _new_id sees it
                open_rows[key] = row
    for key, row in open_rows.items():
        if key not in in_force:
            # Lifted when the answer that no longer lists it was made (解除 says so too).
            lifted = next((s.reported.timestamp() for s in report.observed
                           if (s.city_code, s.code) == key and not s.in_force), newest)
            row.lifted = max(row.issued, min(lifted, now))
            session.add(row)
    session.execute(delete(WeatherWarning).where(WeatherWarning.lifted < now - KEEP_S))


def inject(session: Session, city: str, kind: str, level: str, now: float) -> str:
    """An admin's warning, in force from now until lifted; its id."""
    if kind not in KINDS or level not in LEVELS:
        raise ValueError(f"no such warning: {kind} {level}")
    now = float(int(now))  # whole seconds, as JMA's times are
    row = WeatherWarning(id=_new_id(session, city, kind, level, now), source="admin",
                         city_code=city, code="admin", kind=kind, level=level, issued=now)
    session.add(row)
    return row.id


def lift(session: Session, warning_id: str, now: float) -> bool:
    """Lift an admin's warning; False when there is no such warning in force."""
    row = session.get(WeatherWarning, warning_id)
    if row is None or row.source != "admin" or row.lifted is not None:
        return False
    row.lifted = max(row.issued, float(int(now)))
    session.add(row)
    return True


def for_city(session: Session, city: str, now: float,
             sources: tuple[str, ...]) -> list[WeatherWarning]:
    """In force, and lifted in the last RECENT_S, oldest first (at most MAX_LISTED)."""
    rows = session.exec(
        select(WeatherWarning)
        .where(WeatherWarning.city_code == city, WeatherWarning.source.in_(sources),
               WeatherWarning.issued <= now,
               or_(WeatherWarning.lifted.is_(None), WeatherWarning.lifted >= now - RECENT_S))
        .order_by(WeatherWarning.issued, WeatherWarning.id)).all()
    # Beyond the limit, what is in force matters more than what was lifted.
    if len(rows) > MAX_LISTED:
        rows = sorted(rows, key=lambda r: r.lifted is not None)[:MAX_LISTED]
        rows.sort(key=lambda r: (r.issued, r.id))
    return list(rows)


def listing(session: Session, city: str | None = None) -> list[WeatherWarning]:
    """Every kept warning (for `hems-center warn --list`), newest first."""
    stmt = select(WeatherWarning).order_by(WeatherWarning.issued.desc())
    if city:
        stmt = stmt.where(WeatherWarning.city_code == city)
    return list(session.exec(stmt).all())
