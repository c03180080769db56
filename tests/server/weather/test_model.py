"""The server's forecast values agree with the panel's contract; the cache's claims."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.weather import Sky, WarningKind, WarningLevel
from server.db import make_engine
from server.weather.cache import AreaCache
from server.weather.model import KINDS, LEVELS, SKIES, AreaForecast, Day, Hour
from server.weather.upstream import UpstreamError

START = datetime(2026, 12, 5, 3, tzinfo=UTC)


def test_the_vocabularies_are_the_panels():
    assert set(SKIES) == {s.value for s in Sky}
    assert set(LEVELS) == {level.value for level in WarningLevel}
    assert set(KINDS) == {k.value for k in WarningKind}


def _forecast(**change) -> AreaForecast:
    hours = [Hour(START + timedelta(hours=i), 8.5, 20.0, 0.0, 300.0, 10.0) for i in range(3)]
    hour = change.pop("hour", None)
    if hour is not None:
        hours[1] = hour
    return AreaForecast(START, tuple(hours),
                        (change.pop("day", Day(date(2026, 12, 5), "clear", 14.0, None, None)),))


def test_a_forecast_round_trips_through_the_cache_form():
    f = _forecast()
    assert AreaForecast.from_json(f.to_json()) == f.checked()


@pytest.mark.parametrize("change", [
    {"hour": Hour(START + timedelta(hours=1), 75.0, 20.0, 0.0, 300.0, None)},
    {"hour": Hour(START + timedelta(hours=1), 8.0, 101.0, 0.0, 300.0, None)},
    {"hour": Hour(START + timedelta(hours=1), 8.0, 20.0, -0.1, 300.0, None)},
    {"hour": Hour(START + timedelta(hours=1), 8.0, 20.0, 0.0, 1600.0, None)},
    {"hour": Hour(START + timedelta(hours=1), 8.0, 20.0, 0.0, float("nan"), None)},
    {"hour": Hour(START + timedelta(hours=1), 8.0, 20.0, 0.0, 300.0, 120.0)},
    {"hour": Hour(START + timedelta(minutes=90), 8.0, 20.0, 0.0, 300.0, None)},
    {"hour": Hour(START, 8.0, 20.0, 0.0, 300.0, None)},
    {"hour": Hour(datetime(2026, 12, 5, 4), 8.0, 20.0, 0.0, 300.0, None)},
    {"day": Day(date(2026, 12, 5), "sunny", 14.0, None, None)},
    {"day": Day(date(2026, 12, 5), "clear", 99.0, None, None)},
])
def test_what_the_wire_format_cannot_carry_is_garbage(change):
    with pytest.raises(UpstreamError):
        _forecast(**change).checked()


@pytest.fixture
def cache(tmp_path, server_db):
    engine = make_engine(server_db.url(tmp_path / "c.sqlite3"))
    yield AreaCache(engine, lease_s=120.0)
    engine.dispose()


T = 1_796_000_000.0 - 1_796_000_000.0 % 3600 + 300  # five past an hour


def test_a_crashed_workers_claim_lapses(cache):
    calls = []

    def refresh():
        calls.append(1)
        return {"n": len(calls)}, T

    cache._create("k")
    assert cache._claim("k", T)  # a worker claimed, then died before answering
    pending = cache.get("k", refresh, T + 60)
    assert pending.refreshing and pending.payload is None and calls == []
    done = cache.get("k", refresh, T + 121)
    assert done.payload == {"n": 1} and not done.refreshing and not done.stale


def test_a_bug_in_a_provider_is_a_failed_refresh_not_a_stuck_claim(cache):
    def broken():
        raise KeyError("hourly")

    got = cache.get("k", broken, T)
    assert got.payload is None and got.failures == 1 and not got.refreshing
    assert got.error == "internal error: KeyError"
    assert cache.get("k", lambda: ({"ok": True}, T), T + 600).payload == {"ok": True}
