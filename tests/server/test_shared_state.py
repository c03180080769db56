"""Workers share nothing in memory: two apps (two engines, two data directories) on one
database behave as one server. Each test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from server import security
from server.config import load_schedule_key
from server.db import connect
from server.routes import devices
from server.shared_state import claim_turn
from tests.loopback import free_port
from tests.server.conftest import make_center, reg_body, register


def _workers(tmp_path: Path, server_db, **settings) -> tuple[TestClient, TestClient]:
    """Two centers with their own data directories (and schedule.key) on one database."""
    url = server_db.url(tmp_path / "shared.sqlite3")
    return (make_center(tmp_path / "one", database_url=url, **settings),
            make_center(tmp_path / "two", database_url=url, **settings))


def _publish_terms(docs: Path, version: str) -> None:
    for lang, title in (("ja", "新規約"), ("en", "New terms")):
        (docs / "terms" / f"{version}.{lang}.md").write_text(f"# {title}\n\n本文\n",
                                                            encoding="utf-8")


def test_new_terms_are_announced_once_by_all_workers(tmp_path, server_db):
    one, two = _workers(tmp_path, server_db)
    with one, two:
        devices = [register(one) for _ in range(4)]
        for center in ("one", "two"):
            _publish_terms(tmp_path / center / "documents", "2027-04-01")

        def poll(i: int) -> int:
            api = (one, two)[i % 2]
            return api.get("/v1/notices", headers=devices[i % 4]["auth"]).status_code

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(poll, range(32))) == {200}
        notices = one.get("/v1/notices", headers=devices[0]["auth"]).json()["notices"]
        assert [n["kind"] for n in notices] == ["terms"]
        assert "2027-04-01" in notices[0]["body"]["en"]


def test_a_worker_still_on_older_terms_announces_nothing(tmp_path, server_db):
    """A rolling update: one worker has the new files, the other not yet."""
    one, two = _workers(tmp_path, server_db)
    with one, two:
        dev = register(one)
        _publish_terms(tmp_path / "one" / "documents", "2027-04-01")
        for api in (one, two, one, two):
            assert api.get("/v1/notices", headers=dev["auth"]).status_code == 200
        notices = two.get("/v1/notices", headers=dev["auth"]).json()["notices"]
        assert [n["kind"] for n in notices] == ["terms"]


def test_every_worker_gives_a_device_the_same_backup_time(tmp_path, server_db):
    one, two = _workers(tmp_path, server_db)
    with one:
        dev = register(one)  # the first server on the database: its key is kept
    first_key = load_schedule_key(tmp_path / "one" / "data")
    assert first_key != load_schedule_key(tmp_path / "two" / "data")
    with one, two:
        for day in ("2026-12-05", "2026-12-06", "2027-01-01"):
            times = {api.get(f"/v1/devices/me/backup-time?date={day}",
                             headers=dev["auth"]).json()["time"] for api in (one, two)}
            minute = security.backup_minute(first_key, dev["device_id"], day)
            assert times == {f"{minute // 60:02d}:{minute % 60:02d}"}


class _ReadTogether:
    """A session whose lookups (SELECTs) are answered only once two requests have made
    theirs: both registrations find the code free, and both insert it."""

    def __init__(self, session, turns) -> None:
        self._session = session
        self._turns = turns  # yields the barrier for the first two lookups, then None

    def exec(self, statement):
        result = self._session.exec(statement)
        barrier = next(self._turns, None) if statement.is_select else None
        if barrier is None:
            return result
        rows = _Rows(result.all())
        barrier.wait()
        return rows

    def __getattr__(self, name):
        return getattr(self._session, name)


class _Rows(list):
    def first(self):
        return self[0] if self else None


def test_a_panel_registering_at_once_on_two_workers_gets_one_device(tmp_path, server_db,
                                                                    monkeypatch):
    """The panel's retry races its first request (a lost answer): both find the code
    free, the database lets one insert win, and the other request reissues the secrets
    of the same device instead of failing."""
    one, two = _workers(tmp_path, server_db)
    body = reg_body()
    barrier = threading.Barrier(2, timeout=30)
    turns = iter([barrier, barrier])
    real_scope = devices.session_scope

    @contextmanager
    def racing_scope(engine):
        with real_scope(engine) as session:
            yield _ReadTogether(session, turns)

    monkeypatch.setattr(devices, "session_scope", racing_scope)
    with one, two:
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(
                lambda api: api.post("/v1/devices", json=body), (one, two)))
        assert [r.status_code for r in answers] == [201, 201], [r.text for r in answers]
        assert len({r.json()["device_id"] for r in answers}) == 1
        alive = [r for r in answers if one.get("/v1/devices/me", headers={
            "Authorization": f"Bearer {r.json()['token']}"}).status_code == 200]
        assert len(alive) == 1  # the last answer's token; the earlier ones were replaced
        with one.app.state.center.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM device")).scalar() == 1


def _assert_503(r) -> None:
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "unavailable"
    assert int(r.headers["Retry-After"]) > 0
    assert "Traceback" not in r.text


def test_a_database_that_is_away_answers_503_with_retry_after(tmp_path, caplog):
    """Nobody listens where the database should be: 503 and a retry hint, no traceback."""
    from server.config import DbPool

    with make_center(tmp_path) as api:
        dev = register(api)
        center = api.app.state.center
        working = center.engine
        center.engine = connect(f"postgresql://hems@127.0.0.1:{free_port()}/gone",
                                DbPool(connect_timeout_s=2))
        try:
            _assert_503(api.get("/v1/devices/me", headers=dev["auth"]))
            _assert_503(api.post("/v1/devices", json=reg_body()))
        finally:
            center.engine.dispose()
            center.engine = working
        assert api.get("/v1/devices/me", headers=dev["auth"]).status_code == 200
    assert not [r for r in caplog.records if r.exc_info]  # logged as one line


def test_a_server_started_without_its_database_says_so_in_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "server", "--data", str(tmp_path / "d"), "--port", "0",
         "--database", f"postgresql://hems@127.0.0.1:{free_port()}/gone"],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("hems-center: the database is unavailable: ")
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


def test_no_free_connection_in_time_answers_503(tmp_path, server_db):
    with make_center(tmp_path) as api:
        dev = register(api)
        center = api.app.state.center
        working = center.engine
        center.engine = sa.create_engine(working.url, pool_size=1, max_overflow=0,
                                         pool_timeout=0.2)
        try:
            with center.engine.connect():  # the one connection, busy
                _assert_503(api.get("/v1/devices/me", headers=dev["auth"]))
        finally:
            center.engine.dispose()
            center.engine = working


def test_one_worker_takes_each_housekeeping_turn_and_another_takes_over(tmp_path, server_db):
    """Every worker asks for the periodic housekeeping turn; of workers asking at once
    exactly one gets it, nobody before it is due again, and when the worker that had it
    is gone, the next one to ask after it is due takes it."""
    one, two = _workers(tmp_path, server_db, housekeeping_s=3600)
    with one, two:
        engines = [api.app.state.center.engine for api in (one, two)]
        key, every = "test.turn", 600.0
        now = 2_000_000_000.0
        barrier = threading.Barrier(8, timeout=30)

        def ask(i: int) -> bool:
            barrier.wait()
            return claim_turn(engines[i % 2], key, now, every)

        with ThreadPoolExecutor(8) as pool:
            assert sum(pool.map(ask, range(8))) == 1
        assert not claim_turn(engines[0], key, now + every - 1, every)
        assert not claim_turn(engines[1], key, now + every - 1, every)
        # Worker one stopped asking: worker two, asking late, gets the turn.
        assert claim_turn(engines[1], key, now + every + 30, every)
        assert not claim_turn(engines[0], key, now + every + 31, every)


def test_workers_starting_together_on_one_data_directory_read_one_schedule_key(
        tmp_path, monkeypatch):
    """hems-center@.service's instances share their state directory: a worker that finds
    no key, while another writes its own, must take the other's (it crashed instead)."""
    import tempfile

    data = tmp_path / "state"
    data.mkdir()
    real_mkstemp = tempfile.mkstemp
    other: list[bytes] = []

    def another_worker_first(*args, **kwargs):
        if not other:  # between this worker's look and its write
            monkeypatch.setattr(tempfile, "mkstemp", real_mkstemp)
            other.append(load_schedule_key(data))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", another_worker_first)
    key = load_schedule_key(data)
    assert other and key == other[0] and len(key) == 32
    assert [p.name for p in data.iterdir()] == ["schedule.key"]  # no temp file left
    assert load_schedule_key(data) == key


def test_a_schedule_key_cut_short_is_replaced(tmp_path):
    data = tmp_path / "state"
    data.mkdir()
    (data / "schedule.key").write_bytes(b"short")
    key = load_schedule_key(data)
    assert len(key) == 32 and (data / "schedule.key").read_bytes() == key
