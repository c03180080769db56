"""The energy data as CSV: what `hems-panel export` prints, written by the CLI and the panel.

One column per series: energy in Wh for power series, litres for gas and water, the
mean % for the battery's state of charge; an empty cell is a gap (no data), never a
zero. Rows are the store's local-time buckets (30 minutes, a day or a month) from the
first day's midnight to the last day's end. No Qt: the panel runs it on a worker.
"""

from __future__ import annotations

import csv
import math
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from app.store import Store

_UNIT_SUFFIX = {"Wh": "wh", "L": "l", "%": "pct"}


def write_energy_csv(store: Store, first: date, last: date, interval: str, out: TextIO,
                     timezone: str) -> int:
    """Write the CSV to ``out``; returns the rows written (without the header)."""
    tz = ZoneInfo(timezone)
    start = datetime.combine(first, datetime.min.time(), tz)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tz)
    specs = store.series()
    frame = store.rollup([spec.key for spec in specs], interval, start, end)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["start"] + [f"{spec.key}_{_UNIT_SUFFIX[spec.bucket_unit]}"
                                 for spec in specs])
    for i, bucket in enumerate(frame.starts):
        row = [datetime.fromtimestamp(int(bucket), tz).isoformat()]
        for spec in specs:
            value = frame.values[spec.key][i]
            row.append("" if math.isnan(value) else f"{value:.1f}")
        writer.writerow(row)
    return len(frame.starts)


def export_energy_csv(store: Store, first: date, last: date, interval: str, path: Path,
                      timezone: str) -> int:
    """The same CSV into ``path``, which appears only when complete (written beside it,
    then renamed: a USB stick pulled out mid-way leaves no half file under the name)."""
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            rows = write_energy_csv(store, first, last, interval, out, timezone)
            out.flush()
            os.fsync(out.fileno())  # on the stick before the household pulls it out
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return rows
