"""Unregistration leaves no readable trace of the household in the database files."""

from __future__ import annotations

import pytest

from tests.server.conftest import HOUSEHOLD, register, upload

pytestmark = pytest.mark.sqlite_only  # SQLite's file and WAL

MARK_CITY = "47382"  # 与那国町: no other device here has it


def _db_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob("center.sqlite3*")))


def test_unregistered_household_is_gone_from_database_and_wal(new_center, tmp_path):
    with new_center() as api:
        dev = register(api, household=HOUSEHOLD | {"prefecture": "47", "city_code": MARK_CITY,
                                                   "postal_code": "987-6543"})
        other = register(api)
        upload(api, dev, b"full")
        api.post("/v1/restore", headers=other["auth"],  # a failure row naming the code
                 json={"device_code": dev["device_code"], "confirmation_code": "00000000"})
        before = _db_bytes(tmp_path / "data")
        assert MARK_CITY.encode() in before and dev["device_code"].encode() in before
        assert api.delete("/v1/devices/me", headers=dev["auth"]).status_code == 204
        after = _db_bytes(tmp_path / "data")
        for secret in (MARK_CITY, "987-6543", dev["device_code"], dev["device_id"]):
            assert secret.encode() not in after, secret
        assert (tmp_path / "data" / "center.sqlite3-wal").stat().st_size == 0
        # The other household is still there and served.
        assert api.get("/v1/devices/me", headers=other["auth"]).status_code == 200
