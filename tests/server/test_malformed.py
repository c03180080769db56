"""Malformed requests are 422 (never 400 or 500); the listening socket disables Nagle."""

from __future__ import annotations

import asyncio
import socket

import pytest

from server.main import listen_socket
from tests.server.conftest import register


@pytest.mark.parametrize("body", [b"[" * 5000 + b"]" * 5000, b'{"device_code": "\xff\xfe"}',
                                  b"{bad", b'{"a": "\xed\xa0\x80"}'])
def test_unparseable_json_is_422(api, body):
    r = api.post("/v1/devices", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("since", ["99999999999999999999", "9223372036854775808", "-1", "١٢",
                                   "1e3"])
def test_notice_cursor_out_of_range_is_422(api, since):
    dev = register(api)
    r = api.get("/v1/notices", params={"since": since}, headers=dev["auth"])
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_request"


def test_largest_cursor_is_accepted(api):
    dev = register(api)
    r = api.get("/v1/notices", params={"since": str(2**63 - 1)}, headers=dev["auth"])
    assert r.status_code == 200 and r.json() == {"notices": [], "next": str(2**63 - 1)}


def test_accepted_connections_have_tcp_nodelay():
    """What uvicorn does with our socket: asyncio's server accepts on it."""
    sock = listen_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    seen: list[int] = []

    async def main() -> None:
        accepted = asyncio.Event()

        def on_connect(_reader, writer) -> None:
            conn = writer.get_extra_info("socket")
            seen.append(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()
            accepted.set()

        server = await asyncio.start_server(on_connect, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            await accepted.wait()
            writer.close()

    asyncio.run(main())
    assert seen and seen[0] != 0
