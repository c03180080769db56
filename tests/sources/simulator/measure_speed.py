"""Measure how long the simulated home takes to evaluate one year (not a test: no asserts).

    .venv/bin/python -m tests.sources.simulator.measure_speed [seed] [battery_mode]
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from app.sources.simulator import HomeConfig, SimulatedHome


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    mode = sys.argv[2] if len(sys.argv) > 2 else "economy"
    home = SimulatedHome(HomeConfig(seed=seed, battery_mode=mode))
    start = int(datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp() // 60)
    minutes = 365 * 1440
    t0 = time.perf_counter()
    values = home.evaluate(start, minutes)
    bulk = time.perf_counter() - t0
    t0 = time.perf_counter()
    for k in range(600):  # live use: ten minutes of polling every second
        home.instant(start * 60 + minutes * 60 - 600 + k)
    live = (time.perf_counter() - t0) / 600
    print(f"evaluate: {minutes:,} minutes x {len(values)} series in {bulk:.2f} s "
          f"({bulk / 365 * 1000:.1f} ms per day); instant(): {live * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
