"""A long-poll of the commands relay ends when the real server (uvicorn) begins to shut
down: the caller gets its answer, and the server exits by itself instead of waiting out
the poll (EmbeddedServer.stop kills a server that has not ended within 10 s)."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime

import pytest
import requests
from sqlmodel import select

from server import remote_access
from server.db import make_engine, session_scope
from server.embedded import start_embedded
from server.models import RemoteToken
from tests.server.conftest import reg_body

pytestmark = pytest.mark.sqlite_only  # the uvicorn process; the engine plays no part


def test_a_waiting_caller_is_answered_when_the_server_stops(tmp_path):
    server = start_embedded(tmp_path / "center", extra_args=["--register-limit", "100"])
    try:
        panel = requests.post(f"{server.url}/v1/devices", json=reg_body(), timeout=10).json()
        engine = make_engine(f"sqlite:///{tmp_path / 'center' / 'center.sqlite3'}")
        now = datetime.now(UTC)
        with session_scope(engine) as session:
            code, _ = remote_access.issue_code(session, panel["device_id"], now)
            session.commit()
        with session_scope(engine) as session:
            token, _ = remote_access.redeem_code(session, code, "speaker", now)
            session.commit()
        auth = {"Authorization": f"Bearer {panel['token']}"}
        light = {"id": "10.0.0.8/029001", "class": "0x0290", "name": "", "actions": ["power"]}
        requests.put(f"{server.url}/v1/devices/me/remote-devices", headers=auth, timeout=10,
                     json={"allowed": True, "devices": [light]}).raise_for_status()
        caller = {"Authorization": f"Bearer {token}"}
        sent = requests.post(f"{server.url}/v1/homes/{panel['device_id']}/commands",
                             headers=caller, timeout=10,
                             json={"request_id": "r", "device": light["id"],
                                   "action": "power", "value": "on"}).json()
        answers: list[requests.Response] = []

        def wait() -> None:  # nobody claims it: only the shutdown ends this wait
            answers.append(requests.get(
                f"{server.url}/v1/homes/{panel['device_id']}/commands/{sent['id']}",
                params={"wait": 25}, headers=caller, timeout=60))

        # The wait is under way once the server has seen the request: the token's use is
        # noted once a minute, so clear the POST's note and watch for the GET's.
        with session_scope(engine) as session:
            row = session.exec(select(RemoteToken)).one()
            assert row.last_used is not None
            row.last_used = None
            session.add(row)
            session.commit()
        waiting = threading.Thread(target=wait)
        waiting.start()
        try:
            seen = threading.Event()
            while not seen.wait(0.05):
                with session_scope(engine) as session:
                    if session.exec(select(RemoteToken)).one().last_used is not None:
                        seen.set()
            server.stop()
        finally:
            waiting.join()
            engine.dispose()
        # Ended by itself (uvicorn exits with the signal it was stopped by), not killed.
        assert server.process.returncode in (0, -signal.SIGTERM)
        assert answers[0].status_code == 200 and answers[0].json()["state"] == "queued"
    finally:
        server.stop()
