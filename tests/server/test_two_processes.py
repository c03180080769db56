"""Two `hems-center` processes (the real command line) on one database and one blob
store behave as one server: a device registered on one backs up through the other and
is restored through the first; the limits count across both; a panel unregistered
through one leaves no row in the database and no object in the store. On SQLite with a
shared blob directory, and on PostgreSQL with a bucket of the loopback S3 endpoint
(moto's server), as a fleet is deployed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select

from server.db import normalize_url
from server.embedded import EmbeddedServer, start_embedded
from server.models import ServerModel
from tests.server.conftest import bucket_objects, reg_body, s3_storage


def _start(tmp_path: Path, name: str, url: str, store_options: list[str],
           *extra: str) -> EmbeddedServer:
    data = tmp_path / name
    data.mkdir(mode=0o700)
    if not store_options:
        os.symlink(tmp_path / "blobs", data / "blobs")  # its own data directory, one store
    return start_embedded(data, timeout=60.0, extra_args=[
        "--database", url, "--register-limit", "3",
        "--resources", str(Path(__file__).resolve().parents[2] / "resources"),
        *store_options, *extra])


class BlobStore:
    """The one store both processes use: their options, and what it holds."""

    def __init__(self, tmp_path: Path, kind: str, endpoint: str) -> None:
        self.bucket = s3_storage(endpoint) if kind == "s3" else None
        self.dir = tmp_path / "blobs"
        if self.bucket is None:
            self.dir.mkdir(mode=0o700)
            self.options: list[str] = []
        else:
            self.options = ["--blob-url", f"s3://{self.bucket.location.bucket}/backups",
                            "--s3-endpoint", endpoint]

    def names(self) -> list[str]:
        """Every blob, as an operator listing the bucket or the directory sees it."""
        if self.bucket is not None:
            return bucket_objects(self.bucket)
        return sorted(str(p.relative_to(self.dir)) for p in self.dir.rglob("*") if p.is_file())

    def close(self) -> None:
        if self.bucket is not None:
            self.bucket.close()


@pytest.fixture
def store(tmp_path, storage_kind, s3_endpoint, monkeypatch) -> Iterator[BlobStore]:
    # The servers' credentials for the loopback endpoint (moto takes any).
    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                        ("AWS_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    blobs = BlobStore(tmp_path, storage_kind, s3_endpoint)
    yield blobs
    blobs.close()


@pytest.fixture
def two_servers(tmp_path, server_db, store):
    url = server_db.url(tmp_path / "shared.sqlite3")
    one = _start(tmp_path, "one", url, store.options)
    try:
        two = _start(tmp_path, "two", url, store.options)
    except BaseException:
        one.stop()
        raise
    try:
        with Client(one.url) as a, Client(two.url) as b:
            yield a, b
    finally:
        one.stop()
        two.stop()


def _rows_naming(url: str, secrets: list[str]) -> list[str]:
    """Every row of every server table that contains one of `secrets`, as text."""
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            return [f"{table.name}: {row}" for table in ServerModel.metadata.sorted_tables
                    for row in conn.execute(select(table))
                    if any(s in str(tuple(row)) for s in secrets)]
    finally:
        engine.dispose()


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


def _backup(client: Client, device: dict, payload: bytes, **headers: str) -> str:
    r = client.post("/v1/devices/me/backups", data=payload, headers=device["auth"] | {
        "Content-Type": "application/octet-stream", "X-Backup-Kind": "full",
        "X-Backup-SHA256": hashlib.sha256(payload).hexdigest()} | headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_register_on_one_back_up_on_the_other_restore_on_the_first(two_servers, store,
                                                                    server_db, tmp_path):
    a, b = two_servers
    assert a.base != b.base
    old = _register(a)
    payload = os.urandom(300_000)
    backup_id = _backup(b, old, payload)
    assert [n for n in store.names() if n.endswith(backup_id)], store.names()
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
    gone = _register(b)
    for client in (a, b):
        r = client.post("/v1/devices", json=reg_body())
        assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"

    # Wrong confirmation codes: 5 per address, spread over both; the 6th is refused.
    target = old["device_code"]
    codes = [(a, b)[i % 2].post("/v1/restore", headers=new["auth"], json={
        "device_code": target, "confirmation_code": f"{i:08d}"}).status_code
        for i in range(6)]
    assert codes == [403] * 5 + [429]

    # A panel backs up through both, then unregisters through one: nothing of it is
    # left in the database or the store; the other households' data is.
    full = _backup(a, gone, os.urandom(200_000))
    increment = _backup(b, gone, b"increment", **{"X-Backup-Kind": "incremental",
                                                  "X-Backup-Base": full})
    secrets = [gone["device_id"], gone["device_code"], full, increment]
    url = server_db.url(tmp_path / "shared.sqlite3")
    assert _rows_naming(url, secrets) and [n for n in store.names() if full in n]
    assert b.delete("/v1/devices/me", headers=gone["auth"]).status_code == 204
    assert a.get("/v1/devices/me", headers=gone["auth"]).status_code == 401
    assert _rows_naming(url, secrets) == []
    left = store.names()
    assert not [n for n in left if full in n or increment in n], left
    assert [n for n in left if backup_id in n]  # the restored household's backup stays


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(x) for x in text]
    return found


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_workers_option_runs_that_many_processes_on_one_socket(tmp_path, server_db, store):
    """`hems-center --workers 2`: two worker processes serve, and end with the server."""
    server = _start(tmp_path, "one", server_db.url(tmp_path / "shared.sqlite3"),
                    store.options, "--workers", "2")
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


def test_a_worker_ready_after_the_port_was_taken_starts_all_the_same(tmp_path):
    """With --workers, server.embedded reads the first worker's port file and removes it
    with its folder; a worker ready after that must not fail its start-up (it did:
    uvicorn then stopped every worker)."""
    from server.main import _on_ready, build_parser

    gone = tmp_path / "taken" / "port"
    args = build_parser().parse_args(["--data", str(tmp_path), "--port-file", str(gone)])
    _on_ready(args, 8471, worker=True)()  # the folder is gone: nothing to announce to
    with pytest.raises(FileNotFoundError):  # a single server must say it could not
        _on_ready(args, 8471)()
    gone.parent.mkdir()
    _on_ready(args, 8471, worker=True)()
    assert gone.read_text() == "8471\n" and [p.name for p in gone.parent.iterdir()] == ["port"]
