"""Shared pieces of the cloud and backup service tests: connections, a dead URL, a home."""

from __future__ import annotations

import socket
from pathlib import Path

from app.cloud.client import CenterClient
from app.cloud.token_store import TokenStore
from app.sources.collector import backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import open_store
from tests.cloud.conftest import FAST

ZONE = "Asia/Tokyo"


def connector(url_box: list[str], today=None):
    """A `connect` whose server can be switched by the test (url_box[0]); `today` is the
    clients' clock (a callable returning a date)."""
    def connect(tokens: TokenStore) -> CenterClient:
        return CenterClient(url_box[0], tokens, retry=FAST, today=today)

    return connect


def dead_url() -> str:
    """A loopback port nobody listens on (connection refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def simulated_home(data_dir: Path, start_minute: int, minutes: int, seed: int = 3) -> None:
    """Append `minutes` of the simulated home to the store in `data_dir`."""
    home = SimulatedHome(HomeConfig(seed=seed))
    store = open_store(data_dir, ZONE)
    try:
        if not store.circuits():
            store.save_circuits(home.circuits)
            store.define_series(home.series)
        backfill(store, home, start_minute, start_minute + minutes)
    finally:
        store.close()
