"""Housekeeping: at start in each worker, then hourly in one of them (the turn:
test_shared_state.py), what nothing else would remove."""

from __future__ import annotations

import threading

from sqlmodel import select

from server import app as app_module
from server.db import session_scope
from server.models import AttemptCounter
from server.retention import housekeep
from tests.server.conftest import make_center


def test_a_worker_housekeeps_at_start_and_periodically(tmp_path, monkeypatch):
    calls: list[int] = []
    twice = threading.Event()

    def counting(center):
        calls.append(1)
        if len(calls) >= 2:
            twice.set()
        return (0, 0, 0)

    monkeypatch.setattr(app_module, "housekeep", counting)
    with make_center(tmp_path, housekeeping_s=0.01):
        assert twice.wait(timeout=30)  # at start, then again without a restart


def test_housekeeping_drops_lapsed_attempt_counters(api):
    """Counters name client addresses: kept one day (the longest window), not forever."""
    center = api.app.state.center
    now = 2_000_000_000.0
    center.clock = lambda: now
    day = 24 * 3600
    with session_scope(center.engine) as s:
        s.add(AttemptCounter(scope="addr:198.51.100.7", window_start=now - day - 60, count=3))
        s.add(AttemptCounter(scope="addr:198.51.100.8", window_start=now - 60, count=1))
        s.commit()
    housekeep(center)
    with session_scope(center.engine) as s:
        assert [c.scope for c in s.exec(select(AttemptCounter))] == ["addr:198.51.100.8"]
