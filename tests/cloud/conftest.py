"""A real center server in a subprocess on loopback, and clients of it."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from app.cloud.client import CenterClient
from app.cloud.token_store import TokenStore
from app.cloud.transport import RetryPolicy
from app.domain.household import Household
from server.embedded import start_embedded
from tests.current_documents import PRIVACY, TERMS

HOUSEHOLD = Household(prefecture="27", city_code="27205", building_type="apartment",
                      energies=("electricity", "gas"), postal_code="565-0871",
                      household_size=2)
FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.05, max_retry_after=5)


@pytest.fixture(scope="session")
def center(tmp_path_factory):
    data = tmp_path_factory.mktemp("center")
    server = start_embedded(data, extra_args=["--register-limit", "10000"])
    server.data_dir = data
    yield server
    server.stop()


_panels = itertools.count()


@pytest.fixture
def make_client(center, tmp_path):
    clients = []

    def make(url: str | None = None, **kw) -> CenterClient:
        panel_dir = tmp_path / f"panel{next(_panels)}"
        kw.setdefault("retry", FAST)
        client = CenterClient(url or center.url, TokenStore(panel_dir), **kw)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def registered(make_client):
    def make() -> tuple[CenterClient, str]:
        client = make_client()
        reg = client.register(HOUSEHOLD, TERMS, PRIVACY)
        return client, reg.confirmation_code

    return make


@contextmanager
def fake_server(answers: list[tuple[int, dict[str, str], bytes]]) -> Iterator[tuple[str, list]]:
    """A tiny HTTP server answering from a script, one answer per request (loopback)."""
    script = iter(answers)
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            seen.append(f"{self.command} {self.path}")
            status, headers, body = next(script, (500, {}, b""))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, *args) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def json_answer(obj, status: int = 200, **headers) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(obj).encode()


def blobs(data_dir: Path) -> list[Path]:
    root = data_dir / "blobs"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
