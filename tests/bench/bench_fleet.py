"""The center server for a fleet: one hour of 10,000 panels' day, as fast as it goes.

The fleet is seeded straight into the database (10,000 registrations with a full
backup each: registering them over HTTP would cost 10,000 PBKDF2 checks before the
measurement starts). Then one hour of the fleet's day (HOUR on DAY) is played in the
order of its events, CONCURRENCY requests at a time, each panel's visit on a new
connection as a panel makes it:

- every panel polls the weather of its municipality hourly (app/services/weather_service);
- one panel in six refreshes its status and notices (every 6 hours, cloud_service);
- the panels whose backup time (the server's schedule, `security.backup_minute`) falls
  in the hour ask for it and upload that day's backup: an increment of INCREMENT_BYTES,
  or every FULL_EVERY_DAYS days a new full of FULL_BYTES (BackupPolicy; the sizes are
  bench_backup's measurements of a year-old home);
- new panels register (REGISTRATIONS_PER_DAY spread over the day).

Twice, same events: one worker on SQLite with blobs as files (the baseline), and two
workers on PostgreSQL (a throwaway cluster, tests/server/pg_cluster.py) with blobs in
an S3 bucket of moto's server on loopback (a separate process). Reported per run:
requests/s, p50/p99 latency (all, and without uploads), errors (HTTP errors, and a
backup time that differs from the schedule), lost backups (acknowledged but not listed
with their checksum). The projection for 100,000 panels is per panel from this hour
(the hour is typical: polls are hourly, backups spread evenly over the day).
Everything (server workers, PostgreSQL, moto, this load generator) shares this
machine's cores, which bounds what a second worker can add: `..._vs_1w_ceiling_here` is
that bound from the CPU each process spent per request (on two cores a second worker can reach 1.6x
only where the workers' CPU is at least four times everything else's, or where the
database and the load generator have cores of their own).
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
import random
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from tests.bench.results import Result
from tests.loopback import free_port

FLEET = 10_000
PROJECTED_FLEET = 100_000
DAY = "2026-11-25"
HOUR = 20  # 20:00-21:00 on the server's schedule
CONCURRENCY = 16
CITIES = 47  # the panels' municipalities: one per prefecture
FULL_BYTES = 7_500_000  # bench_backup: the full backup of a year of history
INCREMENT_BYTES = 27_000  # bench_backup: a day's increment
FULL_EVERY_DAYS = 30  # app/store/backup/policy.BackupPolicy.full_every_days
CHAINS_KEPT = 2  # the server keeps the newest chain and the one before (retention.py)
STATUS_EVERY_H = 6  # app/services/cloud_service.STATUS_REFRESH_MS
REGISTRATIONS_PER_DAY = FLEET // 100  # a fleet growing by 1 % a day
MOTO_LABEL = "pg_s3moto_loopback_2w"  # the S3 endpoint is moto's server on 127.0.0.1


@dataclass(frozen=True)
class Panel:
    index: int
    device_id: str
    token: str
    city: str
    base: str  # its seeded full backup, the base of today's increment


@dataclass(frozen=True)
class Event:
    at: float  # seconds into the hour
    kind: str  # weather | status | backup | register
    panel: Panel | None = None
    full: bool = False


# -- the fleet -------------------------------------------------------------------------

def _cities() -> list[tuple[str, str]]:
    """(prefecture, municipality code): the first municipality of each prefecture."""
    from server.config import RESOURCES_DIR

    first: dict[str, str] = {}
    for line in (RESOURCES_DIR / "municipalities" / "municipalities.csv").read_text(
            encoding="utf-8").splitlines()[1:]:
        code, prefecture = line.split(",")[:2]
        first.setdefault(prefecture, code)
    return sorted((p, c) for p, c in first.items())[:CITIES]


def _fleet(rng: random.Random) -> list[Panel]:
    cities = [c for _, c in _cities()]
    from server.security import new_token

    return [Panel(i, uuid.UUID(int=rng.getrandbits(128)).hex, new_token(),
                  cities[i % len(cities)], uuid.UUID(int=rng.getrandbits(128)).hex)
            for i in range(FLEET)]


def _schedule(panels: list[Panel], key: bytes, rng: random.Random) -> list[Event]:
    from server.security import backup_minute

    day_index = datetime.fromisoformat(DAY).toordinal()
    events = []
    for p in panels:
        events.append(Event(rng.uniform(0, 3600), "weather", p))
        if p.index % STATUS_EVERY_H == HOUR % STATUS_EVERY_H:
            events.append(Event(rng.uniform(0, 3600), "status", p))
        minute = backup_minute(key, p.device_id, DAY) - HOUR * 60
        if 0 <= minute < 60:
            full = (p.index + day_index) % FULL_EVERY_DAYS == 0
            events.append(Event(minute * 60 + rng.uniform(0, 60), "backup", p, full))
    for _ in range(math.ceil(REGISTRATIONS_PER_DAY / 24)):
        events.append(Event(rng.uniform(0, 3600), "register"))
    return sorted(events, key=lambda e: e.at)


def _seed(url: str, panels: list[Panel], key: bytes) -> None:
    """The fleet's registrations and full backups, as rows (their blobs are not needed:
    today's increments only name them as their base)."""
    from server.config import RESOURCES_DIR
    from server.db import make_engine
    from server.documents import DocumentStore
    from server.models import Backup, Device
    from server.security import (
        code_for_key,
        confirmation_hash,
        new_confirmation_code,
        new_salt,
        token_hash,
    )
    from server.shared_state import SCHEDULE_KEY, put_if_absent

    terms, privacy = DocumentStore(RESOURCES_DIR / "documents").current_versions()
    salt = new_salt()
    code_hash = confirmation_hash(new_confirmation_code(), salt)  # one PBKDF2 for all
    prefecture = {c: p for p, c in _cities()}
    now = datetime.now(UTC)
    engine = make_engine(url)  # migrates the new database
    try:
        put_if_absent(engine, SCHEDULE_KEY, base64.b64encode(key).decode("ascii"))
        devices = [{"id": p.device_id, "device_code": code_for_key(p.token),
                    "token_hash": token_hash(p.token), "registration_key_hash": None,
                    "confirmation_salt": salt, "confirmation_hash": code_hash,
                    "terms_version": terms, "privacy_version": privacy,
                    "prefecture": prefecture[p.city], "city": "", "city_code": p.city,
                    "postal_code": None, "household_size": 3, "building_type": "detached",
                    "energies": '["electricity", "solar"]', "registered": now,
                    "accepted": now, "retired": None} for p in panels]
        backups = [{"id": p.base, "device_id": p.device_id, "kind": "full", "base": None,
                    "size": FULL_BYTES, "sha256": hashlib.sha256(p.base.encode()).hexdigest(),
                    "created": now - timedelta(days=1 + p.index % (FULL_EVERY_DAYS - 1))}
                   for p in panels]
        with engine.begin() as conn:
            conn.execute(Device.__table__.insert(), devices)
            conn.execute(Backup.__table__.insert(), backups)
    finally:
        engine.dispose()


# -- the hour --------------------------------------------------------------------------

def _cpu_s(pid: int) -> float:
    """CPU seconds of a process and all its descendants (live ones, and those it reaped)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended meanwhile
    return total


def _warm_weather(base: str, panels: list[Panel]) -> None:
    """A server that has run for a day has every area's forecast cached; this one is new:
    ask once per municipality until it answers (the first fetch is a 503 with
    Retry-After, which a panel honours)."""
    pending = {p.city: p for p in panels}
    deadline = time.monotonic() + 120
    with requests.Session() as s:
        while pending:
            for city, p in list(pending.items()):
                r = s.get(f"{base}/v1/weather", timeout=60,
                          headers={"Authorization": f"Bearer {p.token}"})
                if r.status_code == 200:
                    del pending[city]
                elif r.status_code != 503 or time.monotonic() > deadline:
                    raise RuntimeError(f"weather for {city}: {r.status_code} {r.text}")
            time.sleep(0.2)


def _visit(base: str, event: Event, rec, acknowledged: list, key: bytes) -> None:
    from server.loadtest import HOUSEHOLD, _identity
    from server.security import backup_minute

    with requests.Session() as s:  # a panel's visit: its own connection
        if event.kind == "register":
            docs = rec.call("documents", s, "GET", f"{base}/v1/documents", 200)
            if docs is not None:
                cur = docs.json()
                rec.call("register", s, "POST", f"{base}/v1/devices", 201, json={
                    **_identity(), "terms_version": cur["terms"]["version"],
                    "privacy_version": cur["privacy"]["version"],
                    "household": HOUSEHOLD})
            return
        p = event.panel
        auth = {"Authorization": f"Bearer {p.token}"}
        if event.kind == "weather":
            rec.call("weather", s, "GET", f"{base}/v1/weather", 200, headers=auth)
        elif event.kind == "status":
            rec.call("status", s, "GET", f"{base}/v1/devices/me", 200, headers=auth)
            rec.call("notices", s, "GET", f"{base}/v1/notices?since=0&limit=50", 200,
                     headers=auth)
        else:
            r = rec.call("backup-time", s, "GET",
                         f"{base}/v1/devices/me/backup-time?date={DAY}", 200, headers=auth)
            expected = backup_minute(key, p.device_id, DAY)
            if r is not None and r.json()["time"] != f"{expected // 60:02d}:{expected % 60:02d}":
                with rec.lock:
                    rec.errors["backup-time: not the server's schedule"] += 1
            payload = os.urandom(FULL_BYTES if event.full else INCREMENT_BYTES)
            sha = hashlib.sha256(payload).hexdigest()
            headers = auth | {"Content-Type": "application/octet-stream",
                              "X-Backup-SHA256": sha,
                              "X-Backup-Kind": "full" if event.full else "incremental"}
            if not event.full:
                headers["X-Backup-Base"] = p.base
            r = rec.call("upload", s, "POST", f"{base}/v1/devices/me/backups", 201,
                         data=payload, headers=headers)
            if r is not None:
                with rec.lock:
                    acknowledged.append((auth["Authorization"], r.json()["id"], sha))


def play(base: str, events: list[Event], key: bytes, pids: dict[str, int]) -> dict:
    """The hour's events in order, CONCURRENCY at a time; the loadtest's summary, and
    the CPU seconds each of `pids`' process trees and this load generator spent."""
    from server.loadtest import Recorder, check_backups, percentile

    rec = Recorder()
    acknowledged: list[tuple[str, str, str]] = []
    load = os.getloadavg()[0]
    cpu0 = {name: _cpu_s(pid) for name, pid in pids.items()}
    own0 = time.process_time()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for f in [pool.submit(_visit, base, e, rec, acknowledged, key) for e in events]:
            f.result()
    wall = time.perf_counter() - t0
    cpu = {name: _cpu_s(pid) - cpu0[name] for name, pid in pids.items()}
    cpu["load generator"] = time.process_time() - own0
    lost = check_backups(base, acknowledged)
    every = [x for v in rec.latency.values() for x in v]
    small = [x for op, v in rec.latency.items() if op != "upload" for x in v]
    return {"wall_s": wall, "requests": len(every), "requests_per_s": len(every) / wall,
            "p50_ms": percentile(every, 0.5) * 1000, "p99_ms": percentile(every, 0.99) * 1000,
            "p99_non_upload_ms": percentile(small, 0.99) * 1000,
            "p99_upload_ms": percentile(rec.latency["upload"], 0.99) * 1000,
            "errors": sum(rec.errors.values()), "error_kinds": dict(rec.errors),
            "uploads": len(rec.latency["upload"]), "acknowledged": len(acknowledged),
            "lost_backups": lost, "cpu_s": cpu, "load_before": load}


# -- the two deployments ---------------------------------------------------------------

@contextmanager
def _moto(workdir: Path):
    """moto's S3 server in its own process on loopback (not this one's GIL)."""
    port = free_port()
    log = open(workdir / "moto.log", "wb")  # closed in the finally below
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                             "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(endpoint, timeout=2)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto did not start; see {workdir / 'moto.log'}") from None
                time.sleep(0.1)
        yield proc, endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@contextmanager
def _aws_env():
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                            "AWS_REGION")}
    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                       "AWS_REGION": "us-east-1"})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run_sqlite(workdir: Path, panels, events, key) -> dict:
    from server.embedded import start_embedded

    data = workdir / "sqlite"
    data.mkdir(parents=True)
    _seed(f"sqlite:///{data / 'center.sqlite3'}", panels, key)
    server = start_embedded(data, timeout=120.0, extra_args=["--register-limit", "1000000"])
    try:
        _warm_weather(server.url, panels)
        return play(server.url, events, key, {"server": server.process.pid})
    finally:
        server.stop()


def _run_fleet(workdir: Path, panels, events, key) -> dict:
    import boto3

    from server.embedded import start_embedded
    from tests.server.pg_cluster import PgCluster

    data = workdir / "fleet"
    data.mkdir(parents=True)
    with ExitStack() as stack:
        cluster = PgCluster.start()
        stack.callback(cluster.stop)
        url = cluster.create_database("fleet")
        moto, endpoint = stack.enter_context(_moto(workdir))
        stack.enter_context(_aws_env())
        boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="hems-fleet")
        _seed(url, panels, key)
        server = start_embedded(data, timeout=120.0, extra_args=[
            "--workers", "2", "--database", url, "--register-limit", "1000000",
            "--blob-url", "s3://hems-fleet/backups", "--s3-endpoint", endpoint])
        stack.callback(server.stop)
        _warm_weather(server.url, panels)
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
        return play(server.url, events, key, {"server": server.process.pid,
                                              "postgresql": postmaster, "moto": moto.pid})


def _rows(prefix: str, r: dict) -> list[Result]:
    per_request = {name: cpu / r["requests"] * 1000 for name, cpu in r["cpu_s"].items()}
    return [
        Result(f"{prefix}_requests_per_s", r["requests_per_s"], "req/s", "report"),
        Result(f"{prefix}_hour_played_in", r["wall_s"], "s", "report"),
        Result(f"{prefix}_latency_p50", r["p50_ms"], "ms", "report"),
        Result(f"{prefix}_latency_p99", r["p99_ms"], "ms", "report"),
        Result(f"{prefix}_p99_non_upload", r["p99_non_upload_ms"], "ms", "<= 200"),
        Result(f"{prefix}_p99_upload", r["p99_upload_ms"], "ms", "report"),
        Result(f"{prefix}_errors", r["errors"], "requests", "<= 0"),
        Result(f"{prefix}_lost_backups", r["lost_backups"], "backups", "<= 0"),
        # Where the two cores went: the CPU each process tree spent per request, and the
        # machine's load when the hour started (other work shares these cores).
        *[Result(f"{prefix}_cpu_{name.replace(' ', '_')}", ms, "ms/req", "report")
          for name, ms in per_request.items()],
        Result(f"{prefix}_cpu_all", sum(r["cpu_s"].values()) / r["wall_s"], "cores",
               "report"),
        Result(f"{prefix}_machine_load_before", r["load_before"], "load", "report"),
    ]


def _ceiling(r: dict, worker_cores: float | None = None) -> float:
    """The most requests/s this machine's cores allow for the run's measured CPU per
    request: every process shares the cores, and one worker (one Python process) uses
    at most one. The ratio of two runs' ceilings is the most a second worker can add
    here, whatever the server does."""
    cores = os.cpu_count() or 1
    total = sum(r["cpu_s"].values()) / r["requests"]
    ceiling = cores / total
    if worker_cores is not None:
        ceiling = min(ceiling, worker_cores / (r["cpu_s"]["server"] / r["requests"]))
    return ceiling


def _projection(events: list[Event], requests_in_hour: int) -> list[Result]:
    """100,000 panels for a month, from this hour's per-panel figures."""
    per_panel_day = requests_in_hour / FLEET * 24
    month = 30
    chain = FULL_BYTES + (FULL_EVERY_DAYS - 1) * INCREMENT_BYTES
    uploads = [e for e in events if e.kind == "backup"]
    # What one panel keeps on the server: at most CHAINS_KEPT chains of a month each.
    return [
        Result("fleet_requests_per_panel_day", per_panel_day, "requests", "report"),
        Result("fleet_100k_requests_per_month", per_panel_day * PROJECTED_FLEET * month / 1e6,
               "million", "report"),
        Result("fleet_100k_backup_puts_per_month",
               len(uploads) / FLEET * 24 * PROJECTED_FLEET * month / 1e6, "million", "report"),
        Result("fleet_100k_storage", CHAINS_KEPT * chain * PROJECTED_FLEET / 1e9, "GB",
               "report"),
        Result("fleet_100k_upload_per_month", chain / FULL_EVERY_DAYS * month
               * PROJECTED_FLEET / 1e9, "GB", "report"),
    ]


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20)
    key = rng.randbytes(32)
    panels = _fleet(rng)
    events = _schedule(panels, key, rng)
    print(f"fleet: {FLEET} panels, {len(events)} visits in the hour", file=sys.stderr,
          flush=True)
    one = _run_sqlite(workdir, panels, events, key)
    print(f"fleet: 1 worker on SQLite: {one}", file=sys.stderr, flush=True)
    two = _run_fleet(workdir, panels, events, key)
    print(f"fleet: 2 workers on PostgreSQL + S3 (moto, loopback): {two}", file=sys.stderr,
          flush=True)
    return [
        Result("fleet_panels", FLEET, "panels", f">= {FLEET}"),
        Result("fleet_hour_requests", one["requests"], "requests", "report"),
        *_rows("fleet_sqlite_1w", one),
        *_rows(f"fleet_{MOTO_LABEL}", two),
        Result(f"fleet_{MOTO_LABEL}_vs_1w_throughput",
               two["requests_per_s"] / one["requests_per_s"], "ratio", ">= 1.6"),
        Result(f"fleet_{MOTO_LABEL}_vs_1w_ceiling_here", _ceiling(two) / _ceiling(one, 1),
               "ratio", "report"),
        *_projection(events, one["requests"]),
    ]
