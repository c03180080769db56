"""A center server per test, over FastAPI's TestClient, with its own documents copy.

Backup blobs are files, or (tests that take `new_center` or `blob_api`, run once per
store) objects in a fresh bucket of an S3 endpoint on loopback: moto's server, started
once per session on 127.0.0.1 (its thread predates every test's hygiene check; each
test closes its own connections to it, which ends the threads serving them).
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.config import RESOURCES_DIR, make_settings
from server.security import code_for_key
from server.storage import FileSystemStorage

TERMS = "2026-11-01"
HOUSEHOLD = {"prefecture": "13", "city_code": "13112", "postal_code": "154-0001",
             "household_size": 3, "building_type": "detached",
             "energies": ["electricity", "gas", "solar"]}


def identity() -> dict:
    """A new panel: its registration key and the device code that belongs to it."""
    key = secrets.token_hex(32)
    return {"device_code": code_for_key(key), "registration_key": key}


def reg_body(**extra) -> dict:
    return identity() | {"terms_version": TERMS, "privacy_version": TERMS,
                         "household": HOUSEHOLD} | extra


def make_center(tmp_path: Path, storage=None, **overrides) -> TestClient:
    docs = tmp_path / "documents"
    if not docs.exists():
        shutil.copytree(RESOURCES_DIR / "documents", docs)
    overrides.setdefault("register_limit", 1000)
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
