"""Bytes a panel sends and receives in a month with the center server, after a year of history.

A year of the simulated home is backfilled (as bench_history does), then a month
is lived day by day: one more day recorded, the daily backup (the same
`BackupService` code path: keeper archive, upload, confirm; full first, then
increments by the keeper's policy), the day's backup-time and status calls,
the notice poll every 6 hours and the rate-plan catalog once a day. Every
request and answer is counted on the wire (body + headers) by a requests hook.

Target: <= 50 MB a month. Baseline: AiSEG2's documented ~500 MB a month of
server traffic (Panasonic's AiSEG2 manual, server service section).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.cloud.client import CenterClient
from app.cloud.token_store import TokenStore
from app.domain.household import Household
from app.sources.collector import backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import open_store
from app.store.backup import INCREMENTAL, BackupKeeper
from app.store.database import DB_NAME
from server.embedded import start_embedded
from tests.bench.results import Result
from tests.current_documents import PRIVACY, TERMS

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)
FIRST = date(2025, 11, 1)
YEAR_DAYS = int(os.environ.get("HEMS_BENCH_YEAR_DAYS", "365"))  # smaller for a smoke run
MONTH_DAYS = int(os.environ.get("HEMS_BENCH_MONTH_DAYS", "30"))
NOTICE_POLLS_PER_DAY = 4
AISEG2_MB_PER_MONTH = 500.0
MB = 1_000_000


class Meter:
    """Counts bytes on the wire of every request and answer of one requests session."""

    def __init__(self) -> None:
        self.sent = 0
        self.received = 0

    def hook(self, response, *args, **kwargs) -> None:
        request = response.request
        body = request.body
        if hasattr(body, "seek") and hasattr(body, "tell"):  # a streamed upload (a file)
            body.seek(0, os.SEEK_END)
            size = body.tell()
        else:
            size = len(body or b"")
        self.sent += size + _headers(request.headers) + len(request.method) + len(request.url)
        self.received += _headers(response.headers) + 16
        if not kwargs.get("stream") and not response.raw.closed:
            self.received += len(response.content)
        else:
            self.received += int(response.headers.get("Content-Length") or 0)


def _headers(headers) -> int:
    return sum(len(k) + len(str(v)) + 4 for k, v in headers.items())


def _build(data_dir: Path, home: SimulatedHome) -> int:
    store = open_store(data_dir, TZ)
    store.define_series(home.series)
    store.save_circuits(home.circuits)
    start = int(datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=ZONE).timestamp()) // 60
    t0 = time.perf_counter()
    backfill(store, home, start, start + YEAR_DAYS * 1440)
    store.close()
    print(f"backfilled {YEAR_DAYS} days in {time.perf_counter() - t0:.1f} s", file=sys.stderr,
          flush=True)
    return start + YEAR_DAYS * 1440


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / "panel"
    home = SimulatedHome(HomeConfig(seed=1))
    minute = _build(data, home)
    meter = Meter()
    with start_embedded(workdir / "center", extra_args=["--register-limit", "1000"]) as server:
        client = CenterClient(server.url, TokenStore(data))
        client.http.session.hooks["response"].append(meter.hook)
        client.register(Household("13", "13112", "detached", ("electricity", "solar")),
                        TERMS, PRIVACY)
        keeper = BackupKeeper(data / "backup")
        base_id, full, increments, kinds = None, 0, [], []
        day0 = FIRST + timedelta(days=YEAR_DAYS)
        for i in range(MONTH_DAYS):
            day = day0 + timedelta(days=i)
            store = open_store(data, TZ)
            backfill(store, home, minute, minute + 1440)
            store.close()
            minute += 1440
            now = datetime(day.year, day.month, day.day, 23, 59, tzinfo=ZONE).timestamp()
            client.status()
            client.backup_time(day)
            archive = keeper.prepare(data / DB_NAME, now)
            info = client.upload_backup(archive.path, archive.kind,
                                        base_id if archive.kind == INCREMENTAL else None)
            keeper.confirm(archive)
            base_id = info.id
            kinds.append(archive.kind)
            if archive.kind == INCREMENTAL:
                increments.append(archive.size)
            else:
                full += archive.size
            for _ in range(NOTICE_POLLS_PER_DAY):
                client.notices("0")
            client.rate_plans()
        client.close()
    total = (meter.sent + meter.received) / MB
    print(f"kinds: {kinds.count('full')} full, {kinds.count('incremental')} incremental",
          file=sys.stderr)
    mean_inc = sum(increments) / len(increments) if increments else 0.0
    return [
        Result.compared("backup_network_month", total, "MB/month", "<= 50",
                        AISEG2_MB_PER_MONTH),
        Result("backup_network_sent", meter.sent / MB, "MB/month", "(part of above)"),
        Result("backup_full_archive", full / MB, "MB", "(1 per month)"),
        Result("backup_increment_mean", mean_inc / 1000, "kB/day", "(daily)"),
    ]
