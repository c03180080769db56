"""A fake upstream on 127.0.0.1, the recorded fixtures, and centers pointed at them."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from app.domain.weather import WeatherForecast
from app.domain.weather_json import forecast_from_json
from tests.server.conftest import HOUSEHOLD, make_center, register

FIXTURES = Path(__file__).parent / "fixtures"
TOKYO = HOUSEHOLD | {"prefecture": "13", "city_code": "13101"}  # 千代田区


def fixture(name: str) -> object:
    return copy.deepcopy(_load(name))


_cache: dict[str, object] = {}


def _load(name: str) -> object:
    if name not in _cache:
        _cache[name] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return _cache[name]


def at(text: str) -> float:
    """Unix seconds of an ISO time with its offset."""
    return datetime.fromisoformat(text).timestamp()


# An answer: (status, body bytes), or a function of the query giving one.
Answer = tuple[int, bytes] | Callable[[dict], tuple[int, bytes]]


class FakeUpstream:
    """Serves `routes[path]`; counts every request per path. 404 for other paths."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.hits: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                with upstream._lock:
                    upstream.hits.append((parts.path, query))
                    answer = upstream.routes.get(parts.path, (404, b"not found"))
                status, body = answer(query) if callable(answer) else answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = False  # server_close() joins the request threads
        self.server.block_on_close = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="fake-upstream")
        self._thread.start()

    def serve_json(self, path: str, obj: object) -> None:
        self.routes[path] = (200, json.dumps(obj, ensure_ascii=False).encode())

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for p, _ in self.hits if p == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=10)


@pytest.fixture
def upstream() -> Iterator[FakeUpstream]:
    fake = FakeUpstream()
    try:
        yield fake
    finally:
        fake.close()


OPEN_METEO = "/v1/forecast"
JMA_FORECAST = "/bosai/forecast/data/forecast/{office}.json"
JMA_WARNINGS = "/bosai/warning/data/r8/{office}.json"


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def weather_center(tmp_path: Path, upstream: FakeUpstream | None, clock: Clock,
                   mode: str = "synthetic", **settings) -> TestClient:
    if upstream is not None:
        settings.setdefault("open_meteo_url", upstream.url + OPEN_METEO)
        settings.setdefault("jma_url", upstream.url + "/bosai")
    client = make_center(tmp_path, weather=mode, **settings)
    client.app.state.center.clock = clock
    return client


def panel(api: TestClient, household: dict | None = None) -> dict:
    return register(api, household=household or TOKYO)


def forecast(api: TestClient, device: dict) -> WeatherForecast:
    """GET /v1/weather, which must answer 200 in the panel's format."""
    r = api.get("/v1/weather", headers=device["auth"])
    assert r.status_code == 200, r.text
    return forecast_from_json(r.json())
