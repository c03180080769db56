"""The panel's registration file and device code."""

from __future__ import annotations

import os
import re
import stat

import pytest

from app.cloud.token_store import StoredRegistration, TokenStore, code_for_key, device_code


def test_device_code_created_once(tmp_path):
    code = device_code(tmp_path)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    assert device_code(tmp_path) == code
    assert TokenStore(tmp_path).device_code() == code
    assert device_code(tmp_path / "other") != code  # 60 random bits
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_registration_file_is_private_and_replaced_atomically(tmp_path):
    store = TokenStore(tmp_path)
    assert store.load() is None and store.token is None
    first = StoredRegistration("tok1", "dev", "2026-11-01", "2026-11-01", "https://c")
    store.save(first)
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert store.load() == first
    second = StoredRegistration("tok2", "dev", "2027-04-01", "2026-11-01", "https://c")
    store.save(second)
    assert store.token == "tok2" and store.load() == second
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.path.name]  # no temp left
    store.clear()
    assert store.load() is None
    store.clear()  # twice is fine


def test_damaged_file_is_reported(tmp_path):
    store = TokenStore(tmp_path)
    store.path.write_text("{not json")
    with pytest.raises(ValueError, match="damaged"):
        store.load()


def test_device_code_belongs_to_the_registration_key(tmp_path):
    """The server registers a code only with the key it is derived from."""
    store = TokenStore(tmp_path)
    assert store.device_code() == code_for_key(store.registration_key())


def test_an_unregistered_random_code_is_replaced_a_registered_one_kept(tmp_path):
    (tmp_path / "device_code").write_text("AB12-CDEF-GHJK\n")
    store = TokenStore(tmp_path)
    assert store.device_code() == code_for_key(store.registration_key())
    (tmp_path / "device_code").write_text("AB12-CDEF-GHJK\n")
    store.save(StoredRegistration("t", "d", "2026-11-01", "2026-11-01"))
    assert store.device_code() == "AB12-CDEF-GHJK"  # registered under it: never changes
