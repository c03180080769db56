"""HistoryService: queries on a worker, newest request wins, work only while active."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain.periods import HistoryRequest, Period
from app.domain.series import SeriesKind, SeriesSpec
from app.services.history_service import HistoryService
from app.store import open_store

TZ = "Asia/Tokyo"
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=ZoneInfo(TZ)).timestamp()
TODAY = date(2026, 11, 25)
PAST = date(2025, 3, 3)


def req(anchor: date = PAST, period: Period = Period.DAY, key: str = "p") -> HistoryRequest:
    return HistoryRequest((key,), period, anchor)


class FakeQuery:
    """Answers with what it was asked; can hold a call until released."""

    def __init__(self) -> None:
        self.calls: list[object] = []
        self.threads: list[str] = []
        self.gate = threading.Event()
        self.gate.set()
        self.started = threading.Event()
        self.closed = False
        self.fail: str | None = None

    def _record(self, what: object) -> object:
        self.calls.append(what)
        self.threads.append(threading.current_thread().name)
        self.started.set()
        self.gate.wait(5)
        if self.fail:
            raise OSError(self.fail)
        return what

    def __call__(self, request: HistoryRequest) -> object:
        return self._record(request)

    def ranking(self, period: Period, anchor: date) -> object:
        return self._record(("ranking", period, anchor))

    def balance(self, period: Period, anchor: date) -> object:
        return self._record(("balance", period, anchor))

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake():
    return FakeQuery()


@pytest.fixture
def make_service(fake: FakeQuery):
    made: list[HistoryService] = []

    def make(refresh_ms: int = 3000, now: float = NOW) -> HistoryService:
        service = HistoryService(_no_store, lambda: now, TZ, refresh_ms, make_query=lambda: fake)
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def _no_store():
    raise AssertionError("the fake query opens no store")


def test_request_runs_on_the_worker_and_emits_its_result(qtbot, make_service, fake) -> None:
    service = make_service()
    service.set_active(True)
    with qtbot.waitSignal(service.result_ready, timeout=5000) as blocker:
        service.request(req())
    assert blocker.args == [req()]
    assert service.last_result == req()
    assert threading.main_thread().name not in fake.threads


def test_an_inactive_service_does_no_work(qtbot, make_service, fake) -> None:
    service = make_service(refresh_ms=20)
    service.request(req(PAST, Period.LIVE))  # LIVE ends now, whatever its anchor
    service.request_ranking(Period.DAY, PAST)
    qtbot.wait(150)
    assert fake.calls == [] and not service.refreshing  # no timer, no query
    with qtbot.waitSignal(service.result_ready, timeout=5000):
        service.set_active(True)  # what was asked meanwhile runs now
    qtbot.waitUntil(lambda: len(fake.calls) >= 4, timeout=5000)  # and LIVE keeps refreshing
    service.set_active(False)
    assert not service.refreshing
    qtbot.wait(20)  # a call in flight may still finish
    count = len(fake.calls)
    qtbot.wait(200)
    assert len(fake.calls) == count


def test_swiping_coalesces_and_only_the_newest_result_is_emitted(qtbot, make_service,
                                                                 fake) -> None:
    service = make_service()
    service.set_active(True)
    emitted: list[object] = []
    service.result_ready.connect(emitted.append)
    fake.gate.clear()
    anchors = [PAST + timedelta(days=i) for i in range(5)]
    service.request(req(anchors[0]))
    assert fake.started.wait(5)  # the first query is running and held
    for anchor in anchors[1:]:
        service.request(req(anchor))
    fake.gate.set()
    qtbot.waitUntil(lambda: len(emitted) >= 1, timeout=5000)
    qtbot.wait(150)
    assert emitted == [req(anchors[4])]  # not the superseded first one
    assert fake.calls == [req(anchors[0]), req(anchors[4])]  # nothing stale queued


def test_a_request_for_today_refreshes_and_a_past_one_does_not(qtbot, make_service,
                                                               fake) -> None:
    service = make_service(refresh_ms=20)
    service.set_active(True)
    with qtbot.waitSignal(service.result_ready, timeout=5000):
        service.request(req(PAST))
    assert not service.refreshing
    qtbot.wait(150)
    assert fake.calls == [req(PAST)]
    month = req(TODAY - timedelta(days=3), Period.MONTH)  # November includes today
    service.request(month)
    assert service.refreshing
    qtbot.waitUntil(lambda: fake.calls.count(month) >= 3, timeout=5000)
    service.request(req(PAST))  # stepping back to the past stops the refreshing
    assert not service.refreshing


def test_a_period_that_just_ended_refreshes_a_little_longer(qtbot, fake) -> None:
    just_after_midnight = NOW - 14 * 3600 + 60  # 00:01 on the 25th
    service = HistoryService(_no_store, lambda: just_after_midnight, TZ, 20,
                             make_query=lambda: fake)
    try:
        service.set_active(True)
        service.request(req(TODAY - timedelta(days=1)))  # yesterday's last minutes still arrive
        assert service.refreshing
    finally:
        service.shutdown()


def test_ranking_and_balance_come_on_their_own_signals(qtbot, make_service, fake) -> None:
    service = make_service()
    service.set_active(True)
    with qtbot.waitSignal(service.ranking_ready, timeout=5000) as ranking:
        service.request_ranking(Period.MONTH, PAST)
    assert ranking.args == [("ranking", Period.MONTH, PAST)]
    with qtbot.waitSignal(service.balance_ready, timeout=5000) as balance:
        service.request_balance(Period.YEAR, PAST)
    assert balance.args == [("balance", Period.YEAR, PAST)]
    assert service.last_ranking == ranking.args[0] and service.last_balance == balance.args[0]


def test_kinds_do_not_supersede_each_other(qtbot, make_service, fake) -> None:
    service = make_service()
    service.set_active(True)
    fake.gate.clear()
    service.request_balance(Period.DAY, PAST)
    assert fake.started.wait(5)
    service.request(req())
    service.request_ranking(Period.DAY, PAST)
    with qtbot.waitSignals([service.balance_ready, service.result_ready,
                            service.ranking_ready], timeout=5000):
        fake.gate.set()
    assert fake.calls[1] == req()  # the graph goes before the ranking


def test_a_failing_query_reports_an_error(qtbot, make_service, fake) -> None:
    service = make_service()
    service.set_active(True)
    fake.fail = "disk gone"
    with qtbot.waitSignal(service.error, timeout=5000) as blocker:
        service.request(req())
    assert "disk gone" in blocker.args[0]
    assert service.last_result is None


def test_shutdown_closes_the_query(qtbot, make_service, fake) -> None:
    service = make_service()
    service.set_active(True)
    with qtbot.waitSignal(service.result_ready, timeout=5000):
        service.request(req())
    service.shutdown()
    assert fake.closed and not service.active
    service.request(req(TODAY))  # ignored after shutdown, no error
    qtbot.wait(50)
    assert fake.calls == [req()]


def test_with_the_store(qtbot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(data, TZ) as store:
        store.define_series([SeriesSpec("p", SeriesKind.POWER, "W")])
        start = int(datetime(2025, 3, 3, tzinfo=ZoneInfo(TZ)).timestamp()) // 60
        store.append(start, {"p": np.full(120, 300.0)})
    service = HistoryService(lambda: open_store(data, TZ), lambda: NOW, TZ)
    try:
        service.set_active(True)
        with qtbot.waitSignal(service.result_ready, timeout=10_000) as blocker:
            service.request(req(PAST))
        result = blocker.args[0]
        assert len(result.x) == 48 and result.total("p") == pytest.approx(0.6)
        assert result.values["p"][:4] == pytest.approx([0.15] * 4)
    finally:
        service.shutdown()


def test_importing_the_service_loads_no_numpy() -> None:
    code = ("import sys, app.services.history_service\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'numpy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
