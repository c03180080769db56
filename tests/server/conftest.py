"""A center server per test, over FastAPI's TestClient, with its own documents copy."""

from __future__ import annotations

import hashlib
import secrets
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.config import RESOURCES_DIR, make_settings
from server.security import code_for_key

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
