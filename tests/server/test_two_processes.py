"""Two `hems-center` processes (the real command line) on one database and one blob
directory behave as one server: a device registered on one backs up through the other
and is restored through the first; the limits count across both. On SQLite (a shared
file) and on PostgreSQL."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import requests

from server.embedded import EmbeddedServer, start_embedded
from tests.server.conftest import reg_body


def _start(tmp_path: Path, name: str, url: str, blobs: Path, *extra: str) -> EmbeddedServer:
    data = tmp_path / name
    data.mkdir(mode=0o700)
    os.symlink(blobs, data / "blobs")  # its own data directory, the one blob store
    return start_embedded(data, timeout=60.0, extra_args=[
        "--database", url, "--register-limit", "3",
        "--resources", str(Path(__file__).resolve().parents[2] / "resources"), *extra])


@pytest.fixture
def two_servers(tmp_path, server_db):
    blobs = tmp_path / "blobs"
    blobs.mkdir(mode=0o700)
    url = server_db.url(tmp_path / "shared.sqlite3")
    one = _start(tmp_path, "one", url, blobs)
    try:
        two = _start(tmp_path, "two", url, blobs)
    except BaseException:
        one.stop()
        raise
    try:
        with Client(one.url) as a, Client(two.url) as b:
            yield a, b, blobs
    finally:
        one.stop()
        two.stop()


class Client(requests.Session):
    """requests with a base URL."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base + url, *args, **kwargs)


def _register(client: Client) -> dict:
    body = reg_body()
    r = client.post("/v1/devices", json=body)
    assert r.status_code == 201, r.text
    return r.json() | body | {"auth": {"Authorization": f"Bearer {r.json()['token']}"}}


def test_register_on_one_back_up_on_the_other_restore_on_the_first(two_servers):
    a, b, blobs = two_servers
    assert a.base != b.base
    old = _register(a)
    payload = os.urandom(300_000)
    sha = hashlib.sha256(payload).hexdigest()
    r = b.post("/v1/devices/me/backups", data=payload, headers=old["auth"] | {
        "Content-Type": "application/octet-stream", "X-Backup-Kind": "full",
        "X-Backup-SHA256": sha})
    assert r.status_code == 201, r.text
    backup_id = r.json()["id"]
    assert [p.name for p in blobs.rglob(backup_id)] == [backup_id]
    assert [x["id"] for x in a.get("/v1/devices/me/backups",
                                   headers=old["auth"]).json()["backups"]] == [backup_id]

    new = _register(b)
    r = a.post("/v1/restore", headers=new["auth"], json={
        "device_code": old["device_code"], "confirmation_code": old["confirmation_code"]})
    assert r.status_code == 200, r.text
    grant = r.json()
    assert [c["id"] for c in grant["chain"]] == [backup_id]
    got = a.get(f"/v1/restore/{grant['restore_id']}/backups/{backup_id}", headers=new["auth"])
    assert got.status_code == 200 and got.content == payload
    # The takeover retired the old panel on both.
    for client in (a, b):
        assert client.get("/v1/devices/me", headers=old["auth"]).status_code == 401

    # Registrations: 3 per address and minute over both together (two made above).
    assert b.post("/v1/devices", json=reg_body()).status_code == 201
    for client in (a, b):
        r = client.post("/v1/devices", json=reg_body())
        assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"

    # Wrong confirmation codes: 5 per address, spread over both; the 6th is refused.
    target = old["device_code"]
    codes = [(a, b)[i % 2].post("/v1/restore", headers=new["auth"], json={
        "device_code": target, "confirmation_code": f"{i:08d}"}).status_code
        for i in range(6)]
    assert codes == [403] * 5 + [429]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(x) for x in text]
    return found


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_workers_option_runs_that_many_processes_on_one_socket(tmp_path, server_db):
    """`hems-center --workers 2`: two worker processes serve, and end with the server."""
    blobs = tmp_path / "blobs"
    blobs.mkdir(mode=0o700)
    server = _start(tmp_path, "one", server_db.url(tmp_path / "shared.sqlite3"), blobs,
                    "--workers", "2")
    try:
        # uvicorn's supervisor: its spawn's resource tracker, and the two workers.
        workers = [p for p in _children(server.process.pid)
                   if "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text()]
        assert len(workers) == 2
        with Client(server.url) as client:
            dev = _register(client)
            # New connections are spread over the workers; every answer agrees.
            for _ in range(6):
                with Client(server.url) as fresh:
                    assert fresh.get("/v1/devices/me", headers=dev["auth"]).status_code == 200
    finally:
        server.stop()
    assert not [p for p in workers if _alive(p)]
