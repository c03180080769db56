"""One forecast per upstream request unit, refreshed at most once per clock hour.

Every worker reads the `weather_area` row of the unit. When it is due (no good
forecast from this clock hour), a worker claims the refresh with one conditional
UPDATE; the database lets exactly one claim succeed (SQLite serializes writers,
PostgreSQL re-checks the condition under the row lock), so any number of workers and
processes on one database cost one upstream request per unit and hour. The claim is a
lease: a worker that died while asking upstream is replaced after `lease_s`.

A failed refresh (upstream down, or garbage) keeps the last good forecast: it is served
with `stale` set and its own `issued`/`fetched`, and upstream is asked again at most
every `retry_s`. Nothing good ever means nothing to serve: the caller answers 503.

On top, `budget` caps the requests toward one upstream per minute, counted in the
database like the rate limits (server/throttle.py): when many areas fall due at once
(a cold start, the top of the hour), the rest wait for the next minute and are served
what they have meanwhile.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine

from server import throttle
from server.db import insert_for, session_scope
from server.models import WeatherArea
from server.throttle import Limit
from server.weather.upstream import UpstreamError

log = logging.getLogger(__name__)
_TABLE = WeatherArea.__table__


@dataclass(frozen=True, slots=True)
class Cached:
    key: str
    payload: dict | None  # the last good one
    issued: float | None
    fetched: float | None
    failures: int  # > 0: upstream failed since `fetched`
    error: str | None
    refreshing: bool  # another worker is asking upstream right now
    rationed: bool = False  # due, but this minute's upstream budget is spent

    @property
    def stale(self) -> bool:
        return self.failures > 0


# A refresh: (payload, when upstream made it as Unix seconds), or UpstreamError.
Refresh = Callable[[], tuple[Any, float]]


class AreaCache:
    def __init__(self, engine: Engine, *, period_s: float = 3600.0, retry_s: float = 600.0,
                 lease_s: float = 120.0, per_minute: int | None = None) -> None:
        self.engine = engine
        self.period_s = period_s
        self.retry_s = retry_s
        self.lease_s = lease_s
        self.per_minute = per_minute  # None: no cap
        # Upstream requests made by this process, per key (tests and the benchmark count).
        self.upstream_calls: dict[str, int] = {}

    def get(self, key: str, refresh: Refresh, now: float) -> Cached:
        row = self._read(key)
        if row is None:
            self._create(key)
            row = self._read(key)
        rationed = False
        if self._due(row, now):
            budget = self._budget(key)
            if budget is not None and not self._spend(budget, now):
                rationed = True
            elif self._claim(key, now):
                self._refresh(key, refresh, now)
                row = self._read(key)
            else:  # another worker won the claim since we read: its state, not ours
                if budget is not None:
                    self._refund(budget)
                row = self._read(key)
        payload = json.loads(row.payload) if row.payload is not None else None
        return Cached(key, payload, row.issued, row.fetched, row.failures, row.error,
                      refreshing=row.claimed_until > now, rationed=rationed)

    def _budget(self, key: str) -> Limit | None:
        """One budget per upstream: the key's prefix ("open-meteo", "jma-warnings")."""
        if self.per_minute is None:
            return None
        return Limit(f"weather:{key.split(':', 1)[0]}", self.per_minute, 60.0)

    def _spend(self, budget: Limit, now: float) -> bool:
        with session_scope(self.engine) as session:
            wait = throttle.reserve(session, budget, now)
            if wait:  # a request that is not made does not count
                throttle.refund(session, [budget.scope])
            session.commit()
        return not wait

    def _refund(self, budget: Limit) -> None:
        with session_scope(self.engine) as session:
            throttle.refund(session, [budget.scope])
            session.commit()

    def _due(self, row: WeatherArea, now: float) -> bool:
        """The claim's condition, read first so that most requests write nothing."""
        hour_start = now - now % self.period_s
        return (row.claimed_until <= now
                and (row.fetched is None or row.fetched < hour_start)
                and (row.failures == 0 or row.attempted <= now - self.retry_s))

    def _claim(self, key: str, now: float) -> bool:
        hour_start = now - now % self.period_s
        stmt = (update(_TABLE)
                .where(_TABLE.c.key == key, _TABLE.c.claimed_until <= now,
                       or_(_TABLE.c.fetched.is_(None), _TABLE.c.fetched < hour_start),
                       or_(_TABLE.c.failures == 0, _TABLE.c.attempted <= now - self.retry_s))
                .values(attempted=now, claimed_until=now + self.lease_s))
        with session_scope(self.engine) as session:
            claimed = session.execute(stmt).rowcount == 1
            session.commit()
        return claimed

    def _refresh(self, key: str, refresh: Refresh, now: float) -> None:
        self.upstream_calls[key] = self.upstream_calls.get(key, 0) + 1
        try:
            payload, issued = refresh()
            text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        except UpstreamError as exc:
            log.warning("weather %s: %s", key, exc)
            values = {"failures": _TABLE.c.failures + 1, "error": str(exc)[:500],
                      "claimed_until": 0.0}
        except Exception as exc:  # our bug must not pin the claim until the lease lapses
            log.exception("weather %s: refresh failed", key)
            values = {"failures": _TABLE.c.failures + 1,
                      "error": f"internal error: {type(exc).__name__}", "claimed_until": 0.0}
        else:
            values = {"payload": text, "issued": issued, "fetched": now, "failures": 0,
                      "error": None, "claimed_until": 0.0}
        with session_scope(self.engine) as session:
            session.execute(update(_TABLE).where(_TABLE.c.key == key).values(**values))
            session.commit()

    def _read(self, key: str) -> WeatherArea | None:
        with session_scope(self.engine) as session:
            return session.get(WeatherArea, key)

    def _create(self, key: str) -> None:
        insert = insert_for(self.engine.dialect.name)
        with session_scope(self.engine) as session:
            session.execute(insert(_TABLE).values(key=key).on_conflict_do_nothing(
                index_elements=[_TABLE.c.key]))
            session.commit()
