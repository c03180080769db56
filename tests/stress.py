"""Runs the UI tests again and again, each time in another random order (make stress).

    python -m tests.stress [--runs 10] [--seed 1] [PYTEST ARGS...]

A crash that shows one run in three (a Qt object freed on the wrong thread, a
widget deleted during the next test) is found here, not by one green run. Each
run is a fresh process; a failing run's seed and the end of its output are
printed so it can be replayed with `pytest tests/ui --shuffle SEED`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

TAIL_LINES = 40


def _text(data: bytes | str | None) -> str:
    return data.decode(errors="replace") if isinstance(data, bytes) else data or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stress")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1, help="seed of the first run")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    args, pytest_args = parser.parse_known_args(argv)
    pytest_args = pytest_args or ["tests/ui"]
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    failed: list[tuple[int, str]] = []
    for run in range(args.runs):
        seed = args.seed + run
        command = [sys.executable, "-X", "faulthandler", "-m", "pytest", "-q",
                   "-p", "no:cacheprovider", f"--shuffle={seed}", *pytest_args]
        started = time.monotonic()
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=args.timeout)
            code, output = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as exc:
            code, output = "timeout", _text(exc.stdout) + _text(exc.stderr)
        seconds = time.monotonic() - started
        verdict = "passed" if code == 0 else f"FAILED (exit {code})"
        print(f"run {run + 1}/{args.runs} seed {seed}: {verdict} in {seconds:.0f} s", flush=True)
        if code != 0:
            failed.append((seed, output))
            print("\n".join(output.splitlines()[-TAIL_LINES:]), flush=True)
    print(f"{args.runs - len(failed)} of {args.runs} runs passed"
          + (f"; failing seeds: {[seed for seed, _ in failed]}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
