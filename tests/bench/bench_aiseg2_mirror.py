"""The AiSEG2 mirror against the fake AiSEG2: how hard it asks, and how fast a change shows.

- Requests per minute while live (the default pacing, 37 circuits), stepped on a pinned
  clock over ten minutes with real HTTP to the fake; and the same while the backfill of
  daily totals runs in the gaps between rounds.
- Latency from a change at the fake (a circuit's power) to the value the panel reads:
  the mirror and the collector on their threads with the panel's intervals, the panel's
  side reading the store through its own connection, as the home page does.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.sources.aiseg2.client import Aiseg2Client
from app.sources.aiseg2.fake import FakeAiseg2
from app.sources.aiseg2.login import Aiseg2Login
from app.sources.aiseg2.mirror import Aiseg2Mirror, MirrorSettings
from app.sources.aiseg2.source import start_mirror
from app.sources.clock import SystemClock
from app.sources.collector import Collector
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import open_store
from tests.bench.results import Result

ZONE = ZoneInfo("Asia/Tokyo")
MINUTES = 10
CHANGES = 6


class _Pinned:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


class _Frozen:
    speed = 1.0

    def __init__(self, t: float) -> None:
        self.t = t

    def now(self) -> float:
        return self.t


def _requests_per_minute(home: SimulatedHome, backfill: bool) -> float:
    now = datetime(2026, 5, 20, 12, 0, tzinfo=ZONE)
    fake = FakeAiseg2(home, _Frozen(now.timestamp())).start()
    mono = _Pinned()
    client = Aiseg2Client(fake.host, "aiseg", "secret", monotonic=mono)
    keys = {n: key.removeprefix("circuit.") for n, (_, key) in fake.circuits.items()}
    mirror = Aiseg2Mirror(client, keys, MirrorSettings(),
                          on_totals=(lambda totals: None) if backfill else None,
                          today=lambda: now.date(), monotonic=mono)
    try:
        while mono.t < 60.0:  # the first minute: names, and the backfill's first day
            mono.t += mirror.poll_once() or 0.0
        before = fake.requests
        while mono.t < 60.0 * (MINUTES + 1):
            delay = mirror.poll_once()
            assert delay is not None
            mono.t += delay
        return (fake.requests - before) / MINUTES
    finally:
        mirror.close()
        fake.stop()


def _latencies(workdir: Path, home: SimulatedHome) -> list[float]:
    fake = FakeAiseg2(home, SystemClock()).start()
    store = open_store(workdir / "panel", "Asia/Tokyo")
    store.save_circuits([c for c in home.circuits if c.measured])
    reader = None
    mirror = start_mirror(store, Aiseg2Login(fake.host, "aiseg", "secret"))
    collector = Collector(store, mirror, SystemClock(), live_interval_s=3.0)
    stop = threading.Event()
    thread = threading.Thread(target=collector.run, args=(stop,), name="bench-collector")
    thread.start()
    circuit = next(c for c in home.circuits if c.name == "エコキュート").series_key
    out = []
    try:
        reader = open_store(workdir / "panel", "Asia/Tokyo")
        rng = random.Random(22)
        for n in range(CHANGES):
            time.sleep(rng.uniform(0.0, 10.0))  # a change at any phase of the mirror's round
            value = 5000.0 + n
            fake.overrides[circuit] = value
            changed = time.perf_counter()
            deadline = changed + 60.0
            while reader.live([circuit]).get(circuit, (0.0, None))[1] != value:
                if time.perf_counter() > deadline:
                    raise TimeoutError("the change never reached the panel's store")
                time.sleep(0.05)
            out.append(time.perf_counter() - changed)
    finally:
        stop.set()
        thread.join(30)
        mirror.close()
        if reader is not None:
            reader.close()
        store.close()
        fake.stop()
    return out


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    home = SimulatedHome(HomeConfig(seed=3, battery_capacity_wh=0.0))
    live = _requests_per_minute(home, backfill=False)
    with_backfill = _requests_per_minute(home, backfill=True)
    latencies = _latencies(workdir, home)
    return [
        Result("aiseg2 requests/min live", live, "req/min", "<= 40"),
        Result("aiseg2 requests/min + backfill", with_backfill, "req/min", "<= 50"),
        Result("aiseg2 change->panel median", statistics.median(latencies), "s", "<= 10"),
        Result("aiseg2 change->panel max", max(latencies), "s", "<= 16"),
    ]


if __name__ == "__main__":
    from tests.bench.results import print_table

    print_table(run(Path(__import__("tempfile").mkdtemp(prefix="bench-aiseg2-"))))
