"""The center server under load on loopback: 500 panels registering, uploading a backup
and polling notices, 50 at a time (server/loadtest.py), against the same work done by
one panel at a time in the same run (the baseline of the per-request latency).

Reports throughput, p50/p99 latency, errors and lost backups (both targets are 0).
"""

from __future__ import annotations

from pathlib import Path

from tests.bench.results import Result

PANELS = 500
CONCURRENCY = 50
BASELINE_PANELS = 40


def run(workdir: Path) -> list[Result]:
    from server.embedded import start_embedded
    from server.loadtest import run as load

    workdir.mkdir(parents=True, exist_ok=True)
    server = start_embedded(workdir / "center", extra_args=["--register-limit", "1000000"])
    try:
        alone = load(server.url, BASELINE_PANELS, 1, 600.0, 8192)
        busy = load(server.url, PANELS, CONCURRENCY, 600.0, 8192)
    finally:
        server.stop()
    return [
        Result("server_panels", busy["panels"], "panels", f">= {PANELS}"),
        Result.compared("server_requests_per_s", busy["requests_per_s"], "req/s", "report",
                        alone["requests_per_s"]),
        Result.compared("server_latency_p50", busy["p50_ms"], "ms", "report", alone["p50_ms"]),
        Result.compared("server_latency_p99", busy["p99_ms"], "ms", "report", alone["p99_ms"]),
        Result("server_errors", busy["errors"], "requests", "<= 0"),
        Result("server_lost_backups", busy["lost_backups"], "backups", "<= 0"),
    ]
