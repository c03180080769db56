"""Backup upload: checksum, size limits, full disk, chains and retention.

Every test that takes `api` or `new_center` runs twice: blobs as files beside SQLite, and
in a bucket of the loopback S3 endpoint beside PostgreSQL (conftest.STORE_OF_ENGINE).
"""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import delete, select

from server.db import session_scope
from server.models import Backup, Device
from server.storage import FileSystemStorage, put
from tests.server.conftest import (
    abandon_upload,
    half_uploads,
    make_center,
    register,
    upload,
)
from tests.server.full_disk import FullDisk


@pytest.fixture
def api(blob_api):
    return blob_api


def _stored(api) -> list[str]:
    return sorted(api.app.state.center.storage.keys())


def _rows(api) -> list[str]:
    with session_scope(api.app.state.center.engine) as s:
        return sorted(s.exec(select(Backup.id)))


def test_upload_and_list(api):
    dev = register(api)
    payload = bytes(range(256)) * 1000
    r = upload(api, dev, payload)
    assert r.status_code == 201
    b = r.json()
    assert b["kind"] == "full" and b["base"] is None and b["size"] == len(payload)
    assert b["sha256"] == hashlib.sha256(payload).hexdigest() and b["created"].endswith("Z")
    inc = upload(api, dev, b"more", kind="incremental", base=b["id"]).json()
    listed = api.get("/v1/devices/me/backups", headers=dev["auth"]).json()["backups"]
    assert [x["id"] for x in listed] == [b["id"], inc["id"]]
    storage = api.app.state.center.storage
    with storage.get(b["id"]) as f:
        assert f.read() == payload


def test_checksum_mismatch_keeps_nothing(api):
    dev = register(api)
    r = upload(api, dev, b"payload", sha=hashlib.sha256(b"other").hexdigest())
    assert r.status_code == 422 and r.json()["error"]["code"] == "checksum_mismatch"
    assert _stored(api) == [] and _rows(api) == []
    assert api.get("/v1/devices/me/backups", headers=dev["auth"]).json()["backups"] == []
    assert half_uploads(api.app.state.center.storage) == []


def test_header_rules(api):
    dev = register(api)
    full = upload(api, dev, b"full").json()
    cases = [
        ({"X-Backup-Kind": "weekly"}, 422), ({"X-Backup-SHA256": "zz"}, 422),
        ({"X-Backup-Kind": "incremental"}, 422),  # no base
        ({"X-Backup-Base": full["id"]}, 422),  # a full backup has no base
        ({"Content-Type": "application/json"}, 415),
    ]
    for change, status in cases:
        headers = dev["auth"] | {"Content-Type": "application/octet-stream",
                                 "X-Backup-Kind": "full",
                                 "X-Backup-SHA256": hashlib.sha256(b"x").hexdigest()} | change
        r = api.post("/v1/devices/me/backups", content=b"x", headers=headers)
        assert r.status_code == status, (change, r.text)
    r = upload(api, dev, b"x", kind="incremental", base="0" * 32)
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_base"
    r = upload(api, dev, b"")
    assert r.status_code == 422 and r.json()["error"]["code"] == "empty_backup"
    assert _stored(api) == [full["id"]]


def test_incremental_base_must_be_own_backup(api):
    a, b = register(api), register(api)
    a_full = upload(api, a, b"a").json()
    r = upload(api, b, b"b", kind="incremental", base=a_full["id"])
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_base"
    assert _rows(api) == [a_full["id"]]


def test_size_limit(new_center):
    with new_center(max_backup_bytes=1000) as api:
        dev = register(api)
        assert upload(api, dev, b"x" * 1000).status_code == 201
        r = upload(api, dev, b"x" * 1001)  # refused by Content-Length
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

        def chunks():  # no Content-Length: refused while streaming
            for _ in range(10):
                yield b"y" * 200

        headers = dev["auth"] | {"Content-Type": "application/octet-stream",
                                 "X-Backup-Kind": "full",
                                 "X-Backup-SHA256": hashlib.sha256(b"y" * 2000).hexdigest()}
        r = api.post("/v1/devices/me/backups", content=chunks(), headers=headers)
        assert r.status_code == 413
        assert len(_stored(api)) == 1 and len(_rows(api)) == 1
        assert half_uploads(api.app.state.center.storage) == []


def test_json_body_limit(api):
    r = api.post("/v1/devices", content=b"{" + b" " * 70_000 + b"}",
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

    def chunks():
        yield b'{"device_code": "'
        for _ in range(100):
            yield b"A" * 1000
        yield b'"}'

    r = api.post("/v1/devices", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_full_disk_is_507_and_keeps_nothing(tmp_path):
    storage = FullDisk(tmp_path / "blobs", room=10)
    with make_center(tmp_path, storage=storage) as api:
        dev = register(api)
        ok = upload(api, dev, b"small")
        assert ok.status_code == 201
        r = upload(api, dev, b"too big for the disk")
        assert r.status_code == 507 and r.json()["error"]["code"] == "insufficient_storage"
        assert _stored(api) == [ok.json()["id"]] and _rows(api) == [ok.json()["id"]]
        assert not list((tmp_path / "blobs").rglob(".tmp-*"))


def test_retention_keeps_latest_chain_and_previous(api):
    dev = register(api)
    f1 = upload(api, dev, b"f1").json()["id"]
    i1 = upload(api, dev, b"i1", "incremental", f1).json()["id"]
    f2 = upload(api, dev, b"f2").json()["id"]
    i2 = upload(api, dev, b"i2", "incremental", f2).json()["id"]
    i3 = upload(api, dev, b"i3", "incremental", i2).json()["id"]  # increment on increment
    assert _rows(api) == sorted([f1, i1, f2, i2, i3])
    f3 = upload(api, dev, b"f3").json()["id"]
    kept = sorted([f2, i2, i3, f3])
    assert _rows(api) == kept and _stored(api) == kept
    # An increment on the previous chain (the panel had not seen f3 yet) is still allowed.
    late = upload(api, dev, b"late", "incremental", i3).json()["id"]
    assert late in _rows(api)
    f4 = upload(api, dev, b"f4").json()["id"]
    assert _rows(api) == sorted([f3, f4]) == _stored(api)


def test_orphans_and_half_uploads_swept_on_start(new_center):
    with new_center() as api:
        dev = register(api)
        kept = upload(api, dev, b"kept").json()["id"]
        storage = api.app.state.center.storage
    # A crash between blob and row, and one in the middle of a (multipart) write.
    put(storage, "ab0rphan", [b"orphan"])
    abandon_upload(storage, "halfway", 6 * 1024 * 1024)
    assert half_uploads(storage)
    with new_center() as api:
        # Young: maybe another worker's upload about to publish its row; left alone.
        assert _stored(api) == sorted([kept, "ab0rphan"])
        if isinstance(storage, FileSystemStorage):  # moto dates every multipart upload
            assert half_uploads(storage)  # 2010-11-10, so only files can show this here
    with new_center(sweep_grace_s=0) as api:
        assert _stored(api) == [kept]
        assert half_uploads(storage) == []


def test_a_device_unregistered_as_its_backup_is_published_keeps_nothing(api, monkeypatch):
    """Another worker deletes the device between this one's check and its insert: the
    foreign key refuses the row, the blob is removed, the answer is 401 (not a 500)."""
    from contextlib import contextmanager

    from server.routes import backups

    dev = register(api)
    center = api.app.state.center
    real_scope = backups.session_scope

    class SeesTheDeviceStill:
        def __init__(self, session) -> None:
            self._session = session

        def get(self, model, key):
            found = self._session.get(model, key)
            with real_scope(center.engine) as other:  # the other worker's unregistration
                other.exec(delete(Device).where(Device.id == key))
                other.commit()
            return found

        def __getattr__(self, name):
            return getattr(self._session, name)

    @contextmanager
    def scope(engine):
        with real_scope(engine) as session:
            yield SeesTheDeviceStill(session)

    monkeypatch.setattr(backups, "session_scope", scope)
    r = upload(api, dev, b"too late")
    assert r.status_code == 401, r.text
    assert _stored(api) == [] and _rows(api) == []
