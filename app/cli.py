"""Command-line parsing for the panel and the scripting commands (see app.commands).

Bad arguments print a usage message and exit with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from platformdirs import user_data_dir

from app.store import Interval

DEFAULT_TIMEZONE = "Asia/Tokyo"


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
