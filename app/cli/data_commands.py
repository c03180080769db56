"""The scripting commands: `simulate` (backfill the simulated home) and `export` (CSV)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from typing import TextIO

from app.cli import DEFAULT_TIMEZONE
from app.services.energy_export import write_energy_csv
from app.sources.collector import backfill
from app.sources.demo_home import build_demo_home
from app.sources.demo_seed import resolve_seed
from app.store import open_store


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
                f"{done / 1440:.1f}/{total / 1440:.1f} days, {rate / 1440:,.1f} days/s")
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
        home = build_demo_home(store, resolve_seed(store, args.seed))
        end = int((args.until.timestamp() if args.until else time.time()) // 60)
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


def cmd_export(args: argparse.Namespace, out: TextIO | None = None,
               err: TextIO | None = None) -> int:
    """CSV to `out` (app.services.energy_export, which the panel's export button uses too).
    Reads only: a missing data folder is an error, never created."""
    out, err = out or sys.stdout, err or sys.stderr
    store = open_store(args.data_dir, DEFAULT_TIMEZONE, read_only=True)
    try:
        try:
            write_energy_csv(store, args.start, args.end, args.interval, out, DEFAULT_TIMEZONE)
            out.flush()  # a full disk shows here, not in the interpreter's exit
        except BrokenPipeError:
            raise  # `export | head`: app.main says nothing more
        except OSError as exc:
            print(f"hems-panel: cannot write the CSV: {exc.strerror or exc}", file=err)
            _drop_unwritten(out)
            return 1
    finally:
        store.close()
    return 0


def _drop_unwritten(out: TextIO) -> None:
    """A stdout that could not be written keeps its buffer, and Python would try (and fail,
    with a second message) once more at exit: point it at /dev/null."""
    if out is sys.stdout:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
