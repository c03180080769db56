"""Command line: the panel itself, and the scripting commands (simulate, export).

Bad arguments print a usage message and exit with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from platformdirs import user_data_dir

from app.sources.collector import backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Interval, Store, StoreError, open_store

DEFAULT_TIMEZONE = "Asia/Tokyo"
SEED_SETTING = "simulator_seed"
_UNIT_SUFFIX = {"Wh": "wh", "L": "l", "%": "pct"}


def default_data_dir() -> Path:
    return Path(os.environ.get("HEMS_DATA_DIR") or user_data_dir("hems-panel", appauthor=False))


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hems-panel",
                                     description="HEMS Panel: home energy manager.")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="open the panel (the default command)")
    run.add_argument("--kiosk", action="store_true", help="full screen, frameless, no cursor")
    run.add_argument("--data-dir", type=Path, default=None, help="where the database lives")
    run.add_argument("--seed", type=int, default=None, help="seed of the simulated home")
    run.add_argument("--lang", choices=("ja", "en"), default=None, help="language at start")
    run.add_argument("--raw-retention-days", type=_positive_int, default=None, metavar="DAYS",
                     help="keep 1-minute data this long (remembered; default 400); "
                          "30-minute, daily and monthly totals are kept forever")
    dev = run.add_argument_group("developer options")
    dev.add_argument("--speed", type=_positive_float, default=1.0,
                     help="run the simulated home this many times faster than real time")
    dev.add_argument("--quit-after", type=_positive_float, default=None, metavar="SECONDS",
                     help="quit after this many real seconds")
    dev.add_argument("--screenshot", type=Path, default=None, metavar="PNG",
                     help="save a picture of the window when quitting")
    dev.add_argument("--report-first-paint", action="store_true",
                     help="print 'first-paint' when the home page is first painted, then quit")

    sim = sub.add_parser("simulate", help="backfill N days of the simulated home, ending now")
    sim.add_argument("--days", type=_positive_int, required=True)
    sim.add_argument("--seed", type=int, default=None)
    sim.add_argument("--data-dir", type=Path, default=None)

    exp = sub.add_parser("export", help="write energy per interval as CSV to stdout")
    exp.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="DATE")
    exp.add_argument("--to", dest="end", type=_iso_date, required=True, metavar="DATE",
                     help="last day included")
    exp.add_argument("--interval", type=Interval, choices=list(Interval), required=True)
    exp.add_argument("--data-dir", type=Path, default=None)
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    argv = list(argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "run")  # `hems-panel --kiosk` means `hems-panel run --kiosk`
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export" and args.end < args.start:
        parser.error("--to must not be before --from")
    args.data_dir = args.data_dir or default_data_dir()
    return args


def simulated_home(store: Store, seed: int | None) -> SimulatedHome:
    """The home for this data dir: the seed is remembered so a resumed run matches."""
    stored = store.get_setting(SEED_SETTING)
    if seed is not None and stored is not None and int(stored) != seed:
        raise StoreError(f"{store.path} was simulated with seed {stored}, not {seed}. "
                         "Leave out --seed, or choose another --data-dir.")
    seed = seed if seed is not None else int(stored) if stored is not None else 1
    store.set_setting(SEED_SETTING, str(seed))
    home = SimulatedHome(HomeConfig(seed=seed))
    store.save_circuits(home.circuits)
    store.define_series(home.series)
    store.flush()
    return home


class ProgressBar:
    """A one-line progress bar on stderr (a line per 10 % when not a terminal)."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._t0 = time.monotonic()
        self._tty = sys.stderr.isatty()
        self._last_decile = -1

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        elapsed = time.monotonic() - self._t0
        rate = done / elapsed if elapsed > 0 else 0.0
        bar = "#" * int(fraction * 30)
        line = (f"{self._label} [{bar:<30}] {fraction:6.1%} "
                f"{done / 1440:.1f}/{total / 1440:.1f} days, {rate * 60:,.0f} min/s")
        if self._tty:
            sys.stderr.write("\r" + line)
            if done >= total:
                sys.stderr.write("\n")
        elif int(fraction * 10) > self._last_decile:
            self._last_decile = int(fraction * 10)
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def cmd_simulate(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir, DEFAULT_TIMEZONE)
    try:
        home = simulated_home(store, args.seed)
        end = int(time.time() // 60)
        start = end - args.days * 1440
        last = store.last_minute()
        if last is not None and last + 1 > start:
            start = min(last + 1, end)  # resume after what was committed
        t0 = time.monotonic()
        samples = backfill(store, home, start, end, ProgressBar("simulate"))
        seconds = time.monotonic() - t0
        rate = samples / seconds if seconds > 0 else 0.0
        print(f"wrote {samples:,} samples in {seconds:.1f} s ({rate:,.0f} samples/s) "
              f"to {store.path}", file=sys.stderr)
    finally:
        store.close()
    return 0


def cmd_export(args: argparse.Namespace, out=None) -> int:
    out = out or sys.stdout
    store = open_store(args.data_dir, DEFAULT_TIMEZONE)
    try:
        tz = ZoneInfo(DEFAULT_TIMEZONE)
        start = datetime.combine(args.start, datetime.min.time(), tz)
        end = datetime.combine(args.end + timedelta(days=1), datetime.min.time(), tz)
        specs = store.series()
        frame = store.rollup([spec.key for spec in specs], args.interval, start, end)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["start"] + [f"{spec.key}_{_UNIT_SUFFIX[spec.bucket_unit]}"
                                     for spec in specs])
        for i, bucket in enumerate(frame.starts):
            row = [datetime.fromtimestamp(int(bucket), tz).isoformat()]
            for spec in specs:
                value = frame.values[spec.key][i]
                row.append("" if math.isnan(value) else f"{value:.1f}")
            writer.writerow(row)
    finally:
        store.close()
    return 0
