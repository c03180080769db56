"""Reference rollups computed the slow, obvious way: one datetime per sample."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.series import SeriesSpec


def bucket_start(minute: int, interval: str, tz: ZoneInfo) -> int:
    """Unix seconds of the local bucket holding a UTC epoch minute."""
    local = datetime.fromtimestamp(minute * 60, tz)
    if interval == "30min":
        # Keep `fold`: in the repeated hour of a DST change the two half-hours differ.
        return int(local.replace(minute=local.minute // 30 * 30, second=0).timestamp())
    if interval == "day":
        return int(local.replace(hour=0, minute=0, second=0, fold=0).timestamp())
    return int(local.replace(day=1, hour=0, minute=0, second=0, fold=0).timestamp())


def rollup(spec: SeriesSpec, start_minute: int, values: np.ndarray, interval: str,
           tz: ZoneInfo) -> dict[int, tuple[float, int]]:
    """bucket start (unix s) -> (bucket value, count) from samples at start_minute + i."""
    sums: dict[int, float] = defaultdict(float)
    counts: dict[int, int] = defaultdict(int)
    for i in np.flatnonzero(~np.isnan(values)).tolist():
        b = bucket_start(start_minute + i, interval, tz)
        sums[b] += float(values[i])
        counts[b] += 1
    return {b: (spec.bucket_value(sums[b], counts[b]), counts[b]) for b in sums}
