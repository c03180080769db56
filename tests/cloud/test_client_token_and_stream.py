"""Token rotation, and downloads that break off or overrun reach the caller typed."""

from __future__ import annotations

import os
import socket
import stat
import threading
from datetime import date

import pytest

from app.cloud.client import CenterClient
from app.cloud.errors import BadResponse, Unauthorized, Unreachable
from app.cloud.models import BackupInfo
from app.cloud.token_store import StoredRegistration, TokenStore
from tests.cloud.conftest import FAST, HOUSEHOLD
from tests.current_documents import PRIVACY, TERMS


def test_rotation_kills_the_old_token_and_stores_the_new(make_client):
    client = make_client()
    client.register(HOUSEHOLD, TERMS, PRIVACY)
    old = client.store.token
    client.rotate_token()
    new = client.store.token
    assert new and new != old
    assert stat.S_IMODE(os.stat(client.store.path).st_mode) == 0o600
    assert client.status().device_id  # the new token works
    client.store.save(StoredRegistration(old, "x", TERMS, PRIVACY))
    with pytest.raises(Unauthorized):  # the old one is dead
        client.status()


def test_token_age_counts_from_issue(tmp_path):
    days = iter([date(2026, 1, 1), date(2026, 2, 5)])
    store = TokenStore(tmp_path)
    client = CenterClient("http://127.0.0.1:9", store, retry=FAST, today=lambda: next(days))
    assert client.token_age_days() is None
    store.save(StoredRegistration("t", "d", TERMS, PRIVACY, token_issued="2026-01-01"))
    assert client.token_age_days() == 0
    assert client.token_age_days() == 35
    store.save(StoredRegistration("t", "d", TERMS, PRIVACY))  # an older file: unknown age
    assert client.token_age_days() is None


def _raw_server(answer: bytes):
    """Answers one request with raw bytes, then closes the connection."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            conn.sendall(answer)
        listener.close()

    thread = threading.Thread(target=serve)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", thread


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"


@pytest.mark.parametrize("answer, error, words", [
    (HEAD + b"Content-Length: 100\r\n\r\n" + b"x" * 10, Unreachable, "broke off"),
    (HEAD + b"Transfer-Encoding: chunked\r\n\r\n5\r\nxxxxx\r\n", Unreachable, "broke off"),
    (HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nxx", Unreachable, "broke off"),
    (HEAD + b"Content-Length: 300\r\n\r\n" + b"x" * 300, BadResponse, "larger than its 100"),
])
def test_a_bad_download_is_a_typed_error_and_leaves_nothing(tmp_path, answer, error, words):
    url, thread = _raw_server(answer)
    store = TokenStore(tmp_path / "panel")
    store.save(StoredRegistration("t0k3n", "dev", TERMS, PRIVACY))
    client = CenterClient(url, store, retry=FAST)
    backup = BackupInfo("b1", "full", None, 100, "0" * 64)
    with pytest.raises(error) as err:
        client.download_backup("r1", backup, tmp_path / "out.bin")
    assert words in str(err.value)
    assert not (tmp_path / "out.bin").exists() and not list(tmp_path.glob(".download-*"))
    client.close()
    thread.join()
