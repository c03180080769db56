"""A center server per test, over FastAPI's TestClient, with its own documents copy."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.config import RESOURCES_DIR, make_settings

TERMS = "2026-11-01"
HOUSEHOLD = {"prefecture": "13", "city": "Setagaya", "postal_code": "154-0001",
             "household_size": 3, "building_type": "detached",
             "energies": ["electricity", "gas", "solar"]}
CODES = iter(f"AB{a}{b}-CDEF-GHJK" for a in "0123456789ABCDEFGH" for b in "0123456789ABCDEFGH")


def next_code() -> str:
    return next(CODES)


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


def register(api: TestClient, code: str | None = None, **extra) -> dict:
    body = {"device_code": code or next_code(), "terms_version": TERMS,
            "privacy_version": TERMS, "household": HOUSEHOLD} | extra
    r = api.post("/v1/devices", json=body)
    assert r.status_code == 201, r.text
    data = r.json()
    data["device_code"] = body["device_code"]
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
