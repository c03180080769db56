"""Load test: many simulated panels against a real center server over loopback HTTP.

Each panel registers, uploads a small full backup (with its SHA-256), polls the
notices and lists its backups; afterwards every acknowledged backup is checked
to be listed with the same checksum ("lost" counts those that are not).

    python -m server.loadtest [--panels 500] [--concurrency 50] [--deadline 120]
                              [--backup-bytes 8192] [--url URL] [--json]

Without --url it starts its own server (server.embedded) in a temporary folder.
Bounded in count (--panels) and in time (--deadline: no new panel starts after it).
The server is its own package: this uses requests directly, not the panel's client.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from server.embedded import start_embedded
from server.security import code_for_key

HOUSEHOLD = {"prefecture": "13", "city_code": "13110", "postal_code": None, "household_size": 3,
             "building_type": "apartment", "energies": ["electricity", "gas"]}


def _identity() -> dict:
    key = secrets.token_hex(32)
    return {"device_code": code_for_key(key), "registration_key": key}


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()

    def call(self, op: str, session: requests.Session, method: str, url: str, ok: int, **kw):
        start = time.perf_counter()
        try:
            r = session.request(method, url, timeout=(5, 60), **kw)
        except requests.RequestException as exc:
            with self.lock:
                self.errors[f"{op}: {type(exc).__name__}"] += 1
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latency[op].append(elapsed)
            if r.status_code != ok:
                self.errors[f"{op}: HTTP {r.status_code}"] += 1
        return r if r.status_code == ok else None


def run_panel(base: str, rec: Recorder, backup_bytes: int) -> tuple[str, str, str] | None:
    """One panel's day; returns (token, backup id, sha256) of its acknowledged backup."""
    with requests.Session() as s:
        terms = rec.call("documents", s, "GET", f"{base}/v1/documents", 200)
        if terms is None:
            return None
        cur = terms.json()
        r = rec.call("register", s, "POST", f"{base}/v1/devices", 201, json={
            **_identity(), "terms_version": cur["terms"]["version"],
            "privacy_version": cur["privacy"]["version"], "household": HOUSEHOLD})
        if r is None:
            return None
        auth = {"Authorization": f"Bearer {r.json()['token']}"}
        payload = os.urandom(backup_bytes)
        sha = hashlib.sha256(payload).hexdigest()
        r = rec.call("upload", s, "POST", f"{base}/v1/devices/me/backups", 201, data=payload,
                     headers=auth | {"Content-Type": "application/octet-stream",
                                     "X-Backup-Kind": "full", "X-Backup-SHA256": sha})
        backup = (auth["Authorization"], r.json()["id"], sha) if r is not None else None
        rec.call("notices", s, "GET", f"{base}/v1/notices?since=0&limit=50", 200, headers=auth)
        rec.call("backup-time", s, "GET", f"{base}/v1/devices/me/backup-time?date=2026-11-25",
                 200, headers=auth)
        return backup


def check_backups(base: str, acknowledged: list[tuple[str, str, str]]) -> int:
    """How many acknowledged backups the server does not list with the same checksum."""
    lost = 0
    with requests.Session() as s:
        for bearer, backup_id, sha in acknowledged:
            r = s.get(f"{base}/v1/devices/me/backups", headers={"Authorization": bearer},
                      timeout=(5, 60))
            listed = {b["id"]: b["sha256"] for b in r.json()["backups"]} if r.ok else {}
            lost += listed.get(backup_id) != sha
    return lost


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(base: str, panels: int, concurrency: int, deadline: float, backup_bytes: int) -> dict:
    rec = Recorder()
    stop_at = time.monotonic() + deadline
    started = 0
    acknowledged: list[tuple[str, str, str]] = []
    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        futures = []
        for _ in range(panels):
            if time.monotonic() > stop_at:
                break
            futures.append(pool.submit(run_panel, base, rec, backup_bytes))
            started += 1
        for f in futures:
            result = f.result()
            if result:
                acknowledged.append(result)
    wall = time.perf_counter() - t0
    lost = check_backups(base, acknowledged)
    all_lat = [x for v in rec.latency.values() for x in v]
    return {
        "panels": started, "concurrency": concurrency, "wall_s": round(wall, 2),
        "requests": len(all_lat), "requests_per_s": round(len(all_lat) / wall, 1),
        "panels_per_s": round(started / wall, 1),
        "p50_ms": round(percentile(all_lat, 0.50) * 1000, 1),
        "p99_ms": round(percentile(all_lat, 0.99) * 1000, 1),
        "by_operation": {op: {"n": len(v), "p50_ms": round(percentile(v, 0.5) * 1000, 1),
                              "p99_ms": round(percentile(v, 0.99) * 1000, 1),
                              "mean_ms": round(statistics.fmean(v) * 1000, 1)}
                         for op, v in sorted(rec.latency.items())},
        "errors": sum(rec.errors.values()), "error_kinds": dict(rec.errors),
        "acknowledged_backups": len(acknowledged), "lost_backups": lost,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m server.loadtest", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--panels", type=int, default=500)
    p.add_argument("--concurrency", type=int, default=50)
    p.add_argument("--deadline", type=float, default=120.0, help="seconds to start panels")
    p.add_argument("--backup-bytes", type=int, default=8192)
    p.add_argument("--url", help="an already running server (else one is started)")
    p.add_argument("--json", action="store_true", help="print only the JSON summary")
    args = p.parse_args(argv)
    server = None
    tmp = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="hems-loadtest-")
        server = start_embedded(Path(tmp.name), extra_args=["--register-limit", "1000000"])
        base = server.url
    try:
        summary = run(base, args.panels, args.concurrency, args.deadline, args.backup_bytes)
    finally:
        if server:
            server.stop()
        if tmp:
            tmp.cleanup()
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{summary['panels']} panels, {summary['concurrency']} at a time, "
              f"{summary['wall_s']} s: {summary['requests_per_s']} requests/s, "
              f"{summary['panels_per_s']} panels/s")
        print(f"latency p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms")
        for op, s in summary["by_operation"].items():
            print(f"  {op:12} n={s['n']:4} p50 {s['p50_ms']:7} ms  p99 {s['p99_ms']:7} ms")
        print(f"errors {summary['errors']} {summary['error_kinds'] or ''}")
        print(f"backups acknowledged {summary['acknowledged_backups']}, "
              f"lost {summary['lost_backups']}")
    return 0 if summary["errors"] == 0 and summary["lost_backups"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
