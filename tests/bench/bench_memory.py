"""Memory: resident size of the running desktop app after a simulated day at
accelerated time, and its growth over a second simulated day."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.results import Result

SPEED = 2880.0  # a simulated day in 30 real seconds
DAY_S = 86400.0 / SPEED
WARMUP_S = 5.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS")


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    total = WARMUP_S + 2 * DAY_S + 10
    cmd = [sys.executable, "-m", "app", "run", "--speed", str(SPEED), "--quit-after",
           str(total), "--data-dir", str(workdir / "data")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        time.sleep(WARMUP_S + DAY_S)
        day1 = rss_mb(proc.pid)
        time.sleep(DAY_S)
        day2 = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(60)
    growth = (day2 - day1) / day1 * 100.0
    return [
        Result("memory_rss_after_sim_day", day1, "MB", "<= 250"),
        Result("memory_growth_second_day", growth, "%", "<= 5"),
    ]
