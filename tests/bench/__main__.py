"""`python -m tests.bench [--only NAME]`: run benchmarks, print a table, write JSON."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.bench import (
    bench_aiseg2_import,
    bench_aiseg2_mirror,
    bench_backup,
    bench_backup_network,
    bench_billing,
    bench_circuits_page,
    bench_control,
    bench_echonet,
    bench_event_history,
    bench_fleet,
    bench_forecasts,
    bench_graph,
    bench_history,
    bench_lamp,
    bench_memory,
    bench_planner,
    bench_server,
    bench_startup,
    bench_weather,
    bench_year,
)
from tests.bench.results import Result, print_table, write_json

ROOT = Path(__file__).resolve().parents[2]

# name -> function(workdir) -> list[Result]; "year" covers backfill, storage and queries,
# which share one year of backfilled data.
BENCHMARKS = {
    "startup": bench_startup.run,
    "startup_wheel": bench_startup.run_wheel,
    "year": bench_year.run,
    "backfill": bench_year.run,
    "storage": bench_year.run,
    "queries": bench_year.run,
    "memory": bench_memory.run,
    "echonet": bench_echonet.run,
    "circuits_page": bench_circuits_page.run,
    "history": bench_history.run,
    "graph": bench_graph.run,
    "billing": bench_billing.run,
    "backup": bench_backup.run,
    "backup_network": bench_backup_network.run,
    "server": bench_server.run,
    "fleet": bench_fleet.run,
    "event_history": bench_event_history.run,
    "lamp": bench_lamp.run,
    "forecasts": bench_forecasts.run,
    "planner": bench_planner.run,
    "weather": bench_weather.run,
    "control": bench_control.run,
    "aiseg2_mirror": bench_aiseg2_mirror.run,
    "aiseg2_import": bench_aiseg2_import.run,
}


DEFAULT = ["startup", "startup_wheel", "year", "memory", "echonet", "circuits_page", "history",
           "graph", "billing", "event_history", "lamp", "backup",
           "backup_network", "server", "fleet", "forecasts", "planner", "weather", "control",
           "aiseg2_mirror",
           "aiseg2_import"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--only", choices=sorted(BENCHMARKS))
    parser.add_argument("--output", type=Path, default=ROOT / "bench-results.json")
    args = parser.parse_args(argv)
    chosen = [args.only] if args.only else DEFAULT
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="hems-bench-") as tmp:
        for name in chosen:
            print(f"== {name}", file=sys.stderr, flush=True)
            results.extend(BENCHMARKS[name](Path(tmp) / name))
    print()
    print_table(results)
    write_json(results, args.output)
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
