"""The tests' own PostgreSQL: missing binaries are a failure that says what to do."""

from __future__ import annotations

import pytest

from tests.server.pg_cluster import SKIP_ENV, PgUnavailable, find_bin


def test_missing_postgresql_binaries_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("HEMS_TEST_PG_BIN", str(tmp_path))
    with pytest.raises(PgUnavailable) as caught:
        find_bin()
    message = str(caught.value)
    assert str(tmp_path) in message and "postgresql" in message and SKIP_ENV in message

