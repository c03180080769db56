"""Runs the suite with the machine's clock set to hard dates (libfaketime).

    python -m tests.fake_dates [--only NAME] [PYTEST ARGS...]

No test may depend on the real date: this proves it at the dates that broke
suites before, New Year's Eve a minute before midnight, New Year's Day just
after it (a holiday), a Saturday, 29 February, and a summer day (the seasonal
plans' dear season). The wall clock is moved by one fixed offset, the same in every
process (a test's server subprocess agrees with the test on the time; libfaketime's
"@start" form would start each process's clock anew), and runs at the real rate.
The monotonic clock stays real, so timeouts and Qt timers behave; libfaketime 0.9.10
then answers Python's time.sleep (clock_nanosleep on the monotonic clock) with
EINVAL, so every Python process of the run sleeps on a timed wait instead (a
sitecustomize put first on PYTHONPATH). With the monotonic clock faked as well,
timed waits (threading.Event.wait) never return. Needs Debian's `faketime`
package (libfaketime); it is not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# name -> local time in Asia/Tokyo (the home's zone; the suite's TZ)
DATES = {
    "new-years-eve": "2026-12-31 23:59:00",
    "new-years-day": "2027-01-01 00:05:00",
    "saturday": "2027-01-09 10:00:00",
    "leap-day": "2028-02-29 12:00:00",
    "summer": "2027-08-03 14:00:00",
}
HOME = ZoneInfo("Asia/Tokyo")
SLEEP_ON_A_WAIT = """\
import threading
import time


def _sleep(seconds):  # libfaketime breaks time.sleep; a timed wait works
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    threading.Event().wait(seconds)


time.sleep = _sleep
"""
LIBRARIES = ("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
             "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
             "/usr/lib/faketime/libfaketimeMT.so.1")


def libfaketime() -> str:
    for path in LIBRARIES:
        if Path(path).exists():
            return path
    raise SystemExit("libfaketime not found: apt-get install faketime")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fake_dates")
    parser.add_argument("--only", choices=sorted(DATES), action="append")
    args, pytest_args = parser.parse_known_args(argv)
    library = libfaketime()
    sleep_fix = Path(tempfile.mkdtemp(prefix="hems-fake-dates-"))
    (sleep_fix / "sitecustomize.py").write_text(SLEEP_ON_A_WAIT, encoding="utf-8")
    results: dict[str, int] = {}
    for name in args.only or DATES:
        target = datetime.fromisoformat(DATES[name]).replace(tzinfo=HOME)
        offset = round(target.timestamp() - time.time())  # now, as the run starts
        env = {**os.environ, "LD_PRELOAD": library, "FAKETIME": f"{offset:+d}s",
               "FAKETIME_DONT_FAKE_MONOTONIC": "1", "TZ": "Asia/Tokyo",
               "PYTHONPATH": os.pathsep.join(
                   filter(None, [str(sleep_fix), os.environ.get("PYTHONPATH")])),
               "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   *pytest_args]
        print(f"== {name}: {DATES[name]} JST", flush=True)
        results[name] = subprocess.run(command, env=env).returncode
    for name, code in results.items():
        print(f"{name:15} {DATES[name]}  {'passed' if code == 0 else f'FAILED (exit {code})'}")
    return 1 if any(results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
