"""A center server per test, over FastAPI's TestClient, with its own documents copy.

Every test here runs on SQLite (the data directory's file) and on PostgreSQL (a database
of its own, copied from a migrated template, in a cluster the session starts:
tests/server/pg_cluster.py). Tests about SQLite's files are marked `sqlite_only`.

Backup blobs are files, or (tests that take `new_center` or `blob_api`, run once per
store) objects in a fresh bucket of an S3 endpoint on loopback: moto's server, started
once per session on 127.0.0.1 (its thread predates every test's hygiene check; each
test closes its own connections to it, which ends the threads serving them).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import secrets
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.config import RESOURCES_DIR, make_settings
from server.db import make_engine
from server.security import code_for_key
from server.storage import FileSystemStorage
from tests.current_documents import PRIVACY, TERMS
from tests.server.pg_cluster import SKIP_ENV, PgCluster, PgUnavailable

ENGINES = ("sqlite", "postgresql")
_TEMPLATE = "center_template"
_names = itertools.count(1)

HOUSEHOLD = {"prefecture": "13", "city_code": "13112", "postal_code": "154-0001",
             "household_size": 3, "building_type": "detached",
             "energies": ["electricity", "gas", "solar"]}


def identity() -> dict:
    """A new panel: its registration key and the device code that belongs to it."""
    key = secrets.token_hex(32)
    return {"device_code": code_for_key(key), "registration_key": key}


def reg_body(**extra) -> dict:
    return identity() | {"terms_version": TERMS, "privacy_version": PRIVACY,
                         "household": HOUSEHOLD} | extra


class ServerDb:
    """The database of one test's centers; on PostgreSQL created when first asked for."""

    def __init__(self, engine: str, cluster: PgCluster | None = None) -> None:
        self.engine = engine
        self._cluster = cluster
        self._name: str | None = None
        self._empty: list[str] = []

    @property
    def database_url(self) -> str | None:
        """For Settings.database_url: None on SQLite (the data directory's file)."""
        if self._cluster is None:
            return None
        if self._name is None:
            self._name = f"t{os.getpid()}_{next(_names)}"
            self._cluster.create_database(self._name, template=_TEMPLATE)
        return self._cluster.url(self._name)

    def url(self, sqlite_file: Path) -> str:
        """An explicit URL: `sqlite_file` on SQLite, this test's database on PostgreSQL."""
        return self.database_url or f"sqlite:///{sqlite_file}"

    def empty_url(self, sqlite_file: Path) -> str:
        """A database without tables: `sqlite_file`, or another database in the cluster."""
        if self._cluster is None:
            return f"sqlite:///{sqlite_file}"
        name = f"e{os.getpid()}_{next(_names)}"
        self._empty.append(name)
        return self._cluster.create_database(name)

    def cli_args(self) -> list[str]:
        """`hems-center` options that point a command at this test's database."""
        url = self.database_url
        return ["--database", url] if url else []

    def drop(self) -> None:
        if self._cluster is None:
            return
        for name in [self._name, *self._empty]:
            if name is not None:
                self._cluster.drop_database(name)


_current: ServerDb | None = None  # the running test's, for make_center


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One throwaway cluster for the session, with a template database at head.

    Missing binaries fail the PostgreSQL variants (CI must not pass without them);
    HEMS_TEST_SKIP_PG=1 skips them instead, for a developer machine without PostgreSQL.
    """
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: the PostgreSQL variants are skipped")
    try:
        cluster = PgCluster.start()
    except PgUnavailable as exc:
        why = str(exc)
    else:
        why = ""
    if why:  # outside the except: the message alone, not a chain of tracebacks
        pytest.fail(why, pytrace=False)
    try:
        make_engine(cluster.create_database(_TEMPLATE)).dispose()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(autouse=True, params=ENGINES)
def server_db(request) -> Iterator[ServerDb]:
    global _current
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    db = ServerDb(request.param, cluster)
    _current = db
    try:
        yield db
    finally:
        _current = None
        db.drop()


# Tests that take a blob store run it with the engine it is deployed with: files beside
# SQLite (the embedded server, one machine), a bucket beside PostgreSQL (a fleet). Each
# engine and each store is covered; the cross product would double those tests' time
# for pairings that share no code (the store never sees the database).
STORE_OF_ENGINE = {"sqlite": "fs", "postgresql": "s3"}


def _wanted(item: pytest.Item) -> bool:
    spec = getattr(item, "callspec", None)
    if spec is None:
        return True
    engine, store = spec.params.get("server_db"), spec.params.get("storage_kind")
    if engine == "postgresql" and item.get_closest_marker("sqlite_only"):
        return False  # about SQLite's own files
    if engine == "sqlite" and item.get_closest_marker("postgresql_only"):
        return False  # a fleet's deployment: PostgreSQL and a bucket
    return store is None or engine is None or STORE_OF_ENGINE[engine] == store


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep, drop = [], []
    for item in items:
        (keep if _wanted(item) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def make_center(tmp_path: Path, storage=None, **overrides) -> TestClient:
    docs = tmp_path / "documents"
    if not docs.exists():
        shutil.copytree(RESOURCES_DIR / "documents", docs)
    overrides.setdefault("register_limit", 1000)
    if _current is not None:
        overrides.setdefault("database_url", _current.database_url)
    settings = make_settings(tmp_path / "data", documents_dir=docs, **overrides)
    return TestClient(create_app(settings, storage=storage))


@pytest.fixture
def api(tmp_path):
    with make_center(tmp_path) as client:
        yield client


S3_PART = 5 * 1024 * 1024  # S3's (and moto's) smallest part: tests go multipart above it


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    yield f"http://{host}:{port}"
    moto.stop()


def s3_storage(endpoint: str, bucket: str | None = None, create: bool = True, **options):
    """An S3BlobStorage on the loopback endpoint, in a new bucket of its own."""
    import boto3

    from server.storage_s3 import S3BlobStorage, S3Location

    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                    region_name="us-east-1")
    options.setdefault("multipart_threshold", S3_PART)
    options.setdefault("part_size", S3_PART)
    store = S3BlobStorage(S3Location(bucket or f"hems-{uuid.uuid4().hex[:16]}", "backups/"),
                          endpoint_url=endpoint, session=session, **options)
    if create:
        store.client.create_bucket(Bucket=store.location.bucket)
    return store


def bucket_objects(store) -> list[str]:
    """Every object key in the bucket, prefix or not: what an operator would see."""
    answer = store.client.list_objects_v2(Bucket=store.location.bucket)
    return sorted(o["Key"] for o in answer.get("Contents", []))


def half_uploads(store) -> list[str]:
    """What uploads cut short left: temp files, or multipart uploads never completed."""
    if isinstance(store, FileSystemStorage):
        return [p.name for p in store.root.rglob(".tmp-*")]
    answer = store.client.list_multipart_uploads(Bucket=store.location.bucket)
    return [u["Key"] for u in answer.get("Uploads", [])]


def abandon_upload(store, key: str, size: int) -> None:
    """An upload whose worker was killed after `size` bytes: neither committed nor
    aborted (for files, the dead process's descriptor is closed by the kernel)."""
    writer = store.begin(key)
    writer.write(b"h" * size)
    if isinstance(store, FileSystemStorage):
        writer._file.close()


@pytest.fixture(params=["fs", "s3"])
def storage_kind(request) -> str:
    return request.param


@pytest.fixture
def blob_store(storage_kind, s3_endpoint) -> Iterator[object | None]:
    """The store under test: None (make_center's files under data/blobs) or a bucket.

    Takes the endpoint either way: a session fixture named in the signature starts
    before the hygiene check's snapshot of threads, not inside the test.
    """
    if storage_kind == "fs":
        yield None
        return
    store = s3_storage(s3_endpoint)
    yield store
    store.close()


@pytest.fixture
def new_center(blob_store, tmp_path) -> Callable[..., TestClient]:
    """make_center(tmp_path, ...) on the store under test (the same one at each call)."""
    return lambda **overrides: make_center(tmp_path, storage=blob_store, **overrides)


@pytest.fixture
def blob_api(new_center) -> Iterator[TestClient]:
    with new_center() as client:
        yield client


def register(api: TestClient, **extra) -> dict:
    body = reg_body(**extra)
    r = api.post("/v1/devices", json=body)
    assert r.status_code == 201, r.text
    data = r.json()
    data["device_code"] = body["device_code"]
    data["registration_key"] = body["registration_key"]
    data["auth"] = {"Authorization": f"Bearer {data['token']}"}
    return data


def upload(api: TestClient, device: dict, payload: bytes, kind: str = "full",
           base: str | None = None, sha: str | None = None):
    headers = dict(device["auth"]) | {
        "Content-Type": "application/octet-stream", "X-Backup-Kind": kind,
        "X-Backup-SHA256": sha or hashlib.sha256(payload).hexdigest()}
    if base:
        headers["X-Backup-Base"] = base
    return api.post("/v1/devices/me/backups", content=payload, headers=headers)
