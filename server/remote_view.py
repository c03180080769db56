"""The live summary behind the phone page: the panel pushes it, a phone reads it.

Only while a phone can see the home (a live token, or an open login code) is a summary
kept; otherwise a push is answered "not stored" and what was kept is deleted, so a
household that does not use remote view has nothing of it on the server.

The panel keeps no open port, so it pushes: hourly while nobody looks, every minute
while a phone watches (a read marks the home watched for WATCH_FOR) or a login code is
open (a phone is about to log in) or a phone's token was used within WATCH_FOR (it
looked before the first summary came). Each push's answer tells the panel which.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from server.models import HomeSummary, RemoteCode, RemoteToken
from server.schemas import Summary

WATCH_FOR = timedelta(minutes=3)
PUSH_WATCHED_S = 60
PUSH_IDLE_S = 3600


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite hands back naive


@dataclass(frozen=True)
class StoredSummary:
    summary: dict  # schemas.Summary as JSON
    received: datetime

    def age_s(self, now: datetime) -> float:
        return max(0.0, (now - self.received).total_seconds())


@dataclass(frozen=True)
class PushAnswer:
    every_s: int  # until the panel's next push
    stored: bool  # False: no phone can see the home, so nothing was kept


def wanted(session: Session, device_id: str, now: datetime) -> bool:
    """Whether a phone can see the home: a live token, or a login code still open."""
    token = session.exec(select(RemoteToken.id).where(
        RemoteToken.device_id == device_id, RemoteToken.revoked.is_(None))).first()
    if token is not None:
        return True
    return session.exec(select(RemoteCode.code_hash).where(
        RemoteCode.device_id == device_id, RemoteCode.expires > now)).first() is not None


def store_summary(session: Session, device_id: str, summary: Summary,
                  now: datetime) -> PushAnswer:
    """Keep `summary` as the home's newest, if a phone can see the home; else keep
    nothing (and drop what was kept). The caller commits."""
    if not wanted(session, device_id, now):
        forget_summary(session, device_id)
        return PushAnswer(PUSH_IDLE_S, False)
    row = session.get(HomeSummary, device_id)
    payload = summary.model_dump_json()
    if row is None:
        row = HomeSummary(device_id=device_id, payload=payload, received=now)
    else:
        row.payload, row.received = payload, now
    session.add(row)
    return PushAnswer(push_interval_s(session, device_id, row, now), True)


def forget_summary(session: Session, device_id: str) -> None:
    session.exec(delete(HomeSummary).where(HomeSummary.device_id == device_id))


def forget_if_unwanted(session: Session, device_id: str, now: datetime) -> None:
    """After a phone was revoked or logged out: the last one takes the summary along."""
    if not wanted(session, device_id, now):
        forget_summary(session, device_id)


def push_interval_s(session: Session, device_id: str, row: HomeSummary | None,
                    now: datetime) -> int:
    watched = row is not None and row.watched_until is not None \
        and _aware(row.watched_until) > now
    if watched:
        return PUSH_WATCHED_S
    code_open = session.exec(select(RemoteCode.code_hash).where(
        RemoteCode.device_id == device_id, RemoteCode.expires > now)).first()
    if code_open is not None:
        return PUSH_WATCHED_S
    # A phone that looked before there was a summary to mark watched (its token's use is
    # noted at most once a minute: remote_access.token_for).
    recent = session.exec(select(RemoteToken.id).where(
        RemoteToken.device_id == device_id, RemoteToken.revoked.is_(None),
        RemoteToken.last_used > now - WATCH_FOR)).first()
    return PUSH_WATCHED_S if recent is not None else PUSH_IDLE_S


def watch_summary(session: Session, device_id: str, now: datetime) -> StoredSummary | None:
    """The home's newest summary (None: none pushed yet), and the home marked watched for
    WATCH_FOR so that the panel pushes every minute. The caller commits."""
    row = session.get(HomeSummary, device_id)
    if row is None:
        return None
    until = now + WATCH_FOR
    if row.watched_until is None or _aware(row.watched_until) < until - timedelta(seconds=30):
        row.watched_until = until  # not a write per read of a page refreshed every 30 s
        session.add(row)
    return StoredSummary(json.loads(row.payload), _aware(row.received))
