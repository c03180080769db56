"""Backup blobs in an S3 bucket (a real S3 API on loopback: moto's server): multipart
uploads, checksums end to end, deletion, an unreachable endpoint, a killed worker."""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from sqlmodel import select

from server.db import make_engine, session_scope
from server.models import Backup
from server.retention import housekeep
from server.storage_s3 import parse_blob_url
from tests.server.conftest import (
    S3_PART,
    bucket_objects,
    half_uploads,
    make_center,
    reg_body,
    register,
    s3_storage,
    upload,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def bucket(s3_endpoint):
    store = s3_storage(s3_endpoint)
    yield store
    store.close()


def _restore_one(api, old, new, backup_id: str):
    grant = api.post("/v1/restore", headers=new["auth"],
                     json={"device_code": old["device_code"],
                           "confirmation_code": old["confirmation_code"]})
    assert grant.status_code == 200, grant.text
    return api.get(f"/v1/restore/{grant.json()['restore_id']}/backups/{backup_id}",
                   headers=new["auth"])


def test_blob_urls():
    assert parse_blob_url("s3://hems-backups/prod/v1/") == parse_blob_url("s3://hems-backups/prod/v1")
    assert parse_blob_url("s3://hems-backups").prefix == ""
    assert parse_blob_url("s3://hems-backups/prod").prefix == "prod/"
    for bad in ("hems-backups/x", "s3:///x", "file:///tmp", "s3://b/x?versionId=1"):
        with pytest.raises(ValueError):
            parse_blob_url(bad)


def test_a_large_backup_goes_up_in_parts_and_comes_back_whole(tmp_path, bucket):
    payload = os.urandom(2 * S3_PART + 12345)  # over the threshold: parts of 5, 5 and the rest
    with make_center(tmp_path, storage=bucket) as api:
        old, new = register(api), register(api)
        b = upload(api, old, payload).json()
        assert b["size"] == len(payload)
        key = bucket.object_key(b["id"])
        head = bucket.client.head_object(Bucket=bucket.location.bucket, Key=key,
                                         ChecksumMode="ENABLED")
        assert head["ETag"].strip('"').endswith("-3")  # completed from three parts
        # Every part went up with its SHA-256, which S3 checks; the object keeps the
        # checksum of the parts' checksums (a "composite" one).
        pieces = [payload[:S3_PART], payload[S3_PART:2 * S3_PART], payload[2 * S3_PART:]]
        composite = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in pieces))
        # (S3 appends "-3", the number of parts; moto leaves it off.)
        assert head["ChecksumSHA256"].split("-")[0] == base64.b64encode(
            composite.digest()).decode()
        assert half_uploads(bucket) == []
        got = _restore_one(api, old, new, b["id"])
        assert got.status_code == 200 and got.content == payload


def test_a_small_backup_is_one_put_with_its_sha256(tmp_path, bucket):
    with make_center(tmp_path, storage=bucket) as api:
        dev = register(api)
        b = upload(api, dev, b"small backup").json()
        head = bucket.client.head_object(Bucket=bucket.location.bucket,
                                         Key=bucket.object_key(b["id"]), ChecksumMode="ENABLED")
        assert base64.b64decode(head["ChecksumSHA256"]).hex() == b["sha256"]


def test_a_large_backup_with_a_wrong_checksum_leaves_no_upload_behind(tmp_path, bucket):
    payload = os.urandom(S3_PART + 1000)
    with make_center(tmp_path, storage=bucket) as api:
        dev = register(api)
        r = upload(api, dev, payload, sha=hashlib.sha256(b"other").hexdigest())
        assert r.status_code == 422 and r.json()["error"]["code"] == "checksum_mismatch"
        assert bucket_objects(bucket) == [] and half_uploads(bucket) == []


def _tamper(api, backup_id: str, data: bytes) -> None:
    storage = api.app.state.center.storage
    if hasattr(storage, "root"):
        (storage.root / backup_id[:2] / backup_id).write_bytes(data)
    else:  # someone with write access to the bucket
        storage.client.put_object(Bucket=storage.location.bucket,
                                  Key=storage.object_key(backup_id), Body=data)


def test_a_tampered_backup_is_refused_at_restore(blob_api):
    api = blob_api
    old, new = register(api), register(api)
    full = upload(api, old, b"the real full backup").json()
    inc = upload(api, old, b"the real increment", "incremental", full["id"]).json()
    _tamper(api, full["id"], b"the fake full backup")  # same size, other bytes
    grant = api.post("/v1/restore", headers=new["auth"],
                     json={"device_code": old["device_code"],
                           "confirmation_code": old["confirmation_code"]}).json()
    base = f"/v1/restore/{grant['restore_id']}/backups/"
    r = api.get(base + full["id"], headers=new["auth"])
    assert r.status_code == 500 and r.json()["error"]["code"] == "backup_corrupt"
    assert "damaged" in r.json()["error"]["message"]
    ok = api.get(base + inc["id"], headers=new["auth"])
    assert ok.status_code == 200 and ok.content == b"the real increment"


def test_unregistering_removes_the_objects(tmp_path, bucket):
    with make_center(tmp_path, storage=bucket) as api:
        dev, other = register(api), register(api)
        full = upload(api, dev, os.urandom(S3_PART + 10)).json()  # a multipart one too
        upload(api, dev, b"inc", "incremental", full["id"])
        kept = upload(api, other, b"other's").json()
        assert len(bucket_objects(bucket)) == 3
        assert api.delete("/v1/devices/me", headers=dev["auth"]).status_code == 204
        assert bucket_objects(bucket) == [bucket.object_key(kept["id"])]
        assert api.delete("/v1/devices/me", headers=other["auth"]).status_code == 204
        assert bucket_objects(bucket) == [] and half_uploads(bucket) == []


def _dead_port() -> int:
    with socket.socket() as s:  # bound and closed: nothing listens there now
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_store_is_503_with_retry_after(tmp_path, bucket):
    down = s3_storage(f"http://127.0.0.1:{_dead_port()}", bucket=bucket.location.bucket,
                      create=False, max_attempts=1, connect_timeout_s=2)
    try:
        with make_center(tmp_path, storage=down) as api:  # starts although the sweep fails
            dev = register(api)
            for payload in (b"small", os.urandom(S3_PART + 1)):  # one put; a multipart
                r = upload(api, dev, payload)
                assert r.status_code == 503, r.text
                assert r.json()["error"]["code"] == "storage_unavailable"
                assert 1 <= int(r.headers["Retry-After"]) <= 30  # the panel waits that long
            assert api.get("/v1/devices/me/backups", headers=dev["auth"]).json() == {
                "backups": []}
        # The same data directory with the store back: the panel's retry is kept.
        with make_center(tmp_path, storage=bucket) as api:
            assert upload(api, dev, b"small").status_code == 201
    finally:
        down.close()


def test_restore_from_an_unreachable_store_is_503(tmp_path, bucket):
    with make_center(tmp_path, storage=bucket) as api:
        old, new = register(api), register(api)
        full = upload(api, old, b"backup").json()
    down = s3_storage(f"http://127.0.0.1:{_dead_port()}", bucket=bucket.location.bucket,
                      create=False, max_attempts=1, connect_timeout_s=2)
    try:
        with make_center(tmp_path, storage=down) as api:
            r = _restore_one(api, old, new, full["id"])
            assert r.status_code == 503 and r.headers["Retry-After"]
    finally:
        down.close()


# A worker killed mid-upload, for real: a server process on loopback, SIGKILLed while a
# multipart upload of a backup is under way.

def _start_server(data: Path, bucket, endpoint: str, *extra: str) -> tuple[subprocess.Popen, str]:
    port_file = data / "port"
    port_file.unlink(missing_ok=True)
    env = os.environ | {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_REGION": "us-east-1",
                        "HEMS_CENTER_BLOB_URL": f"s3://{bucket.location.bucket}/backups",
                        "HEMS_CENTER_S3_ENDPOINT": endpoint,
                        "HEMS_CENTER_S3_MULTIPART_THRESHOLD_MIB": "5",
                        "HEMS_CENTER_S3_PART_MIB": "5"}
    proc = subprocess.Popen([sys.executable, "-m", "server.main", "--host", "127.0.0.1",
                             "--port", "0", "--port-file", str(port_file), "--data", str(data),
                             "--register-limit", "100", *extra],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not port_file.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{int(port_file.read_text())}"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    proc.stderr.close()


def _wait_for(condition, failure: str) -> None:
    """Poll another process's effect (there is no signal to wait on across processes)."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


@contextmanager
def _upload_under_way(url: str, token: str, payload: bytes, bucket) -> Iterator[None]:
    """A backup upload sent two parts' worth and then held, while its multipart upload
    is in the bucket; the connection is dropped afterwards."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as conn:
        conn.sendall((f"POST /v1/devices/me/backups HTTP/1.1\r\nHost: {host}\r\n"
                      f"Authorization: Bearer {token}\r\n"
                      "Content-Type: application/octet-stream\r\nX-Backup-Kind: full\r\n"
                      f"X-Backup-SHA256: {hashlib.sha256(payload).hexdigest()}\r\n"
                      f"Content-Length: {len(payload)}\r\n\r\n").encode())
        conn.sendall(payload[:2 * S3_PART + 100])
        _wait_for(lambda: half_uploads(bucket), "the upload never reached the store")
        yield


def test_a_worker_killed_mid_upload_leaves_no_visible_backup(tmp_path, bucket, s3_endpoint):
    data = tmp_path / "center"
    proc, url = _start_server(data, bucket, s3_endpoint)
    try:
        with requests.Session() as http:
            body = reg_body()
            r = http.post(f"{url}/v1/devices", json=body, timeout=30)
            assert r.status_code == 201, r.text
            token = r.json()["token"]
        payload = os.urandom(3 * S3_PART)
        # A panel that goes away mid-upload: the worker aborts the multipart upload.
        with _upload_under_way(url, token, payload, bucket):
            pass
        _wait_for(lambda: not half_uploads(bucket), "the cut-off upload was not aborted")
        assert bucket_objects(bucket) == []
        # A worker killed mid-upload: nobody aborts anything.
        with _upload_under_way(url, token, payload, bucket):
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=20)
        # Nothing is visible: no object, no row; only an invisible, incomplete upload.
        assert bucket_objects(bucket) == []
        engine = make_engine(f"sqlite:///{data / 'center.sqlite3'}")
        with session_scope(engine) as s:
            assert s.exec(select(Backup)).all() == []
        engine.dispose()
        assert half_uploads(bucket)
    finally:
        _stop(proc)
    # The next start (grace 0: nothing else in flight) aborts it; the panel retries.
    proc, url = _start_server(data, bucket, s3_endpoint, "--sweep-grace-s", "0")
    try:
        assert half_uploads(bucket) == []
        with requests.Session() as http:
            auth = {"Authorization": f"Bearer {token}"}
            assert http.get(f"{url}/v1/devices/me/backups", headers=auth,
                            timeout=30).json() == {"backups": []}
            r = http.post(f"{url}/v1/devices/me/backups", data=payload, timeout=60,
                          headers=auth | {"Content-Type": "application/octet-stream",
                                          "X-Backup-Kind": "full",
                                          "X-Backup-SHA256": hashlib.sha256(payload).hexdigest()})
            assert r.status_code == 201, r.text
            assert bucket_objects(bucket) == [bucket.object_key(r.json()["id"])]
    finally:
        _stop(proc)


def test_objects_a_deletion_could_not_remove_go_at_the_next_housekeeping(tmp_path, bucket):
    with make_center(tmp_path, storage=bucket) as api:
        dev = register(api)
        full = upload(api, dev, b"household backup").json()
    down = s3_storage(f"http://127.0.0.1:{_dead_port()}", bucket=bucket.location.bucket,
                      create=False, max_attempts=1, connect_timeout_s=2)
    try:
        with make_center(tmp_path, storage=down) as api:
            # The rows go at once (the household is gone from the database)...
            assert api.delete("/v1/devices/me", headers=dev["auth"]).status_code == 204
    finally:
        down.close()
    assert bucket_objects(bucket) == [bucket.object_key(full["id"])]  # ...the blob could not
    with make_center(tmp_path, storage=bucket, sweep_grace_s=0) as api:
        assert housekeep(api.app.state.center) == (0, 0, 0)  # start-up already removed it
        assert bucket_objects(bucket) == []


def test_a_versioned_bucket_is_reported(bucket, caplog):
    assert bucket.check_bucket()
    bucket.client.put_bucket_versioning(Bucket=bucket.location.bucket,
                                        VersioningConfiguration={"Status": "Enabled"})
    assert not bucket.check_bucket()
    assert "deleted backups stay as noncurrent versions" in caplog.text


def test_a_missing_bucket_is_a_500_the_log_explains(tmp_path, s3_endpoint, caplog):
    store = s3_storage(s3_endpoint, create=False)  # nobody created it
    try:
        with make_center(tmp_path, storage=store) as api:
            dev = register(api)
            r = upload(api, dev, b"backup")
            assert r.status_code == 500 and r.json()["error"]["code"] == "storage_error"
            assert "NoSuchBucket" in caplog.text
    finally:
        store.close()
